/** One search result: getValue/getText per column, and the JSON shape map/reduce input gets. */
import { str } from '../../text';
import { ERR } from '../../errors';
import { isEmpty, type FieldDef } from '../../schema';
import type { Column } from './columns';
import type { SearchEngine } from './engine';
import { splitJoin } from './filters';

type Opts = Record<string, unknown>;

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
