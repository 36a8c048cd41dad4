/**
 * The run's quota breakers (src/core/quota.ts) kept in the state record under one key, so every batch of a run sees
 * a stop another batch recorded: one read per batch (by the record's id when the run's plan found it, 1 unit; else a
 * state search, 10 units) and a write only when something changed.
 * Batches that run at the same time may each write; the last write wins, and a lost stop costs at most one more
 * refused call before the next batch stops again.
 */
import { closeBreaker, openBreaker, parseQuotaState, serializeQuotaState, type QuotaBreaker, type QuotaService, type QuotaState } from '../core/quota';
import { ensureState, findState, readStateById, writeState, type StateEntry } from '../netsuite/state';

export const QUOTA_STATE_KEY = 'quota';

export interface RunBreakers {
  breakers: Record<QuotaService, QuotaBreaker>;
  entry: StateEntry | null;
  state: QuotaState;
}

export function readQuotaState(): QuotaState {
  return parseQuotaState(findState(QUOTA_STATE_KEY)?.value ?? null);
}

/**
 * The quota state record's id, for the run's batches to read it by id. `create` false (a read-only run): null when
 * there is none yet.
 */
export function quotaStateId(create: boolean): string | null {
  return (create ? ensureState(QUOTA_STATE_KEY) : findState(QUOTA_STATE_KEY))?.id ?? null;
}

/** The stored quota entry: by id when the run knows it (1 unit), else by its key (a search, 10 units). */
function quotaEntry(knownId: string | undefined): StateEntry | null {
  if (knownId !== undefined) {
    try {
      return { id: knownId, value: readStateById(knownId) };
    } catch {
      // Gone since the plan (deleted by hand): look it up by its key.
    }
  }
  return findState(QUOTA_STATE_KEY);
}

export function openBreakers(run: { runId: string; keepReserve: boolean; reservePercent: number; stateId?: string | undefined }, now: Date): RunBreakers {
  const entry = quotaEntry(run.stateId);
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
