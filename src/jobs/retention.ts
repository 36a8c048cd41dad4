/**
 * Purges integration log rows and finished queue entries: failures (Failed rows, failed entries) older than
 * "Keep Failure Log Days", everything else older than "Keep Log Days". Pending queue entries are never purged.
 * Reconcile and preview reports older than "Keep Log Days" go too, each preview's plan file (File Cabinet) with it.
 * Governance-aware: before each delete it checks the remaining units, and when the reserve is reached it
 * submits its on-demand (Not Scheduled) deployment, which continues where this run stopped (deleted rows are simply
 * gone). From the daily deployment that queues the continuation; from the continuation itself NetSuite queues it
 * behind the current execution. When that deployment already has an unfinished task (an admin's Save and Execute,
 * a continuation still queued), NetSuite refuses the submit: that task, or the next daily run, deletes the rest, so
 * the refusal is recorded in the result and the audit log, never thrown.
 */
import * as log from 'N/log';
import { ADMIN_SCRIPTS, LOG, QUEUE, REPORT } from '../ids';
import { loadSettings } from '../netsuite/config';
import { purge, type PurgeCompanion } from '../netsuite/purge';
import { deletePlanFile } from '../netsuite/plan-files';
import { reportBody } from '../netsuite/reports';
import { QUEUE_STATE } from '../netsuite/queue';
import { submitScheduled } from '../netsuite/tasks';

export interface RetentionResult {
  days: number;
  failureDays: number;
  logRowsDeleted: number;
  queueEntriesDeleted: number;
  reportsDeleted: number;
  planFilesDeleted: number;
  rescheduled: boolean;
  /** NetSuite's error name when the continuation was refused (e.g. FAILED_TO_SUBMIT_JOB_REQUEST_1). */
  notRescheduled?: string;
}

/** The plan file a preview summary names (its JSON body's plan.id), or null. */
function planFileId(body: string): string | null {
  try {
    const plan = (JSON.parse(body) as { plan?: { id?: unknown } | null }).plan;
    return typeof plan?.id === 'string' && /^\d+$/.test(plan.id) ? plan.id : null;
  } catch {
    return null;
  }
}

export function runRetention(): RetentionResult {
  const { logDays: days, failureLogDays } = loadSettings().admin;
  // Failures are what an admin investigates: never kept for less time than the other rows.
  const failureDays = Math.max(days, failureLogDays);
  const result: RetentionResult = { days, failureDays, logRowsDeleted: 0, queueEntriesDeleted: 0, reportsDeleted: 0, planFilesDeleted: 0, rescheduled: false };
  const before = `daysago${days}`;
  const failuresBefore = `daysago${failureDays}`;
  const logRow = (): void => { result.logRowsDeleted += 1; };
  const queueEntry = (): void => { result.queueEntriesDeleted += 1; };
  const report = (): void => { result.reportsDeleted += 1; };
  // A preview summary names its plan file: the summary is read (2 units), the file deleted (20), then the summary.
  const planFile: PurgeCompanion = {
    units: 22,
    beforeDelete(reportId) {
      const id = planFileId(reportBody(reportId));
      if (id !== null && deletePlanFile(id)) result.planFilesDeleted += 1;
    },
  };
  const oldReports = ['created', 'before', before];
  // Each step runs only when the one before it finished; a follow-up run starts again from the first.
  const done = purge(LOG.type, [[LOG.status, 'isnot', 'Failed'], 'AND', ['created', 'before', before]], logRow)
    && purge(LOG.type, [[LOG.status, 'is', 'Failed'], 'AND', ['created', 'before', failuresBefore]], logRow)
    && purge(QUEUE.type, [[QUEUE.state, 'is', QUEUE_STATE.done], 'AND', ['lastmodified', 'before', before]], queueEntry)
    && purge(QUEUE.type, [[QUEUE.state, 'is', QUEUE_STATE.failed], 'AND', ['lastmodified', 'before', failuresBefore]], queueEntry)
    && purge(REPORT.type, [[REPORT.kind, 'is', 'summary'], 'AND', [REPORT.job, 'isnot', 'reconcile'], 'AND', oldReports], report, planFile)
    && purge(REPORT.type, [oldReports], report);
  if (!done) {
    const { scriptId, onDemandDeploymentId } = ADMIN_SCRIPTS.scRetention;
    const submit = submitScheduled(scriptId, onDemandDeploymentId, 'retention continuation');
    result.rescheduled = submit.submitted;
    if (!submit.submitted) result.notRescheduled = submit.code;
  }
  log.audit({ title: 'crmsync retention', details: JSON.stringify(result) });
  return result;
}
