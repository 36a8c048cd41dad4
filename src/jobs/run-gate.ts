/**
 * Whether a push or pull run does work (pause and schedule from the settings record), decided once in
 * getInputData. A held-back run plans one run note (RUN_GATE_KEY) so summarize knows to write no run summary:
 * a paused or not-yet-due run every 15 minutes would only bury the real ones.
 */
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import { runGate, type RunGate, type SyncDirection } from '../core/schedule';
import { loadSettings } from '../netsuite/config';
import { noteKey } from './run-notes';
import { findState, writeState } from '../netsuite/state';

export const RUN_GATE_KEY = noteKey('gate');

export function lastRunKey(direction: SyncDirection): string {
  return `last-run:${direction}`;
}

/** About 12 units: one state search (the last start) and, when the run goes ahead, the write of its own start. */
export function gateRun(direction: SyncDirection, scheduledDeploymentId: string, restarted: boolean): RunGate {
  const { sync } = loadSettings();
  // A restarted getInputData finds its own start stamped: only the first attempt of a scheduled run checks the interval.
  const scheduled = !restarted && runtime.getCurrentScript().deploymentId === scheduledDeploymentId;
  const now = new Date();
  const stamp = findState(lastRunKey(direction));
  const gate = runGate(direction, sync, scheduled, scheduled ? stamp?.value ?? null : null, now);
  if (gate.run) writeState(lastRunKey(direction), now.toISOString(), stamp);
  else log.audit({ title: `crmsync ${direction} run held back: ${gate.code}`, details: gate.message });
  return gate;
}

/** The plan of a held-back run: one entry that is not work. */
export function heldBackPlan(gate: RunGate): Record<string, string> {
  return { [RUN_GATE_KEY]: JSON.stringify(gate) };
}
