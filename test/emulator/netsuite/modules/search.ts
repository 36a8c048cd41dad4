/** N/search over the emulated store: filters (objects, arrays, expressions), joins, columns, summaries, paging. */
import { str } from '../text';
import { ERR, nsError } from '../errors';
import type { Execution } from '../execution';
import { COSTS } from '../governance';
import { formatDate, formatDateTime, parseDateTime, zonedParts, zonedToUtc } from '../format-util';
import { isEmpty, type FieldDef, type RecordSchema } from '../schema';
import type { RecordData } from '../store';
import { recordTypeEnum } from './record';

type Opts = Record<string, unknown>;

export const Operator = {
  AFTER: 'after', ALLOF: 'allof', ANY: 'any', ANYOF: 'anyof', BEFORE: 'before', BETWEEN: 'between', CONTAINS: 'contains',
  DOESNOTCONTAIN: 'doesnotcontain', DOESNOTSTARTWITH: 'doesnotstartwith', EQUALTO: 'equalto', GREATERTHAN: 'greaterthan',
  GREATERTHANOREQUALTO: 'greaterthanorequalto', HASKEYWORDS: 'haskeywords', IS: 'is', ISEMPTY: 'isempty', ISNOT: 'isnot',
  ISNOTEMPTY: 'isnotempty', LESSTHAN: 'lessthan', LESSTHANOREQUALTO: 'lessthanorequalto', NONEOF: 'noneof', NOTAFTER: 'notafter',
  NOTALLOF: 'notallof', NOTBEFORE: 'notbefore', NOTBETWEEN: 'notbetween', NOTEQUALTO: 'notequalto', NOTGREATERTHAN: 'notgreaterthan',
  NOTGREATERTHANOREQUALTO: 'notgreaterthanorequalto', NOTLESSTHAN: 'notlessthan', NOTLESSTHANOREQUALTO: 'notlessthanorequalto',
  NOTON: 'noton', NOTONORAFTER: 'notonorafter', NOTONORBEFORE: 'notonorbefore', NOTWITHIN: 'notwithin', ON: 'on',
  ONORAFTER: 'onorafter', ONORBEFORE: 'onorbefore', STARTSWITH: 'startswith', WITHIN: 'within',
} as const;

export const Sort = { ASC: 'ASC', DESC: 'DESC', NONE: 'NONE' } as const;
export const Summary = { GROUP: 'GROUP', COUNT: 'COUNT', SUM: 'SUM', AVG: 'AVG', MIN: 'MIN', MAX: 'MAX' } as const;

const OPERATORS = new Set<string>(Object.values(Operator));

/** Join ids that differ from the select field they follow. */
const JOIN_ALIASES: Record<string, Record<string, string>> = {
  contact: { customer: 'company', companycustomer: 'company', parentcustomer: 'company' },
  customer: { parentcustomer: 'parent' },
};

export class Column {
  name: string;
  join: string | undefined;
  summary: string | undefined;
  formula: string | undefined;
  label: string | undefined;
  sort: string;
  constructor(spec: { name: string; join?: string | undefined; summary?: string | undefined; formula?: string | undefined; label?: string | undefined; sort?: string | undefined }) {
    this.name = spec.name;
    this.join = spec.join;
    this.summary = spec.summary;
    this.formula = spec.formula;
    this.label = spec.label;
    this.sort = spec.sort ?? Sort.NONE;
  }
  setWhenOrderedBy(): this {
    return this;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, join: this.join, summary: this.summary, label: this.label, type: null, formula: this.formula, sortdir: this.sort };
  }
}

export class Filter {
  name: string;
  join: string | undefined;
  operator: string;
  values: unknown[];
  formula: string | undefined;
  summary: string | undefined;
  constructor(name: string, join: string | undefined, operator: string, values: unknown[], formula: string | undefined, summary: string | undefined) {
    this.name = name;
    this.join = join;
    this.operator = operator;
    this.values = values;
    this.formula = formula;
    this.summary = summary;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, join: this.join, operator: this.operator, values: this.values, formula: this.formula, summary: this.summary };
  }
}

type Node =
  | { kind: 'cond'; name: string; join: string | undefined; operator: string; values: unknown[] }
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'not'; item: Node };

const invalidFilter = (name: string) => nsError('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: ${name}.`);
const invalidColumn = (name: string) => nsError('SSS_INVALID_SRCH_COL', `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${name}.`);
const invalidOperator = (op: string) => nsError('SSS_INVALID_SRCH_OPERATOR', `An nlobjSearchFilter contains an invalid operator, or is not in proper syntax: ${op}.`);
const invalidExpression = (detail: string) => nsError('SSS_INVALID_SRCH_FILTER_EXPR', `Invalid search filter expression: ${detail}`);

function splitJoin(name: string, join?: string): { name: string; join: string | undefined } {
  if (join) return { name: name.toLowerCase(), join: join.toLowerCase() };
  const dot = name.indexOf('.');
  if (dot > 0 && !name.toLowerCase().startsWith('formula')) return { join: name.slice(0, dot).toLowerCase(), name: name.slice(dot + 1).toLowerCase() };
  return { name: name.toLowerCase(), join: undefined };
}

function flat(values: unknown): unknown[] {
  if (values === undefined || values === null) return [];
  return Array.isArray(values) ? (values as unknown[]).flat() : [values];
}

function isConditionArray(arr: unknown[]): boolean {
  return typeof arr[0] === 'string' && !['AND', 'OR', 'NOT'].includes(arr[0].toUpperCase()) && typeof arr[1] === 'string' && OPERATORS.has(arr[1].toLowerCase());
}

function condFromArray(arr: unknown[]): Node {
  const { name, join } = splitJoin(str(arr[0]));
  const operator = str(arr[1]).toLowerCase();
  if (!OPERATORS.has(operator)) throw invalidOperator(operator);
  return { kind: 'cond', name, join, operator, values: flat(arr.slice(2)) };
}

export function parseExpression(expr: unknown[]): Node {
  if (isConditionArray(expr)) return condFromArray(expr);
  const operands: Node[] = [];
  const ops: string[] = [];
  let negate = false;
  for (const item of expr) {
    if (typeof item === 'string') {
      const word = item.toUpperCase();
      if (word === 'NOT') {
        negate = !negate;
        continue;
      }
      if (word !== 'AND' && word !== 'OR') throw invalidExpression(item);
      if (operands.length !== ops.length + 1) throw invalidExpression(`misplaced ${word}`);
      ops.push(word);
      continue;
    }
    let node: Node;
    if (item instanceof Filter) node = { kind: 'cond', name: item.name, join: item.join, operator: item.operator, values: item.values };
    else if (Array.isArray(item)) node = parseExpression(item as unknown[]);
    else throw invalidExpression(JSON.stringify(item));
    if (negate) node = { kind: 'not', item: node };
    negate = false;
    if (operands.length !== ops.length) throw invalidExpression('two terms without AND/OR');
    operands.push(node);
  }
  if (operands.length === 0) return { kind: 'and', items: [] };
  if (operands.length !== ops.length + 1) throw invalidExpression('dangling operator');
  // AND binds tighter than OR.
  const groups: Node[][] = [[operands[0]!]];
  ops.forEach((op, i) => {
    if (op === 'OR') groups.push([operands[i + 1]!]);
    else groups[groups.length - 1]!.push(operands[i + 1]!);
  });
  const ands = groups.map((g) => (g.length === 1 ? g[0]! : { kind: 'and' as const, items: g }));
  return ands.length === 1 ? ands[0]! : { kind: 'or', items: ands };
}

/** `filters` may be Filter objects, [name, op, values] arrays, or a whole filter expression. */
export function parseFilters(filters: unknown): Node {
  if (filters === undefined || filters === null) return { kind: 'and', items: [] };
  if (filters instanceof Filter) return parseFilters([filters]);
  if (!Array.isArray(filters)) throw invalidExpression('filters must be an array');
  const list = filters as unknown[];
  if (list.length === 0) return { kind: 'and', items: [] };
  const looksLikeExpression = isConditionArray(list) || list.some((f) => typeof f === 'string');
  if (looksLikeExpression) return parseExpression(list);
  return {
    kind: 'and',
    items: list.map((f) => {
      if (f instanceof Filter) return { kind: 'cond' as const, name: f.name, join: f.join, operator: f.operator, values: f.values };
      if (Array.isArray(f)) return parseExpression(f as unknown[]);
      throw invalidExpression(JSON.stringify(f));
    }),
  };
}

interface ResolvedField {
  def: FieldDef;
  value: unknown;
}

const SPECIAL: Record<string, FieldDef> = {
  internalid: { id: 'internalid', label: 'Internal ID', type: 'SELECT' },
  internalidnumber: { id: 'internalidnumber', label: 'Internal ID (Number)', type: 'INTEGER' },
  recordtype: { id: 'recordtype', label: 'Record Type', type: 'TEXT' },
};

const OPS_BY_TYPE: Record<string, string[]> = {
  SELECT: ['anyof', 'noneof', 'isempty', 'isnotempty'],
  MULTISELECT: ['anyof', 'noneof', 'allof', 'notallof', 'isempty', 'isnotempty'],
  CHECKBOX: ['is'],
  TEXT: ['is', 'isnot', 'contains', 'doesnotcontain', 'startswith', 'doesnotstartwith', 'haskeywords', 'isempty', 'isnotempty', 'anyof', 'noneof'],
  NUMBER: ['equalto', 'notequalto', 'greaterthan', 'greaterthanorequalto', 'lessthan', 'lessthanorequalto', 'notgreaterthan',
    'notgreaterthanorequalto', 'notlessthan', 'notlessthanorequalto', 'between', 'notbetween', 'isempty', 'isnotempty', 'any'],
  DATE: ['on', 'before', 'after', 'onorbefore', 'onorafter', 'within', 'notwithin', 'noton', 'notbefore', 'notafter',
    'notonorbefore', 'notonorafter', 'isempty', 'isnotempty'],
};

function opFamily(type: string): string {
  if (type === 'SELECT' || type === 'MULTISELECT' || type === 'CHECKBOX') return type;
  if (['INTEGER', 'FLOAT', 'CURRENCY', 'PERCENT'].includes(type)) return 'NUMBER';
  if (['DATE', 'DATETIME', 'DATETIMETZ', 'TIMEOFDAY'].includes(type)) return 'DATE';
  return 'TEXT';
}

export class SearchEngine {
  readonly x: Execution;
  constructor(x: Execution) {
    this.x = x;
  }

  schema(type: string): RecordSchema {
    return this.x.account.schema.get(type);
  }

  /** Value of `name` (optionally across `join`) on a record, with the field's definition. */
  resolve(data: RecordData, name: string, join: string | undefined, kind: 'filter' | 'column'): ResolvedField {
    const bad = kind === 'filter' ? invalidFilter : invalidColumn;
    let target: RecordData | undefined = data;
    let targetType = data.type;
    if (join) {
      const alias = JOIN_ALIASES[data.type]?.[join] ?? join;
      const joinField = this.schema(data.type).fields.get(alias);
      if (!joinField || (joinField.type !== 'SELECT' && joinField.type !== 'MULTISELECT') || !joinField.select) throw bad(`${join}.${name}`);
      const types = joinField.select.flatMap((t) => (t === 'entity' ? ['customer', 'contact', 'employee', 'partner'] : [t]));
      const ref = data.fields[alias];
      const id = Array.isArray(ref) ? (ref as string[])[0] : ref;
      target = typeof id === 'string' ? this.x.account.store.findAny(types, Number(id)) : undefined;
      targetType = target?.type ?? types.find((t) => this.x.account.schema.has(t)) ?? types[0]!;
      if (!this.x.account.schema.has(targetType)) throw bad(`${join}.${name}`);
    }
    const special = SPECIAL[name];
    if (special) {
      const value = !target ? null : name === 'recordtype' ? target.type : name === 'internalidnumber' ? target.id : str(target.id);
      return { def: special, value };
    }
    const def = this.schema(targetType).fields.get(name);
    if (!def) throw bad(join ? `${join}.${name}` : name);
    return { def, value: target?.fields[name] ?? null };
  }

  validate(type: string, node: Node): void {
    const probe: RecordData = { type, fields: {}, sublists: {} };
    const walk = (n: Node): void => {
      if (n.kind === 'cond') {
        if (n.name.startsWith('formula')) throw nsError('EMULATOR_UNSUPPORTED', `Formula filters (${n.name}) are not emulated.`);
        const { def } = this.resolve(probe, n.name, n.join, 'filter');
        if (!OPS_BY_TYPE[opFamily(def.type)]!.includes(n.operator) && !(def.id === 'internalid' && n.operator === 'is')) throw invalidOperator(n.operator);
      } else if (n.kind === 'not') walk(n.item);
      else n.items.forEach(walk);
    };
    walk(node);
  }

  matches(data: RecordData, node: Node): boolean {
    switch (node.kind) {
      case 'and': return node.items.every((n) => this.matches(data, n));
      case 'or': return node.items.some((n) => this.matches(data, n));
      case 'not': return !this.matches(data, node.item);
      default: {
        const { def, value } = this.resolve(data, node.name, node.join, 'filter');
        return this.compare(def, value, node.operator, node.values);
      }
    }
  }

  private compare(def: FieldDef, stored: unknown, operator: string, values: unknown[]): boolean {
    if (operator === 'isempty') return isEmpty(stored) || stored === false;
    if (operator === 'isnotempty') return !isEmpty(stored) && stored !== false;
    if (operator === 'any') return true;
    const family = opFamily(def.type);
    const negated = operator.startsWith('not') || operator === 'isnot' || operator === 'noneof' || operator === 'doesnotcontain' || operator === 'doesnotstartwith';
    const positive = ({ isnot: 'is', noneof: 'anyof', doesnotcontain: 'contains', doesnotstartwith: 'startswith' } as Record<string, string>)[operator]
      ?? (negated && operator !== 'notallof' ? operator.slice(3) : operator === 'notallof' ? 'allof' : operator);
    const result = this.comparePositive(family, def, stored, positive, values);
    return negated ? !result : result;
  }

  private comparePositive(family: string, def: FieldDef, stored: unknown, op: string, values: unknown[]): boolean {
    switch (family) {
      case 'CHECKBOX': {
        const want = values[0] === true || values[0] === 'T' || values[0] === 'true';
        return (stored === true) === want;
      }
      case 'SELECT': case 'MULTISELECT': {
        const have = Array.isArray(stored) ? (stored as string[]) : isEmpty(stored) ? [] : [str(stored)];
        const wanted = values.map((v) => str(v));
        if (op === 'allof') return wanted.every((w) => have.includes(w));
        if (op === 'is') return wanted.includes(have[0] ?? '');
        return wanted.some((w) => (w === '@NONE@' ? have.length === 0 : w === '@ALL@' ? true : have.includes(w)));
      }
      case 'NUMBER': {
        if (isEmpty(stored)) return false;
        const n = Number(stored);
        const a = Number(values[0]);
        const b = Number(values[1]);
        switch (op) {
          case 'equalto': return n === a;
          case 'greaterthan': return n > a;
          case 'greaterthanorequalto': return n >= a;
          case 'lessthan': return n < a;
          case 'lessthanorequalto': return n <= a;
          case 'between': return n >= a && n <= b;
          default: throw invalidOperator(op);
        }
      }
      case 'DATE': {
        if (!(stored instanceof Date)) return false;
        const t = stored.getTime();
        const r0 = this.dateRange(values[0]);
        switch (op) {
          case 'on': return t >= r0.start && t <= r0.end;
          case 'before': return t < r0.start;
          case 'after': return t > r0.end;
          case 'onorbefore': return t <= r0.end;
          case 'onorafter': return t >= r0.start;
          case 'within': {
            const r1 = this.dateRange(values[1] ?? values[0]);
            return t >= r0.start && t <= r1.end;
          }
          default: throw invalidOperator(op);
        }
      }
      default: {
        const have = isEmpty(stored) ? '' : str(stored).toLowerCase();
        const want = values.map((v) => str(v).toLowerCase());
        const w = want[0] ?? '';
        switch (op) {
          case 'is': return have === w;
          case 'contains': return have.includes(w);
          case 'startswith': return have.startsWith(w);
          case 'haskeywords': return w.split(/\s+/).every((k) => have.includes(k));
          case 'anyof': return want.includes(have);
          default: throw invalidOperator(op);
        }
      }
    }
  }

  /** A filter date value as an instant range: date-only strings cover the whole day in the user's zone. */
  private dateRange(value: unknown): { start: number; end: number } {
    const prefs = this.x.account.format;
    const dayOf = (d: Date): { start: number; end: number } => {
      const p = zonedParts(d, prefs.timeZone);
      const start = zonedToUtc({ ...p, hour: 0, minute: 0, second: 0 }, prefs.timeZone).getTime();
      const next = zonedToUtc({ ...p, day: p.day + 1, hour: 0, minute: 0, second: 0 }, prefs.timeZone).getTime();
      return { start, end: next - 1 };
    };
    if (value instanceof Date || (typeof value === 'object' && value !== null && typeof (value as Date).getTime === 'function')) {
      return dayOf(new Date((value as Date).getTime()));
    }
    const s = str(value).trim().toLowerCase();
    const now = this.x.account.clock.now();
    const DAY = 86_400_000;
    if (s === 'today') return dayOf(now);
    if (s === 'yesterday') return dayOf(new Date(now.getTime() - DAY));
    if (s === 'tomorrow') return dayOf(new Date(now.getTime() + DAY));
    const ago = /^(days|hours|minutes)ago(\d+)$/.exec(s);
    if (ago) {
      const unit = ago[1] === 'days' ? DAY : ago[1] === 'hours' ? 3_600_000 : 60_000;
      const t = now.getTime() - Number(ago[2]) * unit;
      return ago[1] === 'days' ? dayOf(new Date(t)) : { start: t, end: t };
    }
    const parsed = parseDateTime(str(value), prefs);
    if (!parsed) throw nsError('SSS_INVALID_SRCH_FILTER_VAL', `Invalid date value in search filter: ${str(value)} (expected ${prefs.dateFormat}).`);
    if (/\d:\d/.test(s)) return { start: parsed.getTime(), end: parsed.getTime() + 59_999 };
    return dayOf(parsed);
  }

  /** Script-facing getValue of a search column. */
  columnValue(def: FieldDef, value: unknown): unknown {
    if (def.type === 'CHECKBOX') return value === true;
    if (isEmpty(value)) return '';
    if (def.type === 'MULTISELECT') return (value as string[]).join(',');
    if (value instanceof Date) {
      return def.type === 'DATE' ? formatDate(value, this.x.account.format) : formatDateTime(value, this.x.account.format, def.type === 'DATETIMETZ');
    }
    return str(value);
  }

  columnText(def: FieldDef, value: unknown): string | null {
    if (def.type !== 'SELECT' && def.type !== 'MULTISELECT') return null;
    if (def.id === 'internalid') return null;
    if (isEmpty(value)) return '';
    const list = Array.isArray(value) ? (value as string[]) : [str(value)];
    return list.map((v) => this.x.account.resolveSelect(def, v).text).join(',');
  }

  /** Sorting uses stored values: numbers numerically, dates by instant, text case-insensitively. */
  sortKey(value: unknown): string | number {
    if (value instanceof Date) return value.getTime();
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
    return isEmpty(value) ? '' : str(value).toLowerCase();
  }
}

export interface ResultCell {
  column: Column;
  def: FieldDef;
  value: unknown;
  /** Pre-computed for summary results. */
  display?: unknown;
  text?: string | null;
}

export class ResultImpl {
  private readonly engine: SearchEngine;
  readonly recordType: string;
  readonly id: string;
  private readonly cells: ResultCell[];
  readonly columns: Column[];
  constructor(engine: SearchEngine, recordType: string, id: string, cells: ResultCell[], columns: Column[]) {
    this.engine = engine;
    this.recordType = recordType;
    this.id = id;
    this.cells = cells;
    this.columns = columns;
  }

  private cell(arg: unknown): ResultCell | undefined {
    let name: string;
    let join: string | undefined;
    let summary: string | undefined;
    if (typeof arg === 'string') ({ name, join } = splitJoin(arg));
    else if (arg !== null && typeof arg === 'object') {
      const o = arg as Opts;
      ({ name, join } = splitJoin(str(o.name), typeof o.join === 'string' ? o.join : undefined));
      summary = typeof o.summary === 'string' ? o.summary.toUpperCase() : undefined;
    } else throw ERR.missingArg('Result.getValue', 'options.name');
    return this.cells.find((c) => c.column.name.toLowerCase() === name && (c.column.join?.toLowerCase() ?? undefined) === join && (summary === undefined || c.column.summary === summary));
  }

  getValue(arg: unknown): unknown {
    const c = this.cell(arg);
    if (!c) return null;
    return c.display !== undefined ? c.display : this.engine.columnValue(c.def, c.value);
  }

  getText(arg: unknown): string | null {
    const c = this.cell(arg);
    if (!c) return null;
    if (c.text !== undefined) return c.text;
    return this.engine.columnText(c.def, c.value);
  }

  getAllValues(): Record<string, unknown> {
    return this.toJSON().values as Record<string, unknown>;
  }

  toJSON(): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const c of this.cells) {
      let key = c.column.join ? `${c.column.name}.${c.column.join}` : c.column.name;
      if (c.column.summary) key = `${c.column.summary}(${key})`;
      const value = c.display !== undefined ? c.display : this.engine.columnValue(c.def, c.value);
      const text = c.text !== undefined ? c.text : this.engine.columnText(c.def, c.value);
      if (c.def.type === 'CHECKBOX' && typeof value === 'boolean') values[key] = value ? 'T' : 'F';
      else if (c.def.type === 'MULTISELECT' && !isEmpty(c.value)) {
        const ids = c.value as string[];
        values[key] = ids.map((v) => ({ value: v, text: this.engine.columnText(c.def, v) }));
      } else if (text !== null && c.def.id !== 'internalid' && !(c.column.summary && c.column.summary !== 'GROUP')) values[key] = isEmpty(value) ? '' : { value, text };
      else values[key] = value;
    }
    return { recordType: this.recordType, id: this.id, values };
  }
}

export interface SearchDefinition {
  searchType: string;
  filterNode: Node;
  filters: unknown;
  columns: Column[];
  title?: string;
}

export function normalizeColumns(columns: unknown): Column[] {
  const list = columns === undefined || columns === null ? [] : Array.isArray(columns) ? (columns as unknown[]) : [columns];
  return list.map((c) => {
    if (c instanceof Column) return c;
    if (typeof c === 'string') {
      const { name, join } = splitJoin(c);
      return new Column({ name, join });
    }
    if (c !== null && typeof c === 'object') {
      const o = c as Opts;
      const { name, join } = splitJoin(str(o.name), typeof o.join === 'string' ? o.join : undefined);
      return new Column({ name, join, summary: o.summary as string | undefined, sort: o.sort as string | undefined, label: o.label as string | undefined, formula: o.formula as string | undefined });
    }
    throw invalidColumn(str(c));
  });
}

/** Runs a search definition against the store: filter, sort, summarize, produce result objects. */
export function executeSearch(engine: SearchEngine, def: SearchDefinition): ResultImpl[] {
  const type = def.searchType.toLowerCase();
  engine.x.access(type, 'VIEW');
  engine.validate(type, def.filterNode);
  const rows = engineRows(engine, type, def.filterNode).filter((r) => engine.matches(r, def.filterNode));
  const probe: RecordData = { type, fields: {}, sublists: {} };
  for (const c of def.columns) {
    if (c.formula !== undefined || c.name.startsWith('formula')) throw nsError('EMULATOR_UNSUPPORTED', `Formula columns (${c.name}) are not emulated.`);
    engine.resolve(probe, c.name, c.join, 'column');
  }
  const sorters = def.columns.filter((c) => c.sort === Sort.ASC || c.sort === Sort.DESC);
  rows.sort((a, b) => {
    for (const c of sorters) {
      const va = engine.sortKey(engine.resolve(a, c.name, c.join, 'column').value);
      const vb = engine.sortKey(engine.resolve(b, c.name, c.join, 'column').value);
      if (va !== vb) return (va < vb ? -1 : 1) * (c.sort === Sort.DESC ? -1 : 1);
    }
    return (a.id ?? 0) - (b.id ?? 0);
  });
  if (def.columns.some((c) => c.summary)) return summarize(engine, type, rows, def.columns);
  return rows.map((r) => new ResultImpl(engine, r.type, str(r.id), def.columns.map((c) => {
    const { def: fd, value } = engine.resolve(r, c.name, c.join, 'column');
    return { column: c, def: fd, value };
  }), def.columns));
}

function engineRows(engine: SearchEngine, type: string, filter: Node | undefined): RecordData[] {
  engine.schema(type);
  const store = engine.x.account.store;
  const pinned = pinnedIds(filter);
  if (pinned === null) return [...store.all(type)];
  return [...pinned].sort((a, b) => a - b).flatMap((id) => store.get(type, id) ?? []);
}

/**
 * Ids a filter limits the search to (`internalid anyof …` on its own or and-ed at the top level). Reading only
 * those rows gives the same answer as scanning the table (the filter still runs on them) — it only keeps a
 * 100,000-record load run from sorting the whole table for every lookup, as NetSuite's index does.
 */
function pinnedIds(node: Node | undefined): Set<number> | null {
  if (node === undefined) return null;
  if (node.kind === 'cond') {
    const op = node.operator.toLowerCase();
    if (node.join !== undefined || node.name !== 'internalid' || (op !== 'anyof' && op !== 'is')) return null;
    return new Set(node.values.map(Number).filter((id) => Number.isInteger(id)));
  }
  if (node.kind === 'and') {
    for (const item of node.items) {
      const ids = pinnedIds(item);
      if (ids !== null) return ids;
    }
  }
  return null;
}

function summarize(engine: SearchEngine, type: string, rows: RecordData[], columns: Column[]): ResultImpl[] {
  const groups = new Map<string, RecordData[]>();
  const groupCols = columns.filter((c) => c.summary === 'GROUP');
  for (const r of rows) {
    const key = JSON.stringify(groupCols.map((c) => engine.sortKey(engine.resolve(r, c.name, c.join, 'column').value)));
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  if (groups.size === 0 && groupCols.length === 0) groups.set('[]', []);
  return [...groups.values()].map((members) => new ResultImpl(engine, type, '', columns.map((c) => {
    const first = members[0] ?? { type, fields: {}, sublists: {} };
    const { def } = engine.resolve(first, c.name, c.join, 'column');
    const vals = members.map((m) => engine.resolve(m, c.name, c.join, 'column').value).filter((v) => !isEmpty(v));
    const nums = vals.map((v) => (v instanceof Date ? v.getTime() : Number(v)));
    switch (c.summary) {
      case 'COUNT': return { column: c, def, value: vals.length, display: str(vals.length), text: null };
      case 'SUM': return { column: c, def, value: null, display: str(nums.reduce((s, n) => s + n, 0)), text: null };
      case 'AVG': return { column: c, def, value: null, display: nums.length ? str(nums.reduce((s, n) => s + n, 0) / nums.length) : '', text: null };
      case 'MIN': case 'MAX': {
        if (!vals.length) return { column: c, def, value: null };
        const pick = vals.reduce((best, v) => ((engine.sortKey(v) < engine.sortKey(best)) === (c.summary === 'MIN') ? v : best));
        return { column: c, def, value: pick };
      }
      case 'GROUP': return { column: c, def, value: engine.resolve(first, c.name, c.join, 'column').value };
      default: return { column: c, def, value: engine.resolve(first, c.name, c.join, 'column').value };
    }
  }), columns));
}

export const SEARCH_BRAND = Symbol('emulator.search');

export function createSearchModule(x: Execution): object {
  const engine = new SearchEngine(x);
  const account = x.account;

  class SearchImpl {
    readonly [SEARCH_BRAND] = true;
    searchType: string;
    searchId: number | undefined;
    id: string | undefined;
    title: string | undefined;
    isPublic = false;
    settings: unknown[] = [];
    private rawFilters: unknown;
    private node: Node;
    private cols: Column[];

    constructor(type: string, filters: unknown, columns: unknown, title?: string, id?: string) {
      this.searchType = type;
      this.rawFilters = filters ?? [];
      this.node = parseFilters(filters);
      this.cols = normalizeColumns(columns);
      this.title = title;
      this.id = id;
    }

    get filters(): unknown {
      return this.rawFilters;
    }
    set filters(value: unknown) {
      this.node = parseFilters(value);
      this.rawFilters = value;
    }
    get filterExpression(): unknown {
      return this.rawFilters;
    }
    set filterExpression(value: unknown) {
      this.filters = value;
    }
    get columns(): Column[] {
      return this.cols;
    }
    set columns(value: unknown) {
      this.cols = normalizeColumns(value);
    }

    definition(): SearchDefinition {
      return { searchType: this.searchType, filterNode: this.node, filters: this.rawFilters, columns: this.cols };
    }

    run(): unknown {
      return x.expose(new ResultSetImpl(this.definition()));
    }

    runPaged(options?: unknown): unknown {
      const pageSize = Number((options as Opts | undefined)?.pageSize ?? 50);
      if (!Number.isInteger(pageSize) || pageSize < 5 || pageSize > 1000) {
        throw nsError('SSS_INVALID_PAGE_SIZE', 'The page size must be between 5 and 1000.');
      }
      return x.gov('Search.runPaged', COSTS['Search.runPaged'], () => x.expose(new PagedDataImpl(this.definition(), pageSize)));
    }

    save(): string {
      return x.gov('Search.save', COSTS['search.save'], () => {
        const id = this.id ?? `customsearch_emulated_${account.savedSearches.size + 1}`;
        this.id = id;
        account.defineSavedSearch(id, { type: this.searchType, filters: this.rawFilters, columns: this.cols, ...(this.title ? { title: this.title } : {}) });
        return id;
      });
    }

    toJSON(): Record<string, unknown> {
      return { type: 'search.Search', id: this.id, searchType: this.searchType, title: this.title, filters: this.rawFilters, columns: this.cols };
    }
  }

  class ResultSetImpl {
    private readonly def: SearchDefinition;
    constructor(def: SearchDefinition) {
      this.def = def;
    }
    get columns(): Column[] {
      return this.def.columns;
    }
    each(callback: unknown): void {
      if (typeof callback !== 'function') throw ERR.missingArg('ResultSet.each', 'callback');
      const results = x.gov('ResultSet.each', COSTS['ResultSet.each'], () => executeSearch(engine, this.def));
      // NetSuite stops each() after 4,000 results.
      for (const r of results.slice(0, 4000)) {
        if ((callback as (r: unknown) => unknown)(x.expose(r)) !== true) break;
      }
    }
    getRange(options: unknown): unknown[] {
      const start = Number((options as Opts | undefined)?.start);
      const end = Number((options as Opts | undefined)?.end);
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) throw ERR.missingArg('ResultSet.getRange', 'options.start/options.end');
      if (end - start > 1000) throw nsError('SSS_INVALID_SRCH_RESULT_RANGE', 'ResultSet.getRange returns at most 1000 results per call.');
      return x.gov('ResultSet.getRange', COSTS['ResultSet.getRange'], () => executeSearch(engine, this.def).slice(start, end).map((r) => x.expose(r)));
    }
  }

  class PagedDataImpl {
    readonly results: ResultImpl[];
    readonly searchDefinition: SearchDefinition;
    readonly pageSize: number;
    constructor(searchDefinition: SearchDefinition, pageSize: number) {
      this.searchDefinition = searchDefinition;
      this.pageSize = pageSize;
      this.results = executeSearch(engine, searchDefinition);
    }
    get count(): number {
      return this.results.length;
    }
    get pageRanges(): { index: number; compoundLabel: string }[] {
      const pages = Math.min(1000, Math.ceil(this.results.length / this.pageSize));
      return Array.from({ length: pages }, (_, index) => ({ index, compoundLabel: `${index * this.pageSize + 1} – ${Math.min((index + 1) * this.pageSize, this.results.length)}` }));
    }
    fetch(options: unknown): unknown {
      const index = Number(typeof options === 'number' ? options : (options as Opts | undefined)?.index);
      const ranges = this.pageRanges;
      if (!Number.isInteger(index) || index < 0 || index >= ranges.length) throw nsError('INVALID_PAGE_RANGE', 'Invalid page range: fetch.');
      return x.gov('PagedData.fetch', COSTS['PagedData.fetch'], () => x.expose(new PageImpl(this, index)));
    }
  }

  class PageImpl {
    private readonly paged: PagedDataImpl;
    private readonly index: number;
    constructor(paged: PagedDataImpl, index: number) {
      this.paged = paged;
      this.index = index;
    }
    get data(): unknown[] {
      return this.paged.results.slice(this.index * this.paged.pageSize, (this.index + 1) * this.paged.pageSize).map((r) => x.expose(r));
    }
    get isFirst(): boolean {
      return this.index === 0;
    }
    get isLast(): boolean {
      return this.index === this.paged.pageRanges.length - 1;
    }
    get pageRange(): { index: number; compoundLabel: string } {
      return this.paged.pageRanges[this.index]!;
    }
    next(): unknown {
      return this.paged.fetch({ index: this.index + 1 });
    }
    prev(): unknown {
      return this.paged.fetch({ index: this.index - 1 });
    }
  }

  const typeArg = (options: unknown, method: string): string => {
    const type = (options as Opts | undefined)?.type;
    if (typeof type !== 'string' || !type) throw ERR.missingArg(method, 'options.type');
    account.schema.get(type);
    return type.toLowerCase();
  };

  return {
    Operator, Sort, Summary,
    Type: recordTypeEnum(account.projectRoot),
    create(options: unknown) {
      const type = typeArg(options, 'search.create');
      const o = options as Opts;
      const s = new SearchImpl(type, o.filters, o.columns, typeof o.title === 'string' ? o.title : undefined, typeof o.id === 'string' ? o.id : undefined);
      const probe = s.definition();
      engine.validate(type, probe.filterNode);
      return x.expose(s);
    },
    load(options: unknown) {
      const id = (options as Opts | undefined)?.id;
      if (typeof id !== 'string' || !id) throw ERR.missingArg('search.load', 'options.id');
      return x.gov('search.load', COSTS['search.load'], () => {
        const saved = account.savedSearches.get(id);
        if (!saved) throw nsError('INVALID_SEARCH', 'That search or mass update does not exist.');
        return x.expose(new SearchImpl(saved.type, saved.filters, saved.columns, saved.title, id));
      });
    },
    delete(options: unknown) {
      const id = str((options as Opts | undefined)?.id, '');
      x.gov('search.delete', COSTS['search.delete'], () => account.savedSearches.delete(id));
    },
    createColumn(options: unknown) {
      const o = options as Opts | undefined;
      if (!o || typeof o.name !== 'string') throw ERR.missingArg('search.createColumn', 'options.name');
      return normalizeColumns([o])[0];
    },
    createFilter(options: unknown) {
      const o = options as Opts | undefined;
      if (!o || typeof o.name !== 'string') throw ERR.missingArg('search.createFilter', 'options.name');
      if (typeof o.operator !== 'string') throw ERR.missingArg('search.createFilter', 'options.operator');
      const op = o.operator.toLowerCase();
      if (!OPERATORS.has(op)) throw invalidOperator(o.operator);
      const { name, join } = splitJoin(o.name, typeof o.join === 'string' ? o.join : undefined);
      return new Filter(name, join, op, flat(o.values), o.formula as string | undefined, o.summary as string | undefined);
    },
    lookupFields(options: unknown) {
      const type = typeArg(options, 'search.lookupFields');
      const o = options as Opts;
      const id = Number(o.id);
      if (o.id === undefined || o.id === null || o.id === '') throw ERR.missingArg('search.lookupFields', 'options.id');
      const columns = flat(o.columns).map((c) => str(c));
      if (!columns.length) throw ERR.missingArg('search.lookupFields', 'options.columns');
      return x.gov('search.lookupFields', COSTS['search.lookupFields'], () => {
        x.access(type, 'VIEW');
        const probe: RecordData = { type, fields: {}, sublists: {} };
        for (const c of columns) {
          const { name, join } = splitJoin(c);
          engine.resolve(probe, name, join, 'column');
        }
        const data = account.store.get(type, id);
        const out: Record<string, unknown> = {};
        if (!data) return out;
        for (const c of columns) {
          const { name, join } = splitJoin(c);
          const { def, value } = engine.resolve(data, name, join, 'column');
          if (def.type === 'SELECT' || def.type === 'MULTISELECT') {
            const ids = Array.isArray(value) ? (value as string[]) : isEmpty(value) ? [] : [str(value)];
            out[c] = def.id === 'internalid' ? ids.map((v) => ({ value: v, text: v })) : ids.map((v) => ({ value: v, text: account.resolveSelect(def, v).text }));
          } else out[c] = engine.columnValue(def, value);
        }
        return out;
      });
    },
    duplicates() {
      throw nsError('EMULATOR_UNSUPPORTED', 'search.duplicates is not emulated.');
    },
    global() {
      throw nsError('EMULATOR_UNSUPPORTED', 'search.global is not emulated.');
    },
  };
}

/** For Map/Reduce getInputData: the definition of a Search object the script returned, if it is one. */
export function searchDefinitionOf(value: unknown): SearchDefinition | undefined {
  if (value === null || typeof value !== 'object' || !(value as Record<symbol, unknown>)[SEARCH_BRAND]) return undefined;
  return (value as { definition(): SearchDefinition }).definition();
}
