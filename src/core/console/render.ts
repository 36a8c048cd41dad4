/**
 * The console's small pages written as HTML (the record buttons' confirmation and result): inline
 * CSS, no scripts or external assets; every value escaped. The console itself is a serverWidget Form
 * (src/jobs/console-form.ts).
 */
import { html, raw, type Html } from './escape';
import type { Notice } from './view-model';
import { TOKEN_FIELD } from './request-guard';

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
