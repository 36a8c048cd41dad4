/**
 * What the console's pages share when they build NetSuite-native pages with N/ui/serverWidget: read-only figures in
 * field groups, LIST sublists from rows, NetSuite's page messages for notices, and dates in the user's own format and
 * time zone (N/format). Every value a page shows comes from user-editable data, so text put into markup (INLINEHTML,
 * page messages, list cells) is escaped here.
 */
import * as serverWidget from 'N/ui/serverWidget';
import * as message from 'N/ui/message';
import * as format from 'N/format';
import { escapeHtml, html, type Html } from '../core/console/escape';
import type { Notice } from '../core/console/view-model';
import { TOKEN_FIELD } from '../core/console/request-guard';

/** The request token travels in this hidden field of every page form (a Suitelet form's own fields are custpage_…). */
export const TOKEN_FORM_FIELD = `custpage_${TOKEN_FIELD}`;
/** The page's action select: its value is posted as `action`. */
export const ACTION_FIELD = 'custpage_action';
/** Which of the console's pages posted (?page=preview|reconcile), as a field of its form: posted as `page`. */
export const REPORT_PAGE_FIELD = 'custpage_report_page';

/** An ISO time in the user's date and time format and time zone (Set Preferences), e.g. "3/2/2026 1:00 am". */
export function userDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return String(format.format({ value: when, type: format.Type.DATETIMETZ }));
}

/** ISO times inside a sentence the core wrote ("stopped at 2026-03-02T09:00:00.000Z"), in the user's format too. */
export function userTimes(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z\b/g, (iso) => userDate(iso));
}

/** Notice kinds as NetSuite's message types (green confirmation, blue information, red error). */
const MESSAGE_TYPE = { success: message.Type.CONFIRMATION, info: message.Type.INFORMATION, error: message.Type.ERROR } as const;

/** A notice as the page's init message: the title, then its lines as a list. */
export function addNotice(form: serverWidget.Form, notice: Notice | null): void {
  if (notice === null) return;
  const lines = notice.lines.length === 0 ? '' : html`<ul>${notice.lines.map((l) => html`<li>${l}</li>`)}</ul>`.html;
  form.addPageInitMessage({ type: MESSAGE_TYPE[notice.kind], title: escapeHtml(notice.title), message: lines });
}

/** A read-only value in a field group: INLINE, as NetSuite shows figures on a record in view mode. */
export function addFigure(form: serverWidget.Form, id: string, label: string, value: string | number, container: string, type: serverWidget.FieldType = serverWidget.FieldType.TEXT): serverWidget.Field {
  const field = form.addField({ id, label, type, container });
  field.defaultValue = typeof value === 'number' ? String(value) : value;
  field.updateDisplayType({ displayType: serverWidget.FieldDisplayType.INLINE });
  return field;
}

/** Markup inside the form (the chart, lists of links): an INLINEHTML field. */
export function addMarkup(form: serverWidget.Form, id: string, label: string, markup: Html, container?: string): serverWidget.Field {
  const field = form.addField({ id, label, type: serverWidget.FieldType.INLINEHTML, ...(container === undefined ? {} : { container }) });
  field.defaultValue = markup.html;
  return field;
}

export function addHidden(form: serverWidget.Form, id: string, value: string): void {
  const field = form.addField({ id, label: id, type: serverWidget.FieldType.TEXT });
  field.defaultValue = value;
  field.updateDisplayType({ displayType: serverWidget.FieldDisplayType.HIDDEN });
}

export interface Column {
  id: string;
  label: string;
  /** Markup (already escaped) instead of text; the default shows the value as text. */
  markup?: boolean;
  hidden?: boolean;
  type?: serverWidget.FieldType;
}

/** A LIST sublist: columns, then one line per row (a cell's text is escaped unless its column holds markup). */
export function addList(form: serverWidget.Form, id: string, label: string, columns: readonly Column[], rows: readonly Readonly<Record<string, string | number>>[]): serverWidget.Sublist {
  const list = form.addSublist({ id, label, type: serverWidget.SublistType.LIST });
  for (const c of columns) {
    const field = list.addField({ id: c.id, label: c.label, type: c.type ?? serverWidget.FieldType.TEXT });
    if (c.hidden === true) field.updateDisplayType({ displayType: serverWidget.FieldDisplayType.HIDDEN });
  }
  rows.forEach((row, line) => {
    for (const c of columns) {
      const value = row[c.id];
      if (value === undefined || value === '') continue;
      const text = String(value);
      list.setSublistValue({ id: c.id, line, value: c.markup === true || c.type === serverWidget.FieldType.CHECKBOX || c.hidden === true ? text : escapeHtml(text) });
    }
  });
  return list;
}

/** A select field with its options; the current value is selected. */
export function addSelect(form: serverWidget.Form, id: string, label: string, value: string, options: readonly (readonly [string, string])[], container: string): serverWidget.Field {
  const field = form.addField({ id, label, type: serverWidget.FieldType.SELECT, container });
  for (const [v, text] of options) field.addSelectOption({ value: v, text, isSelected: v === value });
  field.defaultValue = value;
  return field;
}

/** The Suitelet URL with more parameters (values URL-encoded). */
export function withParams(base: string, params: Readonly<Record<string, string>>): string {
  const extra = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return extra === '' ? base : `${base}${base.includes('?') ? '&' : '?'}${extra}`;
}
