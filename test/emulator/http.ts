/**
 * The wire contract between the emulated N/https module and the API emulators (Salesforce, Pardot).
 * N/https resolves secrets, meters governance, then hands the request to the service registered for
 * the URL's host. A service answers synchronously (N/https is synchronous in SuiteScript).
 */
export interface EmulatedHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Absolute URL, e.g. https://acme.my.salesforce.com/services/data/v62.0/query?q=... */
  url: string;
  /** Header names as the script sent them; services must read them case-insensitively. */
  headers: Record<string, string>;
  body: string;
}

export interface EmulatedHttpResponse {
  code: number;
  headers: Record<string, string>;
  body: string;
}

export interface EmulatedService {
  handle(request: EmulatedHttpRequest): EmulatedHttpResponse;
}

/**
 * Thrown by a service (or its fault injector) to simulate a connection or read timeout. N/https turns it
 * into the SuiteScriptError NetSuite raises: SSS_REQUEST_TIME_EXCEEDED (connect > 5 s or send > 45 s).
 */
export class EmulatedTimeout extends Error {
  constructor(message = 'The host you are trying to connect to is not responding') {
    super(message);
    this.name = 'EmulatedTimeout';
  }
}

/** Case-insensitive header lookup. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Fault injection shared by the API emulators: fail the Nth matching call, add latency, time out. */
export interface FaultRule {
  /** Which calls the rule applies to; default: every call. */
  match?: (request: EmulatedHttpRequest) => boolean;
  /** 1-based index among matching calls at which the fault fires (default 1). */
  nth?: number;
  /** How many consecutive matching calls fail from nth on (default 1). */
  times?: number;
  /** The response to return instead of handling the call, or 'timeout' to throw EmulatedTimeout. */
  respond: EmulatedHttpResponse | 'timeout';
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
}

/**
 * Applies FaultRules ahead of normal handling, for every API emulator. Each matching rule counts the call (so
 * `nth` means "the nth matching call" whatever other rules do); the first rule in its firing window answers;
 * spent rules are dropped. Faults come before authentication, like a proxy or platform failure.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  get pending(): number {
    return this.rules.length;
  }

  /** The injected answer for this call (a copy, so callers may add headers), 'timeout', or undefined. */
  check(request: EmulatedHttpRequest): EmulatedHttpResponse | 'timeout' | undefined {
    let answer: EmulatedHttpResponse | 'timeout' | undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.match && !rule.match(request)) continue;
      active.seen += 1;
      const first = rule.nth ?? 1;
      const last = first + (rule.times ?? 1) - 1;
      if (answer === undefined && active.seen >= first && active.seen <= last) {
        answer = rule.respond === 'timeout' ? 'timeout' : { code: rule.respond.code, headers: { ...rule.respond.headers }, body: rule.respond.body };
      }
    }
    this.rules = this.rules.filter((a) => a.seen < (a.rule.nth ?? 1) + (a.rule.times ?? 1) - 1);
    return answer;
  }
}
