/**
 * The run lock: one push and one pull at a time across all deployments of a script. NetSuite allows one unfinished
 * instance per deployment ("Map/Reduce Terminology", deployment instance, Oracle Help Center:
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1522350075.html), so a deployment id names
 * the one run it may have: a lock owned by our own deployment is ours (a restarted getInputData, or an earlier run of
 * this deployment that died before summarize). A lock expires, so a run that ends without releasing it blocks the
 * others for at most its lifetime; running batches renew it.
 */

export interface RunLock {
  owner: string;
  expiresAt: string;
}

/**
 * How long a lock lasts without renewal. A guess sized to outlast the slowest batch (a reduce invocation has no
 * time limit we rely on beyond the per-invocation governance) while blocking the 15-minute schedule for at most
 * two slots after a crash.
 */
export const RUN_LOCK_MINUTES = 30;

export function parseRunLock(text: string | null): RunLock | null {
  if (text === null || text === '') return null;
  try {
    const parsed = JSON.parse(text) as Partial<RunLock>;
    return typeof parsed.owner === 'string' && typeof parsed.expiresAt === 'string' ? { owner: parsed.owner, expiresAt: parsed.expiresAt } : null;
  } catch {
    return null;
  }
}

export type LockState = 'free' | 'mine' | 'held';

export function lockState(current: RunLock | null, owner: string, now: Date): LockState {
  if (current === null) return 'free';
  if (current.owner === owner) return 'mine';
  const expires = Date.parse(current.expiresAt);
  return Number.isNaN(expires) || expires <= now.getTime() ? 'free' : 'held';
}

export function lockFor(owner: string, now: Date): RunLock {
  return { owner, expiresAt: new Date(now.getTime() + RUN_LOCK_MINUTES * 60_000).toISOString() };
}

/** A held lock is renewed once less than half its lifetime is left (one write per quarter hour, not per batch). */
export function needsRenewal(current: RunLock, now: Date): boolean {
  return Date.parse(current.expiresAt) - now.getTime() < (RUN_LOCK_MINUTES * 60_000) / 2;
}
