/**
 * Re-arms queue entries of records an admin retries (console or "Sync now"), with the same enqueue the user
 * events use, then asks the push to run. Costs 2 units per re-armed entry (11 when one has to be created).
 */
import { unitsLeftFor } from '../netsuite/governance';
import { enqueue } from '../netsuite/queue';
import type { RetryTarget } from '../netsuite/retry-targets';
import type { RecordRef } from '../core/console/requests';
import { requestPush, type PushRequest } from './queue-change';
import type { EntryPoints } from 'N/types';
import { ADMIN_SCRIPT_PARAMS, ADMIN_SCRIPTS, SCRIPT_PARAMS, SCRIPTS } from '../ids';
import { submitMapReduce, type SubmitResult } from '../netsuite/tasks';
import { findTargets } from '../netsuite/retry-targets';
import { failureRows } from '../netsuite/console-reads';
import { findState, writeState } from '../netsuite/state';
import { scriptParameter } from '../netsuite/script-context';
import { matchingFailures, parseFailureQuery, queryParams, type FailureQuery } from '../core/console/failures';
import { decodeSelection, encodeSelection, parseRetryTask, retryable, serializeRetryTask, type RetryTask } from '../core/console/retry-task';

export interface RetryResult {
  rearmed: RetryTarget[];
  /** Left for later because the invocation ran low on governance. */
  postponed: number;
  /** What asking the push to run came to; null when nothing was re-armed. */
  push: PushRequest | null;
}

/** Units to keep for requestPush (≤ 22) and writing the page. */
const RESERVE_UNITS = 60;
/** Worst case per record: a customer's queued change read (1) and its change queued on the record (5). */
const UNITS_PER_RECORD = 6;

export function rearm(targets: readonly RetryTarget[], now: Date): RetryResult {
  const rearmed: RetryTarget[] = [];
  for (const target of targets) {
    if (!unitsLeftFor(UNITS_PER_RECORD + RESERVE_UNITS)) break;
    enqueue({
      recordType: target.recordType, recordId: target.id, queueId: target.queueId, operation: 'upsert', now,
      customerId: target.customerId, externalId: target.salesforceId,
    });
    rearmed.push(target);
  }
  const push = rearmed.length > 0 ? requestPush() : null;
  return { rearmed, postponed: targets.length - rearmed.length, push };
}

/** Asks the on-demand push to send every contact and customer once (the setup checklist's last step). */
export function startFullSync(): SubmitResult {
  return submitMapReduce(SCRIPTS.mrPush.scriptId, SCRIPTS.mrPush.onDemandDeploymentId, 'full sync', { [SCRIPT_PARAMS.fullSync]: true });
}

/** The state record key of the last "Retry these N" task (its progress, for the console). */
export const RETRY_TASK_KEY = 'retry-task';

/** The records a filter matches, once each (a record failed in both systems is re-armed once). */
function matchingRecords(query: FailureQuery, now: Date): RecordRef[] {
  const seen = new Map<string, RecordRef>();
  for (const row of matchingFailures(failureRows(), { ...query, page: 1 }, now)) seen.set(`${row.recordType}:${row.id}`, { recordType: row.recordType, id: row.id });
  return [...seen.values()];
}

export function lastRetryTask(): RetryTask | null {
  return parseRetryTask(findState(RETRY_TASK_KEY)?.value ?? null);
}

/**
 * "Retry these N": the error list's filter goes to a background map/reduce that re-arms every matching record (the
 * Suitelet could re-arm only a few hundred within its governance). N is counted now and kept with the task's progress.
 */
export function startRetryTask(query: FailureQuery, now: Date): { submitted: true; asked: number } | { submitted: false; code: string; asked: number } {
  const asked = matchingRecords(query, now).length;
  if (asked === 0) return { submitted: false, code: 'NOTHING_MATCHES', asked };
  const filter = JSON.stringify(queryParams({ ...query, page: 1 }));
  return submitRetryTask({ [ADMIN_SCRIPT_PARAMS.retryFilter]: filter }, asked, filter, now);
}

/**
 * "Retry selected": the chosen records (at most MAX_SELECTIONS, checked when the request was read) go to the same
 * background task as "Retry these N", as a task parameter, so the Suitelet re-arms nothing itself and any selection
 * re-arms within the map/reduce's governance. The task re-reads each record and re-arms those still failed.
 */
export function startRetrySelected(selection: readonly RecordRef[], now: Date): { submitted: true; asked: number } | { submitted: false; code: string; asked: number } {
  if (selection.length === 0) return { submitted: false, code: 'NOTHING_MATCHES', asked: 0 };
  return submitRetryTask({ [ADMIN_SCRIPT_PARAMS.retryRecords]: encodeSelection(selection) }, selection.length, JSON.stringify({ selected: String(selection.length) }), now);
}

function submitRetryTask(params: Record<string, string>, asked: number, filter: string, now: Date): { submitted: true; asked: number } | { submitted: false; code: string; asked: number } {
  const result = submitMapReduce(ADMIN_SCRIPTS.mrRetry.scriptId, ADMIN_SCRIPTS.mrRetry.deploymentId, 'retry task', params);
  if (!result.submitted) return { ...result, asked };
  writeState(RETRY_TASK_KEY, serializeRetryTask({ asked, queued: null, startedAt: now.toISOString(), finishedAt: null, filter }), findState(RETRY_TASK_KEY));
  return { submitted: true, asked };
}

/** Records one map invocation re-arms: at most 11 units each, well inside a map invocation's 1,000. */
const RETRY_CHUNK = 40;

/** The records the task re-arms: the selection it carries (those still failed), else what its filter matches now. */
function retryTaskTargets(): RetryTarget[] {
  const selection = decodeSelection(scriptParameter(ADMIN_SCRIPT_PARAMS.retryRecords));
  if (selection.length > 0) return findTargets(selection).filter(retryable);
  const raw = scriptParameter(ADMIN_SCRIPT_PARAMS.retryFilter);
  let params: Record<string, string> = {};
  try {
    params = typeof raw === 'string' && raw !== '' ? JSON.parse(raw) as Record<string, string> : {};
  } catch {
    params = {};
  }
  return findTargets(matchingRecords(parseFailureQuery(params), new Date()));
}

/** getInputData: the records to re-arm (with what re-arming needs), in chunks. */
export function retryTaskInput(): RetryTarget[][] {
  const targets = retryTaskTargets();
  const chunks: RetryTarget[][] = [];
  for (let i = 0; i < targets.length; i += RETRY_CHUNK) chunks.push(targets.slice(i, i + RETRY_CHUNK));
  return chunks;
}

/** map: one chunk of records, each queued again on the record (5–6 units); one output value per record queued. */
export function retryTaskMap(context: EntryPoints.MapReduce.mapContext): void {
  const now = new Date();
  for (const target of JSON.parse(context.value) as RetryTarget[]) {
    enqueue({ recordType: target.recordType, recordId: target.id, queueId: target.queueId, operation: 'upsert', now, customerId: target.customerId, externalId: target.salesforceId });
    context.write({ key: `${target.recordType}:${target.id}`, value: '1' });
  }
}

/** summarize: the progress the console shows (how many were queued, when), then one push for all of them. */
export function retryTaskSummarize(summary: EntryPoints.MapReduce.summarizeContext): void {
  let queued = 0;
  summary.output.iterator().each(() => {
    queued += 1;
    return true;
  });
  const entry = findState(RETRY_TASK_KEY);
  const task = parseRetryTask(entry?.value ?? null);
  if (task !== null) writeState(RETRY_TASK_KEY, serializeRetryTask({ ...task, queued, finishedAt: new Date().toISOString() }), entry);
  if (queued > 0) requestPush();
}
