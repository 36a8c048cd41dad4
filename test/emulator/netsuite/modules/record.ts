/** N/record over the emulated store. Record objects keep normalised data; getters convert to what scripts see. */
import { str } from '../text';
import { ERR, SuiteScriptError, describeError, nsError } from '../errors';
import type { Execution } from '../execution';
import { RECORD_COSTS } from '../governance';
import { formatDate, formatDateTime, parseDateTime } from '../format-util';
import { isEmpty, normalizeValue, type FieldDef, type RecordSchema } from '../schema';
import { cloneData, type RecordData } from '../store';
import type * as recordApi from 'N/record';
import type { ModuleSurface } from './surface';

type Opts = Record<string, unknown>;

export interface RecordImplOptions {
  isDynamic: boolean;
  /** xedit user events: newRecord holds only the changed fields. */
  partial?: boolean;
  /** Records handed to user events are not saveable with Record.save(). */
  contextRecord?: boolean;
}

function opt(options: unknown, key: string, method: string): unknown {
  if (options === null || typeof options !== 'object') throw ERR.missingArg(method, key);
  return (options as Opts)[key];
}

function required(options: unknown, key: string, method: string): unknown {
  const v = opt(options, key, method);
  if (v === undefined || v === null || v === '') throw ERR.missingArg(method, `options.${key}`);
  return v;
}

function requiredString(options: unknown, key: string, method: string): string {
  return str(required(options, key, method));
}

/** Script-facing value of a stored field (same rules for Record.getValue and the UE records). */
export function scriptValue(x: Execution, field: FieldDef | undefined, value: unknown): unknown {
  if (field?.type === 'CHECKBOX') return value === true;
  if (field?.type === 'MULTISELECT') return Array.isArray(value) ? [...(value as string[])] : [];
  if (isEmpty(value)) return '';
  if (value instanceof Date) return x.realm.date(value);
  return value;
}

export function textOf(x: Execution, field: FieldDef | undefined, value: unknown): string {
  if (!field || isEmpty(value)) return field?.type === 'CHECKBOX' ? 'F' : '';
  switch (field.type) {
    case 'CHECKBOX': return value === true ? 'T' : 'F';
    case 'SELECT': return x.data.resolveSelect(field, str(value)).text;
    case 'MULTISELECT': return (value as string[]).map((v) => x.data.resolveSelect(field, v).text).join(',');
    case 'DATE': return formatDate(value as Date, x.env.info.format);
    case 'DATETIME': case 'DATETIMETZ': return formatDateTime(value as Date, x.env.info.format, field.type === 'DATETIMETZ');
    default: return str(value);
  }
}

function valueFromText(x: Execution, field: FieldDef, text: unknown): unknown {
  const s = typeof text === 'string' ? text : str(text);
  if (s === '') return null;
  switch (field.type) {
    case 'CHECKBOX': return s === 'T' || s === 'true';
    case 'SELECT': {
      const id = x.data.selectIdByText(field, s);
      if (id === undefined) throw ERR.invalidFieldValue(s, field.id);
      return id;
    }
    case 'MULTISELECT': return s.split(',').map((t) => {
      const id = x.data.selectIdByText(field, t.trim());
      if (id === undefined) throw ERR.invalidFieldValue(t, field.id);
      return id;
    });
    case 'DATE': case 'DATETIME': case 'DATETIMETZ': {
      const d = parseDateTime(s, x.env.info.format);
      if (!d) throw ERR.invalidFieldValue(s, field.id);
      return d;
    }
    case 'INTEGER': case 'FLOAT': case 'CURRENCY': case 'PERCENT': return Number(s);
    default: return s;
  }
}

export class RecordImpl {
  private currentLine: { sublistId: string; line: number; values: Record<string, unknown> } | undefined;
  private readonly schema: RecordSchema;

  private readonly x: Execution;
  data: RecordData;
  private readonly opts: RecordImplOptions;
  constructor(x: Execution, data: RecordData, opts: RecordImplOptions) {
    this.x = x;
    this.data = data;
    this.opts = opts;
    this.schema = x.data.schema.get(data.type);
  }

  get id(): number | null {
    return this.data.id ?? null;
  }

  get type(): string {
    return this.data.type;
  }

  get isDynamic(): boolean {
    return this.opts.isDynamic;
  }

  get isNew(): boolean {
    return this.data.id === undefined;
  }

  private field(fieldId: unknown, method: string): FieldDef | undefined {
    if (typeof fieldId !== 'string' || fieldId === '') throw ERR.missingArg(method, 'options.fieldId');
    return this.x.data.fieldDef(this.schema, fieldId);
  }

  private fieldIdArg(options: unknown, method: string): string {
    return typeof options === 'string' ? options : requiredString(options, 'fieldId', method);
  }

  getValue(options: unknown): unknown {
    const fieldId = this.fieldIdArg(options, 'Record.getValue');
    if (fieldId === 'id') return this.data.id === undefined ? '' : str(this.data.id);
    const field = this.field(fieldId, 'Record.getValue');
    return scriptValue(this.x, field, this.data.fields[fieldId.toLowerCase()]);
  }

  getText(options: unknown): string {
    const fieldId = this.fieldIdArg(options, 'Record.getText');
    if (fieldId === 'id') return this.data.id === undefined ? '' : str(this.data.id);
    const field = this.field(fieldId, 'Record.getText');
    return textOf(this.x, field, this.data.fields[fieldId.toLowerCase()]);
  }

  setValue(options: unknown, maybeValue?: unknown): this {
    const fieldId = typeof options === 'string' ? options : requiredString(options, 'fieldId', 'Record.setValue');
    const value = typeof options === 'string' ? maybeValue : opt(options, 'value', 'Record.setValue');
    const field = this.field(fieldId, 'Record.setValue');
    if (!field || field.readOnly) return this;
    const normalized = normalizeValue(field, value);
    if (this.opts.isDynamic) this.checkRef(field, normalized);
    this.data.fields[field.id] = normalized;
    return this;
  }

  setText(options: unknown, maybeText?: unknown): this {
    const fieldId = typeof options === 'string' ? options : requiredString(options, 'fieldId', 'Record.setText');
    const text = typeof options === 'string' ? maybeText : opt(options, 'text', 'Record.setText');
    const field = this.field(fieldId, 'Record.setText');
    if (!field || field.readOnly) return this;
    this.data.fields[field.id] = normalizeValue(field, valueFromText(this.x, field, text));
    return this;
  }

  private checkRef(field: FieldDef, value: unknown): void {
    if (field.type === 'SELECT' && typeof value === 'string' && !this.x.data.resolveSelect(field, value).exists) {
      throw ERR.invalidKeyOrRef(field.id, value);
    }
  }

  getFields(): string[] {
    if (this.opts.partial) return Object.keys(this.data.fields);
    return [...new Set([...this.schema.fields.keys(), ...Object.keys(this.data.fields)])];
  }

  getSublists(): string[] {
    return [...this.schema.sublists.keys()];
  }

  getSublistFields(options: unknown): string[] {
    return [...this.sublist(required(options, 'sublistId', 'Record.getSublistFields')).fields.keys()];
  }

  private sublist(sublistId: unknown): { id: string; fields: Map<string, FieldDef> } {
    const sub = this.schema.sublists.get(str(sublistId));
    if (!sub) throw ERR.invalidSublistOperation();
    return sub;
  }

  private lines(sublistId: string): Record<string, unknown>[] {
    let lines = this.data.sublists[sublistId];
    if (!lines) {
      lines = [];
      this.data.sublists[sublistId] = lines;
    }
    return lines;
  }

  private sublistField(sublistId: string, fieldId: unknown): FieldDef {
    const field = this.sublist(sublistId).fields.get(str(fieldId));
    if (!field) {
      if (this.x.data.strictFieldIds) throw ERR.unknownField(`${sublistId}.${str(fieldId)}`, this.type);
      return { id: str(fieldId), label: str(fieldId), type: 'TEXT' };
    }
    return field;
  }

  getLineCount(options: unknown): number {
    const sublistId = typeof options === 'string' ? options : requiredString(options, 'sublistId', 'Record.getLineCount');
    if (!this.schema.sublists.has(sublistId)) return -1;
    return this.lines(sublistId).length;
  }

  getSublistValue(options: unknown): unknown {
    const sublistId = requiredString(options, 'sublistId', 'Record.getSublistValue');
    const field = this.sublistField(sublistId, required(options, 'fieldId', 'Record.getSublistValue'));
    const line = Number(opt(options, 'line', 'Record.getSublistValue'));
    const row = this.lines(sublistId)[line];
    if (!row) throw ERR.invalidSublistOperation();
    return scriptValue(this.x, field, row[field.id]);
  }

  getSublistText(options: unknown): string {
    const sublistId = requiredString(options, 'sublistId', 'Record.getSublistText');
    const field = this.sublistField(sublistId, required(options, 'fieldId', 'Record.getSublistText'));
    const row = this.lines(sublistId)[Number(opt(options, 'line', 'Record.getSublistText'))];
    if (!row) throw ERR.invalidSublistOperation();
    return textOf(this.x, field, row[field.id]);
  }

  setSublistValue(options: unknown): this {
    if (this.opts.isDynamic) throw ERR.invalidApiUsage('Record.setSublistValue is not available in dynamic mode; use selectLine/setCurrentSublistValue/commitLine.');
    const sublistId = requiredString(options, 'sublistId', 'Record.setSublistValue');
    const field = this.sublistField(sublistId, required(options, 'fieldId', 'Record.setSublistValue'));
    const line = Number(opt(options, 'line', 'Record.setSublistValue'));
    const lines = this.lines(sublistId);
    if (!Number.isInteger(line) || line < 0 || line > lines.length) throw ERR.invalidSublistOperation();
    if (line === lines.length) lines.push({});
    lines[line]![field.id] = normalizeValue(field, opt(options, 'value', 'Record.setSublistValue'));
    return this;
  }

  insertLine(options: unknown): this {
    const sublistId = requiredString(options, 'sublistId', 'Record.insertLine');
    this.sublist(sublistId);
    const line = Number(opt(options, 'line', 'Record.insertLine'));
    const lines = this.lines(sublistId);
    if (!Number.isInteger(line) || line < 0 || line > lines.length) throw ERR.invalidSublistOperation();
    lines.splice(line, 0, {});
    if (this.opts.isDynamic) this.currentLine = { sublistId, line, values: {} };
    return this;
  }

  removeLine(options: unknown): this {
    const sublistId = requiredString(options, 'sublistId', 'Record.removeLine');
    const line = Number(opt(options, 'line', 'Record.removeLine'));
    const lines = this.lines(sublistId);
    if (!lines[line]) throw ERR.invalidSublistOperation();
    lines.splice(line, 1);
    return this;
  }

  private dynamicOnly(method: string): void {
    if (!this.opts.isDynamic) throw ERR.invalidApiUsage(`${method} is only available when the record is in dynamic mode.`);
  }

  selectNewLine(options: unknown): this {
    this.dynamicOnly('Record.selectNewLine');
    const sublistId = requiredString(options, 'sublistId', 'Record.selectNewLine');
    this.sublist(sublistId);
    this.currentLine = { sublistId, line: this.lines(sublistId).length, values: {} };
    return this;
  }

  selectLine(options: unknown): this {
    this.dynamicOnly('Record.selectLine');
    const sublistId = requiredString(options, 'sublistId', 'Record.selectLine');
    const line = Number(opt(options, 'line', 'Record.selectLine'));
    const row = this.lines(sublistId)[line];
    if (!row) throw ERR.invalidSublistOperation();
    this.currentLine = { sublistId, line, values: { ...row } };
    return this;
  }

  private current(sublistId: string): { sublistId: string; line: number; values: Record<string, unknown> } {
    this.dynamicOnly('Record.setCurrentSublistValue');
    if (!this.currentLine || this.currentLine.sublistId !== sublistId) {
      this.sublist(sublistId);
      this.currentLine = { sublistId, line: this.lines(sublistId).length, values: {} };
    }
    return this.currentLine;
  }

  setCurrentSublistValue(options: unknown): this {
    const sublistId = requiredString(options, 'sublistId', 'Record.setCurrentSublistValue');
    const field = this.sublistField(sublistId, required(options, 'fieldId', 'Record.setCurrentSublistValue'));
    const value = normalizeValue(field, opt(options, 'value', 'Record.setCurrentSublistValue'));
    this.checkRef(field, value);
    this.current(sublistId).values[field.id] = value;
    return this;
  }

  getCurrentSublistValue(options: unknown): unknown {
    const sublistId = requiredString(options, 'sublistId', 'Record.getCurrentSublistValue');
    const field = this.sublistField(sublistId, required(options, 'fieldId', 'Record.getCurrentSublistValue'));
    return scriptValue(this.x, field, this.current(sublistId).values[field.id]);
  }

  getCurrentSublistIndex(options: unknown): number {
    const sublistId = requiredString(options, 'sublistId', 'Record.getCurrentSublistIndex');
    return this.current(sublistId).line;
  }

  commitLine(options: unknown): this {
    const sublistId = requiredString(options, 'sublistId', 'Record.commitLine');
    const cur = this.current(sublistId);
    const lines = this.lines(sublistId);
    if (cur.line >= lines.length) lines.push({ ...cur.values });
    else lines[cur.line] = { ...cur.values };
    this.currentLine = undefined;
    return this;
  }

  cancelLine(options: unknown): this {
    required(options, 'sublistId', 'Record.cancelLine');
    this.currentLine = undefined;
    return this;
  }

  findSublistLineWithValue(options: unknown): number {
    const sublistId = requiredString(options, 'sublistId', 'Record.findSublistLineWithValue');
    const field = this.sublistField(sublistId, required(options, 'fieldId', 'Record.findSublistLineWithValue'));
    const wanted = normalizeValue(field, opt(options, 'value', 'Record.findSublistLineWithValue'));
    return this.lines(sublistId).findIndex((row) => row[field.id] === wanted);
  }

  save(options?: unknown): number {
    if (this.opts.contextRecord) throw ERR.invalidApiUsage('Records passed to user events cannot be saved with Record.save(); use record.load or record.submitFields.');
    const category = this.x.data.schema.category(this.type);
    const ignoreMandatoryFields = options !== null && typeof options === 'object' && (options as Opts).ignoreMandatoryFields === true;
    // "When working with records in dynamic mode, field values are always sourced" (Record.save(options)).
    const enableSourcing = this.opts.isDynamic || (options !== null && typeof options === 'object' && (options as Opts).enableSourcing === true);
    return this.x.gov('Record.save', RECORD_COSTS.save[category], () => {
      const mode = this.data.id === undefined ? 'create' : 'edit';
      // An edit carries the version the record was loaded at: a row someone else saved since fails with
      // RCRD_HAS_BEEN_CHANGED (records.ts).
      const result = this.x.data.write(mode, cloneData(this.data), {
        executionContext: this.x.executionContext,
        fireUserEvents: !this.x.options.inUserEvent,
        ignoreMandatoryFields,
        enableSourcing,
        triggered: this.x.triggered,
      });
      const saved = this.x.data.load(this.type, result.id);
      if (saved) this.data = saved;
      if (result.afterSubmitError !== undefined) throw asHostError(result.afterSubmitError);
      return result.id;
    });
  }

  toJSON(): Record<string, unknown> {
    const fields: Record<string, string> = {};
    for (const [id, value] of Object.entries(this.data.fields)) fields[id] = textValue(value);
    const sublists: Record<string, Record<string, Record<string, string>>> = {};
    for (const [id, lines] of Object.entries(this.data.sublists)) {
      const out: Record<string, Record<string, string>> = {};
      lines.forEach((line, i) => {
        const row: Record<string, string> = {};
        for (const [f, v] of Object.entries(line)) row[f] = textValue(v);
        out[`line ${i + 1}`] = row;
      });
      sublists[id] = out;
    }
    return { id: this.data.id === undefined ? undefined : str(this.data.id), type: this.type, isDynamic: this.isDynamic, fields, sublists };
  }
}

function textValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (Array.isArray(value)) return (value as string[]).join(',');
  return isEmpty(value) ? '' : str(value);
}

/** Errors coming back from another realm (a user event) are re-created so the caller's realm sees its own Error. */
export function asHostError(error: unknown): SuiteScriptError {
  if (error instanceof SuiteScriptError) return error;
  const { name, message } = describeError(error);
  return nsError(name, message);
}

export function createRecordModule(x: Execution): object {
  const data = x.data;
  const cost = (op: keyof typeof RECORD_COSTS, type: string): number => RECORD_COSTS[op][data.schema.category(type)];
  const typeArg = (options: unknown, method: string): string => {
    const type = requiredString(options, 'type', method);
    data.schema.get(type);
    return type.toLowerCase();
  };
  const idArg = (options: unknown, method: string): number => {
    const raw = required(options, 'id', method);
    const id = Number(raw);
    if (!Number.isInteger(id)) throw ERR.invalidKeyOrRef('id', raw);
    return id;
  };
  const expose = (rec: RecordImpl): RecordImpl => x.expose(rec);
  const isDynamic = (options: unknown): boolean => (options as Opts).isDynamic === true;

  return {
    Type: x.env.info.recordTypes,
    create(options: unknown) {
      const type = typeArg(options, 'record.create');
      return x.gov('record.create', cost('create', type), () => {
        const defaults = (options as Opts).defaultValues;
        const rec = new RecordImpl(x, data.buildData(type, {}), { isDynamic: isDynamic(options) });
        if (defaults && typeof defaults === 'object') {
          for (const [k, v] of Object.entries(defaults as Opts)) rec.setValue({ fieldId: k, value: v });
        }
        return expose(rec);
      });
    },
    load(options: unknown) {
      const type = typeArg(options, 'record.load');
      const id = idArg(options, 'record.load');
      return x.gov('record.load', cost('load', type), () => {
        const loaded = data.load(type, id);
        if (!loaded) throw ERR.recordDoesNotExist();
        return expose(new RecordImpl(x, loaded, { isDynamic: isDynamic(options) }));
      });
    },
    copy(options: unknown) {
      const type = typeArg(options, 'record.copy');
      const id = idArg(options, 'record.copy');
      return x.gov('record.copy', cost('copy', type), () => {
        const copy = data.load(type, id);
        if (!copy) throw ERR.recordDoesNotExist();
        delete copy.id;
        delete copy.version;
        for (const key of ['datecreated', 'created', 'lastmodifieddate', 'lastmodified', 'externalid']) delete copy.fields[key];
        return expose(new RecordImpl(x, copy, { isDynamic: isDynamic(options) }));
      });
    },
    delete(options: unknown) {
      const type = typeArg(options, 'record.delete');
      const id = idArg(options, 'record.delete');
      return x.gov('record.delete', cost('delete', type), () => {
        const result = data.remove(type, id, { executionContext: x.executionContext, fireUserEvents: !x.options.inUserEvent, triggered: x.triggered });
        if (result.afterSubmitError !== undefined) throw asHostError(result.afterSubmitError);
        return id;
      });
    },
    submitFields(options: unknown) {
      const type = typeArg(options, 'record.submitFields');
      const id = idArg(options, 'record.submitFields');
      const values = required(options, 'values', 'record.submitFields') as Opts;
      const extra = ((options as Opts).options ?? {}) as Opts;
      return x.gov('record.submitFields', cost('submitFields', type), () => {
        if (!data.exists(type, id)) throw ERR.recordDoesNotExist();
        const changes = data.buildData(type, values);
        // submitFields writes only these fields and is not version-checked (an inline edit, 'xedit').
        const result = data.write('xedit', { type, id, fields: changes.fields, sublists: {} }, {
          executionContext: x.executionContext,
          fireUserEvents: !x.options.inUserEvent,
          ignoreMandatoryFields: extra.ignoreMandatoryFields === true,
          triggered: x.triggered,
        });
        if (result.afterSubmitError !== undefined) throw asHostError(result.afterSubmitError);
        return id;
      });
    },
    attach() {
      throw nsError('EMULATOR_UNSUPPORTED', 'record.attach is not emulated.');
    },
    detach() {
      throw nsError('EMULATOR_UNSUPPORTED', 'record.detach is not emulated.');
    },
  } satisfies ModuleSurface<typeof recordApi>;
}
