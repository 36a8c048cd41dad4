/** N/ui/serverWidget: a Form model that beforeLoad scripts and Suitelets build, rendered to plain HTML. */
import { str } from '../text';
import { ERR, nsError } from '../errors';
import type { Execution } from '../execution';
import type * as serverWidgetApi from 'N/ui/serverWidget';
import type { ModuleSurface } from './surface';
import { messageTypeName, PageMessage, pageMessage } from './ui-message';

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
    this.displayType = str(o.displayType, 'normal');
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
    this.selectOptions.push({ value: str(o.value), text: str(o.text), isSelected: o.isSelected === true });
  }
  getSelectOptions(): { value: string; text: string }[] {
    return this.selectOptions.map(({ value, text }) => ({ value, text }));
  }
  render(): string {
    if (this.displayType === 'hidden') return `<input type="hidden" name="${esc(this.id)}" value="${esc(this.defaultValue)}">`;
    const ro = this.displayType === 'inline' || this.displayType === 'disabled' || this.displayType === 'readonly';
    if (this.type === 'inlinehtml') return `<div id="${esc(this.id)}">${str(this.defaultValue, '')}</div>`;
    if (this.type === 'select') {
      const opts = this.selectOptions.map((s) => `<option value="${esc(s.value)}"${s.isSelected || s.value === this.defaultValue ? ' selected' : ''}>${esc(s.text)}</option>`).join('');
      return `<label>${esc(this.label)} <select name="${esc(this.id)}"${ro ? ' disabled' : ''}>${opts}</select></label>`;
    }
    if (this.type === 'checkbox') return `<label><input type="checkbox" name="${esc(this.id)}"${this.defaultValue === 'T' || this.defaultValue === true ? ' checked' : ''}${ro ? ' disabled' : ''}> ${esc(this.label)}</label>`;
    return `<label>${esc(this.label)} <input type="text" name="${esc(this.id)}" value="${esc(this.defaultValue)}"${ro ? ' readonly' : ''}${this.isMandatory ? ' required' : ''}></label>`;
  }
}

export class Sublist {
  readonly fields: Field[] = [];
  readonly lines: Record<string, string>[] = [];
  readonly buttons: { id: string; label: string }[] = [];
  readonly id: string;
  label: string;
  readonly type: string;
  constructor(id: string, label: string, type: string) {
    this.id = id;
    this.label = label;
    this.type = type;
  }
  addField(o: Opts): Field {
    const f = new Field(str(o.id), str(o.label ?? o.id), str(o.type, 'text'));
    this.fields.push(f);
    return f;
  }
  setSublistValue(o: Opts): void {
    const line = Number(o.line);
    while (this.lines.length <= line) this.lines.push({});
    this.lines[line]![str(o.id)] = str(o.value, '');
  }
  getSublistValue(o: Opts): string | null {
    return this.lines[Number(o.line)]?.[str(o.id)] ?? null;
  }
  get lineCount(): number {
    return this.lines.length;
  }
  addButton(o: Opts): void {
    this.buttons.push({ id: str(o.id), label: str(o.label) });
  }
  addMarkAllButtons(): void {}
  render(): string {
    const head = this.fields.map((f) => `<th>${esc(f.label)}</th>`).join('');
    const rows = this.lines.map((l) => `<tr>${this.fields.map((f) => `<td>${esc(l[f.id] ?? '')}</td>`).join('')}</tr>`).join('');
    return `<table id="${esc(this.id)}"><caption>${esc(this.label)}</caption><tr>${head}</tr>${rows}</table>`;
  }
}

export class Form {
  readonly fields = new Map<string, Field>();
  readonly buttons: { id: string; label: string; functionName?: string; hidden?: boolean }[] = [];
  readonly tabs: { id: string; label: string }[] = [];
  readonly subtabs: { id: string; label: string; tab?: string }[] = [];
  readonly fieldGroups: { id: string; label: string }[] = [];
  readonly sublists = new Map<string, Sublist>();
  /** Form.addPageInitMessage: shown "after the pageInit script is completed" (Oracle Help Center), in order. */
  readonly pageInitMessages: { type: string; title: string; message: string }[] = [];
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
    // options.container is "the internal ID of the tab or field group to add the field to" (Form.addField(options),
    // Oracle Help Center): one the form has. Which ids a record form's own tabs carry (a custom subtab's script id or
    // another form id) is not documented, so a record form here lists none, and a container that is not a tab,
    // subtab or field group of the form is refused (the error name is the emulator's: what NetSuite does is a guess).
    if (typeof o.container === 'string' && !this.containers().includes(o.container)) {
      throw nsError('EMULATOR_UNKNOWN_CONTAINER', `Form.addField: ${o.container} is not a tab, subtab or field group of this form (it has: ${this.containers().join(', ') || 'none'}).`);
    }
    const f = new Field(o.id, str(o.label ?? o.id), str(o.type, 'text'), o.source as string | undefined, o.container as string | undefined);
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
  addSubmitButton(o?: Opts): void {
    this.submitButton = str(o?.label, 'Submit');
  }
  addResetButton(): void {}
  addTab(o: Opts): void {
    this.tabs.push({ id: str(o.id), label: str(o.label) });
  }
  addSubtab(o: Opts): void {
    this.subtabs.push({ id: str(o.id), label: str(o.label), ...(typeof o.tab === 'string' ? { tab: o.tab } : {}) });
  }
  addFieldGroup(o: Opts): { id: string; label: string; isSingleColumn: boolean; isBorderHidden: boolean } {
    const g = { id: str(o.id), label: str(o.label), isSingleColumn: false, isBorderHidden: false };
    this.fieldGroups.push(g);
    return g;
  }
  addSublist(o: Opts): Sublist {
    const s = new Sublist(str(o.id), str(o.label ?? o.id), str(o.type, 'list'));
    this.sublists.set(s.id, s);
    return s;
  }
  getSublist(o: Opts): Sublist | null {
    return this.sublists.get(str(o.id)) ?? null;
  }
  /**
   * Form.addPageInitMessage(options): "either a message.Message object, or the same options object that can be passed
   * to the message.create(options) method" (Oracle Help Center, since 2018.2); WRONG_PARAMETER_TYPE "if supplied
   * options parameter is not an object" (Oracle's stub, ui/serverWidget/Form.js); a missing type fails as
   * message.create does. Title and message are kept as given and rendered as markup (whether NetSuite escapes them
   * is not documented; rendering them raw is the stricter guess).
   */
  addPageInitMessage(o: unknown): void {
    if (o === null || typeof o !== 'object') throw nsError('WRONG_PARAMETER_TYPE', 'Form.addPageInitMessage: options must be an object.');
    const given = (o as Opts).message;
    const m = given instanceof PageMessage ? given : pageMessage(o, 'Form.addPageInitMessage');
    this.pageInitMessages.push({ type: messageTypeName(m.type) ?? '', title: m.title, message: m.message });
  }
  addPageLink(): void {}
  insertField(): void {}
  updateDefaultValues(values: Opts): void {
    for (const [k, v] of Object.entries(values)) {
      const f = this.fields.get(k);
      if (f) f.defaultValue = v;
    }
  }
  render(): string {
    const fields = [...this.fields.values()].map((f) => f.render()).join('\n');
    const buttons = this.buttons.map((b) => `<button id="${esc(b.id)}" type="button">${esc(b.label)}</button>`).join('');
    const submit = this.submitButton ? `<button type="submit">${esc(this.submitButton)}</button>` : '';
    const sublists = [...this.sublists.values()].map((s) => s.render()).join('\n');
    const messages = this.pageInitMessages.map((m) => `<div class="uir-page-message" data-type="${esc(m.type)}" role="status"><b>${m.title}</b> ${m.message}</div>`).join('');
    const client = this.clientScriptModulePath ? `<script data-module="${esc(this.clientScriptModulePath)}"></script>` : '';
    return `<!DOCTYPE html><html><head><title>${esc(this.title)}</title></head><body><h1>${esc(this.title)}</h1>${messages}<form method="POST">\n${fields}\n${sublists}\n${buttons}${submit}</form>${client}</body></html>`;
  }
}

export function createServerWidgetModule(x: Execution): object {
  const wrapForm = (form: Form): Form => exposeForm(x, form);
  return {
    FieldType,
    FieldDisplayType,
    SublistType,
    FieldLayoutType: { NORMAL: 'normal', OUTSIDE: 'outside', OUTSIDEABOVE: 'outsideabove', OUTSIDEBELOW: 'outsidebelow', STARTROW: 'startrow', MIDROW: 'midrow', ENDROW: 'endrow' },
    FieldBreakType: { NONE: 'none', STARTCOL: 'startcol', STARTROW: 'startrow' },
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
