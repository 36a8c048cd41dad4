/** Retry policy for transient failures: exponential backoff with a cap, deterministic (no jitter needed:
 * a NetSuite queue is drained by one job at a time, so there is no thundering herd to spread). */
const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

export function backoffDelayMs(attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** exponent);
}

export function nextAttemptAt(now: Date, attempt: number): string {
  return new Date(now.getTime() + backoffDelayMs(attempt)).toISOString();
}
