/**
 * The console as a NetSuite page (N/ui/serverWidget): field groups for the setup checklist, queue, connection, API
 * usage, org health and the chart; LIST sublists for the error list (a checkbox column with Mark All / Unmark All),
 * the top reasons, the last runs and the reason codes; NetSuite's page messages for the action's result and the
 * connection banners; one Submit button that posts the chosen action with the ticked records. Filters, sort and page
 * are fields of the same form (posted with no action they only redraw the list) and also work as URL parameters.
 * The view model (src/core/console/view-model.ts) decides what is shown; this file only lays it out.
 */
import * as serverWidget from 'N/ui/serverWidget';
import * as message from 'N/ui/message';
import type * as http from 'N/http';
import { html, raw, type Html } from '../core/console/escape';
import { renderChart } from '../core/console/chart';
import { USAGE_WARNING_PERCENT, type ConsoleView, type Notice } from '../core/console/view-model';
import { TOKEN_FIELD } from '../core/console/request-guard';
import { QUERY_PARAMS, queryParams } from '../core/console/failures';
import { ACTION_FIELD, addFigure, addHidden, addList, addMarkup, addNotice, addSelect, REPORT_PAGE_FIELD, TOKEN_FORM_FIELD, userDate, userTimes, withParams } from './ui-form';
import { DRIFT_LIST } from './reconcile-page';

export const FAILED_LIST = 'custpage_failed';
const SELECT_COLUMN = 'custpage_select';
const NOTE_FIELD = 'custpage_note';
/** custpage_<query param> for each filter field of the form (f_status → custpage_f_status …). */
const filterField = (param: string): string => `custpage_${param}`;

const SYSTEM_LABEL = { salesforce: 'Salesforce', pardot: 'Pardot' } as const;
const STEP_MARK = { done: 'Done', todo: 'To do', problem: 'Needs attention', waiting: 'Waiting for the step above' } as const;

/**
 * The console's own parameters from a request: URL parameters as they are, and what the page's form posts (custpage_
 * fields, the ticked lines of the error list as retry_<type>_<id>) under the names the actions read.
 * `formView`: the form was posted with no action (filter, sort or page changed): a view, nothing to act on.
 */
export function consoleParameters(request: http.ServerRequest): { params: Record<string, string>; formView: boolean } {
  const params: Record<string, string> = {};
  const raw = request.parameters as Record<string, unknown> | null | undefined;
  for (const [key, value] of Object.entries(raw ?? {})) if (typeof value === 'string') params[key] = value;
  const posted = request.method === 'POST';
  const fromForm = posted && params[ACTION_FIELD] !== undefined;
  if (!fromForm) return { params, formView: false };
  const renamed: Record<string, string> = { [ACTION_FIELD]: 'action', [NOTE_FIELD]: 'note', [TOKEN_FORM_FIELD]: TOKEN_FIELD, [REPORT_PAGE_FIELD]: 'page', ...CONFIRM_FIELDS };
  for (const param of Object.values(QUERY_PARAMS)) renamed[filterField(param)] = param;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = renamed[key];
    if (name === undefined) out[key] = value;
    else if (value !== '') out[name] = value;
  }
  // A line NetSuite did not post reads as null, whatever the typings say.
  const cell = (group: string, name: string, line: number): string => {
    const value: unknown = request.getSublistValue({ group, name, line });
    return typeof value === 'string' ? value : '';
  };
  const ticked = (group: string): number[] => {
    const lines: number[] = [];
    for (let line = 0, count = request.getLineCount({ group }); line < count; line += 1) if (cell(group, SELECT_COLUMN, line) === 'T') lines.push(line);
    return lines;
  };
  // The drift report's ticked lines: the records to repair, "contact:12,customer:3" (validated where it is acted on).
  const repairs = ticked(DRIFT_LIST).map((line) => cell(DRIFT_LIST, 'custpage_key', line));
  if (repairs.length > 0) out.record = repairs.join(',').slice(0, 400);
  for (const line of ticked(FAILED_LIST)) {
    const type = cell(FAILED_LIST, 'custpage_recordtype', line);
    const id = cell(FAILED_LIST, 'custpage_id', line);
    // The selection is validated where it is parsed (requests.ts): anything else is reported as an invalid selection.
    out[`retry_${type}_${id}`.slice(0, 80)] = 'T';
  }
  return { params: out, formView: out.action === undefined };
}

function checklist(form: serverWidget.Form, view: ConsoleView): void {
  const { steps, complete } = view.checklist;
  if (steps.length === 0) return;
  const done = steps.filter((s) => s.state === 'done').length;
  form.addFieldGroup({ id: 'custpage_setup', label: complete ? 'Setup checklist: complete' : `Setup checklist (${done} of ${steps.length} done)` });
  const items = steps.map((s) => html`<li data-step="${s.key}" data-state="${s.state}"><strong>${s.label}</strong> — <span class="step-state">${STEP_MARK[s.state]}</span>. <span class="step-detail">${s.detail}</span>${s.state === 'done' || s.link === null ? '' : html` <a href="${s.link.url}">${s.link.label}</a>`}${s.action === null ? '' : html` <em>(Action “${s.action.button}”, then Submit)</em>`}</li>`);
  addMarkup(form, 'custpage_setup_steps', 'Steps', html`<ol id="setup-steps" data-complete="${complete ? 'T' : 'F'}">${items}</ol>`, 'custpage_setup');
}

function queueGroup(form: serverWidget.Form, view: ConsoleView): void {
  form.addFieldGroup({ id: 'custpage_queue', label: 'Queue' });
  addFigure(form, 'custpage_generated', 'As of', userDate(view.generatedAt), 'custpage_queue', serverWidget.FieldType.TEXT);
  addFigure(form, 'custpage_queue_depth', 'Pending changes', view.queue.pending, 'custpage_queue', serverWidget.FieldType.INTEGER);
  addFigure(form, 'custpage_queue_age', 'Oldest waiting', view.queue.oldestAge ?? '–', 'custpage_queue');
  addFigure(form, 'custpage_sending', 'Sending', view.directions.sending.text, 'custpage_queue', serverWidget.FieldType.TEXTAREA);
  view.quotaLines.forEach((text, i) => addFigure(form, `custpage_quota_${i}`, 'Calls stopped', userTimes(text), 'custpage_queue', serverWidget.FieldType.TEXTAREA));
  addFigure(form, 'custpage_receiving', 'Receiving', view.directions.receiving.text, 'custpage_queue', serverWidget.FieldType.TEXTAREA);
}

function connectionGroup(form: serverWidget.Form, view: ConsoleView): void {
  form.addFieldGroup({ id: 'custpage_connection', label: 'Salesforce connection' });
  addFigure(form, 'custpage_connection_state', 'Status', view.connection.ok ? 'Connected' : 'Not connected', 'custpage_connection');
  addFigure(form, 'custpage_connection_detail', 'Detail', userTimes(view.connection.detail), 'custpage_connection', serverWidget.FieldType.TEXTAREA);
}

function pardotUsage(view: ConsoleView): string {
  const usage = view.pardotUsage;
  switch (usage.kind) {
    case 'disabled': return 'Not used (Sync With Pardot is off in the CRM Sync settings).';
    case 'none': return 'No usage recorded yet (Pardot reports it to the next push that calls Pardot).';
    case 'unreadable': return `Usage unknown. Pardot's x-api-usage header was "${usage.header}" (run ${usage.runId}), not "used/max".`;
    case 'usage': return `${usage.used} / ${usage.max} today (${usage.percent} %)${usage.high ? ` — over ${USAGE_WARNING_PERCENT} % of the daily limit` : ''}`;
  }
}

function usageGroup(form: serverWidget.Form, view: ConsoleView): void {
  form.addFieldGroup({ id: 'custpage_usage', label: 'API usage' });
  const usage = view.apiUsage;
  addFigure(form, 'custpage_salesforce_usage', 'Salesforce API', usage === null
    ? 'No Sforce-Limit-Info recorded yet (it comes with the next push that calls Salesforce).'
    : `${usage.used} of ${usage.max} daily API requests (${usage.percent} %, run ${usage.runId})${usage.high ? ` — over ${USAGE_WARNING_PERCENT} % of the daily limit` : ''}`, 'custpage_usage', serverWidget.FieldType.TEXTAREA);
  addFigure(form, 'custpage_pardot_usage', 'Pardot API', pardotUsage(view), 'custpage_usage', serverWidget.FieldType.TEXTAREA);
}

function healthGroup(form: serverWidget.Form, view: ConsoleView): void {
  if (view.prerequisites.length === 0) return;
  form.addFieldGroup({ id: 'custpage_health', label: 'Org health' });
  const missing = view.prerequisites.filter((p) => !p.ok).length;
  const unchecked = view.prerequisites.every((p) => p.key === 'not-checked');
  addFigure(form, 'custpage_health_summary', 'Summary', unchecked ? 'Not checked yet' : missing === 0 ? 'Every prerequisite is in place' : `${missing} prerequisite(s) missing`, 'custpage_health');
  view.prerequisites.forEach((p, i) => {
    addFigure(form, `custpage_health_${i}`, p.label, `${p.ok ? 'ok' : 'missing'}: ${userTimes(p.detail)}${p.ok ? '' : `\nWhat to do: ${p.fix}`}`, 'custpage_health', serverWidget.FieldType.TEXTAREA);
  });
}

function chartGroup(form: serverWidget.Form, view: ConsoleView): void {
  const total = view.chart.reduce((n, d) => n + d.completed + d.skipped + d.failed, 0);
  form.addFieldGroup({ id: 'custpage_chart', label: `Records synced per day, last ${view.chartDays} days (push)` });
  const swatch = (color: string): Html => html`<span style="display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;background:${color}"></span>`;
  addMarkup(form, 'custpage_chart_svg', 'Chart', html`<div id="chart">${raw(renderChart(view.chart))}<div>${swatch('#2e7d32')}Completed${swatch('#9e9e9e')}Skipped${swatch('#c62828')}Failed — ${total} record-day(s): each record counts once a day, with its last outcome (days in UTC)</div></div>`, 'custpage_chart');
}

function filterGroup(form: serverWidget.Form, view: ConsoleView): void {
  const { query, reasons, page, failedRecords, skippedRecords } = view.failures;
  form.addFieldGroup({ id: 'custpage_filters', label: 'Error list: filter, sort and page' });
  const g = 'custpage_filters';
  addSelect(form, filterField(QUERY_PARAMS.status), 'Status', query.status, [['Failed', 'Failed'], ['Skipped', 'Skipped'], ['all', 'Failed and skipped']], g);
  addSelect(form, filterField(QUERY_PARAMS.system), 'System', query.system, [['all', 'All'], ['salesforce', 'Salesforce'], ['pardot', 'Pardot']], g);
  addSelect(form, filterField(QUERY_PARAMS.type), 'Type', query.type, [['all', 'All'], ['contact', 'Contact'], ['customer', 'Customer']], g);
  addSelect(form, filterField(QUERY_PARAMS.reason), 'Reason', query.reason, [['', 'All'], ...reasons.map((r) => [r, r] as const)], g);
  addSelect(form, filterField(QUERY_PARAMS.age), 'Age', query.age, [['all', 'Any'], ['1', 'Last day'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['older30', 'Older than 30 days']], g);
  const search = form.addField({ id: filterField(QUERY_PARAMS.search), label: 'Name or email', type: serverWidget.FieldType.TEXT, container: g });
  search.defaultValue = query.search;
  addSelect(form, filterField(QUERY_PARAMS.sort), 'Sort by', query.sort, [['since', 'Since'], ['name', 'Record'], ['type', 'Type'], ['system', 'System'], ['reason', 'Reason']], g);
  addSelect(form, filterField(QUERY_PARAMS.dir), 'Order', query.descending ? 'desc' : 'asc', [['desc', 'Descending'], ['asc', 'Ascending']], g);
  const pages = Array.from({ length: page.pages }, (_, i) => [String(i + 1), `Page ${i + 1} of ${page.pages}`] as const);
  addSelect(form, filterField(QUERY_PARAMS.page), 'Page', String(page.page), pages, g);
  addFigure(form, 'custpage_paging', 'Showing', `Page ${page.page} of ${page.pages} (${page.matching} matching). ${failedRecords} failed, ${skippedRecords} skipped record(s); failures from Salesforce and Pardot, one row per record and system. A record leaves the list when a later sync succeeds or it is resolved.`, g, serverWidget.FieldType.TEXTAREA);
}

function actionGroup(form: serverWidget.Form, view: ConsoleView): void {
  form.addFieldGroup({ id: 'custpage_actions', label: 'Actions' });
  const { page } = view.failures;
  if (view.failures.retryTask !== null) addFigure(form, 'custpage_retry_task', 'Background retry', userTimes(view.failures.retryTask), 'custpage_actions', serverWidget.FieldType.TEXTAREA);
  if (!view.canRetry) {
    addFigure(form, 'custpage_view_only', 'Your role', `${view.roleLabel} can look but not retry. Ask an administrator to add it to "Roles That May Retry" on the console deployment.`, 'custpage_actions', serverWidget.FieldType.TEXTAREA);
    addHidden(form, ACTION_FIELD, '');
    return;
  }
  const options: [string, string][] = [['', 'Show the list (filters, sort, page)']];
  if (page.rows.length > 0) options.push(['retry_selected', 'Retry selected'], ['resolve_selected', 'Resolve selected (with the note)']);
  if (page.matching > 0) options.push(['retry_matching', `Retry these ${page.matching.toLocaleString('en-US')}`]);
  for (const step of view.checklist.steps) if (step.action !== null && !options.some(([v]) => v === step.action?.name)) options.push([step.action.name, step.action.button]);
  if (view.savedSearches.some((s) => !s.installed) && !options.some(([v]) => v === 'install_searches')) options.push(['install_searches', 'Install saved searches']);
  options.push(['import_salesforce', 'Import from Salesforce']);
  addSelect(form, ACTION_FIELD, 'Action', '', options, 'custpage_actions');
  const note = form.addField({ id: NOTE_FIELD, label: 'Note (for Resolve)', type: serverWidget.FieldType.TEXT, container: 'custpage_actions' });
  note.maxLength = 300;
  addFigure(form, 'custpage_import_help', 'Import from Salesforce', 'The pull reads what changed in Salesforce since CRM Sync was installed. Import reads the Contacts and Accounts Salesforce held before: the next pulls read everything, keep their place between runs, and never bring back records deleted in NetSuite.', 'custpage_actions', serverWidget.FieldType.TEXTAREA);
}

function searchesGroup(form: serverWidget.Form, view: ConsoleView): void {
  form.addFieldGroup({ id: 'custpage_searches', label: 'Integration log saved searches' });
  const items = view.savedSearches.map((s) => html`<li>${s.installed ? html`<a href="/app/common/search/searchresults.nl?searchid=${s.id}">${s.title}</a>` : html`${s.title} (not installed)`} <code>${s.id}</code></li>`);
  addMarkup(form, 'custpage_search_links', 'Saved searches', html`<ul id="saved-searches">${items}</ul>`, 'custpage_searches');
}

function failedList(form: serverWidget.Form, view: ConsoleView): void {
  const { page, failedRecords, markAll } = view.failures;
  const columns = [
    ...(view.canRetry ? [{ id: SELECT_COLUMN, label: 'Select', type: serverWidget.FieldType.CHECKBOX }] : []),
    { id: 'custpage_record', label: 'Record', markup: true },
    { id: 'custpage_recordtype', label: 'Type' },
    { id: 'custpage_id', label: 'Internal ID', hidden: true },
    { id: 'custpage_email', label: 'Email' },
    { id: 'custpage_system', label: 'System' },
    { id: 'custpage_status', label: 'Status' },
    { id: 'custpage_reason', label: 'Reason' },
    { id: 'custpage_message', label: 'Message' },
    { id: 'custpage_since', label: 'Since' },
    { id: 'custpage_queue_state', label: 'Queue' },
    { id: 'custpage_details', label: 'Details', markup: true },
  ];
  const rows = page.rows.map((f) => ({
    [SELECT_COLUMN]: markAll ? 'T' : 'F',
    custpage_record: html`<a href="/app/common/entity/${f.recordType}.nl?id=${f.id}">${f.name}</a>`.html,
    custpage_recordtype: f.recordType,
    custpage_id: f.id,
    custpage_email: f.email ?? '',
    custpage_system: SYSTEM_LABEL[f.system],
    custpage_status: f.status,
    custpage_reason: f.code,
    custpage_message: f.message,
    custpage_since: userDate(f.since),
    custpage_queue_state: f.queueState === 'pending' ? 'retry queued' : '',
    custpage_details: html`<a href="${withParams(view.postUrl, { action: 'detail', recordtype: f.recordType, id: f.id, system: f.system })}">Details</a>`.html,
  }));
  const list = addList(form, FAILED_LIST, `Failed records (${failedRecords})`, columns, rows);
  if (view.canRetry && rows.length > 0) list.addMarkAllButtons();
}

function reasonsList(form: serverWidget.Form, view: ConsoleView): void {
  addList(form, 'custpage_reasons', 'Top failure reasons (failed records now)', [
    { id: 'custpage_code', label: 'Reason' }, { id: 'custpage_system', label: 'System' }, { id: 'custpage_count', label: 'Records' }, { id: 'custpage_meaning', label: 'What it means' },
  ], view.topReasons.map((r) => ({ custpage_code: r.code, custpage_system: SYSTEM_LABEL[r.system], custpage_count: r.count, custpage_meaning: r.explanation })));
}

function runsList(form: serverWidget.Form, view: ConsoleView): void {
  const counts = (c: { completed: number; skipped: number; failed: number; retrying: number; waiting: number }): string => `${c.completed} / ${c.skipped} / ${c.failed} / ${c.retrying} / ${c.waiting}`;
  addList(form, 'custpage_runs', 'Last runs', [
    { id: 'custpage_started', label: 'Started' }, { id: 'custpage_kind', label: 'Run' }, { id: 'custpage_status', label: 'Status' }, { id: 'custpage_records', label: 'Records' },
    { id: 'custpage_counts', label: 'Completed / skipped / failed / retrying / waiting' }, { id: 'custpage_by_system', label: 'By system', type: serverWidget.FieldType.TEXTAREA },
    { id: 'custpage_seconds', label: 'Seconds' }, { id: 'custpage_units', label: 'Units' }, { id: 'custpage_api_calls', label: 'API calls' }, { id: 'custpage_errors', label: 'Failed records + errors' },
  ], view.lastRuns.map((r) => ({
    custpage_started: userDate(r.startedAt ?? r.created), custpage_kind: r.kind, custpage_status: r.status, custpage_records: r.records, custpage_counts: counts(r),
    custpage_by_system: r.systems.map((x) => `${SYSTEM_LABEL[x.system]}: ${counts(x.counts)}`).join('\n'),
    custpage_seconds: r.seconds ?? '–', custpage_units: r.unitsUsed ?? '–', custpage_api_calls: r.apiCalls ?? '–', custpage_errors: r.errors,
  })));
}

/** The connection's own red banner: which setting, what to do, and the link to the settings. */
function banners(form: serverWidget.Form, view: ConsoleView): void {
  for (const b of view.connectionBanners) {
    const link = b.settingsUrl === null ? '' : html` <a href="${b.settingsUrl}" id="fix-settings-${b.service}">Open the CRM Sync Settings</a>`;
    form.addPageInitMessage({ type: message.Type.ERROR, title: html`${b.title}`.html, message: html`<span data-service="${b.service}">${b.fix}</span><br>${userTimes(b.detail)}${link}`.html });
  }
}

/** The console page. `token`: the user's request token, posted back in a hidden field (request-guard.ts). */
export function consoleForm(view: ConsoleView, token: string): serverWidget.Form {
  const form = serverWidget.createForm({ title: 'CRM Sync Console' });
  addNotice(form, view.notice);
  banners(form, view);
  // A paused direction is a standing warning (yellow), besides its line in the Queue group.
  for (const line of [view.directions.sending, view.directions.receiving]) {
    if (line.paused) form.addPageInitMessage({ type: message.Type.WARNING, title: html`${line.text}`.html, message: '' });
  }
  const { query, page } = view.failures;
  form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: 'Preview a full sync', url: withParams(view.postUrl, { page: 'preview' }) });
  form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: 'Drift report', url: withParams(view.postUrl, { page: 'reconcile' }) });
  form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: `Export CSV (${page.matching} rows)`, url: withParams(view.postUrl, { ...queryParams(query, { page: 1 }), export: 'csv' }) });
  form.addSubmitButton({ label: 'Submit' });
  addHidden(form, TOKEN_FORM_FIELD, token);
  checklist(form, view);
  queueGroup(form, view);
  connectionGroup(form, view);
  usageGroup(form, view);
  healthGroup(form, view);
  chartGroup(form, view);
  filterGroup(form, view);
  actionGroup(form, view);
  searchesGroup(form, view);
  failedList(form, view);
  reasonsList(form, view);
  runsList(form, view);
  addList(form, 'custpage_legend', 'Reason codes explained', [{ id: 'custpage_code', label: 'Code' }, { id: 'custpage_meaning', label: 'What it means' }],
    view.legend.map((l) => ({ custpage_code: l.code, custpage_meaning: l.explanation })));
  return form;
}

/** A failure's details: the record's newest log rows for one system, each with its request/response excerpt (redacted). */
export function detailForm(title: string, rows: readonly { runId: string; status: string; reason: string; message: string; excerpt: string | null }[], links: readonly { label: string; url: string }[]): serverWidget.Form {
  const form = serverWidget.createForm({ title: 'CRM Sync — Failure details' });
  for (const l of links) form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: l.label, url: l.url });
  form.addFieldGroup({ id: 'custpage_record', label: title });
  addFigure(form, 'custpage_redacted', 'Personal data', 'Emails and phone numbers are redacted in what the log keeps.', 'custpage_record');
  addList(form, 'custpage_log', 'Log rows, newest first', [
    { id: 'custpage_status', label: 'Status' }, { id: 'custpage_reason', label: 'Reason' }, { id: 'custpage_run', label: 'Run' },
    { id: 'custpage_message', label: 'Message', type: serverWidget.FieldType.TEXTAREA }, { id: 'custpage_excerpt', label: 'Request and response', markup: true },
  ], rows.map((r) => ({
    custpage_status: r.status, custpage_reason: r.reason, custpage_run: r.runId, custpage_message: r.message,
    custpage_excerpt: r.excerpt === null ? html`<em>No request/response excerpt was kept for this row.</em>`.html : html`<pre class="excerpt" style="white-space:pre-wrap;margin:0">${r.excerpt}</pre>`.html,
  })));
  return form;
}

/** A record button's question: the action and its record as hidden fields; only the POST of this form acts. */
export interface Confirmation {
  question: string;
  detail: string;
  button: string;
  /** The action and its record (syncnow|pullnow, contact|customer, internal id). */
  action: string;
  recordType: string;
  id: string;
  token: string;
}

/** Hidden fields of the confirmation form, by the names the actions read (see consoleParameters). */
const CONFIRM_FIELDS = { custpage_recordtype: 'recordtype', custpage_id: 'id' } as const;

/** The record buttons' fallback page (GET, when the form had no token): the question, and Submit posts the action. */
export function confirmForm(confirm: Confirmation, links: readonly { label: string; url: string }[]): serverWidget.Form {
  const form = serverWidget.createForm({ title: `CRM Sync — ${confirm.button}` });
  for (const l of links) form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: l.label, url: l.url });
  form.addSubmitButton({ label: confirm.button });
  form.addFieldGroup({ id: 'custpage_confirm', label: 'Confirm' });
  addFigure(form, 'custpage_question', 'Question', confirm.question, 'custpage_confirm');
  addFigure(form, 'custpage_detail', 'What happens', confirm.detail, 'custpage_confirm', serverWidget.FieldType.TEXTAREA);
  addHidden(form, ACTION_FIELD, confirm.action);
  addHidden(form, 'custpage_recordtype', confirm.recordType);
  addHidden(form, 'custpage_id', confirm.id);
  addHidden(form, TOKEN_FORM_FIELD, confirm.token);
  return form;
}

/** A short result page (a refusal, an unknown record): NetSuite's page message and where to go next. */
export function actionForm(notice: Notice, links: readonly { label: string; url: string }[]): serverWidget.Form {
  const form = serverWidget.createForm({ title: 'CRM Sync' });
  addNotice(form, notice);
  for (const l of links) form.addPageLink({ type: serverWidget.FormPageLinkType.CROSSLINK, title: l.label, url: l.url });
  form.addFieldGroup({ id: 'custpage_next', label: 'Next' });
  addFigure(form, 'custpage_next_steps', 'Where to go', links.map((l) => l.label).join(' · '), 'custpage_next', serverWidget.FieldType.TEXTAREA);
  return form;
}
