/**
 * Purges successful integration log rows and done queue entries older than the "Keep Log Days" setting.
 * Governance-aware: before each delete it checks the remaining units, and when the reserve is reached it
 * submits itself again (the next run continues where this one stopped; deleted rows are simply gone).
 */
import * as log from 'N/log';
import * as record from 'N/record';
import * as runtime from 'N/runtime';
import * as search from 'N/search';
import * as task from 'N/task';
import { ADMIN_SCRIPTS, LOG, QUEUE } from '../ids';
import { canContinue } from '../core/console/retention';
import { loadSettings } from '../netsuite/config';
import { QUEUE_STATE } from '../netsuite/queue';

const SEARCH_UNITS = 10;
const DELETE_UNITS = 4;

export interface RetentionResult {
  days: number;
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
  const days = loadSettings().admin.logDays;
  const result: RetentionResult = { days, logRowsDeleted: 0, queueEntriesDeleted: 0, rescheduled: false };
  const before = `daysago${days}`;
  const logsDone = purge(LOG.type, [[LOG.status, 'is', 'Completed'], 'AND', ['created', 'before', before]], () => { result.logRowsDeleted += 1; });
  const queueDone = logsDone && purge(QUEUE.type, [[QUEUE.state, 'is', QUEUE_STATE.done], 'AND', ['lastmodified', 'before', before]], () => { result.queueEntriesDeleted += 1; });
  if (!logsDone || !queueDone) result.rescheduled = reschedule();
  log.audit({ title: 'crmsync retention', details: JSON.stringify(result) });
  return result;
}
