/** Retention settings and the governance rule the retention script follows. */
export const DEFAULT_LOG_DAYS = 30;

export function retentionDays(value: string | null): number {
  const n = Number(value);
  return value !== null && value.trim() !== '' && Number.isInteger(n) && n >= 1 ? n : DEFAULT_LOG_DAYS;
}

/** Units kept in reserve: a search page (10) and the reschedule (20) must still fit after the last delete. */
export const RETENTION_RESERVE_UNITS = 100;

export function canContinue(remainingUnits: number, nextCost: number): boolean {
  return remainingUnits - nextCost >= RETENTION_RESERVE_UNITS;
}
