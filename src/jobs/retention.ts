/**
 * Purges successful integration log rows and done queue entries older than the "Keep Log Days" setting.
 * Governance-aware: before each delete it checks the remaining units, and when the reserve is reached it
 * submits itself again (the next run continues where this one stopped; deleted rows are simply gone).
 */
import * as log from 'N/log';
import { ADMIN_SCRIPTS, LOG, QUEUE } from '../ids';
import { loadSettings } from '../netsuite/config';
import { purge } from '../netsuite/purge';
import { QUEUE_STATE } from '../netsuite/queue';
import { submitScheduled } from '../netsuite/tasks';

export interface RetentionResult {
  days: number;
  logRowsDeleted: number;
  queueEntriesDeleted: number;
  rescheduled: boolean;
}

export function runRetention(): RetentionResult {
  const days = loadSettings().admin.logDays;
  const result: RetentionResult = { days, logRowsDeleted: 0, queueEntriesDeleted: 0, rescheduled: false };
  const before = `daysago${days}`;
  const logsDone = purge(LOG.type, [[LOG.status, 'is', 'Completed'], 'AND', ['created', 'before', before]], () => { result.logRowsDeleted += 1; });
  const queueDone = logsDone && purge(QUEUE.type, [[QUEUE.state, 'is', QUEUE_STATE.done], 'AND', ['lastmodified', 'before', before]], () => { result.queueEntriesDeleted += 1; });
  if (!logsDone || !queueDone) result.rescheduled = submitScheduled(ADMIN_SCRIPTS.scRetention.scriptId, 'retention continuation');
  log.audit({ title: 'crmsync retention', details: JSON.stringify(result) });
  return result;
}
