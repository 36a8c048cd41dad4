/**
 * `npm run bench [-- --sizes 1000,10000] [--single-currency]`: the push against a naive per-record connector, both running as
 * SuiteScripts in the emulated account against the Salesforce emulator, in the same process. Prints API calls
 * per contact, records per request, governance per contact and per save, wall time, and writes
 * bench-results.json. Figures, not timings, are what to compare: the machine is noisy, ratios are not.
 */
import { cpSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prng } from '../support/prng';
import { createWorld, drainPush, logReasons as logReasonsOf, PARDOT_BUSINESS_UNIT, runPull, runPush, type World } from '../scenarios/world';
import { ENTITY_FIELDS, SCRIPT_PARAMS, SETTINGS } from '../../src/ids';
import { runLoadOnly, runReliabilityBench } from './reliability';
import { runConcurrencyBench } from './concurrency';
import type { RequestLogEntry } from '../emulator/salesforce';
import { measureReports, printReportFigures, type ReportFigures } from './reports';
import { printTargetChecks } from './targets';

const ROOT = join(__dirname, '..', '..');


interface Plan {
  customers: number[];
  orphans: number;
  existingInSalesforce: Set<number>;
  edits: { contact: number; mapped: boolean }[];
}

/** 40 % 1 contact, 30 % 2–5, 20 % 6–15, 8 % 16–60, 2 % 100–500; 3 % orphans; 10 % already in Salesforce. */
function plan(contacts: number, seed = 42): Plan {
  const random = prng(seed);
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const orphans = Math.round(contacts * 0.03);
  const customers: number[] = [];
  let remaining = contacts - orphans;
  while (remaining > 0) {
    const r = random();
    const size = r < 0.4 ? 1 : r < 0.7 ? between(2, 5) : r < 0.9 ? between(6, 15) : r < 0.98 ? between(16, 60) : between(100, 500);
    customers.push(Math.min(size, remaining));
    remaining -= Math.min(size, remaining);
  }
  const existingInSalesforce = new Set<number>();
  while (existingInSalesforce.size < Math.round(contacts * 0.1)) existingInSalesforce.add(between(0, contacts - 1));
  const edits: Plan['edits'] = [];
  const edited = new Set<number>();
  while (edited.size < Math.round(contacts * 0.3)) edited.add(between(0, contacts - 1));
  for (const contact of edited) edits.push({ contact, mapped: random() >= 0.7 });
  return { customers, orphans, existingInSalesforce, edits };
}

export interface Figures {
  sfApiCalls: number;
  sfCallsPerContact: number;
  maxContactsPerRequest: number;
  mrUnitsPerContact: number;
  ueUnitsPerSave: number;
  ueHttpCalls: number;
  duplicates: number;
  wallMs: number;
  /** Salesforce API calls of the initial sync by what they did (a /composite request is one call). */
  callsByKind: Record<string, number>;
  /** Governance units of the initial sync's push by N/ call (map/reduce and what its saves triggered). */
  unitsByCall: Record<string, number>;
}

interface PullFigures {
  editedInSalesforce: number;
  sfApiCalls: number;
  sfCallsPerPulledRecord: number;
  mrUnitsPerPulledRecord: number;
  updatedInNetSuite: number;
  wallMs: number;
}

interface PardotFigures {
  prospects: number;
  pardotApiCalls: number;
  pardotCallsPerContact: number;
  mrUnitsPerContact: number;
  /** Pardot calls by kind (v4 batch, v5 query, …) and governance units by N/ call during the Pardot sync. */
  pardotCallsByKind: Record<string, number>;
  unitsByCall: Record<string, number>;
  wallMs: number;
}

/**
 * What each counted Salesforce API call did. A /composite request is one API call ("The entire series of requests
 * counts as a single call toward your API limits"): it is named after its subrequests.
 */
export function callsByKind(requests: readonly RequestLogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (name: string): void => { out[name] = (out[name] ?? 0) + 1; };
  const object = (e: RequestLogEntry): string => (/\/(Contact|Account)\b/.exec(e.path)?.[1] ?? /FROM (Contact|Account)\b/.exec(e.soql ?? '')?.[1] ?? '');
  const describe = (e: RequestLogEntry): string => {
    if (e.kind === 'query' || e.kind === 'queryAll') return `SOQL ${object(e)}`.trim();
    if (e.kind === 'collectionsUpsert') return `${object(e)} upsert by external id`;
    if (e.kind === 'collectionsUpdate') return 'update by id';
    return e.kind;
  };
  for (const e of requests) {
    if (e.kind === 'token' || e.kind === 'versions' || typeof e.status !== 'number' || [401, 414, 431].includes(e.status) || (e.status === 403)) continue;
    if (e.kind === 'composite') {
      const parts = [...new Set((e.subrequests ?? []).map(describe))].sort();
      add(`composite: ${parts.join(' + ')}`);
    } else add(describe(e));
  }
  return out;
}

/** The most Contacts one write carried (a collection write alone or inside a /composite request; Accounts go 50 a write). */
function maxContactsPerWrite(requests: readonly RequestLogEntry[]): number {
  const writes = requests.flatMap((e) => (e.kind === 'composite' ? e.subrequests ?? [] : [e]))
    .filter((e) => WRITE_KIND.test(e.kind) && typeof e.status === 'number' && e.status < 300 && ((e.types ?? []).includes('Contact') || e.kind.startsWith('single')));
  return Math.max(0, ...writes.map((e) => e.records));
}
const WRITE_KIND = /^(collections(Create|Update|Upsert)|single(Create|Update|Upsert))$/;

interface RunResult {
  figures: Figures;
  editStorm: { edits: number; mappedEdits: number; sfApiCalls: number; payload: PayloadFigures };
  /** The initial sync's write requests (every field of every record). */
  initialPayload: PayloadFigures;
}

function mapReduceUnits(world: World, from: number): number {
  return world.account.runs.slice(from).filter((r) => r.scriptType === 'mapreducescript').reduce((sum, r) => sum + r.usage, 0);
}

/** 10 % of the synced contacts are edited by a person in Salesforce; one pull brings them back. */
function measurePull(world: World): PullFigures {
  const { salesforce, account } = world;
  const linked = salesforce.allContacts().filter((c) => c.Oracle_netsuiteid__c !== null);
  const edited = linked.filter((_, i) => i % 10 === 0);
  runPull(world); // the first pull only sets the watermarks (everything so far is our own echo)
  world.advance(60_000);
  for (const contact of edited) salesforce.updateAsUser('Contact', String(contact.Id), { Title: `Edited in Salesforce ${String(contact.Id)}` });
  salesforce.resetCounters();
  const runsBefore = account.runs.length;
  const started = Date.now();
  runPull(world);
  const wallMs = Date.now() - started;
  const updated = edited.filter((c) => {
    const title = account.get('contact', Number(c.Oracle_netsuiteid__c))?.title;
    return typeof title === 'string' && title.startsWith('Edited in Salesforce');
  }).length;
  const calls = salesforce.counters().apiCalls;
  return {
    editedInSalesforce: edited.length,
    sfApiCalls: calls,
    sfCallsPerPulledRecord: round(calls / Math.max(1, edited.length)),
    mrUnitsPerPulledRecord: round(mapReduceUnits(world, runsBefore) / Math.max(1, edited.length)),
    updatedInNetSuite: updated,
    wallMs,
  };
}

/** Pardot switched on afterwards: a full sync makes every contact with an email a prospect. */
function measurePardot(world: World, contacts: number): PardotFigures {
  const { account, pardot } = world;
  const settingsId = Number(account.all(SETTINGS.type)[0]?.id);
  account.seedUpdate(SETTINGS.type, settingsId, {
    [SETTINGS.pardotEnabled]: true, [SETTINGS.pardotBusinessUnit]: PARDOT_BUSINESS_UNIT, [SETTINGS.pardotHost]: 'https://pi.pardot.com',
    [SETTINGS.pardotAutoCreate]: true, [SETTINGS.pardotAutoCreateSince]: '2000-01-01T00:00:00.000Z',
  });
  account.evictCaches();
  pardot.resetCounters();
  const runsBefore = account.runs.length;
  const started = Date.now();
  const unitsByCall: Record<string, number> = {};
  account.onGovernedCall = (_meter, api, units) => { unitsByCall[api] = (unitsByCall[api] ?? 0) + units; };
  runPush(world, { [SCRIPT_PARAMS.fullSync]: true });
  // A big customer's contacts run in one lane and may finish in follow-up runs: count those too.
  world.account.runQueuedTasks({ maxRuns: 100 });
  account.onGovernedCall = null;
  const wallMs = Date.now() - started;
  const calls = pardot.counters().apiCalls;
  const pardotCallsByKind = Object.fromEntries(Object.entries(pardot.counters().byKind).filter(([, n]) => n > 0));
  return {
    prospects: account.all('contact').filter((c) => c[ENTITY_FIELDS.pardotId] !== undefined && c[ENTITY_FIELDS.pardotId] !== '').length,
    pardotApiCalls: calls, pardotCallsPerContact: round(calls / contacts), mrUnitsPerContact: round(mapReduceUnits(world, runsBefore) / contacts),
    pardotCallsByKind, unitsByCall, wallMs,
  };
}

function emailOf(index: number): string {
  return `contact${index}@bench.example`;
}

/** Creates the account as users would (user events fire), then lets the scripts run to the end. */
function run(world: World, p: Plan, kind: 'ours' | 'baseline'): RunResult {
  return runWorld(world, p, kind).result;
}

function runWorld(world: World, p: Plan, kind: 'ours' | 'baseline'): { result: RunResult; total: number } {
  const { account, salesforce } = world;
  const total = p.customers.reduce((a, b) => a + b, 0) + p.orphans;
  for (const index of p.existingInSalesforce) salesforce.seedContact({ LastName: `Existing ${index}`, Email: emailOf(index) });
  salesforce.resetCounters();
  const started = Date.now();
  const contactIds: number[] = [];
  let index = 0;
  for (const [c, size] of p.customers.entries()) {
    const customerId = Number(account.ui.create('customer', { companyname: `Bench Customer ${c}`, subsidiary: world.subsidiary, currency: world.usd }).id);
    for (let i = 0; i < size; i++, index++) {
      contactIds.push(Number(account.ui.create('contact', { firstname: 'Bench', lastname: `Contact ${index}`, email: emailOf(index), company: customerId, subsidiary: world.subsidiary }).id));
    }
  }
  for (let i = 0; i < p.orphans; i++, index++) {
    contactIds.push(Number(account.ui.create('contact', { firstname: 'Bench', lastname: `Orphan ${index}`, email: emailOf(index), subsidiary: world.subsidiary }).id));
  }
  const unitsByCall: Record<string, number> = {};
  account.onGovernedCall = (_meter, api, units) => { unitsByCall[api] = (unitsByCall[api] ?? 0) + units; };
  if (kind === 'ours') drainPush(world);
  account.onGovernedCall = null;
  const wallMs = Date.now() - started;

  const runs = account.runs;
  const ueRuns = runs.filter((r) => r.scriptType === 'usereventscript' && r.executionContext === 'USERINTERFACE');
  const mrUnits = runs.filter((r) => r.scriptType === 'mapreducescript').reduce((sum, r) => sum + r.usage, 0);
  const ueUnits = ueRuns.reduce((sum, r) => sum + r.usage, 0);
  const saves = p.customers.length + total;
  const ueHttpCalls = account.httpLog.filter((h) => h.scriptId.includes('_ue_') || h.scriptId.includes('naive')).length;
  const counters = salesforce.counters();
  const byEmail = new Map<string, number>();
  for (const contact of salesforce.allContacts()) {
    const email = String(contact.Email ?? '').toLowerCase();
    byEmail.set(email, (byEmail.get(email) ?? 0) + 1);
  }
  const duplicates = [...byEmail.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const figures: Figures = {
    sfApiCalls: counters.apiCalls,
    sfCallsPerContact: round(counters.apiCalls / total),
    maxContactsPerRequest: maxContactsPerWrite(counters.requests),
    mrUnitsPerContact: round(mrUnits / total),
    ueUnitsPerSave: round(ueUnits / Math.max(1, saves)),
    ueHttpCalls,
    duplicates,
    wallMs,
    callsByKind: callsByKind(counters.requests),
    unitsByCall: kind === 'ours' ? unitsByCall : {},
  };

  const initialPayload = payloadFigures(salesforce);
  salesforce.resetCounters();
  world.advance(60 * 60_000);
  for (const edit of p.edits) {
    const id = contactIds[edit.contact] ?? 0;
    account.ui.inlineEdit('contact', id, edit.mapped ? { title: `Title ${edit.contact}` } : { comments: `Note ${edit.contact}` });
  }
  if (kind === 'ours') drainPush(world);
  // The mapped edits change one field (title): a push sends that field and the external id, not the whole record.
  const editStorm = { edits: p.edits.length, mappedEdits: p.edits.filter((e) => e.mapped).length, sfApiCalls: salesforce.counters().apiCalls, payload: payloadFigures(salesforce) };
  return { result: { figures, editStorm, initialPayload }, total };
}

/** Bytes of the Salesforce write requests (request bodies): what a push costs on the wire. */
interface PayloadFigures { writeRequests: number; bytesPerRequest: number; bytesPerRecord: number }

function payloadFigures(salesforce: World['salesforce']): PayloadFigures {
  const writeKinds = ['collectionsUpdate', 'collectionsUpsert', 'collectionsCreate', 'singleUpsert', 'singleUpdate', 'singleCreate'];
  // A /composite request that carries a batch's writes is one write request on the wire (its body holds both).
  const writes = salesforce.counters().requests.filter((r) => writeKinds.includes(r.kind) || (r.kind === 'composite' && (r.subrequests ?? []).some((sub) => writeKinds.includes(sub.kind))));
  const bytes = writes.reduce((n, r) => n + (r.bytes ?? 0), 0);
  const records = writes.reduce((n, r) => n + (r.kind === 'composite' ? (r.subrequests ?? []).reduce((m, sub) => m + sub.records, 0) : r.records), 0);
  return { writeRequests: writes.length, bytesPerRequest: Math.round(bytes / Math.max(1, writes.length)), bytesPerRecord: Math.round(bytes / Math.max(1, records)) };
}

interface OrgVariantFigures {
  org: 'single-currency';
  contacts: number;
  ours: Figures;
  editStorm: RunResult['editStorm'];
  pull: PullFigures;
  /** Final sync status of every contact and customer (orphans end Skipped, by design). */
  statuses: Record<string, number>;
  /** Requests Salesforce refused with HTTP 400 or more during the push and the edit storm (a missing field fails a whole request). */
  rejectedRequests: number;
}

/**
 * `--single-currency`: the same plan pushed into a single-currency org (no CurrencyIsoCode, test/emulator/salesforce
 * README "Org variants"): figures, final statuses, and how many requests Salesforce refused.
 */
function singleCurrencyRun(p: Plan, size: number): OrgVariantFigures {
  const world = createWorld({ org: { multiCurrency: false } });
  const { result } = runWorld(world, p, 'ours');
  const pull = measurePull(world);
  // Every answer the scripts got is in the account's HTTP log (the emulator's own counters are reset between phases).
  const rejected = world.account.httpLog.filter((h) => !h.url.includes('/oauth2/') && !h.url.includes('pardot.com') && (h.response?.code ?? 0) >= 400).length;
  const statuses: Record<string, number> = {};
  for (const type of ['customer', 'contact'] as const) {
    for (const row of world.account.all(type)) {
      const status = row[ENTITY_FIELDS.status];
      const key = `${type}:${typeof status === 'string' && status !== '' ? status : 'none'}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  }
  // Nothing may stay Pending after the final pull: a record ends Completed, or Skipped/Failed with its reason.
  const pending = (['customer', 'contact'] as const).flatMap((type) => world.account.all(type)
    .filter((row) => row[ENTITY_FIELDS.status] === 'Pending')
    .map((row) => `${type} ${String(row.id)}${typeof row.email === 'string' ? ` (${row.email})` : ''}: ${logReasonsOf(world, Number(row.id)).join(', ') || 'no log'}`));
  if (pending.length > 0) process.exitCode = 1;
  for (const line of pending) process.stdout.write(`\nPENDING after the final pull: ${line}`);
  return { org: 'single-currency', contacts: size, ours: result.figures, editStorm: result.editStorm, pull, statuses, rejectedRequests: rejected };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A throwaway SDF project: this bundle's custom fields and records, but the naive user events as scripts. */
function baselineProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crmsync-bench-'));
  mkdirSync(join(dir, 'Objects'));
  for (const file of readdirSync(join(ROOT, 'Objects'))) {
    if (!file.startsWith('customscript_')) cpSync(join(ROOT, 'Objects', file), join(dir, 'Objects', file));
  }
  const baseline = join(__dirname, 'baseline');
  for (const file of readdirSync(baseline).filter((f) => f.endsWith('.xml'))) cpSync(join(baseline, file), join(dir, 'Objects', file));
  mkdirSync(join(dir, 'FileCabinet/SuiteScripts/bench'), { recursive: true });
  cpSync(join(baseline, 'crmsync_bench_naive_ue.js'), join(dir, 'FileCabinet/SuiteScripts/bench/crmsync_bench_naive_ue.js'));
  for (const file of ['manifest.xml', 'deploy.xml']) cpSync(join(ROOT, file), join(dir, file));
  return dir;
}

function sizesFromArgs(): number[] {
  const at = process.argv.indexOf('--sizes');
  const raw = at >= 0 ? process.argv[at + 1] : undefined;
  const sizes = (raw ?? '1000,10000').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0) throw new Error('--sizes takes a comma-separated list of positive integers, e.g. --sizes 1000,10000');
  return sizes;
}

function main(): void {
  if (process.argv.includes('--load-only')) {
    runLoadOnly();
    return;
  }
  if (process.argv.includes('--concurrency')) {
    runConcurrencyBench(Number(argValue('--seeds') ?? 12));
    return;
  }
  // Preview and reconcile cost: 1,000 contacts by default; `--reports-sizes 10000` for more, `--reports-only` alone.
  const reportSizes = (argValue('--reports-sizes') ?? '1000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const reports: ReportFigures[] = [];
  const runReports = (): void => {
    for (const size of reportSizes) {
      process.stdout.write(`\npreview and reconcile at ${size} contacts…`);
      reports.push(measureReports(size));
    }
    printReportFigures(reports);
  };
  if (process.argv.includes('--reports-only')) {
    runReports();
    const out = argValue('--out') ?? join(ROOT, 'bench-reports.json');
    writeFileSync(out, JSON.stringify({ generatedAt: new Date().toISOString(), reports }, null, 2));
    process.stdout.write(`\nwrote ${out}\n`);
    return;
  }
  const results: {
    contacts: number; customers: number; ours: Figures; baseline: Figures; ratio: Record<string, number>;
    editStorm: RunResult['editStorm']; baselineEditStorm: RunResult['editStorm']; pull: PullFigures; pardot: PardotFigures;
    initialPayload: PayloadFigures;
  }[] = [];
  const variants: OrgVariantFigures[] = [];
  const project = baselineProject();
  try {
    for (const size of sizesFromArgs()) {
      const p = plan(size);
      process.stdout.write(`\n${size} contacts in ${p.customers.length} customers (+${p.orphans} orphans): running ours…`);
      const oursWorld = createWorld();
      const { result: ours, total } = runWorld(oursWorld, p, 'ours');
      process.stdout.write(' pull…');
      const pull = measurePull(oursWorld);
      process.stdout.write(' pardot…');
      const pardot = measurePardot(oursWorld, total);
      process.stdout.write(' baseline…');
      const baselineWorld = createWorld({ projectRoot: project, clientSecret: 'bench-secret' });
      baselineWorld.account.secrets.set('custsecret_bench_naive', 'bench-secret');
      const baseline = run(baselineWorld, p, 'baseline');
      process.stdout.write(' done\n');
      results.push({
        contacts: size, customers: p.customers.length, ours: ours.figures, baseline: baseline.figures,
        ratio: { sfApiCalls: round(baseline.figures.sfApiCalls / Math.max(1, ours.figures.sfApiCalls)), editStormSfApiCalls: round(baseline.editStorm.sfApiCalls / Math.max(1, ours.editStorm.sfApiCalls)) },
        editStorm: ours.editStorm, baselineEditStorm: baseline.editStorm, pull, pardot, initialPayload: ours.initialPayload,
      });
    }
    if (process.argv.includes('--single-currency')) {
      for (const size of sizesFromArgs()) {
        process.stdout.write(`\n${size} contacts, single-currency org: running ours…`);
        variants.push(singleCurrencyRun(plan(size), size));
        process.stdout.write(' done\n');
      }
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
  const rows: string[][] = [['contacts', 'who', 'API calls', 'calls/contact', 'max/request', 'MR units/contact', 'UE units/save', 'UE HTTP calls', 'duplicates', 'storm calls', 'wall ms']];
  for (const r of results) {
    rows.push([String(r.contacts), 'ours', ...cells(r.ours), String(r.editStorm.sfApiCalls), String(r.ours.wallMs)]);
    rows.push(['', 'naive', ...cells(r.baseline), String(r.baselineEditStorm.sfApiCalls), String(r.baseline.wallMs)]);
    rows.push(['', 'ratio', `${r.ratio.sfApiCalls}×`, '', '', '', '', '', '', `${r.ratio.editStormSfApiCalls}×`, '']);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  process.stdout.write('\n' + rows.map((row) => '| ' + row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |').join('\n') + '\n');
  const extra: string[][] = [['contacts', 'pull: edited in SF', 'SF calls', 'calls/record', 'MR units/record', 'applied', 'pardot: prospects', 'Pardot calls', 'calls/contact', 'MR units/contact']];
  for (const r of results) {
    extra.push([String(r.contacts), String(r.pull.editedInSalesforce), String(r.pull.sfApiCalls), String(r.pull.sfCallsPerPulledRecord), String(r.pull.mrUnitsPerPulledRecord), String(r.pull.updatedInNetSuite),
      String(r.pardot.prospects), String(r.pardot.pardotApiCalls), String(r.pardot.pardotCallsPerContact), String(r.pardot.mrUnitsPerContact)]);
  }
  const extraWidths = extra[0]?.map((_, i) => Math.max(...extra.map((row) => (row[i] ?? '').length))) ?? [];
  process.stdout.write('\n' + extra.map((row) => '| ' + row.map((c, i) => c.padEnd(extraWidths[i] ?? 0)).join(' | ') + ' |').join('\n') + '\n');
  for (const r of results) {
    process.stdout.write(`\n${r.contacts} contacts, initial sync, Salesforce calls by kind (ours):\n`);
    for (const [kind, n] of Object.entries(r.ours.callsByKind).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(6)}  ${round(n / r.contacts).toFixed(3)}/contact  ${kind}\n`);
    process.stdout.write(`${r.contacts} contacts, initial sync, governance units by N/ call while the push ran (ours):\n`);
    for (const [api, n] of Object.entries(r.ours.unitsByCall).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(7)}  ${round(n / r.contacts).toFixed(2)}/contact  ${api}\n`);
    process.stdout.write(`${r.contacts} contacts, Pardot sync, Pardot calls by kind: ${Object.entries(r.pardot.pardotCallsByKind).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    process.stdout.write(`${r.contacts} contacts, Pardot sync, governance units by N/ call:\n`);
    for (const [api, n] of Object.entries(r.pardot.unitsByCall).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(7)}  ${round(n / r.contacts).toFixed(2)}/contact  ${api}\n`);
  }
  if (variants.length > 0) {
    const table: string[][] = [['contacts', 'org', 'API calls', 'calls/contact', 'max/request', 'MR units/contact', 'UE units/save', 'UE HTTP calls', 'duplicates', 'storm calls', 'pull calls', 'refused requests', 'final statuses']];
    for (const v of variants) {
      table.push([String(v.contacts), v.org, ...cells(v.ours), String(v.editStorm.sfApiCalls), String(v.pull.sfApiCalls), String(v.rejectedRequests),
        Object.entries(v.statuses).map(([k, n]) => `${n} ${k}`).join(', ')]);
    }
    const tableWidths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
    process.stdout.write('\n' + table.map((row) => '| ' + row.map((c, i) => c.padEnd(tableWidths[i] ?? 0)).join(' | ') + ' |').join('\n') + '\n');
  }
  for (const r of results) {
    printTargetChecks({
      contacts: r.contacts, sfCallsPerContact: r.ours.sfCallsPerContact, naiveSfCalls: r.baseline.sfApiCalls, oursSfCalls: r.ours.sfApiCalls,
      maxContactsPerRequest: r.ours.maxContactsPerRequest, mrUnitsPerContact: r.ours.mrUnitsPerContact, ueUnitsPerSave: r.ours.ueUnitsPerSave,
      ueHttpCalls: r.ours.ueHttpCalls, editStormCalls: r.editStorm.sfApiCalls, mappedEdits: r.editStorm.mappedEdits,
      pardotCallsPerContact: r.pardot.pardotCallsPerContact, pardotMrUnitsPerContact: r.pardot.mrUnitsPerContact,
    }, (text) => process.stdout.write(text));
  }
  const bytes: string[][] = [['contacts', 'push payload', 'write requests', 'bytes/request', 'bytes/record']];
  for (const r of results) {
    bytes.push([String(r.contacts), 'initial sync (every field)', String(r.initialPayload.writeRequests), String(r.initialPayload.bytesPerRequest), String(r.initialPayload.bytesPerRecord)]);
    bytes.push(['', 'edit storm (one field each)', String(r.editStorm.payload.writeRequests), String(r.editStorm.payload.bytesPerRequest), String(r.editStorm.payload.bytesPerRecord)]);
    bytes.push(['', 'naive: edit storm', String(r.baselineEditStorm.payload.writeRequests), String(r.baselineEditStorm.payload.bytesPerRequest), String(r.baselineEditStorm.payload.bytesPerRecord)]);
  }
  const bytesWidths = bytes[0]?.map((_, i) => Math.max(...bytes.map((row) => (row[i] ?? '').length))) ?? [];
  process.stdout.write('\n' + bytes.map((row) => '| ' + row.map((c, i) => c.padEnd(bytesWidths[i] ?? 0)).join(' | ') + ' |').join('\n') + '\n');
  if (!process.argv.includes('--skip-reports')) runReports();
  const out = argValue('--out') ?? join(ROOT, 'bench-results.json');
  writeFileSync(out, JSON.stringify({ generatedAt: new Date().toISOString(), runs: results, reports, ...(variants.length > 0 ? { orgVariants: variants } : {}) }, null, 2));
  process.stdout.write(`\nwrote ${out}\n`);
  if (!process.argv.includes('--skip-reliability')) runReliabilityBench(out);
}

function argValue(flag: string): string | undefined {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function cells(f: Figures): string[] {
  return [f.sfApiCalls, f.sfCallsPerContact, f.maxContactsPerRequest, f.mrUnitsPerContact, f.ueUnitsPerSave, f.ueHttpCalls, f.duplicates].map(String);
}

main();
