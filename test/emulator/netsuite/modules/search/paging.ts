/** Result sets and paged data: what Search.run() and Search.runPaged() hand the script, with their governance. */
import { ERR, nsError } from '../../errors';
import type { Execution } from '../../execution';
import { COSTS } from '../../governance';
import type { Column } from './columns';
import { executeSearch, type SearchDefinition, type SearchEngine } from './engine';
import type { ResultImpl } from './results';

type Opts = Record<string, unknown>;

export class ResultSetImpl {
  private readonly x: Execution;
  private readonly engine: SearchEngine;
  private readonly def: SearchDefinition;
  constructor(x: Execution, engine: SearchEngine, def: SearchDefinition) {
    this.x = x;
    this.engine = engine;
    this.def = def;
  }
  get columns(): Column[] {
    return this.def.columns;
  }
  each(callback: unknown): void {
    if (typeof callback !== 'function') throw ERR.missingArg('ResultSet.each', 'callback');
    const results = this.x.gov('ResultSet.each', COSTS['ResultSet.each'], () => executeSearch(this.engine, this.def));
    // NetSuite stops each() after 4,000 results.
    for (const r of results.slice(0, 4000)) {
      if ((callback as (r: unknown) => unknown)(this.x.expose(r)) !== true) break;
    }
  }
  getRange(options: unknown): unknown[] {
    const start = Number((options as Opts | undefined)?.start);
    const end = Number((options as Opts | undefined)?.end);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) throw ERR.missingArg('ResultSet.getRange', 'options.start/options.end');
    if (end - start > 1000) throw nsError('SSS_INVALID_SRCH_RESULT_RANGE', 'ResultSet.getRange returns at most 1000 results per call.');
    return this.x.gov('ResultSet.getRange', COSTS['ResultSet.getRange'], () => executeSearch(this.engine, this.def).slice(start, end).map((r) => this.x.expose(r)));
  }
}

export class PagedDataImpl {
  readonly results: ResultImpl[];
  readonly searchDefinition: SearchDefinition;
  readonly pageSize: number;
  private readonly x: Execution;
  constructor(x: Execution, engine: SearchEngine, searchDefinition: SearchDefinition, pageSize: number) {
    this.x = x;
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
    return this.x.gov('PagedData.fetch', COSTS['PagedData.fetch'], () => this.x.expose(new PageImpl(this.x, this, index)));
  }
}

export class PageImpl {
  private readonly x: Execution;
  private readonly paged: PagedDataImpl;
  private readonly index: number;
  constructor(x: Execution, paged: PagedDataImpl, index: number) {
    this.x = x;
    this.paged = paged;
    this.index = index;
  }
  get data(): unknown[] {
    return this.paged.results.slice(this.index * this.paged.pageSize, (this.index + 1) * this.paged.pageSize).map((r) => this.x.expose(r));
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
