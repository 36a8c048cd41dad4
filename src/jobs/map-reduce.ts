/**
 * The stage plumbing shared by the push and the pull map/reduce. A job plans batches once in getInputData; each
 * batch runs in exactly one map or reduce invocation (governance resets per invocation) and its result travels to
 * summarize. Entries that are not work ride along too: the run's id (made once, so the summary row and the batch
 * rows share it) and a held-back run's gate. Every key is written and read by one codec, never parsed by hand.
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import type { RunGate, SyncDirection } from '../core/schedule';
import { unitsLeftFor } from '../netsuite/governance';
import { gateRun } from './run-gate';

/** Run notes: facts getInputData hands to summarize. */
export type NoteName = 'run' | 'gate' | 'usage';

type StageKey<B> = { note: NoteName } | { batch: B } | { done: B };

function encodeKey<B>(key: StageKey<B>): string {
  return JSON.stringify(key);
}

function decodeKey<B>(text: string): StageKey<B> {
  const parsed = JSON.parse(text) as StageKey<B>;
  if (typeof parsed !== 'object' || !('note' in parsed || 'batch' in parsed || 'done' in parsed)) throw new Error(`Not a CRM Sync stage key: ${text.slice(0, 100)}`);
  return parsed;
}

export interface PlannedRun<B, W> {
  batches: { key: B; work: W }[];
  /** More notes for summarize (e.g. the API use of getInputData's reads). */
  notes?: Partial<Record<NoteName, string>>;
}

export interface FinishedRun<B, R> {
  runId: string;
  results: R[];
  /** Batches whose invocation failed for good (after NetSuite's retries): their results never arrived. */
  failedBatches: B[];
  /** "stage key: error" for every failed invocation, and the input stage's error. */
  errors: string[];
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
  summarize(run: FinishedRun<B, R>): void;
}

export interface MapReduceStages {
  getInputData: EntryPoints.MapReduce.getInputData;
  map: EntryPoints.MapReduce.map;
  reduce: EntryPoints.MapReduce.reduce;
  summarize: EntryPoints.MapReduce.summarize;
}

/** A job's four entry points. */
export function mapReduceStages<B, W, R>(job: MapReduceJob<B, W, R>): MapReduceStages {
  const runBatch = (workJson: string): string => JSON.stringify(job.run(JSON.parse(workJson) as W));

  return {
    getInputData(context) {
      job.beforeGate?.();
      const runId = `${job.direction}-${new Date().toISOString()}`;
      const gate: RunGate = gateRun(job.direction, job.scheduledDeploymentId, context.isRestarted);
      const plan: Record<string, string> = {};
      const notes: Partial<Record<NoteName, string>> = { run: runId };
      if (gate.run) {
        const planned = job.plan(runId);
        for (const { key, work } of planned.batches) plan[encodeKey({ batch: key })] = JSON.stringify(work);
        Object.assign(notes, planned.notes);
      } else {
        notes.gate = JSON.stringify(gate);
      }
      for (const [name, value] of Object.entries(notes)) plan[encodeKey({ note: name as NoteName })] = value;
      return plan;
    },

    map(context) {
      const key = decodeKey<B>(context.key);
      if ('batch' in key && job.runsInMap(JSON.parse(context.value) as W)) {
        context.write({ key: encodeKey({ done: key.batch }), value: runBatch(context.value) });
        return;
      }
      context.write({ key: context.key, value: context.value });
    },

    reduce(context) {
      const key = decodeKey<B>(context.key);
      if (!('batch' in key)) {
        for (const value of context.values) context.write({ key: context.key, value });
        return;
      }
      if (job.minUnitsForBatch !== undefined && !unitsLeftFor(job.minUnitsForBatch)) {
        // The batch's records stay queued; the next run takes them. Throwing here would only burn a retry.
        log.audit({ title: 'crmsync batch postponed', details: `${job.direction} ${JSON.stringify(key.batch)}: not enough governance left` });
        return;
      }
      for (const value of context.values) context.write({ key: encodeKey({ done: key.batch }), value: runBatch(value) });
    },

    summarize(summary) {
      const notes: Partial<Record<NoteName, string>> = {};
      const results: R[] = [];
      summary.output.iterator().each((text, value) => {
        const key = decodeKey<B>(text);
        if ('note' in key) notes[key.note] = value;
        else results.push(JSON.parse(value) as R);
        return true;
      });
      const failedBatches: B[] = [];
      const errors: string[] = [];
      const collect = (stage: string) => (text: string, error: string): boolean => {
        const key = decodeKey<B>(text);
        if ('batch' in key) failedBatches.push(key.batch);
        else if ('done' in key) failedBatches.push(key.done);
        errors.push(`${stage} ${'note' in key ? key.note : JSON.stringify('batch' in key ? key.batch : key.done)}: ${error}`.slice(0, 500));
        return true;
      };
      summary.mapSummary.errors.iterator().each(collect('map'));
      summary.reduceSummary.errors.iterator().each(collect('reduce'));
      if (summary.inputSummary.error) errors.push(`input: ${summary.inputSummary.error}`);
      // A held-back run did no work: no summary row buries the runs that did.
      if (notes.gate !== undefined && errors.length === 0) return;
      const runId = notes.run ?? `${job.direction}-${summary.dateCreated.toISOString()}`;
      job.summarize({ runId, results, failedBatches, errors, notes, summary });
    },
  };
}
