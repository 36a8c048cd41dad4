/**
 * The console's preview page (?page=preview): the last preview's counts per object and planned outcome, skip and
 * failure reasons, ambiguous email matches, samples with field-level diffs, the calls and governance the sync would
 * take; the whole plan as CSV (?page=preview&csv=<run id>); and the actions — run a preview, start exactly that sync.
 * A NetSuite page (N/ui/serverWidget): figures in a field group, the tables as LIST sublists, the actions in one select.
 */
import { REPORT_SCRIPTS, SCRIPT_PARAMS, SCRIPTS } from '../ids';
import { CSV_HEADER, csvLine, type PlanRow } from '../core/preview';
import * as serverWidget from 'N/ui/serverWidget';
import type { Notice } from '../core/console/view-model';
import { latestSummaries, runPages } from '../netsuite/reports';
import { submitMapReduce } from '../netsuite/tasks';
import type { PreviewSummary } from './preview';
import { reportForm, type ReportPageContext, type ReportPageResult } from './reconcile-page';
import { addFigure, addList, userDate, withParams } from './ui-form';

const OUTCOMES = ['create', 'link', 'update', 'unchanged', 'skip', 'fail', 'wait', 'delete'] as const;

function latest(): PreviewSummary | null {
  const page = latestSummaries('preview', 1)[0];
  return page === undefined ? null : JSON.parse(page.body) as PreviewSummary;
}

/** A sample's field changes, one per line ("Title: Old → New"), or its message when it is skipped or fails. */
function changes(row: PlanRow): string {
  if (row.changes.length === 0) return row.outcome === 'skip' || row.outcome === 'fail' || row.outcome === 'wait' ? row.message : '';
  return row.changes.map((c) => `${c.field}: ${c.from === '' ? '(blank)' : c.from} → ${c.to === '' ? '(blank)' : c.to}`).join('\n');
}

export function previewForm(summary: PreviewSummary | null, notice: Notice | null, ctx: ReportPageContext, consoleUrl: string): serverWidget.Form {
  const form = reportForm('CRM Sync — Preview', notice, ctx, consoleUrl, [['preview_run', 'Run a preview'], ...(summary === null ? [] : [['preview_start', 'Start exactly this sync'] as const])]);
  const g = 'custpage_summary';
  form.addFieldGroup({ id: g, label: summary === null ? 'Preview' : 'What a full sync would do' });
  if (summary === null) {
    addFigure(form, 'custpage_none', 'Status', 'No preview has run yet. A preview reads NetSuite, Salesforce and Pardot and writes nothing.', g, serverWidget.FieldType.TEXTAREA);
    return form;
  }
  const t = summary.totals;
  form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: 'Download the whole plan (CSV)', url: withParams(ctx.postUrl, { page: 'preview', csv: summary.runId }) });
  addFigure(form, 'custpage_run', 'Run', summary.runId, g);
  addFigure(form, 'custpage_finished', 'Finished', userDate(summary.finishedAt), g);
  addFigure(form, 'custpage_records', 'Records', `${t.records} in ${summary.batches} batch(es)`, g);
  addFigure(form, 'custpage_sf_calls', 'Salesforce API calls', t.salesforceCalls, g, serverWidget.FieldType.INTEGER);
  addFigure(form, 'custpage_pd_calls', 'Pardot API calls', t.pardotCalls, g, serverWidget.FieldType.INTEGER);
  addFigure(form, 'custpage_units', 'NetSuite units (about)', summary.estimatedRunUnits, g, serverWidget.FieldType.INTEGER);
  addFigure(form, 'custpage_preview_units', 'Units the preview used', t.previewUnits, g, serverWidget.FieldType.INTEGER);
  const objects = Object.keys(t.counts).sort();
  addList(form, 'custpage_counts', 'Planned outcome per object', [{ id: 'custpage_object', label: 'Object' }, ...OUTCOMES.map((o) => ({ id: `custpage_${o}`, label: o }))],
    objects.map((object) => ({ custpage_object: object, ...Object.fromEntries(OUTCOMES.map((o) => [`custpage_${o}`, t.counts[object]?.[o] ?? 0])) })));
  addList(form, 'custpage_reasons', 'Skipped and failing, by reason', [{ id: 'custpage_object', label: 'Object' }, { id: 'custpage_code', label: 'Reason' }, { id: 'custpage_count', label: 'Records' }],
    objects.flatMap((object) => Object.entries(t.reasons[object] ?? {}).map(([code, n]) => ({ custpage_object: object, custpage_code: code, custpage_count: n }))));
  addList(form, 'custpage_ambiguous', 'Ambiguous email matches', [{ id: 'custpage_record', label: 'NetSuite' }, { id: 'custpage_link', label: 'Would link to' }, { id: 'custpage_others', label: 'Also matching' }],
    t.ambiguous.map((r) => ({ custpage_record: `${r.recordType} ${r.recordId}`, custpage_link: r.externalId ?? '', custpage_others: r.alsoMatching.join(', ') })));
  addList(form, 'custpage_samples', 'Samples per outcome', [{ id: 'custpage_outcome', label: 'Outcome' }, { id: 'custpage_record', label: 'NetSuite' }, { id: 'custpage_code', label: 'Reason' }, { id: 'custpage_changes', label: 'Field changes', type: serverWidget.FieldType.TEXTAREA }],
    Object.entries(t.samples).flatMap(([key, rows]) => rows.map((r) => ({ custpage_outcome: key, custpage_record: `${r.recordType} ${r.recordId}`, custpage_code: r.code, custpage_changes: changes(r) }))));
  return form;
}

/** The whole plan of one preview run as CSV (one line per record and system). */
export function previewCsv(runId: string): string {
  const lines = [CSV_HEADER];
  for (const page of runPages('preview', runId)) for (const row of JSON.parse(page.body) as PlanRow[]) lines.push(csvLine(row));
  return `${lines.join('\r\n')}\r\n`;
}

function act(ctx: ReportPageContext): Notice {
  if (ctx.refused !== null) return ctx.refused;
  if (!ctx.canChange) return { kind: 'error', title: 'Your role may not run a preview or start a sync.', lines: [`Role ${ctx.roleLabel} can view the preview but not change anything.`] };
  if (ctx.params.action === 'preview_run') {
    const result = submitMapReduce(REPORT_SCRIPTS.mrPreview.scriptId, REPORT_SCRIPTS.mrPreview.deploymentId, 'preview');
    return result.submitted ? { kind: 'success', title: 'The preview was asked to run now; reload this page when it has finished.', lines: ['Nothing is written to Salesforce, Pardot or the synced records.'] }
      : { kind: 'error', title: `NetSuite did not start the preview (${result.code}).`, lines: [] };
  }
  if (ctx.params.action === 'preview_start') {
    // The full sync the preview planned: the push with "Full Sync", on its on-demand deployment.
    const result = submitMapReduce(SCRIPTS.mrPush.scriptId, SCRIPTS.mrPush.onDemandDeploymentId, 'full sync from preview', { [SCRIPT_PARAMS.fullSync]: true });
    return result.submitted ? { kind: 'success', title: 'The full sync the preview planned has started.', lines: ['Its outcomes appear in the console and the integration log as it runs.'] }
      : { kind: 'error', title: `NetSuite did not start the sync (${result.code}).`, lines: ['A push may already be running: it, or the next scheduled push, sends what is queued; start the full sync again once it has finished.'] };
  }
  return { kind: 'error', title: 'Unknown action: nothing was changed.', lines: [] };
}

export function previewPage(ctx: ReportPageContext, consoleUrl: string): ReportPageResult | null {
  if (ctx.params.page !== 'preview') return null;
  const csv = ctx.params.csv;
  if (!ctx.posted && csv !== undefined && /^preview-[\dT:.Z-]{1,40}$/.test(csv)) {
    return {
      contentType: 'text/csv; charset=utf-8',
      headers: [{ name: 'Content-Disposition', value: `attachment; filename="crmsync-${csv.replace(/[^\w-]/g, '-')}.csv"` }],
      body: previewCsv(csv),
    };
  }
  const notice = ctx.posted ? act(ctx) : null;
  return { form: previewForm(latest(), notice, ctx, consoleUrl) };
}
