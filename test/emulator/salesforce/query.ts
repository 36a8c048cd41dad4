/**
 * SOQL execution over the store: binding parsed paths to fields, compiling WHERE into predicates, ordering,
 * projection to the REST record shape and server-side cursors for Query More (api-facts §1.3).
 */
import { formatDateTime, type StampClock } from './clock';
import { ApiError, noSuchColumn } from './errors';
import { IdFactory, to18 } from './ids';
import type { FieldDef, FieldValue, ObjectDef, Schema } from './schema';
import { isDeleted, type RecordStore, type StoredRecord } from './store';
import {
  formatSoqlError,
  parseSoql,
  SoqlError,
  type Condition,
  type FieldPath,
  type Literal,
  type SelectQuery,
} from './soql';

export interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

interface Bound {
  readonly path: FieldPath;
  /** The field read, on the queried object or on the parent reached through `via`. */
  readonly def: FieldDef;
  readonly via?: FieldDef;
  readonly parent?: ObjectDef;
}

interface Cursor {
  readonly rows: Record<string, unknown>[];
  readonly batchSize: number;
  readonly version: string;
  expiresAt: number;
}

type Predicate = (record: StoredRecord) => boolean;
type Comparable = string | number | boolean;
type ValueKind = 'text' | 'id' | 'datetime' | 'boolean';

const MAX_OFFSET = 2000;

function kindOf(def: FieldDef): ValueKind {
  if (def.type === 'id' || def.type === 'reference') return 'id';
  if (def.type === 'datetime') return 'datetime';
  if (def.type === 'boolean') return 'boolean';
  return 'text';
}

/** Salesforce compares text case-insensitively, in filters and in ORDER BY. */
function comparable(kind: ValueKind, value: FieldValue): Comparable | null {
  if (value === null) return null;
  return kind === 'text' && typeof value === 'string' ? value.toLowerCase() : value;
}

function compareValues(a: Comparable, b: Comparable): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function fieldValue(values: Readonly<Record<string, FieldValue>>, def: FieldDef): FieldValue {
  return def.computed ? def.computed(values) : (values[def.name] ?? null);
}

function toWire(def: FieldDef, value: FieldValue): FieldValue {
  return def.type === 'datetime' && typeof value === 'number' ? formatDateTime(value) : value;
}

function likeToRegExp(raw: string): RegExp {
  let source = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\' && (raw.charAt(i + 1) === '%' || raw.charAt(i + 1) === '_')) {
      source += raw.charAt(i + 1);
      i += 1;
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

export interface QueryOptions {
  version: string;
  includeDeleted: boolean;
  batchSize: number;
}

export class QueryEngine {
  private readonly schema: Schema;
  private readonly store: RecordStore;
  /** Locators have their own counter so paging never shifts the record ids a test sees. */
  private readonly locators = new IdFactory();
  private readonly clock: StampClock;
  private readonly locatorTtlMs: number;
  private readonly cursors = new Map<string, Cursor>();

  constructor(deps: { schema: Schema; store: RecordStore; clock: StampClock; locatorTtlMs: number }) {
    this.schema = deps.schema;
    this.store = deps.store;
    this.clock = deps.clock;
    this.locatorTtlMs = deps.locatorTtlMs;
  }

  run(soql: string, options: QueryOptions): QueryPage {
    try {
      return this.execute(parseSoql(soql), options);
    } catch (error) {
      if (error instanceof SoqlError) throw new ApiError(400, error.code, formatSoqlError(soql, error));
      throw error;
    }
  }

  /** GET /query/{locator}-{offset}. */
  more(locator: string, offset: number): QueryPage {
    const cursor = this.cursors.get(locator);
    const now = this.clock.current();
    if (!cursor || cursor.expiresAt < now || offset > cursor.rows.length) {
      if (cursor && cursor.expiresAt < now) this.cursors.delete(locator);
      throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    cursor.expiresAt = now + this.locatorTtlMs;
    return this.page(locator, cursor, offset);
  }

  private execute(query: SelectQuery, options: QueryOptions): QueryPage {
    const obj = this.schema.object(query.from);
    if (!obj) {
      throw new SoqlError(
        'INVALID_TYPE',
        `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to ` +
          `append the '__c' after the entity name. Please reference your WSDL or the describe call for the ` +
          `appropriate names.`,
        query.fromPos,
      );
    }
    const select = query.fields === 'count' ? 'count' : this.bindSelect(obj, query.fields);
    const predicate = query.where ? this.compile(obj, query.where) : () => true;
    const order = this.compileOrder(obj, query);
    if ((query.offset ?? 0) > MAX_OFFSET) {
      throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
    }

    let rows = this.store.all(obj.name, options.includeDeleted).filter(predicate);
    if (order) rows.sort(order);
    rows = rows.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
    if (select === 'count') return { totalSize: rows.length, done: true, records: [] };

    const projected = rows.map((record) => this.project(record, select, options.version));
    const cursor: Cursor = {
      rows: projected,
      batchSize: options.batchSize,
      version: options.version,
      expiresAt: this.clock.current() + this.locatorTtlMs,
    };
    if (projected.length <= options.batchSize) return this.page(undefined, cursor, 0);
    const locator = this.locators.next('01g');
    this.cursors.set(locator, cursor);
    return this.page(locator, cursor, 0);
  }

  private page(locator: string | undefined, cursor: Cursor, offset: number): QueryPage {
    const end = offset + cursor.batchSize;
    const records = cursor.rows.slice(offset, end);
    if (locator === undefined || end >= cursor.rows.length) {
      if (locator !== undefined) this.cursors.delete(locator);
      return { totalSize: cursor.rows.length, done: true, records };
    }
    return {
      totalSize: cursor.rows.length,
      done: false,
      nextRecordsUrl: `/services/data/v${cursor.version}/query/${locator}-${end}`,
      records,
    };
  }

  private bind(obj: ObjectDef, path: FieldPath): Bound {
    let segments = path.segments;
    // SOQL allows qualifying a field with the queried object's own name: Contact.Email.
    if (segments.length > 1 && segments[0]!.toLowerCase() === obj.name.toLowerCase() && !obj.relationship(segments[0]!)) {
      segments = segments.slice(1);
    }
    if (segments.length === 1) {
      const def = obj.field(segments[0]!);
      if (!def) throw new SoqlError('INVALID_FIELD', noSuchColumn(segments[0]!, obj.name), path.pos);
      return { path, def };
    }
    const via = segments.length === 2 ? obj.relationship(segments[0]!) : undefined;
    const parent = via?.referenceTo ? this.schema.object(via.referenceTo) : undefined;
    if (!via || !parent) {
      throw new SoqlError(
        'INVALID_FIELD',
        `Didn't understand relationship '${segments[0]!}' in field path. If you are attempting to use a custom ` +
          `relationship, be sure to append the '__r' after the custom relationship name. Please reference your ` +
          `WSDL or the describe call for the appropriate names.`,
        path.pos,
      );
    }
    const def = parent.field(segments[1]!);
    if (!def) throw new SoqlError('INVALID_FIELD', noSuchColumn(segments[1]!, parent.name), path.pos);
    return { path, def, via, parent };
  }

  private bindSelect(obj: ObjectDef, fields: readonly FieldPath[]): Bound[] {
    const seen = new Set<string>();
    return fields.map((path) => {
      const bound = this.bind(obj, path);
      const key = `${bound.via?.name ?? ''}.${bound.def.name}`;
      if (seen.has(key)) throw new SoqlError('MALFORMED_QUERY', `duplicate field selected: ${path.text}`, path.pos);
      seen.add(key);
      return bound;
    });
  }

  private read(record: StoredRecord, bound: Bound): FieldValue {
    if (!bound.via) return fieldValue(record.values, bound.def);
    const parentId = record.values[bound.via.name];
    const parent = typeof parentId === 'string' ? this.store.get(parentId) : undefined;
    return parent ? fieldValue(parent.values, bound.def) : null;
  }

  private literalFor(bound: Bound, literal: Literal): Comparable | null {
    const { def } = bound;
    if (literal.kind === 'null') return null;
    const kind = kindOf(def);
    const mismatch = (type: string, quoted: boolean): SoqlError =>
      new SoqlError(
        'MALFORMED_QUERY',
        `value of filter criterion for field '${def.name}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
        bound.path.pos,
      );
    switch (kind) {
      case 'text':
        if (literal.kind !== 'string') throw mismatch('string', true);
        return literal.value.toLowerCase();
      case 'id': {
        if (literal.kind !== 'string') throw mismatch('string', true);
        const id = to18(literal.value);
        if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`, bound.path.pos);
        return id;
      }
      case 'datetime':
        if (literal.kind !== 'datetime') throw mismatch('dateTime', false);
        return literal.value;
      case 'boolean':
        if (literal.kind !== 'boolean') throw mismatch('boolean', false);
        return literal.value;
    }
  }

  private compile(obj: ObjectDef, condition: Condition): Predicate {
    switch (condition.kind) {
      case 'and': {
        const parts = condition.parts.map((p) => this.compile(obj, p));
        return (r) => parts.every((p) => p(r));
      }
      case 'or': {
        const parts = condition.parts.map((p) => this.compile(obj, p));
        return (r) => parts.some((p) => p(r));
      }
      case 'not': {
        const inner = this.compile(obj, condition.inner);
        return (r) => !inner(r);
      }
      case 'in': {
        const bound = this.filterable(obj, condition.field);
        const kind = kindOf(bound.def);
        const wanted = new Set(condition.values.map((v) => this.literalFor(bound, v)));
        return (r) => wanted.has(comparable(kind, this.read(r, bound))) !== condition.negated;
      }
      case 'compare':
        return this.compileCompare(obj, condition);
    }
  }

  private compileCompare(obj: ObjectDef, condition: Extract<Condition, { kind: 'compare' }>): Predicate {
    const bound = this.filterable(obj, condition.field);
    const kind = kindOf(bound.def);
    if (condition.op === 'LIKE') {
      if (kind !== 'text' || condition.value.kind !== 'string') {
        throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on ${bound.def.type} field: LIKE`, condition.pos);
      }
      const pattern = likeToRegExp(condition.value.raw);
      return (r) => {
        const value = this.read(r, bound);
        return typeof value === 'string' && pattern.test(value);
      };
    }
    const wanted = this.literalFor(bound, condition.value);
    const op = condition.op;
    return (r) => {
      const value = comparable(kind, this.read(r, bound));
      // SOQL treats null as a value: "!= 'x'" includes rows where the field is null, unlike SQL.
      if (op === '=') return value === wanted;
      if (op === '!=') return value !== wanted;
      if (value === null || wanted === null) return false;
      const c = compareValues(value, wanted);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    };
  }

  private filterable(obj: ObjectDef, path: FieldPath): Bound {
    const bound = this.bind(obj, path);
    if (!bound.def.filterable) {
      throw new SoqlError('INVALID_FIELD', `field '${bound.def.name}' can not be filtered in a query call`, path.pos);
    }
    return bound;
  }

  private compileOrder(obj: ObjectDef, query: SelectQuery): ((a: StoredRecord, b: StoredRecord) => number) | undefined {
    if (query.orderBy.length === 0) return undefined;
    const keys = query.orderBy.map((item) => {
      const bound = this.bind(obj, item.field);
      if (!bound.def.sortable) {
        throw new SoqlError('INVALID_FIELD', `field '${bound.def.name}' can not be sorted in a query call`, item.field.pos);
      }
      return { bound, kind: kindOf(bound.def), item };
    });
    return (a, b) => {
      for (const { bound, kind, item } of keys) {
        const va = comparable(kind, this.read(a, bound));
        const vb = comparable(kind, this.read(b, bound));
        if (va === vb) continue;
        // Nulls sort first unless NULLS LAST, whatever the direction (SOQL ORDER BY docs).
        if (va === null) return item.nullsLast ? 1 : -1;
        if (vb === null) return item.nullsLast ? -1 : 1;
        const c = compareValues(va, vb);
        return item.descending ? -c : c;
      }
      return 0;
    };
  }

  private project(record: StoredRecord, select: readonly Bound[], version: string): Record<string, unknown> {
    const url = (type: string, id: string): string => `/services/data/v${version}/sobjects/${type}/${id}`;
    const out: Record<string, unknown> = { attributes: { type: record.type, url: url(record.type, record.id) } };
    for (const bound of select) {
      if (!bound.via || !bound.parent) {
        out[bound.def.name] = toWire(bound.def, this.read(record, bound));
        continue;
      }
      const relationship = bound.via.relationshipName!;
      const parentId = record.values[bound.via.name];
      const parent = typeof parentId === 'string' ? this.store.get(parentId) : undefined;
      if (!parent || (isDeleted(parent) && !isDeleted(record))) {
        out[relationship] = null;
        continue;
      }
      const nested = (out[relationship] ??= { attributes: { type: parent.type, url: url(parent.type, parent.id) } }) as Record<
        string,
        unknown
      >;
      nested[bound.def.name] = toWire(bound.def, fieldValue(parent.values, bound.def));
    }
    return out;
  }
}
