/** The governance rule the retention script follows. */
/** Units kept in reserve: a search page (10) and the reschedule (20) must still fit after the last delete. */
export const RETENTION_RESERVE_UNITS = 100;

export function canContinue(remainingUnits: number, nextCost: number): boolean {
  return remainingUnits - nextCost >= RETENTION_RESERVE_UNITS;
}
