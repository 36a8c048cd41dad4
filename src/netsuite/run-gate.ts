/**
 * Whether a push or pull run does work (pause and schedule from the settings record), decided once in
 * getInputData. A held-back run hands one RUN_GATE_KEY entry through map and reduce so summarize knows to
 * write no run summary: a paused or not-yet-due run every 15 minutes would only bury the real ones.
 */
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import { runGate, type RunGate, type SyncDirection } from '../core/schedule';
import { loadSettings } from './config';
import { readState, writeState } from './state';

export const RUN_GATE_KEY = 'run-gate';

export function lastRunKey(direction: SyncDirection): string {
  return `last-run:${direction}`;
}

/** About 12 units when the run goes ahead (its start is stored), 10 more on the scheduled deployment (reading the last start). */
export function gateRun(direction: SyncDirection, scheduledDeploymentId: string, restarted: boolean): RunGate {
  const { sync } = loadSettings();
  // A restarted getInputData finds its own start stamped: only the first attempt of a scheduled run checks the interval.
  const scheduled = !restarted && runtime.getCurrentScript().deploymentId === scheduledDeploymentId;
  const now = new Date();
  const gate = runGate(direction, sync, scheduled, scheduled ? readState(lastRunKey(direction)) : null, now);
  if (gate.run) writeState(lastRunKey(direction), now.toISOString());
  else log.audit({ title: `crmsync ${direction} run held back: ${gate.code}`, details: gate.message });
  return gate;
}

/** The plan of a held-back run: one entry that is not work. */
export function heldBackPlan(gate: RunGate): Record<string, string> {
  return { [RUN_GATE_KEY]: JSON.stringify(gate) };
}
