/**
 * The console's preview page (?page=preview): the last preview's counts per object and planned outcome, skip and
 * failure reasons, ambiguous email matches, samples with field-level diffs, the calls and governance the sync would
 * take; a link to the whole plan, a CSV file in the File Cabinet the preview wrote; the last preview of Import from
 * Salesforce; and the actions — run a preview, start exactly that sync, preview the import, start exactly that import.
 * A NetSuite page (N/ui/serverWidget): figures in field groups, the tables as LIST sublists, the actions in one select.
 */
import { REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS, SCRIPT_PARAMS, SCRIPTS } from '../ids';
import type { PlanRow } from '../core/preview';
import * as serverWidget from 'N/ui/serverWidget';
import type { Notice } from '../core/console/view-model';
import { latestSummaries } from '../netsuite/reports';
import { submitMapReduce } from '../netsuite/tasks';
import type { PreviewSummary } from './preview';
import { IMPORT_PREVIEW_JOB, type ImportPreviewSummary } from './import-preview';
import { startImport } from './pull';
import { reportForm, type ReportPageContext, type ReportPageResult } from './reconcile-page';
import { addFigure, addList, userDate } from './ui-form';
import { savedSearchScope, type SavedSearchScope } from '../netsuite/queue';

/** The field naming the saved search a preview (and the sync it plans) is scoped to. */
export const SCOPE_FIELD = 'custpage_scope_search';

/** A scope in the admin's words. */
export function scopeText(scope: SavedSearchScope | null | undefined): string {
  return scope === null || scope === undefined ? 'All records in scope (every customer and contact)' : `Saved search ${scope.title} (${scope.id}, a ${scope.type} search)`;
}

const OUTCOMES = ['create', 'link', 'update', 'unchanged', 'skip', 'fail', 'wait', 'delete'] as const;
const IMPORT_OUTCOMES = ['create', 'link', 'update', 'unchanged', 'skip', 'fail', 'delete'] as const;

function latest(): PreviewSummary | null {
  const page = latestSummaries('preview', 1)[0];
  return page === undefined ? null : JSON.parse(page.body) as PreviewSummary;
}

function latestImport(): ImportPreviewSummary | null {
  const page = latestSummaries(IMPORT_PREVIEW_JOB, 1)[0];
  return page === undefined ? null : JSON.parse(page.body) as ImportPreviewSummary;
}

/** A sample's field changes, one per line ("Title: Old → New"), or its message when it is skipped or fails. */
function changes(row: PlanRow): string {
  if (row.changes.length === 0) return row.outcome === 'skip' || row.outcome === 'fail' || row.outcome === 'wait' ? row.message : '';
  return row.changes.map((c) => `${c.field}: ${c.from === '' ? '(blank)' : c.from} → ${c.to === '' ? '(blank)' : c.to}`).join('\n');
}

/** The link to a plan's CSV file in the File Cabinet (its File.url), or why there is none. */
function addPlanLink(form: serverWidget.Form, id: string, summary: { plan?: { url: string; lines: number } | null; errors: readonly string[] }, title: string, group: string): void {
  const plan = summary.plan ?? null;
  if (plan === null || plan.url === '') {
    addFigure(form, id, 'Plan file', `No plan file. ${summary.errors.join(' ')}`.trim(), group, serverWidget.FieldType.TEXTAREA);
    return;
  }
  form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: `${title} (CSV, ${plan.lines} line(s))`, url: plan.url });
  addFigure(form, id, 'Plan file', `${plan.lines} line(s), a file in the File Cabinet (SuiteScripts › crmsync › plans): ${title}, at the top right.`, group, serverWidget.FieldType.TEXTAREA);
}

/** The counts per object and planned outcome, and the skip and failure reasons, as two lists (`<prefix>_counts`, `<prefix>_reasons`). */
function addOutcomeLists(form: serverWidget.Form, prefix: string, labels: { counts: string; reasons: string }, outcomes: readonly string[], t: { counts: Record<string, Partial<Record<string, number>>>; reasons: Record<string, Record<string, number>> }): void {
  const objects = Object.keys(t.counts).sort();
  addList(form, `${prefix}_counts`, labels.counts, [{ id: 'custpage_object', label: 'Object' }, ...outcomes.map((o) => ({ id: `custpage_${o}`, label: o }))],
    objects.map((object) => ({ custpage_object: object, ...Object.fromEntries(outcomes.map((o) => [`custpage_${o}`, t.counts[object]?.[o] ?? 0])) })));
  addList(form, `${prefix}_reasons`, labels.reasons, [{ id: 'custpage_object', label: 'Object' }, { id: 'custpage_code', label: 'Reason' }, { id: 'custpage_count', label: 'Records' }],
    objects.flatMap((object) => Object.entries(t.reasons[object] ?? {}).map(([code, n]) => ({ custpage_object: object, custpage_code: code, custpage_count: n }))));
}

/** What Import from Salesforce would do in NetSuite, per object and outcome (the import preview's last run). */
function addImportSection(form: serverWidget.Form, summary: ImportPreviewSummary | null): void {
  const g = 'custpage_import';
  form.addFieldGroup({ id: g, label: 'Import from Salesforce' });
  addFigure(form, 'custpage_imp_about', 'What it shows', 'What Import from Salesforce would do in NetSuite: it reads every Contact and Account Salesforce holds (deleted and merged ones too) and decides each as the pull does. The preview writes nothing.', g, serverWidget.FieldType.TEXTAREA);
  if (summary === null) {
    addFigure(form, 'custpage_imp_none', 'Status', 'No import preview has run yet.', g);
    return;
  }
  const t = summary.totals;
  addFigure(form, 'custpage_imp_run', 'Run', summary.runId, g);
  addFigure(form, 'custpage_imp_finished', 'Finished', userDate(summary.finishedAt), g);
  addFigure(form, 'custpage_imp_records', 'Salesforce records', `${t.records} in ${summary.batches} batch(es) over ${summary.runs} pull run(s)`, g);
  addFigure(form, 'custpage_imp_sf_calls', 'Salesforce API calls (the import reads the same)', t.salesforceCalls, g, serverWidget.FieldType.INTEGER);
  addPlanLink(form, 'custpage_imp_plan', summary, 'The whole import plan', g);
  addOutcomeLists(form, 'custpage_imp', { counts: 'Import: planned outcome per object', reasons: 'Import: skipped and failing, by reason' }, IMPORT_OUTCOMES, t);
  addList(form, 'custpage_imp_samples', 'Import: samples per outcome', [{ id: 'custpage_outcome', label: 'Outcome' }, { id: 'custpage_crm', label: 'Salesforce' }, { id: 'custpage_record', label: 'NetSuite' }, { id: 'custpage_code', label: 'Reason' }, { id: 'custpage_changes', label: 'Field changes', type: serverWidget.FieldType.TEXTAREA }],
    Object.entries(t.samples).flatMap(([key, rows]) => rows.map((r) => ({ custpage_outcome: key, custpage_crm: r.externalId ?? '', custpage_record: r.recordId === '' ? '(new)' : `${r.recordType} ${r.recordId}`, custpage_code: r.code, custpage_changes: changes(r) }))));
}

export function previewForm(summary: PreviewSummary | null, notice: Notice | null, ctx: ReportPageContext, consoleUrl: string, importSummary: ImportPreviewSummary | null = null): serverWidget.Form {
  const form = reportForm('CRM Sync — Preview', notice, ctx, consoleUrl, [
    ['preview_run', 'Run a preview'],
    ...(summary === null ? [] : [['preview_start', 'Start exactly this sync'] as const]),
    ['import_preview_run', 'Preview the import'],
    ...(importSummary === null ? [] : [['import_start', 'Start exactly this import'] as const]),
  ]);
  if (ctx.canChange) {
    const field = form.addField({ id: SCOPE_FIELD, type: serverWidget.FieldType.TEXT, label: 'Saved search (optional)', container: 'custpage_actions' });
    field.defaultValue = ctx.params[SCOPE_FIELD] ?? summary?.scope?.id ?? '';
    field.setHelpText({ help: 'For "Run a preview": the ID (for example customsearch_my_contacts) or internal id of a saved contact or customer search. The preview, and the sync you start from it, take only its records (a contact search also takes the contacts\' customers; a customer search also takes their contacts). Blank: every customer and contact.' });
  }
  const g = 'custpage_summary';
  form.addFieldGroup({ id: g, label: summary === null ? 'Preview' : 'What a full sync would do' });
  if (summary === null) {
    addFigure(form, 'custpage_none', 'Status', 'No preview has run yet. A preview reads NetSuite, Salesforce and Pardot and writes nothing.', g, serverWidget.FieldType.TEXTAREA);
    addImportSection(form, importSummary);
    return form;
  }
  const t = summary.totals;
  addFigure(form, 'custpage_run', 'Run', summary.runId, g);
  addFigure(form, 'custpage_finished', 'Finished', userDate(summary.finishedAt), g);
  addFigure(form, 'custpage_scope', 'Scope', scopeText(summary.scope), g);
  addFigure(form, 'custpage_records', 'Records', `${t.records} in ${summary.batches} batch(es)`, g);
  addFigure(form, 'custpage_sf_calls', 'Salesforce API calls', t.salesforceCalls, g, serverWidget.FieldType.INTEGER);
  addFigure(form, 'custpage_pd_calls', 'Pardot API calls', t.pardotCalls, g, serverWidget.FieldType.INTEGER);
  addFigure(form, 'custpage_units', 'NetSuite units (about)', summary.estimatedRunUnits, g, serverWidget.FieldType.INTEGER);
  addFigure(form, 'custpage_preview_units', 'Units the preview used', t.previewUnits, g, serverWidget.FieldType.INTEGER);
  addPlanLink(form, 'custpage_plan', summary, 'The whole plan', g);
  addOutcomeLists(form, 'custpage', { counts: 'Planned outcome per object', reasons: 'Skipped and failing, by reason' }, OUTCOMES, t);
  addList(form, 'custpage_ambiguous', 'Ambiguous email matches', [{ id: 'custpage_record', label: 'NetSuite' }, { id: 'custpage_link', label: 'Would link to' }, { id: 'custpage_others', label: 'Also matching' }],
    t.ambiguous.map((r) => ({ custpage_record: `${r.recordType} ${r.recordId}`, custpage_link: r.externalId ?? '', custpage_others: r.alsoMatching.join(', ') })));
  addList(form, 'custpage_samples', 'Samples per outcome', [{ id: 'custpage_outcome', label: 'Outcome' }, { id: 'custpage_record', label: 'NetSuite' }, { id: 'custpage_code', label: 'Reason' }, { id: 'custpage_changes', label: 'Field changes', type: serverWidget.FieldType.TEXTAREA }],
    Object.entries(t.samples).flatMap(([key, rows]) => rows.map((r) => ({ custpage_outcome: key, custpage_record: `${r.recordType} ${r.recordId}`, custpage_code: r.code, custpage_changes: changes(r) }))));
  addImportSection(form, importSummary);
  return form;
}

function act(ctx: ReportPageContext): Notice {
  if (ctx.refused !== null) return ctx.refused;
  if (!ctx.canChange) return { kind: 'error', title: 'Your role may not run a preview or start a sync.', lines: [`Role ${ctx.roleLabel} can view the preview but not change anything.`] };
  if (ctx.params.action === 'preview_run') {
    const wanted = (ctx.params[SCOPE_FIELD] ?? '').trim();
    const scope = wanted === '' ? null : savedSearchScope(wanted);
    if (typeof scope === 'string') return { kind: 'error', title: 'The preview was not started: that saved search cannot be its scope.', lines: [scope] };
    const result = submitMapReduce(REPORT_SCRIPTS.mrPreview.scriptId, REPORT_SCRIPTS.mrPreview.deploymentId, 'preview', { [REPORT_SCRIPT_PARAMS.previewSearch]: scope?.id ?? '' });
    return result.submitted ? { kind: 'success', title: 'The preview was asked to run now; reload this page when it has finished.', lines: [`Scope: ${scopeText(scope)}.`, 'Nothing is written to Salesforce, Pardot or the synced records.'] }
      : { kind: 'error', title: `NetSuite did not start the preview (${result.code}).`, lines: [] };
  }
  if (ctx.params.action === 'preview_start') {
    // The full sync the preview planned: the push with "Full Sync" and the preview's scope, on its on-demand deployment.
    const scope = latest()?.scope ?? null;
    // A saved search deleted or changed to another record type since the preview would stop the sync: say so now.
    const still = scope === null ? null : savedSearchScope(scope.id);
    if (typeof still === 'string') return { kind: 'error', title: 'The sync was not started: the preview\'s saved search can no longer be its scope.', lines: [still, 'Run a new preview.'] };
    const result = submitMapReduce(SCRIPTS.mrPush.scriptId, SCRIPTS.mrPush.onDemandDeploymentId, 'full sync from preview', { [SCRIPT_PARAMS.fullSync]: true, [SCRIPT_PARAMS.fullSyncSearch]: scope?.id ?? '' });
    return result.submitted ? { kind: 'success', title: 'The full sync the preview planned has started.', lines: [`Scope: ${scopeText(scope)}.`, 'Its outcomes appear in the console and the integration log as it runs.'] }
      : { kind: 'error', title: `NetSuite did not start the sync (${result.code}).`, lines: ['A push may already be running: it, or the next scheduled push, sends what is queued; start the full sync again once it has finished.'] };
  }
  if (ctx.params.action === 'import_preview_run') {
    const result = submitMapReduce(REPORT_SCRIPTS.mrPreview.scriptId, REPORT_SCRIPTS.mrPreview.deploymentId, 'import preview', { [REPORT_SCRIPT_PARAMS.previewOf]: 'import' });
    return result.submitted ? { kind: 'success', title: 'The preview of Import from Salesforce was asked to run now; reload this page when it has finished.', lines: ['Nothing is written to NetSuite, Salesforce or Pardot.'] }
      : { kind: 'error', title: `NetSuite did not start the import preview (${result.code}).`, lines: ['A preview may already be running: start this one once it has finished.'] };
  }
  if (ctx.params.action === 'import_start') {
    // Exactly what the import preview read and decided: Import from Salesforce, the console's own action.
    const result = startImport(ctx.roleLabel);
    return result.started ? { kind: 'success', title: 'Import from Salesforce started: the pull now reads everything Salesforce holds.', lines: ['Its outcomes appear in the integration log as it runs.'] }
      : { kind: 'info', title: `Import from Salesforce is set; NetSuite did not start the pull now (${result.code ?? 'not submitted'}), so the next scheduled pull begins it.`, lines: [] };
  }
  return { kind: 'error', title: 'Unknown action: nothing was changed.', lines: [] };
}

export function previewPage(ctx: ReportPageContext, consoleUrl: string): ReportPageResult | null {
  if (ctx.params.page !== 'preview') return null;
  const notice = ctx.posted ? act(ctx) : null;
  return { form: previewForm(latest(), notice, ctx, consoleUrl, latestImport()) };
}
