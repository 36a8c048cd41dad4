/**
 * The console's preview page (?page=preview): the last preview's counts per object and planned outcome, skip and
 * failure reasons, ambiguous email matches, samples with field-level diffs, the calls and governance the sync would
 * take; a link to the whole plan, a CSV file in the File Cabinet the preview wrote; and the actions — run a preview,
 * start exactly that sync.
 */
import { REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS, SCRIPT_PARAMS, SCRIPTS } from '../ids';
import type { PlanRow } from '../core/preview';
import { html, type Html } from '../core/console/escape';
import type { Notice } from '../core/console/view-model';
import { latestSummaries } from '../netsuite/reports';
import { submitMapReduce } from '../netsuite/tasks';
import type { PreviewSummary } from './preview';
import { IMPORT_PREVIEW_JOB, type ImportPreviewSummary } from './import-preview';
import { startImport } from './pull';
import { actionForm, reportPageShell, type ReportPageContext, type ReportPageResult } from './reconcile-page';

const OUTCOMES = ['create', 'link', 'update', 'unchanged', 'skip', 'fail', 'wait', 'delete'] as const;

function latest(): PreviewSummary | null {
  const page = latestSummaries('preview', 1)[0];
  return page === undefined ? null : JSON.parse(page.body) as PreviewSummary;
}

function latestImport(): ImportPreviewSummary | null {
  const page = latestSummaries(IMPORT_PREVIEW_JOB, 1)[0];
  return page === undefined ? null : JSON.parse(page.body) as ImportPreviewSummary;
}

const IMPORT_OUTCOMES = ['create', 'link', 'update', 'unchanged', 'skip', 'fail', 'delete'] as const;

/** The import preview's section: what Import from Salesforce would do in NetSuite, per object and outcome. */
export function renderImportPreview(summary: ImportPreviewSummary | null, ctx: ReportPageContext): Html {
  const actions = ctx.canChange
    ? html`${actionForm(ctx.postUrl, ctx.token, { page: 'preview', action: 'import_preview_run' }, 'Preview the import', 'import-preview-run')}${summary === null ? '' : actionForm(ctx.postUrl, ctx.token, { page: 'preview', action: 'import_start', run: summary.runId }, 'Start exactly this import', 'import-start')}`
    : html``;
  const intro = html`<p>What <strong>Import from Salesforce</strong> would do in NetSuite: it reads every Contact and Account Salesforce holds (deleted and merged ones too) and decides each as the pull does. The preview writes nothing.</p>`;
  if (summary === null) return html`<section id="import-preview"><h2>Import from Salesforce</h2>${intro}<p>No import preview has run yet.</p>${actions}</section>`;
  const t = summary.totals;
  const objects = Object.keys(t.counts).sort();
  const counts = html`<table id="import-preview-counts"><tr><th>Object</th>${IMPORT_OUTCOMES.map((o) => html`<th>${o}</th>`)}</tr>${objects.map((object) => html`<tr><td>${object}</td>${IMPORT_OUTCOMES.map((o) => html`<td>${t.counts[object]?.[o] ?? 0}</td>`)}</tr>`)}</table>`;
  const reasons = objects.flatMap((object) => Object.entries(t.reasons[object] ?? {}).map(([code, n]) => html`<tr><td>${object}</td><td><code>${code}</code></td><td>${n}</td></tr>`));
  const samples = Object.entries(t.samples).map(([key, rows]) => html`<h3>${key}</h3><table><tr><th>Salesforce</th><th>NetSuite</th><th>Reason</th><th>Field changes</th></tr>${rows.map((r) => html`<tr><td>${r.externalId ?? ''}</td><td>${r.recordId === '' ? '(new)' : html`${r.recordType} ${r.recordId}`}</td><td><code>${r.code}</code></td><td>${diff(r)}</td></tr>`)}</table>`);
  return html`<section id="import-preview"><h2>Import from Salesforce</h2>${intro}
<p>${summary.runId}, finished ${summary.finishedAt}: ${t.records} Salesforce record(s) in ${summary.batches} batch(es) over ${summary.runs} pull run(s). The preview read them with <strong>${t.salesforceCalls}</strong> Salesforce API call(s); the import reads the same.</p>
${counts}${reasons.length === 0 ? '' : html`<table id="import-preview-reasons"><tr><th>Object</th><th>Reason</th><th>Records</th></tr>${reasons}</table>`}${planLink(summary)}${actions}
<div id="import-preview-samples">${samples}</div></section>`;
}

function diff(row: PlanRow): Html {
  if (row.changes.length === 0) return html`${row.outcome === 'skip' || row.outcome === 'fail' || row.outcome === 'wait' ? row.message : ''}`;
  return html`<table>${row.changes.map((c) => html`<tr><td><code>${c.field}</code></td><td>${c.from === '' ? '(blank)' : c.from}</td><td>→ ${c.to === '' ? '(blank)' : c.to}</td></tr>`)}</table>`;
}

export function renderPreview(summary: PreviewSummary | null, notice: Notice | null, ctx: ReportPageContext, consoleUrl: string, importSummary: ImportPreviewSummary | null = null): string {
  const importSection = renderImportPreview(importSummary, ctx);
  const actions = ctx.canChange
    ? html`${actionForm(ctx.postUrl, ctx.token, { page: 'preview', action: 'preview_run' }, 'Run a preview', 'preview-run')}${summary === null ? '' : actionForm(ctx.postUrl, ctx.token, { page: 'preview', action: 'preview_start', run: summary.runId }, 'Start exactly this sync', 'preview-start')}`
    : html`<p class="muted">Role ${ctx.roleLabel} may view the preview but not run it or start a sync.</p>`;
  if (summary === null) return reportPageShell('CRM Sync — Preview', notice, [html`<section id="preview-summary"><h2>Preview</h2><p>No preview has run yet. A preview reads NetSuite, Salesforce and Pardot and writes nothing.</p>${actions}</section>`, importSection], consoleUrl);
  const t = summary.totals;
  const objects = Object.keys(t.counts).sort();
  const counts = html`<table id="preview-counts"><tr><th>Object</th>${OUTCOMES.map((o) => html`<th>${o}</th>`)}</tr>${objects.map((object) => html`<tr><td>${object}</td>${OUTCOMES.map((o) => html`<td>${t.counts[object]?.[o] ?? 0}</td>`)}</tr>`)}</table>`;
  const reasons = objects.flatMap((object) => Object.entries(t.reasons[object] ?? {}).map(([code, n]) => html`<tr><td>${object}</td><td><code>${code}</code></td><td>${n}</td></tr>`));
  const overview = html`<section id="preview-summary"><h2>What a full sync would do</h2>
<p>${summary.runId}, finished ${summary.finishedAt}: ${t.records} record(s) in ${summary.batches} batch(es). The sync would take <strong>${t.salesforceCalls}</strong> Salesforce and <strong>${t.pardotCalls}</strong> Pardot API call(s) and about <strong>${summary.estimatedRunUnits}</strong> NetSuite units (the preview itself used ${t.previewUnits}).</p>
${counts}${planLink(summary)}${actions}</section>`;
  const reasonSection = html`<section id="preview-reasons"><h2>Skipped and failing, by reason</h2>${reasons.length === 0 ? html`<p>None.</p>` : html`<table><tr><th>Object</th><th>Reason</th><th>Records</th></tr>${reasons}</table>`}</section>`;
  const ambiguous = html`<section id="preview-ambiguous"><h2>Ambiguous email matches</h2>${t.ambiguous.length === 0 ? html`<p>None.</p>`
    : html`<table><tr><th>NetSuite</th><th>Would link to</th><th>Also matching</th></tr>${t.ambiguous.map((r) => html`<tr><td>${r.recordType} ${r.recordId}</td><td>${r.externalId ?? ''}</td><td>${r.alsoMatching.join(', ')}</td></tr>`)}</table>`}</section>`;
  const samples = html`<section id="preview-samples"><h2>Samples per outcome</h2>${Object.entries(t.samples).map(([key, rows]) => html`<h3>${key}</h3><table><tr><th>NetSuite</th><th>Reason</th><th>Field changes</th></tr>${rows.map((r) => html`<tr><td>${r.recordType} ${r.recordId}</td><td><code>${r.code}</code></td><td>${diff(r)}</td></tr>`)}</table>`)}</section>`;
  return reportPageShell('CRM Sync — Preview', notice, [overview, reasonSection, ambiguous, samples, importSection], consoleUrl);
}

/** The link to the plan's CSV file in the File Cabinet (its File.url), or why there is none. */
export function planLink(summary: { plan?: { url: string; lines: number } | null; errors: readonly string[] }): Html {
  const plan = summary.plan ?? null;
  if (plan === null || plan.url === '') return html`<p class="muted">No plan file. ${summary.errors.join(' ')}</p>`;
  return html`<p><a id="preview-csv" href="${plan.url}">The whole plan (CSV, ${plan.lines} line(s))</a>, a file in the File Cabinet (SuiteScripts › crmsync › plans).</p>`;
}

function act(ctx: ReportPageContext): Notice {
  if (ctx.refused !== null) return ctx.refused;
  if (!ctx.canChange) return { kind: 'error', title: 'Your role may not run a preview or start a sync.', lines: [`Role ${ctx.roleLabel} can view the preview but not change anything.`] };
  if (ctx.params.action === 'preview_run') {
    const result = submitMapReduce(REPORT_SCRIPTS.mrPreview.scriptId, REPORT_SCRIPTS.mrPreview.deploymentId, 'preview');
    return result.submitted ? { kind: 'success', title: 'The preview was asked to run now; reload this page when it has finished.', lines: ['Nothing is written to Salesforce, Pardot or the synced records.'] }
      : { kind: 'error', title: `NetSuite did not start the preview (${result.code}).`, lines: [] };
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
  const notice = ctx.posted ? act(ctx) : null;
  return { body: renderPreview(latest(), notice, ctx, consoleUrl, latestImport()) };
}
