/** Retention settings and the governance rule the retention script follows. */
export const DEFAULT_LOG_DAYS = 30;
/** Failures keep their log rows longer by default: they are what an admin investigates. */
export const DEFAULT_FAILURE_LOG_DAYS = 90;

export function retentionDays(value: string | null, fallback = DEFAULT_LOG_DAYS): number {
  const n = Number(value);
  return value !== null && value.trim() !== '' && Number.isInteger(n) && n >= 1 ? n : fallback;
}

/**
 * How long each kind of log row is kept. Every status has a limit (personal data in messages must not stay for
 * ever): Failed rows and failed queue entries after "Keep Failure Log Days" (never sooner than the other rows),
 * everything else — Completed, Skipped, Warning, Retrying, run summaries — after "Keep Log Days".
 */
export function retentionWindows(logDays: string | null, failureLogDays: string | null): { days: number; failureDays: number } {
  const days = retentionDays(logDays);
  return { days, failureDays: Math.max(days, retentionDays(failureLogDays, DEFAULT_FAILURE_LOG_DAYS)) };
}

/** Units kept in reserve: a search page (10) and the reschedule (20) must still fit after the last delete. */
export const RETENTION_RESERVE_UNITS = 100;

export function canContinue(remainingUnits: number, nextCost: number): boolean {
  return remainingUnits - nextCost >= RETENTION_RESERVE_UNITS;
}
