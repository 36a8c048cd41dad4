/**
 * The console's drift report page (?page=reconcile): the last reconcile's findings with both values per field and the
 * side a repair takes each from, and the actions — run reconcile now, Repair one record, Repair all. Actions only
 * start the reconcile map/reduce (repairs re-read both sides first, so a stale page never repairs the wrong way).
 * `reportPageShell` and `ReportPageContext` are shared with the preview page.
 */
import { REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS } from '../ids';
import type { DriftEntry } from '../core/drift';
import { explain } from '../core/reasons';
import { html, raw, type Html } from '../core/console/escape';
import { TOKEN_FIELD } from '../core/console/request-guard';
import type { Notice } from '../core/console/view-model';
import { latestSummaries, runPages } from '../netsuite/reports';
import { submitMapReduce } from '../netsuite/tasks';
import { loadSettings } from '../netsuite/config';
import type { ReconcileSummary } from './reconcile';

/** What the console hands a report page: the request, whether a POST was refused, who is asking. */
export interface ReportPageContext {
  params: Readonly<Record<string, string>>;
  posted: boolean;
  /** The request guard's refusal of this POST, as a notice (null: allowed, or a GET). */
  refused: Notice | null;
  canChange: boolean;
  roleLabel: string;
  postUrl: string;
  token: string;
}

export interface ReportPageResult {
  /** Absent: text/html. */
  contentType?: string;
  headers?: { name: string; value: string }[];
  body: string;
}

const CSS = `body{font:14px/1.4 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1d2a36}
header{background:#24385b;color:#fff;padding:12px 20px}header h1{margin:0;font-size:20px}main{padding:16px 20px;max-width:1100px}
section{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:12px 16px;margin:0 0 14px}h2{font-size:15px;margin:0 0 8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e6eaee;vertical-align:top;font-size:13px}
th{background:#f0f3f6}.muted{color:#5b6b7a;font-size:12px}.notice{border-left:5px solid #24385b}.notice.success{border-color:#2e7d32}
.notice.error{border-color:#c62828}button{background:#24385b;color:#fff;border:0;border-radius:4px;padding:6px 12px;margin:4px 8px 4px 0;cursor:pointer}
code{font-size:12px}`;

/** A page of the console: title, notice, sections, and a link back to the console. */
export function reportPageShell(title: string, notice: Notice | null, sections: Html[], consoleUrl: string): string {
  const noticeHtml = notice === null ? raw('')
    : html`<section class="notice ${notice.kind}" id="notice" role="status"><h2>${notice.title}</h2>${notice.lines.length === 0 ? '' : html`<ul>${notice.lines.map((l) => html`<li>${l}</li>`)}</ul>`}</section>`;
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${raw(CSS)}</style></head>
<body><header><h1>${title}</h1></header><main>${noticeHtml}${sections}<p><a href="${consoleUrl}">Back to the CRM Sync console</a></p></main></body></html>`.html;
}

/** A form whose POST starts an action (the console's request guard checks the token). */
export function actionForm(postUrl: string, token: string, fields: Readonly<Record<string, string>>, button: string, id: string): Html {
  const hidden = Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<form method="POST" action="${postUrl}" style="display:inline">${hidden}<input type="hidden" name="${TOKEN_FIELD}" value="${token}"><button type="submit" id="${id}">${button}</button></form>`;
}

export interface ReconcileView {
  summary: ReconcileSummary | null;
  drifts: DriftEntry[];
  every: string;
  autoRepair: boolean;
}

/** Most drifted records one page lists (the rest are counted; Repair all repairs them too). */
const MAX_LISTED = 500;

export function reconcileView(): ReconcileView {
  const settings = loadSettings();
  const latest = latestSummaries('reconcile', 1)[0];
  const summary = latest === undefined ? null : JSON.parse(latest.body) as ReconcileSummary;
  const drifts = latest === undefined ? [] : runPages('reconcile', latest.runId).flatMap((p) => JSON.parse(p.body) as DriftEntry[]).slice(0, MAX_LISTED);
  return { summary, drifts, every: settings.reconcile.every, autoRepair: settings.reconcile.autoRepair };
}

const KIND_CODE = { differs: 'DRIFT_FOUND', missing: 'COUNTERPART_MISSING', linked_twice: 'COUNTERPART_LINKED_TWICE' } as const;

export function renderReconcile(view: ReconcileView, notice: Notice | null, ctx: ReportPageContext, consoleUrl: string): string {
  const s = view.summary;
  const actions = ctx.canChange
    ? html`${actionForm(ctx.postUrl, ctx.token, { page: 'reconcile', action: 'reconcile_run' }, 'Run reconcile now', 'reconcile-run')}${view.drifts.length === 0 ? '' : actionForm(ctx.postUrl, ctx.token, { page: 'reconcile', action: 'reconcile_repair', record: 'all' }, 'Repair all', 'reconcile-repair-all')}`
    : html`<p class="muted">Role ${ctx.roleLabel} may view this report but not run or repair.</p>`;
  const overview = html`<section id="reconcile-summary"><h2>Last reconcile</h2>${s === null ? html`<p>No reconcile has run yet.</p>`
    : html`<p>${s.runId}, finished ${s.finishedAt}: ${s.checked} linked record(s) compared, <strong>${s.differs}</strong> differ, <strong>${s.missing}</strong> missing counterpart(s), <strong>${s.linkedTwice}</strong> linked twice; ${s.repaired} repaired. ${s.salesforceCalls} Salesforce and ${s.pardotCalls} Pardot call(s).</p>`}
<p class="muted">Scheduled: ${view.every}${view.autoRepair ? ', repairs automatically' : ', repairs only when you click Repair'}. A repair copies each field the way ownership says: NetSuite-owned fields from NetSuite (through the push queue), fields Salesforce changed since the two last agreed (or Salesforce-owned ones) from Salesforce, Pardot-owned fields from Pardot.</p>${actions}</section>`;
  const rows = view.drifts.map((d) => {
    const key = `${d.recordType}:${d.recordId}`;
    const fields = d.kind === 'differs'
      ? html`<table>${d.fields.map((f) => html`<tr><td><code>${f.field}</code></td><td>NetSuite: ${f.netsuite === '' ? '(blank)' : f.netsuite}</td><td>${d.system === 'pardot' ? 'Pardot' : 'Salesforce'}: ${f.crm === '' ? '(blank)' : f.crm}</td><td>repair from <strong>${f.from}</strong></td></tr>`)}</table>`
      : d.kind === 'missing' ? html`${explain('COUNTERPART_MISSING')}` : html`Also linked: ${d.others.join(', ')}. ${explain('COUNTERPART_LINKED_TWICE')}`;
    const repair = ctx.canChange && d.kind !== 'linked_twice' ? actionForm(ctx.postUrl, ctx.token, { page: 'reconcile', action: 'reconcile_repair', record: key }, 'Repair', `repair-${d.recordType}-${d.recordId}-${d.system}`) : '';
    return html`<tr><td>${d.recordType} ${d.recordId}</td><td>${d.system} ${d.externalId}</td><td><code>${KIND_CODE[d.kind]}</code></td><td>${fields}</td><td>${repair}</td></tr>`;
  });
  const list = html`<section id="drift"><h2>Records that differ</h2>${view.drifts.length === 0 ? html`<p>Nothing drifted.</p>`
    : html`<table><tr><th>NetSuite</th><th>Counterpart</th><th>Finding</th><th>Fields</th><th></th></tr>${rows}</table>`}</section>`;
  return reportPageShell('CRM Sync — Drift report', notice, [overview, list], consoleUrl);
}

function act(ctx: ReportPageContext): Notice {
  if (ctx.refused !== null) return ctx.refused;
  if (!ctx.canChange) return { kind: 'error', title: 'Your role may not run or repair reconcile.', lines: [`Role ${ctx.roleLabel} can view this report but not change anything.`] };
  const action = ctx.params.action;
  if (action === 'reconcile_run') {
    const result = submitMapReduce(REPORT_SCRIPTS.mrReconcile.scriptId, REPORT_SCRIPTS.mrReconcile.onDemandDeploymentId, 'reconcile');
    return result.submitted ? { kind: 'success', title: 'Reconcile was asked to run now; reload this page when it has finished.', lines: [] }
      : { kind: 'error', title: `NetSuite did not start reconcile (${result.code}).`, lines: ['A reconcile may already be running: reload this page in a few minutes.'] };
  }
  if (action === 'reconcile_repair') {
    const record = ctx.params.record ?? '';
    if (record !== 'all' && !/^(contact|customer):\d{1,12}$/.test(record)) return { kind: 'error', title: 'Nothing was repaired: the record to repair is not valid.', lines: [] };
    const result = submitMapReduce(REPORT_SCRIPTS.mrReconcile.scriptId, REPORT_SCRIPTS.mrReconcile.onDemandDeploymentId, 'reconcile repair', { [REPORT_SCRIPT_PARAMS.repair]: record });
    return result.submitted
      ? { kind: 'success', title: record === 'all' ? 'Repair of every drifted record started.' : `Repair of ${record.replace(':', ' ')} started.`, lines: ['Reconcile reads both sides again and repairs what still differs; each repair is logged with DRIFT_REPAIRED. NetSuite values reach the CRM with the next push.'] }
      : { kind: 'error', title: `NetSuite did not start the repair (${result.code}).`, lines: ['A reconcile may already be running: try again when it has finished.'] };
  }
  return { kind: 'error', title: 'Unknown action: nothing was changed.', lines: [] };
}

/** The page, or null when the request is not for it. */
export function reconcilePage(ctx: ReportPageContext, consoleUrl: string): ReportPageResult | null {
  if (ctx.params.page !== 'reconcile') return null;
  const notice = ctx.posted ? act(ctx) : null;
  return { body: renderReconcile(reconcileView(), notice, ctx, consoleUrl) };
}
