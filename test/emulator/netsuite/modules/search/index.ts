/** N/search: the module factory and the Search object; filters, columns, the engine and paging live beside it. */
import { str } from '../../text';
import { ERR, nsError } from '../../errors';
import type { Execution } from '../../execution';
import { COSTS } from '../../governance';
import { isEmpty } from '../../schema';
import type { RecordData } from '../../store';
import { Column, Sort, Summary, normalizeColumns } from './columns';
import { SearchEngine, type SearchDefinition } from './engine';
import { Filter, OPERATORS, Operator, flat, invalidOperator, parseFilters, splitJoin, type Node } from './filters';
import { PagedDataImpl, ResultSetImpl } from './paging';
import type * as searchApi from 'N/search';
import type { ModuleSurface } from '../surface';

export { Operator, Sort, Summary };
export { SearchEngine, executeSearch, type SearchDefinition } from './engine';
export { normalizeColumns } from './columns';
export { parseFilters } from './filters';

type Opts = Record<string, unknown>;

const SEARCH_BRAND = Symbol('emulator.search');

export class SearchImpl {
  private readonly x: Execution;
  private readonly engine: SearchEngine;
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

  constructor(x: Execution, engine: SearchEngine, type: string, filters: unknown, columns: unknown, title?: string, id?: string) {
    this.x = x;
    this.engine = engine;
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
    return this.x.expose(new ResultSetImpl(this.x, this.engine, this.definition()));
  }

  runPaged(options?: unknown): unknown {
    const pageSize = Number((options as Opts | undefined)?.pageSize ?? 50);
    if (!Number.isInteger(pageSize) || pageSize < 5 || pageSize > 1000) {
      throw nsError('SSS_INVALID_PAGE_SIZE', 'The page size must be between 5 and 1000.');
    }
    return this.x.gov('Search.runPaged', COSTS['Search.runPaged'], () => this.x.expose(new PagedDataImpl(this.x, this.engine, this.definition(), pageSize)));
  }

  save(): string {
    return this.x.gov('Search.save', COSTS['search.save'], () => {
      const id = this.id ?? `customsearch_emulated_${this.x.env.savedSearches.count() + 1}`;
      this.id = id;
      this.x.env.savedSearches.define(id, { type: this.searchType, filters: this.rawFilters, columns: this.cols, ...(this.title ? { title: this.title } : {}) });
      return id;
    });
  }

  toJSON(): Record<string, unknown> {
    return { type: 'search.Search', id: this.id, searchType: this.searchType, title: this.title, filters: this.rawFilters, columns: this.cols };
  }
}

export function createSearchModule(x: Execution): object {
  const engine = new SearchEngine(x.data, x.env.info);
  const data = x.data;
  const savedSearches = x.env.savedSearches;


  const typeArg = (options: unknown, method: string): string => {
    const type = (options as Opts | undefined)?.type;
    if (typeof type !== 'string' || !type) throw ERR.missingArg(method, 'options.type');
    data.schema.get(type);
    return type.toLowerCase();
  };

  return {
    Operator, Sort, Summary,
    Type: x.env.info.recordTypes,
    create(options: unknown) {
      const type = typeArg(options, 'search.create');
      const o = options as Opts;
      const s = new SearchImpl(x, engine, type, o.filters, o.columns, typeof o.title === 'string' ? o.title : undefined, typeof o.id === 'string' ? o.id : undefined);
      const probe = s.definition();
      engine.validate(type, probe.filterNode);
      return x.expose(s);
    },
    load(options: unknown) {
      const id = (options as Opts | undefined)?.id;
      if (typeof id !== 'string' || !id) throw ERR.missingArg('search.load', 'options.id');
      return x.gov('search.load', COSTS['search.load'], () => {
        const saved = savedSearches.get(id);
        if (!saved) throw nsError('INVALID_SEARCH', 'That search or mass update does not exist.');
        return x.expose(new SearchImpl(x, engine, saved.type, saved.filters, saved.columns, saved.title, id));
      });
    },
    delete(options: unknown) {
      const id = str((options as Opts | undefined)?.id, '');
      x.gov('search.delete', COSTS['search.delete'], () => savedSearches.delete(id));
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
        const probe: RecordData = { type, fields: {}, sublists: {} };
        for (const c of columns) {
          const { name, join } = splitJoin(c);
          engine.resolve(probe, name, join, 'column');
        }
        const row = Number.isInteger(id) ? data.rows(type, [id])[0] : undefined;
        const out: Record<string, unknown> = {};
        if (!row) return out;
        for (const c of columns) {
          const { name, join } = splitJoin(c);
          const { def, value } = engine.resolve(row, name, join, 'column');
          if (def.type === 'SELECT' || def.type === 'MULTISELECT') {
            const ids = Array.isArray(value) ? (value as string[]) : isEmpty(value) ? [] : [str(value)];
            out[c] = def.id === 'internalid' ? ids.map((v) => ({ value: v, text: v })) : ids.map((v) => ({ value: v, text: data.resolveSelect(def, v).text }));
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
  } satisfies ModuleSurface<typeof searchApi>;
}

/** For Map/Reduce getInputData: the definition of a Search object the script returned, if it is one. */
export function searchDefinitionOf(value: unknown): SearchDefinition | undefined {
  if (value === null || typeof value !== 'object' || !(value as Record<symbol, unknown>)[SEARCH_BRAND]) return undefined;
  return (value as { definition(): SearchDefinition }).definition();
}
