/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import * as task from 'N/task';
import { SCRIPT_PARAMS, SCRIPTS } from '../ids';
import { clearPushRequested } from '../netsuite/config';
import { gateRun, heldBackPlan, RUN_GATE_KEY } from '../jobs/run-gate';
import { isRunNote } from '../jobs/run-notes';
import { dueEntries } from '../netsuite/queue';
import { writeLogRow } from '../netsuite/sync-log';
import { sendFailureDigest } from '../jobs/alerts';
import { emptyStats, mergeStats, MIN_UNITS_FOR_BATCH, planRun, runBatch, type BatchPayload, type BatchStats } from '../jobs/push';

export const config = { retryCount: 2, exitOnError: false };

export const getInputData: EntryPoints.MapReduce.getInputData = (context) => {
  clearPushRequested();
  const gate = gateRun('push', SCRIPTS.mrPush.deploymentId, context.isRestarted);
  if (!gate.run) return heldBackPlan(gate);
  const fullSync = runtime.getCurrentScript().getParameter({ name: SCRIPT_PARAMS.fullSync });
  return planRun(`push-${new Date().toISOString()}`, new Date(), fullSync === true || fullSync === 'T');
};

export const map: EntryPoints.MapReduce.map = (context) => {
  if (isRunNote(context.key)) {
    context.write({ key: context.key, value: context.value });
    return;
  }
  const payload = JSON.parse(context.value) as BatchPayload;
  if (payload.kind === 'contacts') {
    context.write({ key: context.key, value: context.value });
    return;
  }
  context.write({ key: `stats:${context.key}`, value: JSON.stringify(runBatch(payload)) });
};

export const reduce: EntryPoints.MapReduce.reduce = (context) => {
  if (isRunNote(context.key)) {
    for (const value of context.values) context.write({ key: context.key, value });
    return;
  }
  if (context.key.startsWith('stats:')) {
    for (const value of context.values) context.write({ key: 'stats', value });
    return;
  }
  if (runtime.getCurrentScript().getRemainingUsage() < MIN_UNITS_FOR_BATCH) {
    // The entries stay pending; the next run takes them. Throwing here would only burn a retry.
    log.audit({ title: 'crmsync batch postponed', details: `${context.key}: not enough governance left` });
    return;
  }
  for (const value of context.values) {
    context.write({ key: 'stats', value: JSON.stringify(runBatch(JSON.parse(value) as BatchPayload)) });
  }
};

export const summarize: EntryPoints.MapReduce.summarize = (summary) => {
  let stats: BatchStats = emptyStats('');
  const gates: string[] = [];
  summary.output.iterator().each((key, value) => {
    if (key === RUN_GATE_KEY) gates.push(value);
    else stats = mergeStats(stats, JSON.parse(value) as BatchStats);
    return true;
  });
  const errors: string[] = [];
  const collect = (stage: string) => (key: string, error: string): boolean => {
    errors.push(`${stage} ${key}: ${error}`.slice(0, 500));
    return true;
  };
  summary.mapSummary.errors.iterator().each(collect('map'));
  summary.reduceSummary.errors.iterator().each(collect('reduce'));
  if (summary.inputSummary.error) errors.push(`input: ${summary.inputSummary.error}`);
  if (gates.length > 0 && errors.length === 0) return;

  // A run with nothing due has no batch to carry the run id: name it by its start, as the pull does.
  const runId = stats.runId || `push-${summary.dateCreated.toISOString()}`;
  writeLogRow({ runId, direction: 'outbound', system: 'salesforce' }, {
    recordType: 'run', recordId: null, linkable: false, externalId: null, operation: 'run',
    status: errors.length === 0 ? 'Completed' : 'Warning', reason: 'RUN_SUMMARY',
    message: `${stats.records} record(s) in ${stats.batches} batch(es): ${Object.entries(stats.byStatus).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing due'}. ${stats.apiCalls} Salesforce and ${stats.pardotCalls} Pardot API call(s), ${stats.unitsUsed} units in batches.${errors.length > 0 ? ` ${errors.length} invocation error(s): ${errors.slice(0, 3).join(' | ')}` : ''}`,
    stats: JSON.stringify({ ...stats, errors, usage: summary.usage, seconds: summary.seconds, yields: summary.yields }),
  });
  sendFailureDigest(runId, stats.byStatus.Failed ?? 0);

  // Work that arrived during the run gets a follow-up run. After errors the 15-minute schedule retries
  // instead, so a batch that keeps failing cannot chain runs forever.
  if (errors.length === 0 && stats.records > 0 && dueEntries(new Date(), 1).length > 0) {
    try {
      // The on-demand deployment: the scheduled one honours "Push Every" and would hold the follow-up back.
      task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.onDemandDeploymentId }).submit();
    } catch (error) {
      log.audit({ title: 'crmsync follow-up run not submitted', details: String((error as { name?: string }).name ?? error) });
    }
  }
};
