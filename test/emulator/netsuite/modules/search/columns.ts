/** Search columns: Column objects from strings, options objects or search.createColumn. */
import { str } from '../../text';
import { nsError } from '../../errors';
import { splitJoin } from './filters';

type Opts = Record<string, unknown>;

export const Sort = { ASC: 'ASC', DESC: 'DESC', NONE: 'NONE' } as const;
export const Summary = { GROUP: 'GROUP', COUNT: 'COUNT', SUM: 'SUM', AVG: 'AVG', MIN: 'MIN', MAX: 'MAX' } as const;

export const invalidColumn = (name: string) => nsError('SSS_INVALID_SRCH_COL', `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${name}.`);

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
