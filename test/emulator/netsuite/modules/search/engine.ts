/** The search engine: resolves fields (and joins) on stored rows, matches filter trees, sorts and summarizes. */
import { str } from '../../text';
import { nsError } from '../../errors';
import type { DataAccess } from '../../data';
import type { AccountInfo } from '../../ports';
import { selectTargets } from '../../records';
import { formatDate, formatDateTime, parseDateTime, zonedParts, zonedToUtc } from '../../format-util';
import { isEmpty, type FieldDef, type RecordSchema } from '../../schema';
import type { RecordData } from '../../store';
import { Sort, type Column, invalidColumn } from './columns';
import { invalidFilter, invalidOperator, type Node } from './filters';
import { ResultImpl } from './results';

/** Join ids that differ from the select field they follow. */
const JOIN_ALIASES: Record<string, Record<string, string>> = {
  contact: { customer: 'company', companycustomer: 'company', parentcustomer: 'company' },
  customer: { parentcustomer: 'parent' },
};

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

/** Works on what a script may read (its data-access point) and the account's formats and clock, nothing else. */
export class SearchEngine {
  readonly data: DataAccess;
  private readonly info: AccountInfo;
  constructor(data: DataAccess, info: AccountInfo) {
    this.data = data;
    this.info = info;
  }

  schema(type: string): RecordSchema {
    return this.data.schema.get(type);
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
      const types = joinField.select.flatMap(selectTargets);
      const ref = data.fields[alias];
      const id = Array.isArray(ref) ? (ref as string[])[0] : ref;
      target = typeof id === 'string' ? this.data.findAny(types, Number(id)) : undefined;
      targetType = target?.type ?? types.find((t) => this.data.schema.has(t)) ?? types[0]!;
      if (!this.data.schema.has(targetType)) throw bad(`${join}.${name}`);
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
    const prefs = this.info.format;
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
    const now = this.info.clock.now();
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
      return def.type === 'DATE' ? formatDate(value, this.info.format) : formatDateTime(value, this.info.format, def.type === 'DATETIMETZ');
    }
    return str(value);
  }

  columnText(def: FieldDef, value: unknown): string | null {
    if (def.type !== 'SELECT' && def.type !== 'MULTISELECT') return null;
    if (def.id === 'internalid') return null;
    if (isEmpty(value)) return '';
    const list = Array.isArray(value) ? (value as string[]) : [str(value)];
    return list.map((v) => this.data.resolveSelect(def, v).text).join(',');
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

export interface SearchDefinition {
  searchType: string;
  filterNode: Node;
  filters: unknown;
  columns: Column[];
  title?: string;
}

/** Runs a search definition against the store: filter, sort, summarize, produce result objects. */
export function executeSearch(engine: SearchEngine, def: SearchDefinition): ResultImpl[] {
  const type = def.searchType.toLowerCase();
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
  const pinned = pinnedIds(filter);
  return [...engine.data.rows(type, pinned === null ? undefined : [...pinned])];
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
