/**
 * Salesforce record ids: 15 case-sensitive characters (3-char key prefix + pod + base62 counter) plus the
 * 3-character case-folding checksum that makes the 18-character form safe in case-insensitive systems.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

/** The 3-character suffix: one bit per character of each 5-character chunk, set when it is upper case. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** Normalises a 15- or 18-character id to its 18-character form; undefined when it is not a valid id. */
export function to18(id: string): string | undefined {
  if (ID15.test(id)) return id + checksumSuffix(id);
  if (ID18.test(id)) {
    const head = id.slice(0, 15);
    // Salesforce accepts the suffix in either case, but a wrong suffix means a corrupted id.
    return id.slice(15).toUpperCase() === checksumSuffix(head) ? head + checksumSuffix(head) : undefined;
  }
  return undefined;
}

export function keyPrefix(id: string): string {
  return id.slice(0, 3);
}

function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  do {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** Deterministic, counter-based ids so test output is reproducible run to run. */
export class IdFactory {
  private counter = 0;
  private readonly pod: string;

  constructor(pod = '5g0') {
    this.pod = pod;
  }

  next(prefix: string): string {
    this.counter += 1;
    const id15 = prefix + this.pod + base62(this.counter, 15 - prefix.length - this.pod.length);
    return id15 + checksumSuffix(id15);
  }

  /** Keeps generated ids clear of ids that were seeded explicitly. */
  reserve(id: string): void {
    const tail = id.slice(3 + this.pod.length, 15);
    if (id.slice(3, 3 + this.pod.length) !== this.pod) return;
    let value = 0;
    for (const c of tail) {
      const digit = BASE62.indexOf(c);
      if (digit < 0) return;
      value = value * 62 + digit;
    }
    this.counter = Math.max(this.counter, value);
  }
}
