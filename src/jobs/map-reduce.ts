/**
 * The stage plumbing shared by the push and the pull map/reduce. A job plans batches once in getInputData; each
 * batch runs in exactly one map or reduce invocation (governance resets per invocation) and its result travels to
 * summarize. Entries that are not work ride along too: the run's id (made once, so the summary row and the batch
 * rows share it) and a held-back run's gate. Every key is written and read by one codec, never parsed by hand.
 *
 * Concurrency: a run first takes its direction's run lock (one push and one pull at a time across deployments), every
 * batch checks it still holds it before sending anything, and summarize releases it. Batches in one *lane* (a
 * customer's contact chunks) share one reduce key, so they run one after another in one invocation while other lanes
 * run in parallel up to the deployment's concurrency limit ("Within a map stage or a reduce stage, jobs can run in
 * parallel", Execution of Restarted Map/Reduce Stages, Oracle Help Center:
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1491509438.html).
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import type { RunGate, SyncDirection } from '../core/schedule';
import { unitsLeftFor } from '../netsuite/governance';
import { gateRun, heldByOtherRun, holdsRunLock, releaseRunLock, takeRunLock } from './run-gate';

/** Run notes: facts getInputData hands to summarize. */
export type NoteName = 'run' | 'gate' | 'usage' | 'lock' | 'scope';

/**
 * `lane`: the reduce key shared by batches that must run in order; `skipped`: a batch left queued (run lock lost);
 * `postponed`: a batch left for the next run (governance short). Both carry their work to summarize.
 */
type StageKey<B> = { note: NoteName } | { batch: B; lane?: string } | { done: B } | { lane: string } | { skipped: B } | { postponed: B };

/** A batch's stage value: its work and the run lock it runs under. */
interface BatchValue<B, W> {
  lock: string;
  work: W;
  batch?: B;
}

function encodeKey<B>(key: StageKey<B>): string {
  return JSON.stringify(key);
}

function decodeKey<B>(text: string): StageKey<B> {
  const parsed = JSON.parse(text) as StageKey<B>;
  if (typeof parsed !== 'object' || !('note' in parsed || 'batch' in parsed || 'done' in parsed || 'lane' in parsed || 'skipped' in parsed || 'postponed' in parsed)) throw new Error(`Not a CRM Sync stage key: ${text.slice(0, 100)}`);
  return parsed;
}

export interface PlannedRun<B, W> {
  /** `lane`: batches with the same lane run in plan order in one reduce invocation (reduce batches only). */
  batches: { key: B; work: W; lane?: string }[];
  /** More notes for summarize (e.g. the API use of getInputData's reads). */
  notes?: Partial<Record<NoteName, string>>;
}

export interface FinishedRun<B, R, W = unknown> {
  runId: string;
  results: R[];
  /** Batches whose invocation failed for good (after NetSuite's retries): their results never arrived. */
  failedBatches: B[];
  /** Work left for the next run (postponed for governance, or skipped when the run lock was lost). */
  leftBehind: W[];
  /** "stage key: error" for every failed invocation, and the input stage's error. */
  errors: string[];
  /** The run lost its lock (it expired and another run took it): it must not commit what the other run now owns. */
  lockLost: boolean;
  notes: Partial<Record<NoteName, string>>;
  summary: EntryPoints.MapReduce.summarizeContext;
}

export interface MapReduceJob<B, W, R> {
  direction: SyncDirection;
  /** The deployment that fires on the clock (the one "Push/Pull Every" holds back). */
  scheduledDeploymentId: string;
  /** Runs first in getInputData, whether or not the gate lets the run do work. */
  beforeGate?: () => void;
  plan(runId: string): PlannedRun<B, W>;
  /** Batches run in the map stage finish before any reduce starts (Accounts before their Contacts). */
  runsInMap(work: W): boolean;
  run(work: W): R;
  /** Units a reduce must have before it starts a batch; below that the batch is left for the next run. */
  minUnitsForBatch?: number;
  summarize(run: FinishedRun<B, R, W>): void;
}

export interface MapReduceStages {
  getInputData: EntryPoints.MapReduce.getInputData;
  map: EntryPoints.MapReduce.map;
  reduce: EntryPoints.MapReduce.reduce;
  summarize: EntryPoints.MapReduce.summarize;
}

/** A job's four entry points. */
export function mapReduceStages<B, W, R>(job: MapReduceJob<B, W, R>): MapReduceStages {
  /** Runs one batch and writes its result, unless governance is short (postponed) or the lock is gone (skipped). */
  const runBatch = (write: (key: string, value: string) => void, batch: B, value: BatchValue<B, W>, checkUnits: boolean): void => {
    if (checkUnits && job.minUnitsForBatch !== undefined && !unitsLeftFor(job.minUnitsForBatch)) {
      // The batch's records stay queued; the next run takes them. Throwing here would only burn a retry.
      log.audit({ title: 'crmsync batch postponed', details: `${job.direction} ${JSON.stringify(batch)}: not enough governance left` });
      write(encodeKey<B>({ postponed: batch }), JSON.stringify(value.work));
      return;
    }
    if (!holdsRunLock(value.lock)) {
      log.audit({ title: 'crmsync batch skipped: run lock lost', details: `${job.direction} ${JSON.stringify(batch)}` });
      write(encodeKey<B>({ skipped: batch }), JSON.stringify(value.work));
      return;
    }
    write(encodeKey<B>({ done: batch }), JSON.stringify(job.run(value.work)));
  };

  return {
    getInputData(context) {
      job.beforeGate?.();
      const runId = `${job.direction}-${new Date().toISOString()}`;
      const lock = takeRunLock(job.direction);
      let gate: RunGate = lock === null ? heldByOtherRun(job.direction) : gateRun(job.direction, job.scheduledDeploymentId, context.isRestarted);
      const plan: Record<string, string> = {};
      const notes: Partial<Record<NoteName, string>> = { run: runId };
      if (gate.run && lock !== null) {
        const planned = job.plan(runId);
        for (const { key, work, lane } of planned.batches) {
          const value: BatchValue<B, W> = { lock, work };
          plan[encodeKey<B>(lane === undefined ? { batch: key } : { batch: key, lane })] = JSON.stringify(value);
        }
        Object.assign(notes, planned.notes, { lock });
      } else {
        if (lock !== null) releaseRunLock(lock);
        if (gate.run) gate = heldByOtherRun(job.direction);
        notes.gate = JSON.stringify(gate);
      }
      for (const [name, value] of Object.entries(notes)) plan[encodeKey({ note: name as NoteName })] = value;
      return plan;
    },

    map(context) {
      const key = decodeKey<B>(context.key);
      const write = (k: string, v: string): void => { context.write({ key: k, value: v }); };
      if (!('batch' in key)) {
        write(context.key, context.value);
        return;
      }
      const value = JSON.parse(context.value) as BatchValue<B, W>;
      if (job.runsInMap(value.work)) runBatch(write, key.batch, value, false);
      else if (key.lane !== undefined) write(encodeKey<B>({ lane: key.lane }), JSON.stringify({ ...value, batch: key.batch }));
      else write(context.key, context.value);
    },

    reduce(context) {
      const key = decodeKey<B>(context.key);
      const write = (k: string, v: string): void => { context.write({ key: k, value: v }); };
      if ('batch' in key) {
        for (const value of context.values) runBatch(write, key.batch, JSON.parse(value) as BatchValue<B, W>, true);
        return;
      }
      if ('lane' in key) {
        // In plan order, whatever order the shuffle handed the values over in.
        const values = context.values.map((v) => JSON.parse(v) as BatchValue<B, W>)
          .sort((a, b) => (JSON.stringify(a.batch) < JSON.stringify(b.batch) ? -1 : 1));
        for (const value of values) runBatch(write, value.batch as B, value, true);
        return;
      }
      for (const value of context.values) write(context.key, value);
    },

    summarize(summary) {
      const notes: Partial<Record<NoteName, string>> = {};
      const results: R[] = [];
      const failedBatches: B[] = [];
      const errors: string[] = [];
      const leftBehind: W[] = [];
      summary.output.iterator().each((text, value) => {
        const key = decodeKey<B>(text);
        if ('note' in key) notes[key.note] = value;
        else if ('skipped' in key) {
          failedBatches.push(key.skipped);
          errors.push(`${JSON.stringify(key.skipped)}: left queued, the run lock was lost`);
          leftBehind.push(JSON.parse(value) as W);
        } else if ('postponed' in key) leftBehind.push(JSON.parse(value) as W);
        else results.push(JSON.parse(value) as R);
        return true;
      });
      const collect = (stage: string) => (text: string, error: string): boolean => {
        const key = decodeKey<B>(text);
        if ('batch' in key) failedBatches.push(key.batch);
        else if ('done' in key) failedBatches.push(key.done);
        const label = 'note' in key ? key.note : JSON.stringify('batch' in key ? key.batch : 'done' in key ? key.done : 'lane' in key ? key.lane : 'skipped' in key ? key.skipped : key.postponed);
        errors.push(`${stage} ${label}: ${error}`.slice(0, 500));
        return true;
      };
      summary.mapSummary.errors.iterator().each(collect('map'));
      summary.reduceSummary.errors.iterator().each(collect('reduce'));
      if (summary.inputSummary.error) errors.push(`input: ${summary.inputSummary.error}`);
      // A held-back run did no work: no summary row buries the runs that did.
      if (notes.gate !== undefined && errors.length === 0) return;
      const runId = notes.run ?? `${job.direction}-${summary.dateCreated.toISOString()}`;
      const lock = notes.lock;
      const lockLost = lock !== undefined && !holdsRunLock(lock);
      try {
        job.summarize({ runId, results, failedBatches, leftBehind, errors, lockLost, notes, summary });
      } finally {
        if (lock !== undefined && !lockLost) releaseRunLock(lock);
      }
    },
  };
}

/** The input, map and reduce errors of a map/reduce that keys its own output (preview, reconcile), for its report. */
export function stageErrors(summary: EntryPoints.MapReduce.summarizeContext): string[] {
  const errors: string[] = [];
  if (summary.inputSummary.error) errors.push(`input: ${summary.inputSummary.error}`);
  summary.mapSummary.errors.iterator().each((key, error) => {
    errors.push(`map ${key}: ${error}`.slice(0, 500));
    return true;
  });
  summary.reduceSummary.errors.iterator().each((key, error) => {
    errors.push(`reduce ${key}: ${error}`.slice(0, 500));
    return true;
  });
  return errors;
}
