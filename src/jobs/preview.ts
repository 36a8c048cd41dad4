/**
 * Preview (dry run) of a full sync — of every record in scope or of a saved contact or customer search's records
 * (parameter Preview Saved Search; the same scope planner as the push's, scopeEntities): the batches the push would
 * run (its own plan, planRun with a full sync), each run
 * through the push's own planner (pushAccounts, pushContacts, pushDeletes, and pushProspects for Pardot) with ports that
 * read Salesforce and Pardot for real and write nothing (src/core/preview.ts). Nothing is written to Salesforce,
 * Pardot, the synced records or the queue; each batch writes one report page with its plan rows, and summarize the
 * totals and the whole plan as one CSV file in the File Cabinet (src/netsuite/plan-files.ts). The console shows the
 * totals, links the file and can start exactly that sync.
 *
 * A contact batch runs after the Account stage in the real push, so customers that stage would create are given a
 * placeholder Account id first (the planner itself decides which: pushAccounts on a dry-run client whose calls are
 * not counted — the Account batches count them).
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { pushAccounts, pushContactWrites, pushDeletes, type PushDeps } from '../core/push';
import { pushProspects } from '../core/pardot-push';
import { addRows, CSV_HEADER, csvLine, dryRunPardot, dryRunSalesforce, emptyTotals, estimateRunUnits, mergeTotals, newDryRunLog, planRows, type DryRunLog, type PlanRow, type PreviewTotals } from '../core/preview';
import { normaliseEmail } from '../core/mapping/email';
import { MAX_QUERY_URI_BYTES, queriesByIds } from '../core/drift';
import type { FieldMapping } from '../core/mapping/field-map';
import { EXTERNAL_ID_FIELD } from '../core/matching';
import type { NsCustomer, Outcome, WorkItem } from '../core/model';
import type { RecordReader, SalesforceApi, TokenSource } from '../core/ports';
import type { LoadedSettings } from '../core/settings';
import { loadCurrencyCodes, loadMappings, loadSettings } from '../netsuite/config';
import { unitsRemaining } from '../netsuite/governance';
import { createRecordReader } from '../netsuite/record-reader';
import { eachRunPage, writeReportPage, type ReportJob } from '../netsuite/reports';
import { writePlanFile, type SavedPlanFile } from '../netsuite/plan-files';
import { errorMessage, errorName } from '../core/errors';
import { pardotUsers } from '../netsuite/pardot-users';
import { prospectSubjects } from '../netsuite/pardot-subjects';
import { newCounters } from '../salesforce/client';
import { newPardotCounters, type PardotCounters } from '../pardot/client';
import { pardotClient, salesforceClient, salesforceTokens } from './connections';
import { orgHealth } from './org-health';
import { planRun, type BatchPayload } from './push';
import { savedSearchScope, type SavedSearchScope } from '../netsuite/queue';
import { stageErrors } from './map-reduce';
import { IMPORT_PREVIEW_JOB, importPreviewInput, previewImportBatch, type ImportPreviewSummary, type ImportPreviewWork } from './import-preview';
import { REPORT_SCRIPT_PARAMS } from '../ids';
import { scriptParameter } from '../netsuite/script-context';
import { asText } from '../netsuite/values';
import { knownProspectsFor } from './pardot-bulk';

export interface PreviewSummary {
  runId: string;
  finishedAt: string;
  batches: number;
  /** Items in the plan with an entry in the queue custom record (the real run closes each; a change queued on the record closes in its write-back). */
  queued: number;
  totals: PreviewTotals;
  /** NetSuite units the real run would take (estimate: the preview's reads plus the run's writes). */
  estimatedRunUnits: number;
  /** The whole plan as a CSV file in the File Cabinet (null when it could not be written: see errors). */
  plan: SavedPlanFile | null;
  errors: string[];
  /** What it previewed: a saved search's records (its ID, title and type) or, null or absent, every record in scope. */
  scope?: SavedSearchScope | null;
}

/** Report pages read at a time while the plan file is written (each holds up to a batch of plan rows). */
const PLAN_PAGES_AT_ONCE = 50;

/**
 * The whole plan of a run as one CSV file: one line per plan row, in batch order, from the run's report pages. A
 * failure leaves the report without a file and says why (the totals are still worth showing).
 */
export function writeRunPlan(job: ReportJob, runId: string, errors: string[]): SavedPlanFile | null {
  try {
    return writePlanFile(`crmsync-${runId}.csv`, CSV_HEADER, (append) => {
      eachRunPage(job, runId, PLAN_PAGES_AT_ONCE, (page) => {
        for (const row of JSON.parse(page.body) as PlanRow[]) append(csvLine(row));
      });
    });
  } catch (error) {
    errors.push(`The plan file could not be written: ${errorName(error) ?? 'ERROR'}: ${errorMessage(error)}`);
    return null;
  }
}

interface BatchPreview {
  totals: PreviewTotals;
  queued: number;
}

/** The reader of a contact batch: customers the Account stage would create carry a placeholder Account id. */
function afterAccountStage(reader: RecordReader, deps: PushDeps): RecordReader {
  return {
    contacts: (ids) => reader.contacts(ids),
    customers(ids) {
      const found = reader.customers(ids);
      const unsynced = [...found.values()].filter((c) => c.salesforceId === null);
      if (unsynced.length === 0) return found;
      const items: WorkItem[] = unsynced.map((c) => ({ queueId: null, recordType: 'customer', recordId: c.id, customerId: c.id, operation: 'upsert', attempts: 0, externalId: null, changedAt: null }));
      const byId = new Map<string, NsCustomer>(unsynced.map((c) => [c.id, c]));
      const outcomes = pushAccounts({ ...deps, salesforce: dryRunSalesforce(deps.salesforce, newDryRunLog()), reader: { contacts: () => new Map(), customers: () => byId } }, items);
      for (const o of outcomes) {
        const customer = found.get(o.item.recordId);
        if (customer !== undefined && o.status === 'Completed' && o.externalId !== null) found.set(customer.id, { ...customer, salesforceId: o.externalId, syncedHash: o.payloadHash, snapshot: null });
      }
      return found;
    },
  };
}

/** The batch's prospects, as the push sends them to Pardot, through a dry-run Pardot port. */
function previewPardot(settings: LoadedSettings, tokens: TokenSource, items: readonly WorkItem[], counters: PardotCounters, dry: DryRunLog): Outcome[] {
  const client = pardotClient(settings, tokens, counters);
  let users: Map<string, number> | null = null;
  const subjects = prospectSubjects(items, settings.pardot, (email) => (users ??= pardotUsers(() => client.users())).get(email) ?? null);
  const byEmail = new Map(subjects.map((s) => [normaliseEmail(s.source.fields.email ?? ''), s.item.recordId]));
  const pardot = dryRunPardot(client, dry, (email) => byEmail.get(normaliseEmail(email)) ?? '');
  const pardotSettings = { autoCreate: settings.pardot.autoCreate, autoCreateSince: settings.pardot.autoCreateSince, maxAttempts: settings.sync.maxAttempts };
  return pushProspects({ pardot, settings: pardotSettings, now: () => new Date(), knownProspects: knownProspectsFor(client, subjects) }, subjects);
}

/**
 * The "before" side of the diff for contacts the run matched up front (the push matched them in getInputData, reading
 * only ids and emails): their mapped fields, read by id (≤ 200 ids a query). These reads are the preview's own, on a
 * client with its own counters, so they are not in the calls it predicts for the real run.
 */
function readMatchedBefore(settings: LoadedSettings, tokens: TokenSource, mappings: readonly FieldMapping[], payload: BatchPayload, dry: DryRunLog): void {
  const ids = Object.values(payload.matches ?? {}).flatMap((m) => (m.salesforceId === null ? [] : [m.salesforceId]));
  if (ids.length === 0) return;
  const reader = salesforceClient(settings, tokens, newCounters());
  for (const soql of queriesByIds('Contact', mappings.map((m) => m.target), ids, MAX_QUERY_URI_BYTES)) {
    for (const row of reader.query(soql)) if (typeof row.Id === 'string') dry.seen.set(row.Id, row);
  }
}

function previewBatch(runId: string, payload: BatchPayload): BatchPreview {
  const started = unitsRemaining();
  const settings = loadSettings();
  const { mappings } = loadMappings();
  const counters = newCounters();
  const tokens = salesforceTokens(settings);
  const dry = newDryRunLog();
  const salesforce: SalesforceApi = dryRunSalesforce(salesforceClient(settings, tokens, counters), dry);
  const pardotCounters = newPardotCounters();
  const health = payload.kind === 'deletes' ? null : orgHealth(settings, salesforce, tokens, mappings, pardotCounters);
  const reader = createRecordReader(mappings, loadCurrencyCodes());
  const deps: PushDeps = {
    salesforce,
    reader,
    settings: settings.sync,
    mappings: health?.pushMappings ?? mappings,
    now: () => new Date(),
    currencies: health?.currencies ?? null,
    ...(health === null ? {} : { org: { externalIdReady: health.externalIdReady, netsuiteIdReadable: health.available.Contact?.has(EXTERNAL_ID_FIELD) ?? true } }),
  };
  if (payload.kind === 'contacts') readMatchedBefore(settings, tokens, deps.mappings.contact, payload, dry);
  // The stored links' targets the run read up front are the "before" side of their diff, as the batch's own read was.
  for (const row of payload.linkRead?.targets ?? []) if (typeof row.Id === 'string') dry.seen.set(row.Id, row);
  let outcomes: Outcome[];
  if (payload.kind === 'accounts') outcomes = pushAccounts(deps, payload.items);
  else if (payload.kind === 'deletes') outcomes = pushDeletes(deps, payload.items);
  else outcomes = pushContactWrites({ ...deps, reader: afterAccountStage(reader, deps) }, payload.items, payload.writes ?? [payload.items.length], new Map(Object.entries(payload.matches ?? {})), payload.linkRead);
  if (settings.pardot.enabled && payload.kind !== 'deletes') outcomes = [...outcomes, ...previewPardot(settings, tokens, payload.items, pardotCounters, dry)];
  const rows: PlanRow[] = planRows(outcomes, dry);
  if (rows.length > 0) writeReportPage(runId, 'preview', 'page', JSON.stringify(rows));
  const totals = addRows(emptyTotals(), rows);
  totals.records = new Set(payload.items.map((i) => `${i.recordType}:${i.recordId}`)).size;
  totals.salesforceCalls = counters.calls + dry.salesforceWrites;
  totals.pardotCalls = pardotCounters.calls + dry.pardotWrites;
  totals.previewUnits = started - unitsRemaining();
  return { totals, queued: payload.items.filter((i) => i.queueId !== null).length };
}

/** What this run previews: the full sync (the default) or the import from Salesforce (parameter "import"). */
function previewOf(): 'sync' | 'import' {
  return asText(scriptParameter(REPORT_SCRIPT_PARAMS.previewOf)) === 'import' ? 'import' : 'sync';
}

/** Keys of the input that carry the run's facts, not batches: map passes them on to summarize. */
const RUN_KEYS: ReadonlySet<string> = new Set(['run', 'kind', 'runs', 'readcalls', 'matchcalls', 'scope']);

/** The preview's scope (parameter Preview Saved Search): a saved contact or customer search, or null for every record. */
function previewScope(): SavedSearchScope | null {
  const id = asText(scriptParameter(REPORT_SCRIPT_PARAMS.previewSearch)) ?? '';
  if (id.trim() === '') return null;
  const scope = savedSearchScope(id);
  // The page checked it before it started the run; one deleted or changed since then stops the run, never widens it.
  if (typeof scope === 'string') throw Object.assign(new Error(scope), { name: 'CRMSYNC_SCOPE_INVALID' });
  return scope;
}

function summarizeImport(summary: EntryPoints.MapReduce.summarizeContext, facts: Map<string, string>, batches: readonly PreviewTotals[]): void {
  let totals = emptyTotals();
  for (const batch of batches) totals = mergeTotals(totals, batch);
  const errors = stageErrors(summary);
  totals = { ...totals, salesforceCalls: Number(facts.get('readcalls')) || 0 };
  const id = facts.get('run') ?? `import-preview-${summary.dateCreated.toISOString()}`;
  const plan = writeRunPlan(IMPORT_PREVIEW_JOB, id, errors);
  const report: ImportPreviewSummary = { kind: 'import', runId: id, finishedAt: new Date().toISOString(), batches: batches.length, runs: Number(facts.get('runs')) || 0, totals, plan, errors };
  writeReportPage(id, IMPORT_PREVIEW_JOB, 'summary', JSON.stringify(report));
  log.audit({ title: 'crmsync import preview finished', details: JSON.stringify({ runId: id, counts: totals.counts, salesforceCalls: totals.salesforceCalls, errors }).slice(0, 3000) });
}

export const previewStages = {
  getInputData: (() => {
    if (previewOf() === 'import') return importPreviewInput(`import-preview-${new Date().toISOString()}`);
    const runId = `preview-${new Date().toISOString()}`;
    const scope = previewScope();
    const input: Record<string, string> = { run: runId, scope: JSON.stringify(scope) };
    const planned = planRun(runId, new Date(), true, true, scope?.id ?? null);
    // The run's up-front match (the real push makes the same reads in its getInputData) counts with the batches' calls.
    input.matchcalls = String(planned.apiCalls);
    for (const { key, work } of planned.batches) input[key] = JSON.stringify(work);
    return input;
  }) as EntryPoints.MapReduce.getInputData,

  map: ((context) => {
    if (RUN_KEYS.has(context.key)) {
      context.write({ key: context.key, value: context.value });
      return;
    }
    if (context.key.startsWith('import:')) {
      context.write({ key: 'import', value: JSON.stringify(previewImportBatch(JSON.parse(context.value) as ImportPreviewWork)) });
      return;
    }
    const work = JSON.parse(context.value) as BatchPayload;
    context.write({ key: 'batch', value: JSON.stringify(previewBatch(work.runId, work)) });
  }) as EntryPoints.MapReduce.map,

  summarize: ((summary) => {
    let runId = '';
    let totals = emptyTotals();
    let batches = 0;
    let queued = 0;
    let matchCalls = 0;
    const facts = new Map<string, string>();
    const imported: PreviewTotals[] = [];
    summary.output.iterator().each((key, value) => {
      if (RUN_KEYS.has(key)) facts.set(key, value);
      if (key === 'run') runId = value;
      else if (key === 'matchcalls') matchCalls = Number(value) || 0;
      else if (key === 'import') imported.push(JSON.parse(value) as PreviewTotals);
      else if (key === 'batch') {
        const batch = JSON.parse(value) as BatchPreview;
        totals = mergeTotals(totals, batch.totals);
        queued += batch.queued;
        batches += 1;
      }
      return true;
    });
    if (facts.get('kind') === 'import') {
      summarizeImport(summary, facts, imported);
      return;
    }
    const errors = stageErrors(summary);
    totals = { ...totals, salesforceCalls: totals.salesforceCalls + matchCalls };
    const id = runId === '' ? `preview-${summary.dateCreated.toISOString()}` : runId;
    const plan = writeRunPlan('preview', id, errors);
    const scope = JSON.parse(facts.get('scope') ?? 'null') as SavedSearchScope | null;
    const report: PreviewSummary = { runId: id, finishedAt: new Date().toISOString(), batches, queued, totals, estimatedRunUnits: estimateRunUnits(totals, batches, queued), plan, errors, scope };
    writeReportPage(id, 'preview', 'summary', JSON.stringify(report));
    log.audit({ title: 'crmsync preview finished', details: JSON.stringify({ ...report, totals: { counts: totals.counts, salesforceCalls: totals.salesforceCalls } }).slice(0, 3000) });
  }) as EntryPoints.MapReduce.summarize,
};
