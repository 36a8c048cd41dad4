/**
 * Whether a push or pull run does work (pause and schedule from the settings record), decided once in
 * getInputData. A held-back run plans only its notes, so summarize knows to write no run summary: a paused or
 * not-yet-due run every 15 minutes would only bury the real ones.
 */
import * as log from 'N/log';
import { runGate, type RunGate, type SyncDirection } from '../core/schedule';
import { loadSettings } from '../netsuite/config';
import { currentDeploymentId } from '../netsuite/script-context';
import { findState, writeState } from '../netsuite/state';
import { reserveHold } from '../core/quota';
import { readQuotaState } from './quota';

export function lastRunKey(direction: SyncDirection): string {
  return `last-run:${direction}`;
}

/** About 22 units: two state searches (the last start, the API usage) and, when the run goes ahead, the write of its own start. */
export function gateRun(direction: SyncDirection, scheduledDeploymentId: string, restarted: boolean): RunGate {
  const { sync } = loadSettings();
  // A restarted getInputData finds its own start stamped: only the first attempt of a scheduled run checks the interval.
  const scheduled = !restarted && currentDeploymentId() === scheduledDeploymentId;
  const now = new Date();
  const stamp = findState(lastRunKey(direction));
  let gate = runGate(direction, sync, scheduled, scheduled ? stamp?.value ?? null : null, now);
  // Scheduled runs leave the reserve of the daily API allocation unused (on-demand runs are judged per batch).
  const hold = gate.run && scheduled ? reserveHold(readQuotaState(), sync.apiReservePercent, now) : null;
  if (hold !== null) gate = { run: false, ...hold };
  if (gate.run) writeState(lastRunKey(direction), now.toISOString(), stamp);
  else log.audit({ title: `crmsync ${direction} run held back: ${gate.code}`, details: gate.message });
  return gate;
}
