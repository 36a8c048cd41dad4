/**
 * The run's quota breakers (src/core/quota.ts) kept in the state record under one key, so every batch of a run sees
 * a stop another batch recorded: one state search per batch (10 units) and a write only when something changed.
 * Batches that run at the same time may each write; the last write wins, and a lost stop costs at most one more
 * refused call before the next batch stops again.
 */
import { closeBreaker, openBreaker, parseQuotaState, serializeQuotaState, type QuotaBreaker, type QuotaService, type QuotaState } from '../core/quota';
import { findState, writeState, type StateEntry } from '../netsuite/state';

export const QUOTA_STATE_KEY = 'quota';

export interface RunBreakers {
  breakers: Record<QuotaService, QuotaBreaker>;
  entry: StateEntry | null;
  state: QuotaState;
}

export function readQuotaState(): QuotaState {
  return parseQuotaState(findState(QUOTA_STATE_KEY)?.value ?? null);
}

export function openBreakers(run: { runId: string; keepReserve: boolean; reservePercent: number }, now: Date): RunBreakers {
  const entry = findState(QUOTA_STATE_KEY);
  const state = parseQuotaState(entry?.value ?? null);
  return {
    entry,
    state,
    breakers: { salesforce: openBreaker('salesforce', state.salesforce, run, now), pardot: openBreaker('pardot', state.pardot, run, now) },
  };
}

/** Writes the batch's news (a stop, a stop that is over, a newer usage figure); nothing when there is none. */
export function closeBreakers(run: RunBreakers): void {
  const next: QuotaState = { salesforce: closeBreaker(run.state.salesforce, run.breakers.salesforce), pardot: closeBreaker(run.state.pardot, run.breakers.pardot) };
  const text = serializeQuotaState(next);
  if (text !== serializeQuotaState(run.state)) writeState(QUOTA_STATE_KEY, text, run.entry);
}
