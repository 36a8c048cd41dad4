/** The console page as one HTML string: inline CSS and SVG, no scripts or external assets; every value escaped. */
import { html, raw, type Html } from './escape';
import { renderChart } from './chart';
import { USAGE_WARNING_PERCENT, type ConsoleView, type Notice } from './view-model';
import { TOKEN_FIELD } from './request-guard';
import { QUERY_PARAMS, queryParams, type FailureSort } from './failures';

/** The hidden field every form that changes something carries (see request-guard.ts). */
function tokenField(token: string): Html {
  return html`<input type="hidden" name="${TOKEN_FIELD}" value="${token}">`;
}

const CSS = `
body{font:14px/1.4 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;background:#f4f6f8;color:#1d2a36}
header{background:#24385b;color:#fff;padding:12px 20px}header h1{margin:0;font-size:20px}header p{margin:2px 0 0;opacity:.8;font-size:12px}
main{padding:16px 20px;max-width:1100px}section{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:12px 16px;margin:0 0 14px}
h2{font-size:15px;margin:0 0 8px}.cards{display:flex;gap:14px;flex-wrap:wrap}.cards section{flex:1;min-width:220px}
.big{font-size:26px;font-weight:600}.muted{color:#5b6b7a;font-size:12px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e6eaee;vertical-align:top;font-size:13px}th{background:#f0f3f6}
.ok{color:#2e7d32;font-weight:600}.bad{color:#c62828;font-weight:600}.notice{border-left:5px solid #24385b}
.notice.success{border-color:#2e7d32}.notice.error{border-color:#c62828}.badge{background:#e3ecf7;border-radius:8px;padding:0 6px;font-size:11px}
button{background:#24385b;color:#fff;border:0;border-radius:4px;padding:6px 12px;margin:8px 8px 0 0;cursor:pointer}
.legend-swatch{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}code{font-size:12px}
.meter{background:#e6eaee;border-radius:4px;height:10px;width:100%}.meter span{display:block;height:10px;border-radius:4px;background:#2e7d32}
.warn{color:#b45309;font-weight:600}.meter span.warn{background:#e65100}.usage-line{margin-top:10px}
`;

function noticeBlock(notice: Notice | null): Html {
  if (notice === null) return raw('');
  return html`<section class="notice ${notice.kind}" id="notice" role="status"><h2>${notice.title}</h2>${notice.lines.length === 0 ? '' : html`<ul>${notice.lines.map((l) => html`<li>${l}</li>`)}</ul>`}</section>`;
}

/** The connection's own red banner: the setting at fault, what to do, and the link to the settings. */
function banners(view: ConsoleView): Html {
  return html`${view.connectionBanners.map((b) => html`<section class="notice error" id="connection-${b.service}" role="alert"><h2>${b.title}</h2><p>${b.fix}</p><p class="muted">${b.detail}</p>${b.settingsUrl === null ? '' : html`<p><a href="${b.settingsUrl}" id="fix-settings-${b.service}">Open the CRM Sync Settings</a></p>`}</section>`)}`;
}

const STEP_MARK = { done: 'Done', todo: 'To do', problem: 'Needs attention', waiting: 'Waiting for the step above' } as const;

/** The setup checklist: open at the top until every step is done, then one line. */
function checklist(view: ConsoleView, token: string): Html {
  const { steps, complete } = view.checklist;
  if (steps.length === 0) return raw('');
  const items = steps.map((s) => html`<li data-step="${s.key}" data-state="${s.state}"><strong>${s.label}</strong> — <span class="${s.state === 'done' ? 'ok' : s.state === 'problem' ? 'bad' : s.state === 'todo' ? 'warn' : 'muted'}">${STEP_MARK[s.state]}</span>. <span class="muted">${s.detail}</span>${s.state === 'done' || s.link === null ? '' : html` <a href="${s.link.url}">${s.link.label}</a>`}${s.action === null ? '' : html`<form method="POST" action="${view.postUrl}" style="display:inline">${tokenField(token)}<button type="submit" name="action" value="${s.action.name}" id="step-${s.key}">${s.action.button}</button></form>`}</li>`);
  return complete
    ? html`<section id="setup" data-complete="T"><details><summary><h2 style="display:inline">Setup checklist: complete</h2></summary><ol>${items}</ol></details></section>`
    : html`<section id="setup" data-complete="F"><h2>Setup checklist (${String(steps.filter((s) => s.state === 'done').length)} of ${String(steps.length)} done)</h2><ol>${items}</ol></section>`;
}

/** Pardot's line in the API usage card: figures only when Pardot sent a readable `x-api-usage`. */
function pardotUsage(view: ConsoleView): Html {
  const usage = view.pardotUsage;
  switch (usage.kind) {
    case 'disabled':
      return html`<div id="pardot-usage" class="usage-line muted">Pardot API: not used (Sync With Pardot is off in the CRM Sync settings).</div>`;
    case 'none':
      return html`<div id="pardot-usage" class="usage-line muted">Pardot API: no usage recorded yet (Pardot reports it to the next push that calls Pardot).</div>`;
    case 'unreadable':
      return html`<div id="pardot-usage" class="usage-line muted">Pardot API: usage unknown. Pardot's x-api-usage header was "${usage.header}" (run ${usage.runId}), not "used/max".</div>`;
    case 'usage':
      return html`<div id="pardot-usage" class="usage-line${usage.high ? ' warn' : ''}">Pardot API: ${usage.used} / ${usage.max} today (${usage.percent} %)${usage.high ? ` — over ${USAGE_WARNING_PERCENT} % of the daily limit` : ''}</div>
<div class="meter"><span${usage.high ? raw(' class="warn"') : ''} style="width:${Math.min(100, usage.percent)}%"></span></div><div class="muted">Calls in the last day over the account's daily maximum, as Pardot reported them to run ${usage.runId}.</div>`;
  }
}

function directionLine(id: string, line: { paused: boolean; text: string }): Html {
  return html`<div id="${id}" class="usage-line${line.paused ? ' warn' : ' muted'}">${line.text}</div>`;
}

/** The org health card: each prerequisite ok / missing, with what to do. */
function health(view: ConsoleView): Html {
  if (view.prerequisites.length === 0) return html``;
  const missing = view.prerequisites.filter((p) => !p.ok).length;
  const unchecked = view.prerequisites.every((p) => p.key === 'not-checked');
  return html`<section id="org-health"><h2>Org health</h2><div class="${unchecked ? 'muted' : missing === 0 ? 'ok' : 'bad'}">${unchecked ? 'Not checked yet' : missing === 0 ? 'Every prerequisite is in place' : `${missing} prerequisite(s) missing`}</div><ul>${view.prerequisites.map((p) => html`<li data-key="${p.key}" class="${p.ok ? 'ok' : 'bad'}">${p.ok ? 'ok' : 'missing'}: ${p.label}. <span class="muted">${p.detail}</span>${p.ok ? '' : html` <div class="fix">What to do: ${p.fix}</div>`}</li>`)}</ul></section>`;
}

function cards(view: ConsoleView): Html {
  const usage = view.apiUsage;
  return html`<div class="cards">
<section id="queue"><h2>Queue</h2><div class="big" id="queue-depth">${view.queue.pending}</div><div class="muted">pending change(s)${view.queue.oldestAge === null ? '' : html`; oldest waiting <span id="queue-age">${view.queue.oldestAge}</span>`}</div>${directionLine('sending', view.directions.sending)}${view.quotaLines.map((text, i) => directionLine(`quota-${String(i)}`, { paused: true, text }))}${directionLine('receiving', view.directions.receiving)}</section>
<section id="connection"><h2>Salesforce connection</h2><div class="${view.connection.ok ? 'ok' : 'bad'}">${view.connection.ok ? 'Connected' : 'Not connected'}</div><div class="muted">${view.connection.detail}</div></section>
<section id="api-usage"><h2>API usage</h2>${usage === null
    ? html`<div class="muted">No Sforce-Limit-Info recorded yet (it comes with the next push that calls Salesforce).</div>`
    : html`<div class="big${usage.high ? ' warn' : ''}">${usage.percent}%</div><div class="meter"><span${usage.high ? raw(' class="warn"') : ''} style="width:${Math.min(100, usage.percent)}%"></span></div><div id="salesforce-usage" class="muted">Salesforce: ${usage.used} of ${usage.max} daily API requests (run ${usage.runId})${usage.high ? ` — over ${USAGE_WARNING_PERCENT} % of the daily limit` : ''}</div>`}${pardotUsage(view)}</section>
</div>`;
}

function chart(view: ConsoleView): Html {
  const total = view.chart.reduce((n, d) => n + d.completed + d.skipped + d.failed, 0);
  return html`<section id="chart"><h2>Records synced per day, last ${view.chartDays} days (push)</h2>
${raw(renderChart(view.chart))}
<div class="muted"><span class="legend-swatch" style="background:#2e7d32"></span>Completed<span class="legend-swatch" style="background:#9e9e9e"></span>Skipped<span class="legend-swatch" style="background:#c62828"></span>Failed — ${total} record-day(s): each record counts once a day, with its last outcome</div></section>`;
}

function lastRuns(view: ConsoleView): Html {
  const rows = view.lastRuns.map((r) => html`<tr><td>${r.startedAt ?? r.created}</td><td>${r.kind}</td><td>${r.status}</td><td>${r.records}</td><td>${r.completed} / ${r.skipped} / ${r.failed} / ${r.retrying} / ${r.waiting}</td><td class="by-system">${r.systems.map((x) => html`<div>${x.system === 'salesforce' ? 'Salesforce' : 'Pardot'}: ${x.counts.completed} / ${x.counts.skipped} / ${x.counts.failed} / ${x.counts.retrying} / ${x.counts.waiting}</div>`)}</td><td>${r.seconds ?? '–'}</td><td>${r.unitsUsed ?? '–'}</td><td>${r.apiCalls ?? '–'}</td><td>${r.errors}</td></tr>`);
  return html`<section id="runs"><h2>Last runs</h2>${view.lastRuns.length === 0 ? html`<p class="muted">No run has finished yet.</p>`
    : html`<table><tr><th>Started (UTC)</th><th>Run</th><th>Status</th><th>Records</th><th>Completed / skipped / failed / retrying / waiting</th><th>By system</th><th>Seconds</th><th>Units</th><th>API calls</th><th>Failed records + errors</th></tr>${rows}</table>`}</section>`;
}

function topReasons(view: ConsoleView): Html {
  const rows = view.topReasons.map((r) => html`<tr><td><code>${r.code}</code></td><td>${SYSTEM_LABEL[r.system]}</td><td>${r.count}</td><td>${r.explanation}</td></tr>`);
  return html`<section id="top-reasons"><h2>Top failure reasons (failed records now)</h2>${view.topReasons.length === 0 ? html`<p class="muted">No failures.</p>`
    : html`<table><tr><th>Reason</th><th>System</th><th>Records</th><th>What it means</th></tr>${rows}</table>`}</section>`;
}

const SYSTEM_LABEL = { salesforce: 'Salesforce', pardot: 'Pardot' } as const;

/** The Suitelet URL with more parameters (values URL-encoded; the result is escaped where it is written). */
export function withParams(base: string, params: Readonly<Record<string, string>>): string {
  const extra = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return extra === '' ? base : `${base}${base.includes('?') ? '&' : '?'}${extra}`;
}

/** A GET form drops its action's query string: the Suitelet's own parameters (script, deploy) go as hidden fields. */
function urlFields(url: string): Html {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const pairs = query.split('&').filter((p) => p !== '').map((p) => p.split('=').map((x) => decodeURIComponent(x.replace(/\+/g, ' '))));
  return html`${pairs.map(([k = '', v = '']) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
}

function select(name: string, label: string, value: string, options: readonly (readonly [string, string])[]): Html {
  return html`<label>${label} <select name="${name}">${options.map(([v, text]) => html`<option value="${v}"${v === value ? raw(' selected') : ''}>${text}</option>`)}</select></label> `;
}

function filterForm(view: ConsoleView): Html {
  const { query, reasons } = view.failures;
  return html`<form method="GET" action="${view.postUrl}" id="failure-filters">${urlFields(view.postUrl)}
${select(QUERY_PARAMS.status, 'Status', query.status, [['Failed', 'Failed'], ['Skipped', 'Skipped'], ['all', 'Failed and skipped']])}
${select(QUERY_PARAMS.system, 'System', query.system, [['all', 'All'], ['salesforce', 'Salesforce'], ['pardot', 'Pardot']])}
${select(QUERY_PARAMS.type, 'Type', query.type, [['all', 'All'], ['contact', 'Contact'], ['customer', 'Customer']])}
${select(QUERY_PARAMS.reason, 'Reason', query.reason, [['', 'All'], ...reasons.map((r) => [r, r] as const)])}
${select(QUERY_PARAMS.age, 'Age', query.age, [['all', 'Any'], ['1', 'Last day'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['older30', 'Older than 30 days']])}
<label>Name or email <input type="text" name="${QUERY_PARAMS.search}" value="${query.search}" size="20"></label>
<button type="submit" id="apply-filters">Apply</button></form>`;
}

const SORT_LABEL: Record<FailureSort, string> = { name: 'Record', type: 'Type', system: 'System', reason: 'Reason', since: 'Since' };

function sortHeader(view: ConsoleView, sort: FailureSort): Html {
  const { query } = view.failures;
  const active = query.sort === sort;
  const url = withParams(view.postUrl, queryParams(query, { sort, descending: active ? !query.descending : sort === 'since', page: 1 }));
  return html`<th><a href="${url}" class="sort" data-sort="${sort}">${SORT_LABEL[sort]}${active ? (query.descending ? ' ▼' : ' ▲') : ''}</a></th>`;
}

function failed(view: ConsoleView, token: string): Html {
  const { page, query, failedRecords, skippedRecords, markAll } = view.failures;
  const checked = markAll ? raw(' checked') : raw('');
  const rows = page.rows.map((f) => html`<tr data-record="${f.recordType}:${f.id}" data-system="${f.system}">
<td>${view.canRetry ? html`<input type="checkbox" name="retry_${f.recordType}_${f.id}" value="T" aria-label="Select ${f.name}"${checked}>` : ''}</td>
<td><a href="/app/common/entity/${f.recordType}.nl?id=${f.id}">${f.name}</a></td><td>${f.recordType}</td><td>${f.email ?? ''}</td><td>${SYSTEM_LABEL[f.system]}</td><td>${f.status}</td>
<td><code>${f.code}</code></td><td>${f.message}</td><td>${f.since ?? ''}</td>
<td>${f.queueState === 'pending' ? html`<span class="badge">retry queued</span>` : ''}</td>
<td><a href="${withParams(view.postUrl, { action: 'detail', recordtype: f.recordType, id: f.id, system: f.system })}">Details</a></td></tr>`);
  const pageLink = (n: number, label: string): Html => html`<a href="${withParams(view.postUrl, queryParams(query, { page: n }))}" class="page-link">${label}</a>`;
  const paging = html`<p id="paging">Page ${page.page} of ${page.pages} (${page.matching} matching)
${page.page > 1 ? pageLink(page.page - 1, 'Previous') : ''} ${page.page < page.pages ? pageLink(page.page + 1, 'Next') : ''}</p>`;
  const filterFields = Object.entries(queryParams(query)).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  const markLinks = html`<a href="${withParams(view.postUrl, { ...queryParams(query), markall: 'T' })}" id="mark-all">Mark All</a> · <a href="${withParams(view.postUrl, queryParams(query))}" id="unmark-all">Unmark All</a>`;
  const exportLink = html`<a href="${withParams(view.postUrl, { ...queryParams(query, { page: 1 }), export: 'csv' })}" id="export-csv">Export CSV (${page.matching} rows)</a>`;
  const buttons = view.canRetry
    ? html`<div>${markLinks}</div><button type="submit" name="action" value="retry_selected" id="retry-selected">Retry selected</button><button type="submit" name="action" value="retry_matching" id="retry-matching">Retry these ${page.matching.toLocaleString('en-US')}</button>
<div><label>Note <input type="text" name="note" size="50" maxlength="300"></label><button type="submit" name="action" value="resolve_selected" id="resolve-selected">Resolve selected</button></div>`
    : html`<p class="muted">Your role (${view.roleLabel}) can look but not retry. Ask an administrator to add it to "Roles That May Retry" on the console deployment.</p>`;
  return html`<section id="failed"><h2>Failed records (${failedRecords})</h2><p class="muted">${skippedRecords} skipped record(s). Failures from Salesforce and Pardot, one row per record and system; a record leaves the list when a later sync succeeds or it is resolved.</p>
${view.failures.retryTask === null ? '' : html`<p id="retry-task" class="usage-line warn">${view.failures.retryTask}</p>`}
${filterForm(view)}
${page.rows.length === 0 ? html`<p class="muted">No record matches.</p>` : html`<form method="POST" action="${view.postUrl}">${tokenField(token)}${filterFields}
<table id="failure-list"><tr><th></th>${sortHeader(view, 'name')}${sortHeader(view, 'type')}<th>Email</th>${sortHeader(view, 'system')}<th>Status</th>${sortHeader(view, 'reason')}<th>Message</th>${sortHeader(view, 'since')}<th>Queue</th><th></th></tr>${rows}</table>${paging}${buttons}</form>`}
<p>${exportLink}</p></section>`;
}

function searches(view: ConsoleView, token: string): Html {
  const items = view.savedSearches.map((s) => html`<li>${s.installed ? html`<a href="/app/common/search/searchresults.nl?searchid=${s.id}">${s.title}</a>` : html`${s.title} <span class="muted">(not installed)</span>`} <code>${s.id}</code></li>`);
  const install = view.canRetry && view.savedSearches.some((s) => !s.installed)
    ? html`<form method="POST" action="${view.postUrl}">${tokenField(token)}<button type="submit" name="action" value="install_searches" id="install-searches">Install saved searches</button></form>` : raw('');
  return html`<section id="saved-searches"><h2>Integration log saved searches</h2><ul>${items}</ul>${install}</section>`;
}

/** The dry-run preview and the drift report live on pages of their own (?page=preview, ?page=reconcile). */
function reports(view: ConsoleView): Html {
  return html`<section id="reports"><h2>Preview and drift report</h2><p><a href="${withParams(view.postUrl, { page: 'preview' })}" id="preview-link">Preview a full sync</a> — what a sync would do, before it touches Salesforce or Pardot. <a href="${withParams(view.postUrl, { page: 'reconcile' })}" id="reconcile-link">Drift report</a> — linked records that differ between NetSuite, Salesforce and Pardot, with Repair.</p></section>`;
}

/** The pull's explicit initial load (issue 17): what Salesforce held before CRM Sync was installed is read only on request. */
function importFromSalesforce(view: ConsoleView, token: string): Html {
  if (!view.canRetry) return raw('');
  return html`<section id="import-salesforce"><h2>Import from Salesforce</h2><p class="muted">The pull reads what changed in Salesforce since CRM Sync was installed. To bring in the Contacts and Accounts Salesforce held before, import them: the next pulls read everything, keep their place between runs, and never bring back records deleted in NetSuite.</p>
<form method="POST" action="${view.postUrl}">${tokenField(token)}<button type="submit" name="action" value="import_salesforce" id="import-salesforce-button">Import from Salesforce</button></form></section>`;
}

function legend(view: ConsoleView): Html {
  const rows = view.legend.map((l) => html`<tr><td><code>${l.code}</code></td><td>${l.explanation}</td></tr>`);
  return html`<section><details id="legend-details"><summary><h2 style="display:inline">Reason codes explained</h2></summary><table id="legend"><tr><th>Code</th><th>What it means</th></tr>${rows}</table></details></section>`;
}

/** `token`: the per-user request token the forms carry back (request-guard.ts). */
export function renderConsole(view: ConsoleView, token = ''): string {
  const page = html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>CRM Sync Console</title><style>${raw(CSS)}</style></head>
<body><header><h1>CRM Sync Console</h1><p>Generated ${view.generatedAt} (UTC) · NetSuite ⇄ Salesforce</p></header><main>
${noticeBlock(view.notice)}${banners(view)}${checklist(view, token)}${cards(view)}${health(view)}${chart(view)}${failed(view, token)}${topReasons(view)}${lastRuns(view)}${reports(view)}${importFromSalesforce(view, token)}${searches(view, token)}${legend(view)}
</main></body></html>`;
  return page.html;
}

export interface Confirmation {
  question: string;
  detail: string;
  button: string;
  postUrl: string;
  /** Hidden fields naming the action and its record. */
  fields: Readonly<Record<string, string>>;
  token: string;
}

/** The record buttons' first page: a GET asks, only the POST of this form acts. */
export function renderConfirmPage(confirm: Confirmation, links: { label: string; url: string }[]): string {
  const hidden = Object.entries(confirm.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>CRM Sync</title><style>${raw(CSS)}</style></head>
<body><header><h1>CRM Sync</h1></header><main><section id="confirm"><h2>${confirm.question}</h2><p class="muted">${confirm.detail}</p>
<form method="POST" action="${confirm.postUrl}">${hidden}${tokenField(confirm.token)}<button type="submit" id="confirm-button">${confirm.button}</button></form></section>
<p>${links.map((l) => html`<a href="${l.url}">${l.label}</a> `)}</p></main></body></html>`.html;
}

/** A short page for the record's "Sync now" action. */
export function renderActionPage(notice: Notice, links: { label: string; url: string }[]): string {
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>CRM Sync</title><style>${raw(CSS)}</style></head>
<body><header><h1>CRM Sync</h1></header><main>${noticeBlock(notice)}<p>${links.map((l) => html`<a href="${l.url}">${l.label}</a> `)}</p></main></body></html>`.html;
}

/** A failure's details: the record's newest log rows for one system, each with its request/response excerpt. */
export function renderDetailPage(title: string, rows: readonly { runId: string; status: string; reason: string; message: string; excerpt: string | null }[], links: { label: string; url: string }[]): string {
  const items = rows.map((r) => html`<section class="log-row"><h2>${r.status} <code>${r.reason}</code> <span class="muted">run ${r.runId}</span></h2><p>${r.message}</p>${r.excerpt === null ? html`<p class="muted">No request/response excerpt was kept for this row.</p>` : html`<pre class="excerpt">${r.excerpt}</pre>`}</section>`);
  return html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>CRM Sync</title><style>${raw(CSS)}</style></head>
<body><header><h1>CRM Sync</h1></header><main><section id="detail"><h2>${title}</h2><p class="muted">Personal data (emails, phone numbers) is redacted in what the log keeps.</p></section>${items.length === 0 ? html`<p class="muted">No log row for this record and system.</p>` : items}
<p>${links.map((l) => html`<a href="${l.url}">${l.label}</a> `)}</p></main></body></html>`.html;
}
