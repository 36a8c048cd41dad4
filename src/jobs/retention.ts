/**
 * Purges integration log rows and finished queue entries: failures (Failed rows, failed entries) older than
 * "Keep Failure Log Days", everything else older than "Keep Log Days". Pending queue entries are never purged.
 * Governance-aware: before each delete it checks the remaining units, and when the reserve is reached it
 * submits itself again (the next run continues where this one stopped; deleted rows are simply gone).
 */
import * as log from 'N/log';
import * as record from 'N/record';
import * as runtime from 'N/runtime';
import * as search from 'N/search';
import * as task from 'N/task';
import { ADMIN_SCRIPTS, LOG, QUEUE } from '../ids';
import { canContinue, retentionWindows } from '../core/console/retention';
import { readAdminSettings } from '../netsuite/admin-settings';
import { QUEUE_STATE } from '../netsuite/queue';

const SEARCH_UNITS = 10;
const DELETE_UNITS = 4;

export interface RetentionResult {
  days: number;
  failureDays: number;
  logRowsDeleted: number;
  queueEntriesDeleted: number;
  rescheduled: boolean;
}

/** Deletes matching custom records page by page; false when it stopped for governance. */
function purge(type: string, filters: unknown[], onDelete: () => void): boolean {
  const script = runtime.getCurrentScript();
  for (;;) {
    if (!canContinue(script.getRemainingUsage(), SEARCH_UNITS + DELETE_UNITS)) return false;
    const page = search.create({ type, filters, columns: ['internalid'] }).run().getRange({ start: 0, end: 1000 });
    if (page.length === 0) return true;
    for (const result of page) {
      if (!canContinue(script.getRemainingUsage(), DELETE_UNITS)) return false;
      record.delete({ type, id: result.id });
      onDelete();
    }
  }
}

function reschedule(): boolean {
  try {
    // No deployment id: NetSuite takes a free deployment of the script (this one is still running).
    task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: ADMIN_SCRIPTS.scRetention.scriptId }).submit();
    return true;
  } catch (error) {
    log.audit({ title: 'crmsync retention could not reschedule itself', details: String((error as { name?: string }).name ?? error) });
    return false;
  }
}

export function runRetention(): RetentionResult {
  const settings = readAdminSettings();
  const { days, failureDays } = retentionWindows(settings.logDays, settings.failureLogDays);
  const result: RetentionResult = { days, failureDays, logRowsDeleted: 0, queueEntriesDeleted: 0, rescheduled: false };
  const before = `daysago${days}`;
  const failuresBefore = `daysago${failureDays}`;
  const logRow = (): void => { result.logRowsDeleted += 1; };
  const queueEntry = (): void => { result.queueEntriesDeleted += 1; };
  // Each step runs only when the one before it finished; a follow-up run starts again from the first.
  const done = purge(LOG.type, [[LOG.status, 'isnot', 'Failed'], 'AND', ['created', 'before', before]], logRow)
    && purge(LOG.type, [[LOG.status, 'is', 'Failed'], 'AND', ['created', 'before', failuresBefore]], logRow)
    && purge(QUEUE.type, [[QUEUE.state, 'is', QUEUE_STATE.done], 'AND', ['lastmodified', 'before', before]], queueEntry)
    && purge(QUEUE.type, [[QUEUE.state, 'is', QUEUE_STATE.failed], 'AND', ['lastmodified', 'before', failuresBefore]], queueEntry);
  if (!done) result.rescheduled = reschedule();
  log.audit({ title: 'crmsync retention', details: JSON.stringify(result) });
  return result;
}
