/**
 * Whether a push or pull run does work, decided once in getInputData: first the run lock (one push and one pull
 * at a time across the scheduled and on-demand deployments), then pause and schedule from the settings record. A
 * held-back run plans only its notes, so summarize knows to write no run summary: a paused, not-yet-due or
 * overlapping run every 15 minutes would only bury the real ones.
 */
import * as log from 'N/log';
import { explain } from '../core/reasons';
import { runGate, type RunGate, type SyncDirection } from '../core/schedule';
import { lockFor, lockState, needsRenewal, parseRunLock } from '../core/run-lock';
import { loadSettings } from '../netsuite/config';
import { currentDeploymentId } from '../netsuite/script-context';
import { ensureState, findState, readStateById, updateState, writeState, type StateEntry } from '../netsuite/state';
import { reserveHold } from '../core/quota';
import { readQuotaState } from './quota';
import { CONNECTION_SETTINGS, missingConnectionSetting } from '../core/connection';

export function lastRunKey(direction: SyncDirection): string {
  return `last-run:${direction}`;
}

export function runLockKey(direction: SyncDirection): string {
  return `run-lock:${direction}`;
}

/** Takes the direction's run lock for this deployment: the lock record's id, or null when another run holds it. */
export function takeRunLock(direction: SyncDirection): string | null {
  const owner = currentDeploymentId();
  const entry = ensureState(runLockKey(direction));
  const stored = updateState(entry, (current) => {
    const now = new Date();
    return lockState(parseRunLock(current), owner, now) === 'held' ? null : JSON.stringify(lockFor(owner, now));
  });
  return parseRunLock(stored)?.owner === owner ? entry.id : null;
}

/**
 * Whether this deployment's run still holds the lock (a batch asks before it sends anything): 1 unit, plus a
 * renewal when less than half the lock's lifetime is left. A run that lost its lock leaves its batches queued.
 */
export function holdsRunLock(lockId: string): boolean {
  const owner = currentDeploymentId();
  const entry: StateEntry = { id: lockId, value: null };
  const stored = parseRunLock(readStateById(lockId));
  const now = new Date();
  if (lockState(stored, owner, now) !== 'mine') return false;
  if (stored === null || !needsRenewal(stored, now)) return true;
  const renewed = updateState(entry, (current) => (lockState(parseRunLock(current), owner, new Date()) === 'mine' ? JSON.stringify(lockFor(owner, new Date())) : null));
  return parseRunLock(renewed)?.owner === owner;
}

/** Releases the lock if this deployment holds it (summarize, or a run the schedule holds back). */
export function releaseRunLock(lockId: string): void {
  const owner = currentDeploymentId();
  updateState({ id: lockId, value: null }, (current) => (parseRunLock(current)?.owner === owner ? '' : null));
}

/** About 22 units: two state searches (the last start, the API usage) and, when the run goes ahead, the write of its own start. */
export function gateRun(direction: SyncDirection, scheduledDeploymentId: string, restarted: boolean): RunGate {
  const { sync, connection } = loadSettings();
  // A restarted getInputData finds its own start stamped: only the first attempt of a scheduled run checks the interval.
  const scheduled = !restarted && currentDeploymentId() === scheduledDeploymentId;
  const now = new Date();
  const stamp = findState(lastRunKey(direction));
  let gate = runGate(direction, sync, scheduled, scheduled ? stamp?.value ?? null : null, now);
  // Scheduled runs leave the reserve of the daily API allocation unused (on-demand runs are judged per batch).
  const hold = gate.run && scheduled ? reserveHold(readQuotaState(), sync.apiReservePercent, now) : null;
  if (hold !== null) gate = { run: false, ...hold };
  // Nothing is sent (or read) before the connection can sign in: changes wait queued, using no attempt.
  const missing = gate.run ? missingConnectionSetting(connection) : null;
  if (missing !== null) gate = { run: false, code: 'SF_NOT_CONFIGURED', message: `${explain('SF_NOT_CONFIGURED')} Missing: ${CONNECTION_SETTINGS[missing]}.` };
  if (gate.run) writeState(lastRunKey(direction), now.toISOString(), stamp);
  else log.audit({ title: `crmsync ${direction} run held back: ${gate.code}`, details: gate.message });
  return gate;
}

/** The gate of a run that found another run of its direction holding the lock. */
export function heldByOtherRun(direction: SyncDirection): RunGate {
  const gate: RunGate = { run: false, code: 'RUN_IN_PROGRESS', message: explain('RUN_IN_PROGRESS') };
  log.audit({ title: `crmsync ${direction} run held back: ${gate.code}`, details: gate.message });
  return gate;
}
