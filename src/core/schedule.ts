/**
 * Sync directions and schedules from the settings record. The push and pull deployments are scheduled every
 * 15 minutes in SDF; "Push/Pull Every (minutes)" picks which of those runs do work, so an administrator sets
 * the schedule in the one settings record instead of on two script deployments. Runs that someone asked for
 * (a save, "Sync now", a retry, a follow-up run) are not held back by the interval, only by a pause.
 */
import { explain, type ReasonCode } from './reasons';

/** How often the SDF deployments fire; intervals are whole multiples of it. */
export const SCHEDULE_BASE_MINUTES = 15;
export const MAX_INTERVAL_MINUTES = 1440;
/**
 * Scheduled runs start a little early or late; a run counts as due once the interval less half a base period
 * has passed, so "every 60" runs on every fourth firing rather than drifting to every fifth.
 */
const START_SLACK_MS = (SCHEDULE_BASE_MINUTES / 2) * 60_000;

export type SyncDirection = 'push' | 'pull';

export interface DirectionSettings {
  pausePush: boolean;
  pausePull: boolean;
  pushEveryMinutes: number;
  pullEveryMinutes: number;
}

export type RunGate = { run: true } | { run: false; code: ReasonCode; message: string };

/** A usable interval: the value when valid, else the base period (a bad stored value never stops the sync). */
export function intervalMinutes(raw: number | null): number {
  return raw !== null && intervalProblem(raw) === null ? raw : SCHEDULE_BASE_MINUTES;
}

/** Why an interval is not allowed, in words for the settings form; null when it is fine. */
export function intervalProblem(minutes: number): string | null {
  if (!Number.isInteger(minutes) || minutes < SCHEDULE_BASE_MINUTES || minutes > MAX_INTERVAL_MINUTES || minutes % SCHEDULE_BASE_MINUTES !== 0) {
    return `must be a whole number of minutes from ${SCHEDULE_BASE_MINUTES} to ${MAX_INTERVAL_MINUTES} in steps of ${SCHEDULE_BASE_MINUTES} (the scheduled deployments fire every ${SCHEDULE_BASE_MINUTES} minutes).`;
  }
  return null;
}

/**
 * Whether this run does work. `scheduled` is true for the deployment that fires on the clock; `lastStartedAt`
 * is when the last run of this direction that did work started (ISO), null if never.
 */
export function runGate(direction: SyncDirection, settings: DirectionSettings, scheduled: boolean, lastStartedAt: string | null, now: Date): RunGate {
  if (direction === 'push' && settings.pausePush) return { run: false, code: 'PUSH_PAUSED', message: explain('PUSH_PAUSED') };
  if (direction === 'pull' && settings.pausePull) return { run: false, code: 'PULL_PAUSED', message: explain('PULL_PAUSED') };
  if (!scheduled || lastStartedAt === null) return { run: true };
  const every = direction === 'push' ? settings.pushEveryMinutes : settings.pullEveryMinutes;
  const last = Date.parse(lastStartedAt);
  if (Number.isNaN(last) || now.getTime() - last >= every * 60_000 - START_SLACK_MS) return { run: true };
  return { run: false, code: 'RUN_NOT_DUE', message: `The last ${direction} started at ${lastStartedAt}; the settings run it every ${every} minutes.` };
}
