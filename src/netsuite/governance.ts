/**
 * One governance predicate for every job: does this invocation have the units for its next step and for what
 * must still run after it (the reserve the caller adds)? Checking before a step, rather than failing with
 * SSS_USAGE_LIMIT_EXCEEDED in the middle of it, leaves work queued instead of half done.
 */
import * as runtime from 'N/runtime';

export function unitsRemaining(): number {
  return runtime.getCurrentScript().getRemainingUsage();
}

/** `units`: the next step's cost plus the reserve for the steps that must follow it. */
export function unitsLeftFor(units: number): boolean {
  return unitsRemaining() >= units;
}
