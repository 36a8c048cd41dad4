/**
 * Time for the emulator. Salesforce datetimes carry millisecond precision, so SystemModstamp is made strictly
 * increasing by nudging a stamp 1 ms past the previous one: a client's "SystemModstamp > :highWaterMark"
 * query must never miss a write made in the same millisecond as the mark.
 */
export class StampClock {
  private readonly now: () => Date;
  private last = Number.NEGATIVE_INFINITY;
  private readonly seconds: boolean;

  /**
   * `precision: 'second'` stamps as Salesforce stores them: datetime fields keep no milliseconds ("Datetime fields do
   * not store milliseconds", albasfdc.com 2016; "the system currently ignores the milliseconds for the purposes of
   * considering two values equal", salesforce.stackexchange.com/q/234824), so every write in one second shares its
   * SystemModstamp — a bulk update stamps thousands of rows alike. The millisecond default keeps older tests' exact
   * ordering; it is kinder than Salesforce (no ties), which the README says.
   */
  constructor(now: () => Date, precision: 'millisecond' | 'second' = 'millisecond') {
    this.now = now;
    this.seconds = precision === 'second';
  }

  current(): number {
    return this.now().getTime();
  }

  /** A write timestamp: strictly greater than every earlier one, or (second precision) the current second. */
  stamp(): number {
    if (this.seconds) {
      const t = Math.max(Math.floor(this.current() / 1000) * 1000, this.last);
      this.last = t;
      return t;
    }
    const t = Math.max(this.current(), this.last + 1);
    this.last = t;
    return t;
  }

  /** Keeps later stamps after a seeded one. */
  observe(ms: number): void {
    this.last = Math.max(this.last, ms);
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The wire format Salesforce uses for datetime values: 2026-01-01T00:00:00.000+0000. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** Parses the ISO 8601 forms Salesforce accepts (Z, +hh:mm, +hhmm; optional milliseconds). */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, zone, sign, zh, zm] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number((ms ?? '0').padEnd(3, '0')));
  if (zone === 'Z') return utc;
  const offsetMinutes = (Number(zh) * 60 + Number(zm)) * (sign === '-' ? -1 : 1);
  return utc - offsetMinutes * 60_000;
}
