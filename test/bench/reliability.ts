/**
 * The reliability part of `npm run bench` (issue 8): every fault case and restart sweep of the fault suite,
 * the bad-input corpus, more convergence seeds than jest runs, and — opt-in with `--load [contacts]` (default
 * 100,000; `--load 5000` for a quick one) — an initial sync plus 10 % edits in one emulated account with
 * governance, queue and memory figures. Prints a table and adds a `reliability` key to bench-results.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { BUDGETS, type BudgetKey } from '../emulator/netsuite/governance';
import { ENTITY_FIELDS, SETTINGS } from '../../src/ids';
import { runCorpus } from '../reliability/bad-input';
import { runConvergence } from '../reliability/convergence';
import { FAULT_CASES, runFaultCase, runSweep, SWEEPS } from '../reliability/fault-cases';
import { checkInvariants, quiesce, reliabilityWorld, violations, type InvariantReport } from '../reliability/harness';
import { drainPush, pendingQueue } from '../scenarios/world';

interface Row {
  name: string;
  direction: string;
  step: string;
  fault: string;
  faults: number;
  changes: number;
  lost: number;
  duplicated: number;
  failedExplained: number;
  unexplained: number;
  queueLeft: number;
}

function row(name: string, direction: string, step: string, fault: string, faults: number, changes: number, reports: readonly InvariantReport[]): Row {
  const sum = (pick: (r: InvariantReport) => readonly string[]): number => reports.reduce((n, r) => n + pick(r).length, 0);
  return {
    name, direction, step, fault, faults, changes,
    lost: sum((r) => r.lost), duplicated: sum((r) => r.duplicated), failedExplained: sum((r) => r.failedExplained),
    unexplained: sum((r) => r.unexplained), queueLeft: sum((r) => r.queue),
  };
}

function table(rows: readonly string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => '| ' + r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |').join('\n');
}

function loadSize(): number | null {
  const at = process.argv.indexOf('--load');
  if (at < 0) return null;
  const next = Number(process.argv[at + 1]);
  return Number.isInteger(next) && next > 0 ? next : 100_000;
}

interface LoadFigures {
  contacts: number;
  customers: number;
  edits: number;
  /** Edits made while changes were still waiting in the queue (during the initial sync). */
  editsWhileSyncing: number;
  /** Users creating the records (each save runs the user event that queues it). */
  createMs: number;
  /** First push run until the queue is quiet, with the edits landing in between. */
  syncMs: number;
  invocations: number;
  overBudget: number;
  maxUsageShare: number;
  worstInvocation: string;
  governanceErrors: number;
  pendingAfter: number;
  inSalesforce: number;
  violations: number;
  heapPeakMb: number;
  /** Most script realms alive after a full GC at any sample (each invocation gets a fresh one). */
  realmsAlive: number;
  /** NetSuite records in the emulated account at the end (contacts, customers, queue, log, …). */
  recordsStored: number;
}

/**
 * Full GCs until the heap stops shrinking (at most 10), as V8 does before it gives up with out-of-memory: a
 * finished script realm can take more than one full GC to be freed, so one gc() overstates what is retained.
 */
function collectAllGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return;
  // A full GC runs the weak callbacks of dead realms; only the next one frees them, so one quiet round proves little.
  let before = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    gc();
    const now = process.memoryUsage().heapUsed;
    if (round >= 3 && now > before * 0.99) return;
    before = now;
  }
}

function progress(text: string): void {
  if (process.stderr.isTTY || process.env.BENCH_PROGRESS) process.stderr.write(`  ${text}\n`);
}

/** 100k contacts created as users would, then the initial sync with 10 % of them edited while it runs. */
export function runLoad(contacts: number): LoadFigures {
  const world = reliabilityWorld({ settings: { [SETTINGS.batchSize]: 15 } });
  const { account } = world;
  const budgetOf = (r: { scriptType: string; entryPoint: string }): number => {
    if (r.scriptType === 'usereventscript') return BUDGETS.userevent;
    return BUDGETS[r.entryPoint as BudgetKey] ?? BUDGETS.scheduled;
  };
  const gov = { invocations: 0, overBudget: 0, errors: 0, maxShare: 0, worst: '' };
  let heapPeak = 0;
  let realmsAlive = 0;
  /**
   * Folds the emulator's per-invocation reports into the governance figures and drops its history (run
   * reports, HTTP and N/log records), so the heap measures the account and the sync, not the emulator's logs.
   */
  const sample = (): void => {
    for (const r of account.runs) {
      gov.invocations += 1;
      const share = r.usage / budgetOf(r);
      if (r.usage > budgetOf(r)) gov.overBudget += 1;
      if (r.error?.name === 'SSS_USAGE_LIMIT_EXCEEDED' || r.killed !== undefined) gov.errors += 1;
      if (share > gov.maxShare) {
        gov.maxShare = share;
        gov.worst = `${r.scriptId} ${r.entryPoint} ${r.usage}/${budgetOf(r)}`;
      }
    }
    account.runs.splice(0);
    account.httpLog.splice(0);
    account.logs.splice(0);
    // The emulators' request logs are test instrumentation, not the account's or the sync's memory.
    world.salesforce.resetCounters();
    world.pardot.resetCounters();
    // Finished map/reduce tasks keep their full reports (every invocation's logs): instrumentation too.
    for (let i = account.submittedTasks.length - 1; i >= 0; i--) {
      if (account.submittedTasks[i]?.status !== 'PENDING') account.submittedTasks.splice(i, 1);
    }
    // Without --expose-gc (npm run bench passes it) heapUsed would include garbage not yet collected.
    collectAllGarbage();
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    // Every invocation runs in a fresh realm; one still alive after a full GC means something kept it.
    realmsAlive = Math.max(realmsAlive, getHeapStatistics().number_of_native_contexts - 1);
  };
  const ids: number[] = [];
  let customers = 0;
  const started = Date.now();
  while (ids.length < contacts) {
    const customerId = Number(account.ui.create('customer', { companyname: `Load Co ${customers}`, subsidiary: world.subsidiary, currency: world.usd }).id);
    customers += 1;
    const size = 1 + (customers % 20);
    for (let i = 0; i < size && ids.length < contacts; i++) {
      ids.push(Number(account.ui.create('contact', { firstname: 'Load', lastname: `Contact ${ids.length}`, email: `load${ids.length}@load.example`, company: customerId, subsidiary: world.subsidiary }).id));
    }
    if (customers % 200 === 0) {
      sample();
      progress(`created ${ids.length}/${contacts} contacts`);
    }
  }
  const createMs = Date.now() - started;
  sample();
  // Users keep editing while the initial sync runs: a slice of the edits lands between every two push runs, on
  // contacts already synced (a new change) and on contacts still waiting (the same queue entry, re-armed).
  const syncStarted = Date.now();
  const edits = Math.round(contacts / 10);
  // Spread so the edits land while the initial sync runs: its first run has about one invocation per 40 contacts (a
  // contact batch carries up to four writes of 15). One edit per 10 contacts' invocations, as before the batches grew,
  // left most edits to a tail of small follow-up runs.
  const perInvocation = Math.max(1, Math.ceil(edits / Math.max(1, contacts / 40)));
  let edited = 0;
  let editsWhileSyncing = 0;
  let pushRuns = 0;
  const editSome = (count: number): void => {
    for (let k = 0; k < count && edited < edits; k++, edited++) {
      const id = ids[(edited * 7919) % ids.length] ?? 0;
      account.ui.inlineEdit('contact', id, { title: `Edited ${edited}` });
    }
  };
  // NetSuite runs user saves while a job's invocations run; the emulator calls this after each one.
  account.betweenInvocations = () => {
    const before = edited;
    editSome(perInvocation);
    editsWhileSyncing += edited - before;
  };
  while (account.submittedTasks.some((t) => t.status === 'PENDING') && pushRuns < 1000) {
    account.runQueuedTasks({ maxRuns: 1 });
    pushRuns += 1;
    sample();
    progress(`push run ${pushRuns}: ${edited}/${edits} edits made, ${pendingQueue(world).length} changes pending, heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB, realms ${realmsAlive}`);
  }
  account.betweenInvocations = null;
  editSome(edits);
  drainPush(world);
  sample();
  quiesce(world, { pull: false, maxRounds: 4 });
  const syncMs = Date.now() - syncStarted;
  sample();
  const report = checkInvariants(world);
  sample();
  return {
    contacts, customers, edits, editsWhileSyncing, createMs, syncMs,
    invocations: gov.invocations,
    overBudget: gov.overBudget,
    maxUsageShare: Math.round(gov.maxShare * 1000) / 1000,
    worstInvocation: gov.worst,
    governanceErrors: gov.errors,
    pendingAfter: pendingQueue(world).length,
    inSalesforce: account.all('contact').filter((c) => typeof c[ENTITY_FIELDS.salesforceId] === 'string' && c[ENTITY_FIELDS.salesforceId] !== '').length,
    violations: violations(report).length,
    heapPeakMb: Math.round(heapPeak / 1024 / 1024),
    realmsAlive,
    recordsStored: account.store.count(),
  };
}

function printLoad(l: LoadFigures): void {
  process.stdout.write('\n' + table([
    ['load contacts', 'customers', 'edits (while syncing)', 'create s', 'sync s', 'invocations', 'over budget', 'max usage/budget', 'governance errors', 'queue left', 'in Salesforce', 'violations', 'heap peak MB (after GC when --expose-gc)', 'records stored', 'realms alive'],
    [String(l.contacts), String(l.customers), `${l.edits} (${l.editsWhileSyncing})`, String(Math.round(l.createMs / 1000)), String(Math.round(l.syncMs / 1000)), String(l.invocations), String(l.overBudget), `${l.maxUsageShare} (${l.worstInvocation})`, String(l.governanceErrors), String(l.pendingAfter), String(l.inSalesforce), String(l.violations), String(l.heapPeakMb), String(l.recordsStored), String(l.realmsAlive)],
  ]) + '\n');
}

/** `--load N --load-only`: the load run alone, its table printed (nothing written to bench-results.json). */
export function runLoadOnly(): void {
  const load = loadSize() ?? 100_000;
  process.stdout.write(`load (${load} contacts)…`);
  printLoad(runLoad(load));
}

export function runReliabilityBench(file: string): void {
  // Load first: its heap figure must measure the load, not worlds the other phases leave for the collector.
  const load = loadSize();
  let loadFigures: LoadFigures | null = null;
  if (load !== null) {
    process.stdout.write(`\nreliability: load (${load} contacts)…`);
    loadFigures = runLoad(load);
  }
  process.stdout.write('\nreliability: fault cases…');
  const started = Date.now();
  const rows: Row[] = [];
  for (const c of FAULT_CASES) {
    const r = runFaultCase(c);
    rows.push(row(r.name, r.direction, r.step, r.fault, r.faults, r.changes, [r.report]));
  }
  process.stdout.write(' restart sweeps…');
  for (const spec of SWEEPS) {
    const r = runSweep(spec);
    const steps = [...new Set(r.points.map((p) => p.reached))].length;
    rows.push(row(r.name, r.direction, `${r.governedCalls} cut points (${steps} kinds of step)`, `restart (${r.stage})`, r.faults, r.changes, r.points.map((p) => p.report)));
  }
  process.stdout.write(' bad input…');
  const corpus = runCorpus();
  const asExpected = corpus.results.filter((r) => r.problems.length === 0).length;
  process.stdout.write(' convergence…');
  // At least 50 seeds of people working (late commits, deletes on both sides, merges) across the three systems.
  const seeds = Array.from({ length: 50 }, (_, i) => i + 1).map((seed) => runConvergence(seed));
  process.stdout.write(' done\n\n');

  const total = rows.reduce((t, r) => ({ faults: t.faults + r.faults, changes: t.changes + r.changes, lost: t.lost + r.lost, duplicated: t.duplicated + r.duplicated, failedExplained: t.failedExplained + r.failedExplained, unexplained: t.unexplained + r.unexplained, queueLeft: t.queueLeft + r.queueLeft }),
    { faults: 0, changes: 0, lost: 0, duplicated: 0, failedExplained: 0, unexplained: 0, queueLeft: 0 });
  const header = ['case', 'dir', 'step', 'fault', 'faults injected', 'changes', 'lost', 'duplicated', 'failed-explained', 'unexplained', 'queue left'];
  const body = rows.map((r) => [r.name, r.direction, r.step, r.fault, String(r.faults), String(r.changes), String(r.lost), String(r.duplicated), String(r.failedExplained), String(r.unexplained), String(r.queueLeft)]);
  process.stdout.write(table([header, ...body, ['TOTAL', '', `${rows.length} cases`, '', String(total.faults), String(total.changes), String(total.lost), String(total.duplicated), String(total.failedExplained), String(total.unexplained), String(total.queueLeft)]]) + '\n\n');
  const converged = seeds.filter((s) => s.ownership.length === 0 && s.violations.length === 0).length;
  const pingPong = seeds.reduce((n, s) => n + s.extraWrites.salesforce + s.extraWrites.pardot, 0);
  process.stdout.write(table([
    ['bad-input cases', 'as expected', 'known gaps', 'good batch-mates synced', 'invocation errors'],
    [String(corpus.results.length), String(asExpected), corpus.results.filter((r) => r.problems.length > 0).map((r) => r.name).join('; ') || '-', `${corpus.siblingsSynced}/${corpus.siblings}`, String(corpus.invocationErrors.length)],
  ]) + '\n\n');
  const lostEdits = seeds.reduce((n, s) => n + s.ownership.length, 0);
  const resurrections = seeds.reduce((n, s) => n + s.resurrections.length, 0);
  const people = seeds.reduce((t, s) => ({ nd: t.nd + s.removals.netsuiteDeletes, sd: t.sd + s.removals.salesforceDeletes, m: t.m + s.removals.merges, l: t.l + s.removals.lateCommits, r: t.r + s.removals.racingNetSuiteChange }), { nd: 0, sd: 0, m: 0, l: 0, r: 0 });
  const conflicts = seeds.reduce((n, s) => n + s.conflictsLogged, 0);
  process.stdout.write(table([
    ['convergence seeds', 'edits (NS/SF/Pardot)', 'late commits', 'deletes NS/SF', 'merges', 'SF removals racing a NS change', 'conflicts logged', 'converged', 'lost edits', 'resurrections', 'writes on the extra cycle'],
    [String(seeds.length), [seeds.reduce((n, s) => n + s.edits.netsuite, 0), seeds.reduce((n, s) => n + s.edits.salesforce, 0), seeds.reduce((n, s) => n + s.edits.pardot, 0)].join('/'),
      String(people.l), `${people.nd}/${people.sd}`, String(people.m), String(people.r), String(conflicts), `${converged}/${seeds.length}`, String(lostEdits), String(resurrections), String(pingPong)],
  ]) + '\n');
  for (const s of seeds) for (const problem of [...s.ownership, ...s.resurrections]) process.stdout.write(`  seed ${s.seed}: ${problem}\n`);
  if (loadFigures !== null) {
    printLoad(loadFigures);
  } else {
    process.stdout.write('\n(load run skipped: add --load for 100,000 contacts, or --load 5000 for a quick one)\n');
  }

  const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> : {};
  results.reliability = {
    generatedAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    totals: { cases: rows.length, ...total },
    cases: rows,
    badInput: { cases: corpus.results.length, asExpected, knownGaps: corpus.results.filter((r) => r.problems.length > 0).map((r) => ({ name: r.name, problems: r.problems })), batchMatesSynced: corpus.siblingsSynced, batchMates: corpus.siblings },
    convergence: { seeds: seeds.length, converged, lostEdits, resurrections, writesOnExtraCycle: pingPong, pingPongWrites: pingPong, people, conflictsLogged: conflicts, edits: seeds.map((s) => ({ seed: s.seed, ...s.edits })) },
    load: loadFigures,
  };
  writeFileSync(file, JSON.stringify(results, null, 2));
  process.stdout.write(`\nwrote reliability figures to ${file}\n`);
}
