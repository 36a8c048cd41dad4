/** N/ui/serverWidget: a Form model that beforeLoad scripts and Suitelets build, rendered to plain HTML. */
import { str } from '../text';
import { ERR, nsError } from '../errors';
import type { Execution } from '../execution';
import type * as serverWidgetApi from 'N/ui/serverWidget';
import type { ModuleSurface } from './surface';
import { MessageType } from './ui-message';

type Opts = Record<string, unknown>;

const esc = (s: unknown): string => str(s, '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const FieldType = {
  CHECKBOX: 'checkbox', CURRENCY: 'currency', DATE: 'date', DATETIME: 'datetime', DATETIMETZ: 'datetimetz', EMAIL: 'email', FILE: 'file',
  FLOAT: 'float', HELP: 'help', INLINEHTML: 'inlinehtml', INTEGER: 'integer', IMAGE: 'image', LABEL: 'label', LONGTEXT: 'longtext',
  MULTISELECT: 'multiselect', PASSWORD: 'password', PERCENT: 'percent', PHONE: 'phone', SELECT: 'select', RADIO: 'radio',
  RICHTEXT: 'richtext', TEXT: 'text', TEXTAREA: 'textarea', TIMEOFDAY: 'timeofday', URL: 'url',
} as const;
export const FieldDisplayType = { DISABLED: 'disabled', ENTRY: 'entry', HIDDEN: 'hidden', INLINE: 'inline', NORMAL: 'normal', READONLY: 'readonly' } as const;
export const SublistType = { EDITOR: 'editor', INLINEEDITOR: 'inlineeditor', LIST: 'list', STATICLIST: 'staticlist' } as const;

/** The values of serverWidget.FieldType; a type outside it is refused (Form.addField: "Use the serverWidget.FieldType enum"). */
const FIELD_TYPES: ReadonlySet<string> = new Set(Object.values(FieldType));
/**
 * Sublist.addField(options): "The DATETIME, FILE, HELP, INLINEHTML, LABEL, LONGTEXT, MULTISELECT, RADIO and RICHTEXT
 * values are not supported with this method" (Oracle Help Center).
 */
const NOT_ON_SUBLISTS: ReadonlySet<string> = new Set(['datetime', 'file', 'help', 'inlinehtml', 'label', 'longtext', 'multiselect', 'radio', 'richtext']);
/** "The internal ID must be in lowercase, contain no spaces" (Form.addField, Form.addSublist, Sublist.addField). */
const INTERNAL_ID = /^[a-z0-9_]+$/;

function checkId(method: string, id: unknown): string {
  if (typeof id !== 'string' || id === '') throw ERR.missingArg(method, 'options.id');
  if (!INTERNAL_ID.test(id)) throw nsError('SSS_INVALID_INTERNAL_ID', `${method}: the internal ID must be in lowercase and contain no spaces (${id}).`);
  return id;
}

function checkType(method: string, type: unknown, sublist: boolean): string {
  if (typeof type !== 'string' || type === '') throw ERR.missingArg(method, 'options.type');
  const t = type.toLowerCase();
  if (!FIELD_TYPES.has(t)) throw nsError('SSS_INVALID_FIELD_TYPE', `${method}: ${type} is not a serverWidget.FieldType.`);
  if (sublist && NOT_ON_SUBLISTS.has(t)) throw nsError('SSS_INVALID_FIELD_TYPE', `${method}: a ${t.toUpperCase()} field cannot be added to a sublist.`);
  return t;
}

const text = (v: unknown): string => esc(v).replace(/\r?\n/g, '<br>');

export class Field {
  defaultValue: unknown = '';
  displayType = 'normal';
  isMandatory = false;
  maxLength: number | undefined;
  helpText: string | undefined;
  readonly selectOptions: { value: string; text: string; isSelected: boolean }[] = [];
  readonly id: string;
  label: string;
  readonly type: string;
  readonly source?: string | undefined;
  readonly container?: string | undefined;
  constructor(id: string, label: string, type: string, source?: string, container?: string) {
    this.id = id;
    this.label = label;
    this.type = type;
    this.source = source;
    this.container = container;
  }
  updateDisplayType(o: Opts): this {
    const type = str(o.displayType, '');
    if (!(Object.values(FieldDisplayType) as string[]).includes(type)) throw nsError('SSS_INVALID_ARG', `Field.updateDisplayType: ${type || '(none)'} is not a serverWidget.FieldDisplayType.`);
    this.displayType = type;
    return this;
  }
  updateLayoutType(): this {
    return this;
  }
  updateBreakType(): this {
    return this;
  }
  updateDisplaySize(): this {
    return this;
  }
  setHelpText(o: Opts): this {
    this.helpText = str(o.help, '');
    return this;
  }
  addSelectOption(o: Opts): void {
    // Field.addSelectOption: only on a SELECT (or MULTISELECT) field without a source.
    if (this.type !== 'select' && this.type !== 'multiselect') throw nsError('SSS_INVALID_ARG', `Field.addSelectOption: ${this.id} is a ${this.type} field, not a select.`);
    if (o.value === undefined) throw ERR.missingArg('Field.addSelectOption', 'options.value');
    if (o.text === undefined) throw ERR.missingArg('Field.addSelectOption', 'options.text');
    this.selectOptions.push({ value: str(o.value), text: str(o.text), isSelected: o.isSelected === true });
  }
  getSelectOptions(): { value: string; text: string }[] {
    return this.selectOptions.map(({ value, text }) => ({ value, text }));
  }
  private get readOnly(): boolean {
    return this.displayType === 'inline' || this.displayType === 'disabled' || this.displayType === 'readonly';
  }
  /** The value as the page shows it: `<span id="<id>_fs">` holds it, `<span id="<id>_fs_lbl">` the label. */
  private control(): string {
    const ro = this.readOnly;
    const value = this.defaultValue;
    if (this.type === 'inlinehtml') return str(value, '');
    if (this.type === 'select') {
      if (this.displayType === 'inline') return esc(this.selectOptions.find((s) => s.value === str(value, ''))?.text ?? '');
      const opts = this.selectOptions.map((s) => `<option value="${esc(s.value)}"${s.isSelected || s.value === str(value, '') ? ' selected' : ''}>${esc(s.text)}</option>`).join('');
      return `<select name="${esc(this.id)}" id="${esc(this.id)}"${ro ? ' disabled' : ''}>${opts}</select>`;
    }
    if (this.type === 'checkbox') {
      const checked = value === 'T' || value === true;
      if (this.displayType === 'inline') return checked ? 'Yes' : 'No';
      return `<input type="checkbox" name="${esc(this.id)}" id="${esc(this.id)}" value="T"${checked ? ' checked' : ''}${ro ? ' disabled' : ''}>`;
    }
    if (this.type === 'url' && this.displayType === 'inline') return value === '' ? '' : `<a href="${esc(value)}">${esc(value)}</a>`;
    if (this.displayType === 'inline') return `<span class="inputreadonly">${text(value)}</span>`;
    if (this.type === 'textarea' || this.type === 'longtext' || this.type === 'richtext') {
      return `<textarea name="${esc(this.id)}" id="${esc(this.id)}"${ro ? ' readonly' : ''}${this.isMandatory ? ' required' : ''}>${esc(value)}</textarea>`;
    }
    return `<input type="text" name="${esc(this.id)}" id="${esc(this.id)}" value="${esc(value)}"${ro ? ' readonly' : ''}${this.isMandatory ? ' required' : ''}>`;
  }
  render(): string {
    if (this.displayType === 'hidden') return `<input type="hidden" name="${esc(this.id)}" value="${esc(this.defaultValue)}">`;
    if (this.type === 'inlinehtml') return `<div class="uir-field-wrapper" data-field-type="inlinehtml"><span id="${esc(this.id)}_fs">${this.control()}</span></div>`;
    return `<div class="uir-field-wrapper" data-field-type="${esc(this.type)}"><span class="smallgraytextnolink uir-label" id="${esc(this.id)}_fs_lbl">${esc(this.label)}</span> <span class="uir-field" id="${esc(this.id)}_fs">${this.control()}</span></div>`;
  }
}

export class Sublist {
  readonly fields: Field[] = [];
  readonly lines: Record<string, string>[] = [];
  readonly buttons: { id: string; label: string; functionName?: string }[] = [];
  markAllButtons = false;
  readonly id: string;
  label: string;
  readonly type: string;
  readonly tab: string | undefined;
  constructor(id: string, label: string, type: string, tab?: string) {
    this.id = id;
    this.label = label;
    this.type = type;
    this.tab = tab;
  }
  addField(o: Opts): Field {
    const id = checkId('Sublist.addField', o.id);
    if (typeof o.label !== 'string') throw ERR.missingArg('Sublist.addField', 'options.label');
    const type = checkType('Sublist.addField', o.type, true);
    if (this.fields.some((f) => f.id === id)) throw nsError('SSS_DUPLICATE_FIELD_ID', `Sublist.addField: ${this.id} already has a field ${id}.`);
    const f = new Field(id, o.label, type);
    this.fields.push(f);
    return f;
  }
  setSublistValue(o: Opts): void {
    if (o.id === undefined) throw ERR.missingArg('Sublist.setSublistValue', 'options.id');
    if (o.line === undefined) throw ERR.missingArg('Sublist.setSublistValue', 'options.line');
    if (o.value === undefined) throw ERR.missingArg('Sublist.setSublistValue', 'options.value');
    const line = Number(o.line);
    if (!Number.isInteger(line) || line < 0) throw nsError('SSS_INVALID_SUBLIST_OPERATION', `Sublist.setSublistValue: line ${str(o.line)} is not a line number (the first line is 0).`);
    if (!this.fields.some((f) => f.id === o.id)) throw nsError('SSS_INVALID_SUBLIST_OPERATION', `Sublist.setSublistValue: ${this.id} has no field ${str(o.id)}.`);
    while (this.lines.length <= line) this.lines.push({});
    // "Checkbox fields accept string ('T'/'F') values, not Boolean" (Sublist.setSublistValue(options)).
    this.lines[line]![str(o.id)] = str(o.value, '');
  }
  getSublistValue(o: Opts): string | null {
    return this.lines[Number(o.line)]?.[str(o.id)] ?? null;
  }
  get lineCount(): number {
    return this.lines.length;
  }
  addButton(o: Opts): { id: string; label: string } {
    const b = { id: str(o.id), label: str(o.label), ...(typeof o.functionName === 'string' ? { functionName: o.functionName } : {}) };
    this.buttons.push(b);
    return b;
  }
  /** Sublist.addMarkAllButtons(): "Adds a Mark All and an Unmark All button to a LIST type of sublist." */
  addMarkAllButtons(): { id: string; label: string }[] {
    if (this.type !== 'list') throw nsError('SSS_INVALID_SUBLIST_OPERATION', `Sublist.addMarkAllButtons: ${this.id} is a ${this.type} sublist; Mark All exists on LIST sublists only.`);
    this.markAllButtons = true;
    return [{ id: `${this.id}_markall`, label: 'Mark All' }, { id: `${this.id}_unmarkall`, label: 'Unmark All' }];
  }
  /**
   * A LIST sublist as a table: `<table id="<id>_splits">`, one `<tr id="<id>row<n>">` per line. Checkbox (and ENTRY)
   * columns are editable, the others show their value; a TEXT value is shown as markup (how Suitelets put links in
   * lists — a guess at NetSuite's rendering, so scripts must escape what they put there). HIDDEN columns are not shown.
   * Each line's values (every column, as NetSuite posts a whole LIST sublist) post back as `<id>_<field>_<line>` with `<id>_lines` = the line count (the emulator's own encoding;
   * the script reads them with ServerRequest.getLineCount / getSublistValue, as in NetSuite).
   */
  render(): string {
    const shown = this.fields.filter((f) => f.displayType !== 'hidden');
    const head = shown.map((f) => `<th data-field="${esc(f.id)}">${esc(f.label)}</th>`).join('');
    const cell = (f: Field, line: Record<string, string>, n: number): string => {
      const name = `${esc(this.id)}_${esc(f.id)}_${n}`;
      const value = line[f.id] ?? '';
      if (f.type === 'checkbox' && f.displayType !== 'inline' && f.displayType !== 'disabled') {
        return `<input type="hidden" name="${name}" value="F"><input type="checkbox" name="${name}" value="T"${value === 'T' ? ' checked' : ''}>`;
      }
      if (f.displayType === 'entry') return `<input type="text" name="${name}" value="${esc(value)}">`;
      return f.type === 'text' || f.type === 'textarea' ? value : text(value);
    };
    const rows = this.lines.map((l, n) => `<tr class="uir-list-row-tr" id="${esc(this.id)}row${n}" data-line="${n}">${shown.map((f) => `<td data-field="${esc(f.id)}">${cell(f, l, n)}</td>`).join('')}${
      this.fields.filter((f) => f.type !== 'checkbox' && f.displayType !== 'entry').map((f) => `<input type="hidden" name="${esc(this.id)}_${esc(f.id)}_${n}" value="${esc(l[f.id] ?? '')}">`).join('')}</tr>`).join('');
    const mark = (checked: boolean): string => `this.form.querySelectorAll('#${esc(this.id)}_splits input[type=checkbox]').forEach(function(c){c.checked=${checked}})`;
    const markAll = this.markAllButtons
      ? `<input type="button" id="${esc(this.id)}_markall" value="Mark All" onclick="${mark(true)}"> <input type="button" id="${esc(this.id)}_unmarkall" value="Unmark All" onclick="${mark(false)}">` : '';
    const buttons = this.buttons.map((b) => `<input type="button" id="${esc(b.id)}" value="${esc(b.label)}"${b.functionName === undefined ? '' : ` data-client-function="${esc(b.functionName)}"`}>`).join(' ');
    const empty = this.lines.length === 0 ? `<tr class="uir-list-row-tr uir-list-row-empty"><td colspan="${Math.max(1, shown.length)}">No records to show.</td></tr>` : '';
    return `<div class="uir-sublist" id="${esc(this.id)}_layer"><h2 class="uir-sublist-label" id="${esc(this.id)}_label">${esc(this.label)}</h2>`
      + `<div class="uir-sublist-buttons">${markAll}${buttons}</div><table class="uir-list" id="${esc(this.id)}_splits"><tr class="uir-list-headerrow">${head}</tr>${rows}${empty}</table>`
      + `<input type="hidden" name="${esc(this.id)}_lines" value="${this.lines.length}"></div>`;
  }
}

const MESSAGE_CLASS: Record<number, string> = { 0: 'confirmation', 1: 'information', 2: 'warning', 3: 'error' };

/** serverWidget.FormPageLinkType (Oracle's stub: BREADCRUMB top left after the bread crumbs, CROSSLINK top right). */
export const FormPageLinkType = { BREADCRUMB: 'BREADCRUMB', CROSSLINK: 'CROSSLINK' } as const;

export class Form {
  readonly fields = new Map<string, Field>();
  readonly buttons: { id: string; label: string; functionName?: string; hidden?: boolean }[] = [];
  readonly tabs: { id: string; label: string }[] = [];
  readonly subtabs: { id: string; label: string; tab?: string }[] = [];
  readonly fieldGroups: { id: string; label: string; isSingleColumn: boolean; isBorderHidden: boolean }[] = [];
  readonly sublists = new Map<string, Sublist>();
  readonly pageMessages: { type: number; title: string; message: string }[] = [];
  readonly pageLinks: { type: string; title: string; url: string }[] = [];
  clientScriptModulePath: string | undefined;
  clientScriptFileId: number | undefined;
  submitButton: string | undefined;
  title: string;
  readonly hideNavBar: boolean;
  constructor(title: string, hideNavBar: boolean= false) {
    this.title = title;
    this.hideNavBar = hideNavBar;
  }
  addField(o: Opts): Field {
    if (typeof o.id !== 'string') throw ERR.missingArg('Form.addField', 'options.id');
    checkId('Form.addField', o.id);
    if (o.label === undefined) throw ERR.missingArg('Form.addField', 'options.label');
    const type = checkType('Form.addField', o.type, false);
    // options.container is "the internal ID of the tab or field group to add the field to" (Form.addField(options),
    // Oracle Help Center): one the form has. Which ids a record form's own tabs carry (a custom subtab's script id or
    // another form id) is not documented, so a record form here lists none, and a container that is not a tab,
    // subtab or field group of the form is refused (the error name is the emulator's: what NetSuite does is a guess).
    if (typeof o.container === 'string' && !this.containers().includes(o.container)) {
      throw nsError('EMULATOR_UNKNOWN_CONTAINER', `Form.addField: ${o.container} is not a tab, subtab or field group of this form (it has: ${this.containers().join(', ') || 'none'}).`);
    }
    const f = new Field(o.id, str(o.label), type, o.source as string | undefined, o.container as string | undefined);
    this.fields.set(o.id, f);
    return f;
  }
  /** Form.getTabs(): "the internal IDs of all tabs in a form" (Oracle Help Center). */
  getTabs(): string[] {
    return this.tabs.map((t) => t.id);
  }
  private containers(): string[] {
    return [...this.tabs.map((t) => t.id), ...this.subtabs.map((t) => t.id), ...this.fieldGroups.map((g) => g.id)];
  }
  getField(o: unknown): Field | null {
    const id = typeof o === 'string' ? o : str((o as Opts | undefined)?.id, '');
    return this.fields.get(id) ?? null;
  }
  addButton(o: Opts): { id: string; label: string } {
    if (o.id === undefined) throw ERR.missingArg('Form.addButton', 'options.id');
    if (o.label === undefined) throw ERR.missingArg('Form.addButton', 'options.label');
    const b = { id: str(o.id), label: str(o.label), ...(typeof o.functionName === 'string' ? { functionName: o.functionName } : {}) };
    this.buttons.push(b);
    return b;
  }
  getButton(o: Opts): { id: string; label: string } | null {
    return this.buttons.find((b) => b.id === o.id) ?? null;
  }
  removeButton(o: Opts): void {
    const i = this.buttons.findIndex((b) => b.id === o.id);
    if (i >= 0) this.buttons.splice(i, 1);
  }
  /** Form.addSubmitButton(options): "If no label is provided, the label defaults to 'Save'." */
  addSubmitButton(o?: Opts): { id: string; label: string } {
    this.submitButton = str(o?.label, 'Save');
    return { id: 'submitter', label: this.submitButton };
  }
  addResetButton(): void {}
  addTab(o: Opts): void {
    this.tabs.push({ id: str(o.id), label: str(o.label) });
  }
  addSubtab(o: Opts): void {
    this.subtabs.push({ id: str(o.id), label: str(o.label), ...(typeof o.tab === 'string' ? { tab: o.tab } : {}) });
  }
  addFieldGroup(o: Opts): { id: string; label: string; isSingleColumn: boolean; isBorderHidden: boolean } {
    const id = checkId('Form.addFieldGroup', o.id);
    if (o.label === undefined) throw ERR.missingArg('Form.addFieldGroup', 'options.label');
    const g = { id, label: str(o.label), isSingleColumn: false, isBorderHidden: false };
    this.fieldGroups.push(g);
    return g;
  }
  /** Form.addSublist(options): id, label and type are required; type is a serverWidget.SublistType. */
  addSublist(o: Opts): Sublist {
    const id = checkId('Form.addSublist', o.id);
    if (o.label === undefined) throw ERR.missingArg('Form.addSublist', 'options.label');
    if (o.type === undefined) throw ERR.missingArg('Form.addSublist', 'options.type');
    const type = str(o.type).toLowerCase();
    if (!(Object.values(SublistType) as string[]).includes(type)) throw nsError('SSS_INVALID_SUBLIST_TYPE', `Form.addSublist: ${str(o.type)} is not a serverWidget.SublistType.`);
    const s = new Sublist(id, str(o.label), type, typeof o.tab === 'string' ? o.tab : undefined);
    this.sublists.set(s.id, s);
    return s;
  }
  getSublist(o: Opts): Sublist | null {
    return this.sublists.get(str(o.id)) ?? null;
  }
  /**
   * Form.addPageInitMessage(options): "either a message.Message object, or the same options object that can be passed
   * to the message.create(options) method"; options.type (a message.Type) is required, title and message default to ''.
   * The message is shown as markup (a guess at NetSuite's rendering: scripts escape what they put there).
   */
  addPageInitMessage(o: unknown): void {
    if (o === null || typeof o !== 'object') throw nsError('WRONG_PARAMETER_TYPE', 'Form.addPageInitMessage: options must be an object.');
    const opts = o as Opts;
    const source = opts.message !== null && typeof opts.message === 'object' ? opts.message as Opts : opts;
    if (source.type === undefined || source.type === null) throw ERR.missingArg('Form.addPageInitMessage', 'options.type');
    const type = Number(source.type);
    if (!(type in MESSAGE_CLASS)) throw nsError('SSS_INVALID_TYPE_ARG', `Form.addPageInitMessage: ${str(source.type)} is not a message.Type.`);
    this.pageMessages.push({ type, title: str(source.title, ''), message: str(source.message, '') });
  }
  /** Form.addPageLink(options): title, type (serverWidget.FormPageLinkType) and url are required. */
  addPageLink(o: Opts): void {
    if (o.type === undefined) throw ERR.missingArg('Form.addPageLink', 'options.type');
    if (o.title === undefined) throw ERR.missingArg('Form.addPageLink', 'options.title');
    if (o.url === undefined) throw ERR.missingArg('Form.addPageLink', 'options.url');
    const type = str(o.type);
    if (!(Object.values(FormPageLinkType) as string[]).includes(type)) throw nsError('SSS_INVALID_TYPE_ARG', `Form.addPageLink: ${type} is not a serverWidget.FormPageLinkType.`);
    this.pageLinks.push({ type, title: str(o.title), url: str(o.url) });
  }
  insertField(): void {}
  updateDefaultValues(values: Opts): void {
    for (const [k, v] of Object.entries(values)) {
      const f = this.fields.get(k);
      if (f) f.defaultValue = v;
    }
  }
  /**
   * The page: title, page messages (after pageInit, at the top), crosslinks, the buttons, the fields outside any group,
   * each field group as a titled box (`<div class="uir-field-group" id="<id>_fg">`), tabs, then the sublists. The DOM is
   * the emulator's (NetSuite's own markup is not an API); README "Suitelet pages" lists the ids tests may use.
   */
  render(): string {
    const fieldsIn = (container: string | undefined): string => [...this.fields.values()].filter((f) => f.container === container).map((f) => f.render()).join('\n');
    const groups = this.fieldGroups.map((g) => `<div class="uir-field-group" id="${esc(g.id)}_fg"><div class="fgroup_title">${esc(g.label)}</div>${fieldsIn(g.id)}</div>`).join('\n');
    const tabs = [...this.tabs, ...this.subtabs].map((t) => `<div class="uir-tab" id="${esc(t.id)}_pane"><h2>${esc(t.label)}</h2>${fieldsIn(t.id)}</div>`).join('\n');
    const buttons = this.buttons.map((b) => `<input type="button" id="${esc(b.id)}" value="${esc(b.label)}"${b.functionName === undefined ? '' : ` data-client-function="${esc(b.functionName)}"`}>`).join(' ');
    const submit = this.submitButton === undefined ? '' : `<input type="submit" id="submitter" value="${esc(this.submitButton)}">`;
    const sublists = [...this.sublists.values()].map((s) => s.render()).join('\n');
    const client = this.clientScriptModulePath ? `<script data-module="${esc(this.clientScriptModulePath)}"></script>` : '';
    const messages = this.pageMessages.map((m) => `<div class="uir-page-message" data-message-type="${MESSAGE_CLASS[m.type] ?? ''}" role="${m.type === MessageType.ERROR ? 'alert' : 'status'}"><div class="uir-page-message-title">${m.title}</div><div class="uir-page-message-text">${m.message}</div></div>`).join('\n');
    const links = (type: string): string => this.pageLinks.filter((l) => l.type === type).map((l) => `<a class="uir-${type.toLowerCase()}" href="${esc(l.url)}">${esc(l.title)}</a>`).join(' ');
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(this.title)}</title><style>${PAGE_CSS}</style></head><body>`
      + `<div class="uir-page-title"><div class="uir-breadcrumbs">${links('BREADCRUMB')}</div><h1 class="uir-record-type">${esc(this.title)}</h1><div class="uir-crosslinks">${links('CROSSLINK')}</div></div>\n${messages}\n`
      + `<form method="POST" id="main_form"><div class="uir-buttons" id="tbl_buttons">${submit}${buttons}</div>\n${fieldsIn(undefined)}\n${groups}\n${tabs}\n${sublists}\n</form>${client}</body></html>`;
  }
}

/** Plain styling close to NetSuite's light theme, so screenshots read like a NetSuite page (the look is not an API). */
const PAGE_CSS = [
  'body{font:13px/1.4 Arial,Helvetica,sans-serif;margin:0;background:#fff;color:#262626}',
  '.uir-page-title{background:#f5f5f5;border-bottom:1px solid #d9d9d9;padding:8px 16px;display:flex;align-items:center;gap:16px}',
  '.uir-record-type{font-size:20px;font-weight:normal;margin:0;flex:1}.uir-crosslinks a,.uir-breadcrumbs a{margin-left:12px;color:#255599;font-size:12px}',
  'form{padding:8px 16px}.uir-buttons{margin:4px 0 10px}input[type=button],input[type=submit]{background:#e8e8e8;border:1px solid #b2b2b2;border-radius:3px;padding:4px 12px;font-weight:bold;color:#333;margin-right:6px;cursor:pointer}',
  'input[type=submit]{background:#1a6ecc;color:#fff;border-color:#125ab2}',
  '.uir-page-message{margin:8px 16px;padding:8px 12px;border:1px solid;border-radius:3px}.uir-page-message-title{font-weight:bold}',
  '.uir-page-message[data-message-type=error]{background:#fcebea;border-color:#d35f5f}.uir-page-message[data-message-type=confirmation]{background:#e6f4e6;border-color:#6aa84f}',
  '.uir-page-message[data-message-type=warning]{background:#fff4d6;border-color:#e1a400}.uir-page-message[data-message-type=information]{background:#e8f1fa;border-color:#6d9eeb}',
  '.uir-field-group{display:inline-block;vertical-align:top;min-width:300px;max-width:560px;margin:0 16px 12px 0}.fgroup_title{font-weight:bold;color:#5a6f8f;border-bottom:1px solid #d9d9d9;margin-bottom:4px;padding-bottom:2px;text-transform:uppercase;font-size:11px}',
  '.uir-field-wrapper[data-field-type=select]{display:inline-block;vertical-align:top;margin-right:14px}',
  '.uir-field-wrapper{margin:3px 0}.uir-label{color:#6f6f6f;font-size:11px;text-transform:uppercase;display:block}.uir-field{display:block}',
  '.uir-sublist{margin:12px 0}.uir-sublist-label{font-size:14px;margin:0 0 4px;color:#4d5f79}table.uir-list{border-collapse:collapse;width:100%}',
  '.uir-list-headerrow th{background:#e5e5e5;text-align:left;font-size:11px;text-transform:uppercase;padding:4px 6px;border:1px solid #d9d9d9}',
  '.uir-list-row-tr td{padding:3px 6px;border:1px solid #e6e6e6;vertical-align:top}.uir-list-row-tr:nth-child(odd) td{background:#f7f7f7}',
].join('');

export function createServerWidgetModule(x: Execution): object {
  const wrapForm = (form: Form): Form => exposeForm(x, form);
  return {
    FieldType,
    FieldDisplayType,
    SublistType,
    FieldLayoutType: { NORMAL: 'normal', OUTSIDE: 'outside', OUTSIDEABOVE: 'outsideabove', OUTSIDEBELOW: 'outsidebelow', STARTROW: 'startrow', MIDROW: 'midrow', ENDROW: 'endrow' },
    FieldBreakType: { NONE: 'none', STARTCOL: 'startcol', STARTROW: 'startrow' },
    FormPageLinkType,
    createForm(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (typeof o.title !== 'string') throw ERR.missingArg('serverWidget.createForm', 'options.title');
      return wrapForm(new Form(o.title, o.hideNavBar === true));
    },
  } satisfies ModuleSurface<typeof serverWidgetApi>;
}

/** Fields, sublists and buttons handed out by a Form are wrapped too, so their errors reach the script's realm. */
export function exposeForm(x: Execution, form: Form): Form {
  const proxy = x.expose(form);
  return new Proxy(proxy, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === 'addField' || prop === 'getField' || prop === 'addSublist' || prop === 'getSublist') {
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown)(...args);
          return out && typeof out === 'object' ? x.expose(out) : out;
        };
      }
      return value;
    },
  });
}

