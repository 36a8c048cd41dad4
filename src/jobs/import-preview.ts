/**
 * Preview of "Import from Salesforce" (the pull's initial load), a mode of the preview map/reduce. getInputData reads
 * what the import would read — the same /queryAll query from the beginning, in runs of 10,000 rows per object (the
 * default "Rows per Pull Run") (Query More pages of up to 2,000 rows: far under one call per 200 records) — and cuts it into the
 * pull's own batches (pullBatches). Each batch is decided by the pull's own planner (planPullBatch) on the pull's own
 * read-only inputs (readPullBatchInputs); nothing is applied, queued, logged or marked. A contact batch sees the
 * customers the import's Account stage would link first (its Accounts' decisions). Plan rows go to report pages (job
 * "import-preview"), the totals and the whole plan as a CSV file to the summary; "Start exactly this import" is the
 * console's Import from Salesforce.
 */
import { afterAccountStage, importPlanRow } from '../core/import-plan';
import { addRows, emptyTotals, type PlanRow, type PreviewTotals } from '../core/preview';
import { planPullBatch, type SalesforceRow } from '../core/pull';
import { buildPullQuery, formatCursor, rowCursor, type PullCursor } from '../core/pull';
import { loadMappings, loadSettings } from '../netsuite/config';
import { unitsRemaining } from '../netsuite/governance';
import { writeReportPage } from '../netsuite/reports';
import type { SavedPlanFile } from '../netsuite/plan-files';
import { newCounters } from '../salesforce/client';
import { newPardotCounters } from '../pardot/client';
import { salesforceClient, salesforceTokens } from './connections';
import { orgHealth } from './org-health';
import { DEFAULT_ROWS_PER_RUN, IMPORT_MARK, pullBatches, readChanges, readLookups, readPullBatchInputs, type PullBatch } from './pull';

export const IMPORT_PREVIEW_JOB = 'import-preview';

export interface ImportPreviewWork {
  batch: PullBatch;
  /** For a contact batch: the rows of the Accounts its contacts belong to that the import reads in this run or before. */
  accounts?: SalesforceRow[];
}

export interface ImportPreviewSummary {
  kind: 'import';
  runId: string;
  finishedAt: string;
  batches: number;
  /** Pull runs the import would take (each reads up to "Rows per Pull Run" rows per object). */
  runs: number;
  totals: PreviewTotals;
  plan: SavedPlanFile | null;
  errors: string[];
}

/**
 * The import's reads and batches: run after run from the beginning, as the pull keeps its place between runs (a later
 * run also re-reads the ten minutes before its mark; rows it already decided change nothing there).
 */
export function importPreviewInput(runId: string): Record<string, string> {
  const settings = loadSettings();
  const tokens = salesforceTokens(settings);
  const counters = newCounters();
  const client = salesforceClient(settings, tokens, counters);
  const integrationUserId = tokens.get().userId;
  const health = orgHealth(settings, client, tokens, loadMappings().mappings, newPardotCounters());
  // A script parameter belongs to one script, so the preview cannot read the pull deployments' "Rows per Pull Run": it
  // cuts the import into runs of the default size. Only where a contact's Account is read in a later run does that
  // matter (the import skips the contact as ACCOUNT_NOT_LINKED in its run; so does the preview, in runs of this size).
  const limit = DEFAULT_ROWS_PER_RUN;
  const input: Record<string, string> = { run: runId, kind: 'import' };
  const cursors: Record<'Account' | 'Contact', PullCursor | null> = { Account: { stamp: IMPORT_MARK, id: '' }, Contact: { stamp: IMPORT_MARK, id: '' } };
  const accountsSoFar = new Map<string, SalesforceRow>();
  let runs = 0;
  let seq = 0;
  while (cursors.Account !== null || cursors.Contact !== null) {
    runs += 1;
    for (const object of ['Account', 'Contact'] as const) {
      const cursor = cursors[object];
      if (cursor === null) continue;
      const { rows, full } = readChanges((soql) => client.queryAll(soql) as SalesforceRow[], (where) => buildPullQuery(object, health.pushMappings, where, limit, health.available[object]), { cursor, overlap: false }, limit);
      const last = rows[rows.length - 1];
      cursors[object] = full && last !== undefined ? rowCursor(last) : null;
      if (object === 'Account') for (const row of rows) accountsSoFar.set(row.Id, row);
      for (const { work } of pullBatches(runId, object, rows, integrationUserId, undefined, formatCursor(cursor))) {
        const accounts = object === 'Contact' && work.removed !== true
          ? [...new Set(work.rows.flatMap((r) => (typeof r.AccountId === 'string' ? [r.AccountId] : [])))].flatMap((id) => accountsSoFar.get(id) ?? [])
          : [];
        seq += 1;
        input[`import:${String(seq).padStart(6, '0')}`] = JSON.stringify({ batch: work, ...(accounts.length > 0 ? { accounts } : {}) } satisfies ImportPreviewWork);
      }
    }
  }
  input.runs = String(runs);
  input.readcalls = String(counters.calls);
  return input;
}

/** One batch of the import, decided and not applied: its plan rows on a report page, its totals for summarize. */
export function previewImportBatch(work: ImportPreviewWork): PreviewTotals {
  const started = unitsRemaining();
  const { batch } = work;
  if (batch.object === 'Prospect') return emptyTotals();
  const { mappings, settings, lookups } = readPullBatchInputs(batch);
  let decideWith = lookups;
  const accounts = work.accounts ?? [];
  if (batch.object === 'Contact' && accounts.length > 0) {
    const accountBatch: PullBatch = { runId: batch.runId, object: 'Account', integrationUserId: batch.integrationUserId, rows: accounts };
    const accountLookups = readLookups(accountBatch, mappings, settings.matchAccountsByName);
    decideWith = afterAccountStage(lookups, planPullBatch(accounts, 'Account', false, undefined, accountLookups, mappings, settings), accountLookups);
  }
  const object = batch.object;
  const rows: PlanRow[] = planPullBatch(batch.rows, object, batch.removed === true, batch.seenUpTo, decideWith, mappings, settings)
    .filter((p) => !p.reread)
    .map((p) => importPlanRow(object, p, decideWith));
  if (rows.length > 0) writeReportPage(batch.runId, IMPORT_PREVIEW_JOB, 'page', JSON.stringify(rows));
  const totals = addRows(emptyTotals(), rows);
  totals.records = rows.length;
  totals.previewUnits = started - unitsRemaining();
  return totals;
}
