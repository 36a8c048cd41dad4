/**
 * The account's map/reduce scheduler: several runs (deployments) at once, each with up to its concurrency of map or
 * reduce invocations in flight, interleaved in a seeded order.
 *
 * Scripts here are synchronous, so an invocation cannot be suspended and resumed later. Instead an invocation is
 * *paused at its governed calls*: after a governed call completes (an HTTP request answered, a record saved, a
 * search returned) the scheduler may run other ready invocations, and other users' saves, before the call returns
 * to the script. The interleaving is therefore nested (last paused, first resumed): an invocation started during a
 * pause finishes before the paused one carries on. That covers "B runs while A has a request in flight" and "a user
 * saves between A's read and A's write", which is what the product must survive.
 *
 * Without `interleave` a run is exactly the serial one (keys in order, one invocation at a time).
 */
import { prng } from '../../../support/prng';
import type { EmulatedAccount } from '../account';
import type { MapReduceOptions, MapReduceReport, KeyedItem, Run } from './map-reduce';
import { startRun } from './map-reduce';
import { nsError } from '../errors';

export interface Interleave {
  /** Seeds the order: which ready invocation runs next, and where invocations pause for others. */
  seed: number;
  /** Overrides every run's concurrency (default: the run's own, from its options or its deployment's `concurrencylimit`). */
  concurrency?: number;
  /** Chance (0–1) that a governed call pauses its invocation for another ready one (default 0.25). */
  pauseChance?: number;
  /** How many invocations may be paused inside one another (default 3). */
  maxDepth?: number;
  /** Other users' saves: each runs once, at a seeded pause point or between two invocations. */
  userActions?: (() => void)[];
}

type Stage = 'input' | 'map' | 'reduce' | 'summarize' | 'done';

/** One run's progress through its stages; hands out invocations the scheduler may start. */
class RunState {
  stage: Stage = 'input';
  inFlight = 0;
  maxInFlight = 0;
  private items: KeyedItem[] = [];
  private next = 0;
  private finished = 0;
  private stopped = false;
  private results: [string, string][][] = [];
  private inputError: unknown;
  private readonly mapKeys: string[] = [];
  private readonly reduceKeys: string[] = [];
  private mapped: [string, string][] = [];
  private output: [string, string][] = [];
  private readonly hasMap: boolean;
  private readonly hasReduce: boolean;
  report: MapReduceReport | undefined;

  readonly run: Run;
  readonly concurrency: number;
  private readonly finish: (report: MapReduceReport) => void;
  private readonly account: EmulatedAccount;
  constructor(account: EmulatedAccount, started: { run: Run; concurrency: number; finish: (report: MapReduceReport) => void }) {
    this.account = account;
    this.run = started.run;
    this.concurrency = started.concurrency;
    this.finish = started.finish;
    this.hasMap = this.run.hasEntry('map');
    this.hasReduce = this.run.hasEntry('reduce');
  }

  /** Whether an invocation of this run may start now. */
  ready(): boolean {
    if (this.stage === 'input' || this.stage === 'summarize') return this.inFlight === 0;
    if (this.stage === 'map' || this.stage === 'reduce') return !this.stopped && this.next < this.items.length && this.inFlight < this.concurrency;
    return false;
  }

  /** Runs one invocation (with its retries); the stage moves on when its last invocation finished. */
  step(): void {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.stage === 'input') {
        const { pairs, inputError } = this.run.runInput();
        this.inputError = inputError;
        this.mapped = pairs;
        this.enter(inputError === undefined ? (this.hasMap ? 'map' : 'reduce') : 'summarize');
      } else if (this.stage === 'summarize') {
        this.report = this.run.runSummarize(this.inputError, this.mapKeys, this.reduceKeys, this.output, this.maxInFlight);
        this.stage = 'done';
        this.finish(this.report);
      } else if (this.stage === 'map' || this.stage === 'reduce') {
        const stage = this.stage;
        const index = this.next++;
        const item = this.items[index]!;
        (stage === 'map' ? this.mapKeys : this.reduceKeys).push(item.key);
        const { writes, stop } = this.run.runKey(stage, item, index + 1);
        this.results[index] = writes;
        if (stop) this.stopped = true;
        this.finished++;
        this.account.betweenInvocations?.(stage, index + 1);
        if (this.stage === stage && (this.finished === this.items.length || (this.stopped && this.finished === this.next))) this.endKeyedStage(stage);
      }
    } finally {
      this.inFlight--;
    }
  }

  private endKeyedStage(stage: 'map' | 'reduce'): void {
    // Writes in key order, whatever order the invocations ran in (the shuffle keeps first-seen key order).
    const writes = this.results.flatMap((w) => w ?? []);
    if (stage === 'map' && this.stopped) {
      if (!this.hasReduce) this.output = writes;
      this.enter('summarize');
    } else if (stage === 'map') {
      this.mapped = writes;
      this.enter('reduce');
    } else {
      this.output = writes;
      this.enter('summarize');
    }
  }

  private enter(stage: Stage): void {
    this.stage = stage;
    this.items = [];
    this.results = [];
    this.next = 0;
    this.finished = 0;
    if (stage === 'map') {
      this.items = this.mapped.map(([key, value]) => ({ key, value }));
    } else if (stage === 'reduce') {
      if (!this.hasReduce) {
        this.output = this.mapped;
        this.stage = 'summarize';
        return;
      }
      const groups = new Map<string, string[]>();
      for (const [k, v] of this.mapped) groups.set(k, [...(groups.get(k) ?? []), v]);
      this.items = [...groups.entries()].map(([key, values]) => ({ key, values }));
    }
    if ((stage === 'map' || stage === 'reduce') && this.items.length === 0) {
      if (stage === 'map') this.enter('reduce');
      else this.enter('summarize');
    }
  }
}

/** The scheduler of one `runMapReducesTogether` call; the account routes every completed governed call to `pause`. */
export class Scheduler {
  private depth = 0;
  private readonly random: () => number;
  private readonly actions: (() => void)[];
  private readonly runs: RunState[];
  private readonly interleave: Interleave | undefined;
  constructor(runs: RunState[], interleave: Interleave | undefined) {
    this.runs = runs;
    this.interleave = interleave;
    this.random = prng(interleave?.seed ?? 0);
    this.actions = [...(interleave?.userActions ?? [])];
  }

  private pick(): RunState | undefined {
    const ready = this.runs.filter((r) => r.ready());
    if (ready.length === 0) return undefined;
    return this.interleave === undefined ? ready[0] : ready[Math.floor(this.random() * ready.length)];
  }

  /** A user's save lands here with a seeded chance (each action runs once). */
  private maybeUserAction(chance: number): void {
    if (this.actions.length === 0 || this.random() >= chance) return;
    const action = this.actions.shift()!;
    this.depth++;
    try {
      action();
    } finally {
      this.depth--;
    }
  }

  /** After a governed call completed: maybe let other invocations (and users) run before the call returns. */
  pause(): void {
    const { interleave } = this;
    if (interleave === undefined || this.depth >= (interleave.maxDepth ?? 3)) return;
    const chance = interleave.pauseChance ?? 0.25;
    this.maybeUserAction(chance / 2);
    if (this.random() >= chance) return;
    const next = this.pick();
    if (next === undefined) return;
    this.depth++;
    try {
      next.step();
    } finally {
      this.depth--;
    }
  }

  /** Runs every run to its end. */
  drive(): void {
    for (;;) {
      this.maybeUserAction(0.3);
      const next = this.pick();
      if (next === undefined) break;
      next.step();
    }
    // Saves that never found a slot still happen (after the runs), so a test's changes are all made.
    while (this.actions.length > 0) this.actions.shift()!();
  }
}

/**
 * Runs several map/reduces at once, e.g. a script's scheduled and on-demand deployments firing together. Each is
 * its own task (NetSuite allows one unfinished instance per deployment, so two runs of one deployment are refused
 * with MAP_REDUCE_ALREADY_RUNNING). Reports come back in the order of `runs`.
 */
export function runMapReducesTogether(account: EmulatedAccount, runs: MapReduceOptions[], interleave?: Interleave | null): MapReduceReport[] {
  const deployments = runs.map((o) => account.deployment(account.script(o.scriptId), o.deploymentId).id);
  const twice = deployments.find((d, i) => deployments.indexOf(d) !== i);
  if (twice !== undefined) throw nsError('MAP_REDUCE_ALREADY_RUNNING', `Map/Reduce deployment ${twice} is already running or queued.`);
  const started: RunState[] = [];
  for (const options of runs) {
    const run = startRun(account, interleave?.concurrency === undefined ? options : { ...options, concurrency: interleave.concurrency });
    started.push(new RunState(account, run));
  }
  const scheduler = new Scheduler(started, interleave ?? undefined);
  const previous = account.scheduler;
  account.scheduler = scheduler;
  try {
    scheduler.drive();
  } finally {
    account.scheduler = previous;
  }
  return started.map((s) => s.report!);
}
