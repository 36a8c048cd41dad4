/**
 * Clock and v5 datetime handling. v5 datetimes are ISO 8601 with an explicit offset, YYYY-MM-DDTHH:MM:SS±HH:MM,
 * and positive offsets must be URL-encoded (%2B) in query strings [S65].
 */

export class Clock {
  private readonly wall: () => Date;
  private offsetMs = 0;
  private lastStamp = Number.NEGATIVE_INFINITY;

  constructor(wall: () => Date) {
    this.wall = wall;
  }

  nowMs(): number {
    return this.wall().getTime() + this.offsetMs;
  }

  /** Moves emulator time forward without touching the caller's clock (handy for read-lag tests). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /**
   * A write timestamp. Strictly increasing so that "everything with updatedAt > watermark" never misses a write made
   * in the same millisecond as the previous one, even when the caller's clock is frozen.
   */
  stamp(): number {
    this.lastStamp = Math.max(this.nowMs(), this.lastStamp + 1);
    return this.lastStamp;
  }
}

export interface TimeFormat {
  precision: 'millisecond' | 'second';
  offsetMinutes: number;
}

/** Value used for filtering and sorting: at 'second' precision the sub-second part does not exist on the server. */
export function comparableMs(ms: number, format: TimeFormat): number {
  return format.precision === 'second' ? Math.floor(ms / 1000) * 1000 : ms;
}

export function formatTimestamp(ms: number, format: TimeFormat): string {
  const shifted = new Date(comparableMs(ms, format) + format.offsetMinutes * 60_000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  const time = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  const millis = format.precision === 'millisecond' ? `.${pad(shifted.getUTCMilliseconds(), 3)}` : '';
  const sign = format.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(format.offsetMinutes);
  return `${date}T${time}${millis}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a filter timestamp; undefined when malformed. A value without an offset is read in the account time zone.
 * A space where the offset sign should be (an unencoded "+" decoded as a space) is rejected, which is how a client
 * that forgets to encode positive offsets finds out.
 */
export function parseTimestamp(text: string, defaultOffsetMinutes: number): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const utc = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  const check = new Date(utc);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return utc - zoneMinutes(zone, defaultOffsetMinutes) * 60_000;
}

function zoneMinutes(zone: string | undefined, fallback: number): number {
  if (zone === undefined) return fallback;
  if (zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Index of the account-time-zone day, for the daily allocation that resets at local midnight [S75]. */
export function dayIndex(ms: number, offsetMinutes: number): number {
  return Math.floor((ms + offsetMinutes * 60_000) / 86_400_000);
}
