/**
 * Map/Reduce runner: getInputData → map → shuffle → reduce → summarize, one fresh script instance per invocation,
 * with NetSuite's per-invocation budgets, per-key retries (config.retryCount / exitOnError) and injectable restarts.
 */
import { str } from '../text';
import type { EmulatedAccount } from '../account';
import { nsError, serializeError, describeError } from '../errors';
import { Execution, type LogEntry, type ScriptRunReport } from '../execution';
import type { ExecutionContext } from '../context';
import type { EmulatedUser } from '../profile';
import type { DeploymentDef, ScriptDef } from '../objects';
import { SearchEngine, executeSearch, normalizeColumns, parseFilters, searchDefinitionOf, type SearchDefinition } from '../modules/search';
import { beginTask, endTask } from './tasks';
import { runMapReducesTogether, type Interleave } from './scheduler';

export type MapReduceStageName = 'getInputData' | 'map' | 'reduce' | 'summarize';

export interface MapReduceFault {
  stage: MapReduceStageName;
  /** 1-based invocation within the stage (map/reduce: the nth key); default 1. */
  invocation?: number;
  /** The invocation is cut off right after this many governed N/ calls completed. */
  afterGovernedCalls: number;
}

export interface MapReduceOptions {
  scriptId: string;
  deploymentId?: string;
  params?: Record<string, unknown>;
  faults?: MapReduceFault[];
  taskId?: string;
  /** Run as this user (fields not given are the administrator's); default: the administrator. */
  user?: Partial<EmulatedUser>;
  /** Map and reduce invocations that may be in flight at once; default: the deployment's `concurrencylimit`, else 1. */
  concurrency?: number;
  /** Interleave this run's invocations in a seeded order (default: the account's `interleave`, else one at a time in key order). */
  interleave?: Interleave;
}

export interface StageError {
  key: string;
  name: string;
  message: string;
  executionNo: number;
}

export interface StageReport {
  invocations: number;
  usageMax: number;
  usageTotal: number;
  errors: StageError[];
  restarts: number;
  yields: number;
  reports: ScriptRunReport[];
}

export interface MapReduceReport {
  scriptId: string;
  deploymentId: string;
  taskId: string;
  status: 'COMPLETE' | 'FAILED';
  stages: { input: StageReport; map: StageReport; reduce: StageReport; summarize: StageReport };
  usage: number;
  /** Highest usage of any single invocation. */
  usageMaxPerInvocation: number;
  logs: LogEntry[];
  output: [string, string][];
  inputError?: { name: string; message: string };
  summarizeError?: { name: string; message: string };
  config: { retryCount: number; exitOnError: boolean };
}

const emptyStage = (): StageReport => ({ invocations: 0, usageMax: 0, usageTotal: 0, errors: [], restarts: 0, yields: 0, reports: [] });

/** Keys and values are strings; anything else is JSON.stringified, as NetSuite does. */
const asString = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? str(v));

const KEY_LIMIT = 3000;
const VALUE_LIMIT = 10 * 1024 * 1024;

interface ErrorEntry {
  key: string;
  error: string;
  executionNo: number;
}

export interface KeyedItem {
  key: string;
  value?: string;
  values?: string[];
}

export class Run {
  readonly report: MapReduceReport;
  private readonly faults: MapReduceFault[];
  private config = { retryCount: 0, exitOnError: false };
  private jobUsage = { map: 0, reduce: 0 };

  readonly account: EmulatedAccount;
  readonly script: ScriptDef;
  readonly deployment: DeploymentDef;
  readonly options: MapReduceOptions;
  private readonly context: ExecutionContext;
  constructor(account: EmulatedAccount, script: ScriptDef, deployment: DeploymentDef, options: MapReduceOptions, taskId: string) {
    this.account = account;
    this.context = account.contextFor(options.user, deployment, account.profile.administrator);
    this.script = script;
    this.deployment = deployment;
    this.options = options;
    this.faults = [...(options.faults ?? [])];
    this.report = {
      scriptId: script.id, deploymentId: deployment.id, taskId, status: 'COMPLETE',
      stages: { input: emptyStage(), map: emptyStage(), reduce: emptyStage(), summarize: emptyStage() },
      usage: 0, usageMaxPerInvocation: 0, logs: [], output: [], config: this.config,
    };
  }

  private stageReport(stage: MapReduceStageName): StageReport {
    return stage === 'getInputData' ? this.report.stages.input : this.report.stages[stage];
  }

  private takeFault(stage: MapReduceStageName, invocation: number): number | undefined {
    const i = this.faults.findIndex((f) => f.stage === stage && (f.invocation ?? 1) === invocation);
    if (i < 0) return undefined;
    const [fault] = this.faults.splice(i, 1);
    return fault!.afterGovernedCalls;
  }

  /** One attempt of one invocation: fresh instance, its budget, its report. */
  attempt(stage: MapReduceStageName, invocation: number, build: (x: Execution) => unknown[]): { x: Execution; error?: unknown; result?: unknown; restarted: boolean } {
    const abortAfter = this.takeFault(stage, invocation);
    const x = new Execution(this.account.ports, {
      context: this.context,
      script: this.script, deployment: this.deployment, entryPoint: stage, executionContext: 'MAPREDUCE', budget: this.account.budgets[stage],
      params: this.options.params ?? {}, taskId: this.report.taskId,
      ...(abortAfter !== undefined ? { abortAfterGovernedCalls: abortAfter } : {}),
    });
    x.runtimeInfo.stage = stage;
    let error: unknown;
    let result: unknown;
    try {
      const exports = x.load();
      const cfg = exports.config as { retryCount?: unknown; exitOnError?: unknown } | undefined;
      if (cfg && typeof cfg === 'object') {
        this.config.retryCount = Math.min(3, Math.max(0, Number(cfg.retryCount ?? 0) || 0));
        this.config.exitOnError = cfg.exitOnError === true;
      }
      const entry = exports[stage];
      if (typeof entry === 'function') ({ error, result } = x.invoke(entry, build(x)));
    } catch (e) {
      error = e;
    }
    const report = x.report({ error });
    const sr = this.stageReport(stage);
    sr.reports.push(report);
    sr.usageTotal += report.usage;
    sr.usageMax = Math.max(sr.usageMax, report.usage);
    this.report.usage += report.usage;
    this.report.usageMaxPerInvocation = Math.max(this.report.usageMaxPerInvocation, report.usage);
    this.report.logs.push(...report.logs);
    const restarted = x.meter.dead?.name === 'SSS_APP_SERVER_RESTART';
    if (restarted) sr.restarts++;
    return { x, error, result, restarted };
  }

  hasEntry(name: string): boolean {
    const probe = new Execution(this.account.ports, {
      context: this.context, script: this.script, deployment: this.deployment, entryPoint: 'probe', executionContext: 'MAPREDUCE', budget: 0,
    });
    return typeof probe.load()[name] === 'function';
  }

  iterator<T extends unknown[]>(x: Execution, rows: T[]): { iterator: () => { each: (cb: (...a: T) => unknown) => void } } {
    return x.expose({
      iterator: () => x.expose({
        each: (cb: (...a: T) => unknown) => {
          for (const row of rows) if (cb(...row) !== true) break;
        },
      }),
    });
  }

  writer(x: Execution, sink: [string, string][]): (a: unknown, b?: unknown) => void {
    return (a: unknown, b?: unknown) => {
      const pair = a !== null && typeof a === 'object' && b === undefined && 'key' in a ? (a as { key: unknown; value: unknown }) : { key: a, value: b };
      const key = asString(pair.key);
      const value = asString(pair.value);
      if (key.length > KEY_LIMIT) throw nsError('KEY_LENGTH_IS_OVER_3000_BYTES', 'The key length is over 3000 bytes.');
      if (Buffer.byteLength(value) > VALUE_LIMIT) throw nsError('VALUE_LENGTH_IS_OVER_10_MB', 'The value length is over 10 MB.');
      sink.push([key, value]);
    };
  }

  /**
   * One key of a map or reduce stage, with its retries and restarts: the writes it committed, and whether
   * exitOnError ends the stage.
   */
  runKey(stage: 'map' | 'reduce', item: KeyedItem, invocation: number): { writes: [string, string][]; stop: boolean } {
    const sr = this.stageReport(stage);
    sr.invocations++;
    const history: ErrorEntry[] = [];
    let executionNo = 0;
    let failures = 0;
    let restartedFlag = false;
    for (;;) {
      executionNo++;
      const attemptWrites: [string, string][] = [];
      const { x, error, restarted } = this.attempt(stage, invocation, (ex) => {
        const ctx: Record<string, unknown> = {
          key: item.key,
          isRestarted: restartedFlag,
          executionNo,
          errors: this.iterator<[string, string, number]>(ex, history.map((h) => [h.key, h.error, h.executionNo])),
          write: this.writer(ex, attemptWrites),
        };
        if (stage === 'map') ctx.value = item.value;
        else ctx.values = [...(item.values ?? [])];
        return [ex.expose(ctx)];
      });
      this.countYield(stage, x.meter.used, sr);
      if (error === undefined) return { writes: attemptWrites, stop: false };
      const described = describeError(error);
      history.push({ key: item.key, error: serializeError(error), executionNo });
      sr.errors.push({ key: item.key, name: described.name, message: described.message, executionNo });
      restartedFlag = true;
      if (restarted) continue;
      failures++;
      if (failures > this.config.retryCount) return { writes: [], stop: this.config.exitOnError };
    }
  }

  /** Soft limit: the job yields after an invocation once it has used 10,000 units since the last yield. */
  private countYield(stage: 'map' | 'reduce', used: number, sr: StageReport): void {
    this.jobUsage[stage] += used;
    if (this.jobUsage[stage] >= 10_000) {
      sr.yields++;
      this.jobUsage[stage] = 0;
    }
  }

  /** getInputData's return value as key/value pairs. */
  inputPairs(x: Execution, value: unknown): [string, string][] {
    if (value === undefined || value === null) return [];
    const engine = new SearchEngine(x.data, x.env.info);
    let def: SearchDefinition | undefined = searchDefinitionOf(value);
    if (!def && typeof value === 'object' && (value as { type?: unknown }).type === 'search' && typeof (value as { id?: unknown }).id === 'string') {
      const saved = this.account.savedSearches.get((value as { id: string }).id);
      if (!saved) throw nsError('INVALID_SEARCH', 'That search or mass update does not exist.');
      def = { searchType: saved.type, filterNode: parseFilters(saved.filters), filters: saved.filters, columns: normalizeColumns(saved.columns) };
    }
    if (def) return executeSearch(engine, def).map((r) => [r.id, JSON.stringify(r.toJSON())]);
    if (Array.isArray(value)) return (value as unknown[]).map((v, i) => [str(i), asString(v)]);
    if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, asString(v)]);
    throw nsError('SSS_INVALID_INPUT_DATA', 'getInputData must return an array, an object, a search or a search reference.');
  }

  /** getInputData (restarts re-run the whole stage with isRestarted = true): the input pairs, or the stage's error. */
  runInput(): { pairs: [string, string][]; inputError?: unknown } {
    let isRestarted = false;
    for (;;) {
      this.report.stages.input.invocations++;
      const { x, error, result, restarted } = this.attempt('getInputData', 1, (ex) => [ex.expose({ isRestarted, ObjectRef: { id: null, type: null } })]);
      if (restarted) {
        isRestarted = true;
        continue;
      }
      if (error !== undefined) {
        this.report.inputError = describeError(error);
        return { pairs: [], inputError: error };
      }
      try {
        return { pairs: this.inputPairs(x, result) };
      } catch (e) {
        this.report.inputError = describeError(e);
        return { pairs: [], inputError: e };
      }
    }
  }

  runSummarize(inputError: unknown, mapKeys: string[], reduceKeys: string[], output: [string, string][], concurrency: number): MapReduceReport {
    this.report.output = output;
    let summaryRestarted = false;
    for (;;) {
      this.report.stages.summarize.invocations++;
      const { error, restarted } = this.attempt('summarize', 1, (x) => [this.summaryContext(x, summaryRestarted, inputError, mapKeys, reduceKeys, output, concurrency)]);
      if (restarted) {
        summaryRestarted = true;
        continue;
      }
      if (error !== undefined) this.report.summarizeError = describeError(error);
      break;
    }
    this.report.status = this.report.summarizeError || this.report.inputError ? 'FAILED' : 'COMPLETE';
    return this.report;
  }

  private summaryContext(x: Execution, isRestarted: boolean, inputError: unknown, mapKeys: string[], reduceKeys: string[], output: [string, string][], concurrency: number): unknown {
    const s = this.report.stages;
    const date = x.realm.date(this.account.clock.now());
    const errorsOf = (sr: StageReport): [string, string, number][] =>
      sr.errors.map((e) => [e.key, serializeError({ type: 'error.SuiteScriptError', name: e.name, message: e.message }), e.executionNo]);
    const stageSummary = (sr: StageReport, keys: string[]): unknown => x.expose({
      dateCreated: date, seconds: 0, usage: sr.usageTotal, concurrency, yields: sr.yields,
      keys: this.iterator<[string]>(x, keys.map((k) => [k])),
      errors: this.iterator<[string, string, number]>(x, errorsOf(sr)),
    });
    return x.expose({
      isRestarted,
      dateCreated: date,
      seconds: 0,
      usage: this.report.usage,
      concurrency,
      yields: s.map.yields + s.reduce.yields,
      inputSummary: x.expose({ dateCreated: date, seconds: 0, usage: s.input.usageTotal, error: inputError === undefined ? null : serializeError(inputError) }),
      mapSummary: stageSummary(s.map, mapKeys),
      reduceSummary: stageSummary(s.reduce, reduceKeys),
      output: this.iterator<[string, string]>(x, output),
    });
  }
}

/** Runs one map/reduce to the end; several at once (and the interleaving) through the account's scheduler. */
export function runMapReduce(account: EmulatedAccount, options: MapReduceOptions): MapReduceReport {
  const [report] = runMapReducesTogether(account, [options], options.interleave ?? account.interleave);
  return report!;
}

/** Starts one run: checks the script and deployment, marks its task PROCESSING (one unfinished instance per deployment). */
export function startRun(account: EmulatedAccount, options: MapReduceOptions): { run: Run; finish: (report: MapReduceReport) => void; concurrency: number } {
  const script = account.script(options.scriptId);
  if (script.kind !== 'mapreducescript') throw nsError('SSS_INVALID_SCRIPT_TYPE', `${script.id} is a ${script.kind}, not a map/reduce script.`);
  const deployment = account.deployment(script, options.deploymentId);
  const running = account.submittedTasks.find((t) => t.deploymentId === deployment.id && t.status === 'PROCESSING' && t.taskId !== options.taskId);
  if (running) throw nsError('MAP_REDUCE_ALREADY_RUNNING', `Map/Reduce script ${script.id} with deployment ${deployment.id} is already running or queued.`);
  const task = beginTask(account, 'MAP_REDUCE', script.id, deployment.id, options.params ?? {}, options.taskId);
  const run = new Run(account, script, deployment, { ...options, params: { ...task.params, ...(options.params ?? {}) } }, task.taskId);
  const concurrency = Math.max(1, options.interleave?.concurrency ?? options.concurrency ?? deployment.concurrencyLimit ?? 1);
  return { run, concurrency, finish: (report) => { endTask(task, report.status, report); } };
}
