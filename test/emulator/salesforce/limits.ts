/**
 * The daily API request allocation, a 24-hour rolling window (api-facts §1.7), reported on every response
 * as Sforce-Limit-Info: api-usage=<used>/<limit> (§1.5).
 */
import type { StampClock } from './clock';

const WINDOW_MS = 24 * 60 * 60 * 1000;

export class ApiUsage {
  readonly limit: number;
  private readonly clock: StampClock;
  /** Calls bucketed by time of use, oldest first, so expiring them is a walk from the front. */
  private entries: { at: number; count: number }[] = [];
  private total = 0;

  constructor(limit: number, clock: StampClock) {
    this.limit = limit;
    this.clock = clock;
  }

  used(): number {
    const cutoff = this.clock.current() - WINDOW_MS;
    let drop = 0;
    while (drop < this.entries.length && this.entries[drop]!.at <= cutoff) {
      this.total -= this.entries[drop]!.count;
      drop += 1;
    }
    if (drop > 0) this.entries = this.entries.slice(drop);
    return this.total;
  }

  exhausted(): boolean {
    return this.used() >= this.limit;
  }

  record(count = 1): void {
    const at = this.clock.current();
    const last = this.entries[this.entries.length - 1];
    if (last?.at === at) last.count += count;
    else this.entries.push({ at, count });
    this.total += count;
  }

  /** Test hook: pretend `used` calls were made just now. */
  set(used: number): void {
    this.entries = used > 0 ? [{ at: this.clock.current(), count: used }] : [];
    this.total = used;
  }

  header(): string {
    return `api-usage=${this.used()}/${this.limit}`;
  }
}
