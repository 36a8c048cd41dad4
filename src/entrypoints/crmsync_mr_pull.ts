/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { commitWatermarks, planPull, PULL_USAGE_KEY, runPullBatch, type PullApiUsage, type PullBatch, type PullResult } from '../jobs/pull';
import { writeLogRow } from '../netsuite/sync-log';
import { requestPush } from '../jobs/queue-change';
import { gateRun, heldBackPlan, RUN_GATE_KEY } from '../jobs/run-gate';
import { isRunNote } from '../jobs/run-notes';
import { SCRIPTS } from '../ids';

export const config = { retryCount: 2, exitOnError: false };

export const getInputData: EntryPoints.MapReduce.getInputData = (context) => {
  const gate = gateRun('pull', SCRIPTS.mrPull.deploymentId, context.isRestarted);
  return gate.run ? planPull(`pull-${new Date().toISOString()}`) : heldBackPlan(gate);
};

/** Accounts here (all maps finish before any reduce), contacts in reduce: a new contact finds its customer. */
export const map: EntryPoints.MapReduce.map = (context) => {
  if (isRunNote(context.key)) {
    context.write({ key: context.key, value: context.value });
    return;
  }
  const batch = JSON.parse(context.value) as PullBatch;
  if (batch.object !== 'Account') {
    context.write({ key: context.key, value: context.value });
    return;
  }
  context.write({ key: `results:${context.key}`, value: JSON.stringify(runPullBatch(batch)) });
};

export const reduce: EntryPoints.MapReduce.reduce = (context) => {
  for (const value of context.values) {
    if (isRunNote(context.key)) {
      context.write({ key: context.key, value });
      continue;
    }
    const results = context.key.startsWith('results:') ? value : JSON.stringify(runPullBatch(JSON.parse(value) as PullBatch));
    context.write({ key: 'results', value: results });
  }
};

export const summarize: EntryPoints.MapReduce.summarize = (summary) => {
  const results: PullResult[] = [];
  const apiUsage: PullApiUsage[] = [];
  const gates: string[] = [];
  summary.output.iterator().each((key, value) => {
    if (key === PULL_USAGE_KEY) apiUsage.push(JSON.parse(value) as PullApiUsage);
    else if (key === RUN_GATE_KEY) gates.push(value);
    else results.push(...(JSON.parse(value) as PullResult[]));
    return true;
  });
  const failedKeys: string[] = [];
  const errors: string[] = [];
  const collect = (key: string, error: string): boolean => {
    failedKeys.push(key.replace(/^results:/, ''));
    errors.push(`${key}: ${error}`.slice(0, 300));
    return true;
  };
  summary.mapSummary.errors.iterator().each(collect);
  summary.reduceSummary.errors.iterator().each(collect);
  if (summary.inputSummary.error) errors.push(`input: ${summary.inputSummary.error}`);
  // A held-back run read nothing: the watermarks stay, and no summary row buries the runs that did work.
  if (gates.length > 0 && errors.length === 0) return;
  const marks = commitWatermarks(results, failedKeys);
  // Contacts created from Salesforce were queued so Salesforce learns their NetSuite id: run the push now.
  if (results.some((r) => r.action === 'create')) requestPush();
  const count = (action: string): number => results.filter((r) => r.action === action).length;
  writeLogRow({ runId: `pull-${summary.dateCreated.toISOString()}`, direction: 'inbound', system: 'salesforce' }, {
    recordType: 'run', recordId: null, linkable: false, externalId: null, operation: 'run',
    status: errors.length === 0 ? 'Completed' : 'Warning', reason: 'RUN_SUMMARY',
    message: `${results.length} Salesforce change(s): ${count('update')} updated, ${count('create')} created, ${count('skip')} skipped, ${count('fail')} failed.${apiUsage[0] === undefined ? '' : ` ${apiUsage[0].apiCalls} Salesforce and ${apiUsage[0].pardotCalls} Pardot API call(s).`}${errors.length > 0 ? ` ${errors.length} invocation error(s): ${errors.slice(0, 3).join(' | ')}` : ''}`,
    stats: JSON.stringify({ results: results.length, errors, watermarks: marks, usage: summary.usage, seconds: summary.seconds, ...apiUsage[0] }),
  });
};
