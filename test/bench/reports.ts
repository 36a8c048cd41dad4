/**
 * Cost of the preview (dry run) and of reconcile, at a given number of contacts: the preview's reads and its prediction
 * of the full sync's Salesforce calls against the real full sync that follows; then reconcile of the synced (in-sync)
 * account — Salesforce calls per 200 linked records, NetSuite units, writes — and reconcile after 5 % of the contacts
 * drifted in Salesforce (found, then repaired: its reads per 200 linked records, the reduce stage's units per
 * invocation); the preview's summarize (it writes the plan's CSV file); and a preview of Import from Salesforce of the
 * same account (its Salesforce reads per 200 records read, its units).
 */
import { REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS, SCRIPT_PARAMS } from '../../src/ids';
import type { PreviewSummary } from '../../src/jobs/preview';
import type { ImportPreviewSummary } from '../../src/jobs/import-preview';
import type { ReconcileSummary } from '../../src/jobs/reconcile';
import { prng } from '../support/prng';
import { createWorld, drainPush, reportRows, runPush, runReconcile, sfIdOf, type World } from '../scenarios/world';

export interface ReportFigures {
  contacts: number;
  customers: number;
  preview: {
    predictedSfCalls: number; realSfCalls: number; callDifferencePercent: number; previewSfReads: number; mrUnits: number; maxUnitsPerInvocation: number;
    estimatedRunUnits: number; realRunUnits: number; wallMs: number;
    /** The summarize invocation (totals, the plan's CSV file): its units, and the file's lines and bytes. */
    summarizeUnits: number; planLines: number; planBytes: number;
  };
  reconcileInSync: { linked: number; sfCalls: number; sfQueries: number; callsPer200Linked: number; sfWrites: number; mrUnits: number; maxUnitsPerInvocation: number; differs: number; wallMs: number };
  reconcileDrifted: { drifted: number; found: number; repaired: number; sfCalls: number; sfQueries: number; queriesPer200Linked: number; mrUnits: number; maxReduceUnits: number };
  importPreview: { records: number; sfCalls: number; queryCalls: number; callsPer200Records: number; mrUnits: number; maxUnitsPerInvocation: number; counts: Record<string, Record<string, number>> };
}

function mrUnits(world: World, from: number): { total: number; max: number } {
  const runs = world.account.runs.slice(from).filter((r) => r.scriptType === 'mapreducescript');
  return { total: runs.reduce((s, r) => s + r.usage, 0), max: Math.max(0, ...runs.map((r) => r.usage)) };
}

const WRITE = /^(collections(Create|Update|Upsert|Delete)|single(Create|Update|Delete|Upsert|DeleteByExternalId))$/;

export function measureReports(contacts: number, seed = 7): ReportFigures {
  const random = prng(seed);
  const world = createWorld();
  let made = 0;
  let customers = 0;
  while (made < contacts) {
    const size = Math.min(contacts - made, 1 + Math.floor(random() * 20));
    const customer = world.account.seed('customer', { companyname: `Report Co ${customers}`, isperson: false, subsidiary: world.subsidiary, currency: world.usd });
    customers += 1;
    for (let i = 0; i < size; i++, made++) {
      const email = `r${made}@reports.example`;
      world.account.seed('contact', { firstname: 'R', lastname: `Contact ${made}`, email, company: customer, subsidiary: world.subsidiary });
      if (random() < 0.1) world.salesforce.seedContact({ LastName: `Existing ${made}`, Email: email });
    }
  }

  // Preview, then the full sync it planned.
  let from = world.account.runs.length;
  world.salesforce.resetCounters();
  let started = Date.now();
  const previewRun = world.account.runMapReduce({ scriptId: REPORT_SCRIPTS.mrPreview.scriptId, deploymentId: REPORT_SCRIPTS.mrPreview.deploymentId });
  const previewWall = Date.now() - started;
  const previewUnits = mrUnits(world, from);
  const previewReads = world.salesforce.counters().apiCalls;
  const summary = reportRows(world, 'preview', 'summary')[0]?.body as PreviewSummary;
  const planFile = summary.plan === null ? undefined : world.account.fileCabinet.file(Number(summary.plan.id));
  const planText = planFile === undefined ? '' : world.account.fileCabinet.contents(planFile);
  world.account.evictCaches();
  world.salesforce.resetCounters();
  from = world.account.runs.length;
  runPush(world, { [SCRIPT_PARAMS.fullSync]: true });
  drainPush(world);
  const realCalls = world.salesforce.counters().apiCalls;
  const realUnits = mrUnits(world, from).total;

  // Reconcile of the account now in sync.
  world.advance(60 * 60_000);
  const linked = world.account.all('contact').filter((c) => sfIdOf(world, 'contact', Number(c.id)) !== '').length
    + world.account.all('customer').filter((c) => sfIdOf(world, 'customer', Number(c.id)) !== '').length;
  world.salesforce.resetCounters();
  from = world.account.runs.length;
  started = Date.now();
  runReconcile(world);
  const reconcileWall = Date.now() - started;
  const inSyncCounters = world.salesforce.counters();
  const inSyncUnits = mrUnits(world, from);
  const inSync = reportRows(world, 'reconcile', 'summary').at(-1)?.body as ReconcileSummary;

  // 5 % drift by another user in Salesforce, found and repaired.
  const contactsLinked = world.account.all('contact').map((c) => Number(c.id)).filter((id) => sfIdOf(world, 'contact', id) !== '');
  const drifted = contactsLinked.filter(() => random() < 0.05);
  for (const id of drifted) world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', id), { Title: 'Drifted' }, { userId: '005000000000MASSAA' });
  world.salesforce.resetCounters();
  from = world.account.runs.length;
  const repairRun = runReconcile(world, 'all');
  const repaired = reportRows(world, 'reconcile', 'summary').at(-1)?.body as ReconcileSummary;
  const repairCounters = world.salesforce.counters();
  const repairUnits = mrUnits(world, from).total;

  // A preview of Import from Salesforce of the same account (every Salesforce record is linked by now).
  world.advance(60 * 60_000);
  world.salesforce.resetCounters();
  from = world.account.runs.length;
  world.account.runMapReduce({ scriptId: REPORT_SCRIPTS.mrPreview.scriptId, deploymentId: REPORT_SCRIPTS.mrPreview.deploymentId, params: { [REPORT_SCRIPT_PARAMS.previewOf]: 'import' } });
  const importCounters = world.salesforce.counters();
  const importUnits = mrUnits(world, from);
  const importSummary = world.account.all('customrecord_crmsync_report')
    .filter((r) => r.custrecord_crmsync_rp_job === 'import-preview' && r.custrecord_crmsync_rp_kind === 'summary')
    .map((r) => JSON.parse(String(r.custrecord_crmsync_rp_body)) as ImportPreviewSummary).at(-1);
  const importRecords = importSummary?.totals.records ?? 0;

  const pct = (a: number, b: number): number => Math.round((Math.abs(a - b) / Math.max(1, b)) * 1000) / 10;
  return {
    contacts, customers,
    preview: {
      predictedSfCalls: summary.totals.salesforceCalls, realSfCalls: realCalls, callDifferencePercent: pct(summary.totals.salesforceCalls, realCalls), previewSfReads: previewReads,
      mrUnits: previewUnits.total, maxUnitsPerInvocation: previewUnits.max, estimatedRunUnits: summary.estimatedRunUnits, realRunUnits: realUnits, wallMs: previewWall,
      summarizeUnits: previewRun.stages.summarize.usageMax, planLines: summary.plan?.lines ?? 0, planBytes: Buffer.byteLength(planText, 'utf8'),
    },
    reconcileInSync: {
      linked, sfCalls: inSyncCounters.apiCalls, sfQueries: inSyncCounters.byKind.query + inSyncCounters.byKind.queryMore,
      callsPer200Linked: Math.round((inSyncCounters.apiCalls / Math.max(1, linked)) * 200 * 100) / 100,
      sfWrites: inSyncCounters.requests.filter((r) => WRITE.test(r.kind)).length, mrUnits: inSyncUnits.total, maxUnitsPerInvocation: inSyncUnits.max, differs: inSync.differs, wallMs: reconcileWall,
    },
    reconcileDrifted: {
      drifted: drifted.length, found: repaired.differs, repaired: repaired.repaired, sfCalls: repairCounters.apiCalls,
      sfQueries: repairCounters.byKind.query + repairCounters.byKind.queryMore,
      queriesPer200Linked: Math.round(((repairCounters.byKind.query + repairCounters.byKind.queryMore) / Math.max(1, linked)) * 200 * 100) / 100,
      mrUnits: repairUnits, maxReduceUnits: repairRun.stages.reduce.usageMax,
    },
    importPreview: {
      records: importRecords, sfCalls: importCounters.apiCalls, queryCalls: importCounters.byKind.queryAll + importCounters.byKind.queryMore,
      callsPer200Records: Math.round((importCounters.apiCalls / Math.max(1, importRecords)) * 200 * 100) / 100,
      mrUnits: importUnits.total, maxUnitsPerInvocation: importUnits.max, counts: importSummary?.totals.counts ?? {},
    },
  };
}

export function printReportFigures(figures: readonly ReportFigures[]): void {
  const rows = [['contacts', 'preview: predicted SF calls', 'real', 'diff %', 'preview MR units (max/inv.)', 'summarize units (plan file lines)', 'est. run units', 'real run units',
    'reconcile: linked', 'SF calls', 'per 200 linked', 'writes', 'MR units (max/inv.)', '5 % drift: found', 'repaired', 'repair SOQL (per 200 linked)', 'repair MR units (max reduce)',
    'import preview: records', 'SF calls (per 200)', 'MR units (max/inv.)']];
  for (const f of figures) {
    rows.push([String(f.contacts), String(f.preview.predictedSfCalls), String(f.preview.realSfCalls), String(f.preview.callDifferencePercent),
      `${f.preview.mrUnits} (${f.preview.maxUnitsPerInvocation})`, `${f.preview.summarizeUnits} (${f.preview.planLines})`, String(f.preview.estimatedRunUnits), String(f.preview.realRunUnits),
      String(f.reconcileInSync.linked), String(f.reconcileInSync.sfCalls), String(f.reconcileInSync.callsPer200Linked), String(f.reconcileInSync.sfWrites),
      `${f.reconcileInSync.mrUnits} (${f.reconcileInSync.maxUnitsPerInvocation})`, `${f.reconcileDrifted.found}/${f.reconcileDrifted.drifted}`, String(f.reconcileDrifted.repaired),
      `${f.reconcileDrifted.sfQueries} (${f.reconcileDrifted.queriesPer200Linked})`, `${f.reconcileDrifted.mrUnits} (${f.reconcileDrifted.maxReduceUnits})`,
      String(f.importPreview.records), `${f.importPreview.sfCalls} (${f.importPreview.callsPer200Records})`, `${f.importPreview.mrUnits} (${f.importPreview.maxUnitsPerInvocation})`]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  process.stdout.write('\n' + rows.map((row) => '| ' + row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |').join('\n') + '\n');
}
