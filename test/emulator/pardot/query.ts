/**
 * The v5 collection query: `fields`, `limit` (≤1000, default 200), `orderBy`, `deleted`, filters, and
 * nextPageToken paging (api-facts §2.3 [S65]). Page tokens are keyset cursors (last row's sort key), so paging
 * stays stable while data changes; a row updated mid-scan under `orderBy=updatedAt` simply shows up again later.
 */
import { Buffer } from 'node:buffer';
import { PardotApiError, PardotCode } from './errors';
import type { ProspectSchema } from './fields';
import type { ProspectState } from './store';
import { comparableMs, parseTimestamp, type TimeFormat } from './time';

export type SortField = 'id' | 'createdAt' | 'updatedAt';
type Op = 'gt' | 'gte' | 'lt' | 'lte';
type Direction = 'ASC' | 'DESC';

export interface QuerySpec {
  readonly fields: readonly string[];
  readonly limit: number;
  /** Always ends with `id` so the order is total. */
  readonly order: ReadonlyArray<readonly [SortField, Direction]>;
  readonly filters: ReadonlyArray<{ readonly field: SortField; readonly op: Op; readonly value: number }>;
  readonly email: string | null;
  readonly deleted: 'true' | 'false' | 'all';
}

export interface QueryRequest {
  readonly spec: QuerySpec;
  /** Sort key of the last row already returned; undefined on the first page. */
  readonly after: readonly number[] | undefined;
}

export const DEFAULT_LIMIT = 200;
export const MAX_LIMIT = 1000;

const FILTERS: Readonly<Record<string, { field: SortField; op: Op }>> = {
  idGreaterThan: { field: 'id', op: 'gt' },
  idGreaterThanOrEqualTo: { field: 'id', op: 'gte' },
  idLessThan: { field: 'id', op: 'lt' },
  idLessThanOrEqualTo: { field: 'id', op: 'lte' },
  createdAtAfter: { field: 'createdAt', op: 'gt' },
  createdAtAfterOrEqualTo: { field: 'createdAt', op: 'gte' },
  createdAtBefore: { field: 'createdAt', op: 'lt' },
  createdAtBeforeOrEqualTo: { field: 'createdAt', op: 'lte' },
  updatedAtAfter: { field: 'updatedAt', op: 'gt' },
  updatedAtAfterOrEqualTo: { field: 'updatedAt', op: 'gte' },
  updatedAtBefore: { field: 'updatedAt', op: 'lt' },
  updatedAtBeforeOrEqualTo: { field: 'updatedAt', op: 'lte' },
};

/** Distinct filtered fields allowed per query (code 209 [S70]). */
const MAX_FILTERED_FIELDS = 3;

export function badParam(detail: string): PardotApiError {
  return new PardotApiError(400, PardotCode.INVALID_QUERY_PARAMETERS, detail);
}

/** Parses and validates `fields`; code 13 when absent, code 5 for unknown names. */
export function parseFields(raw: string | null, isKnown: (field: string) => boolean): string[] {
  if (raw === null || raw.trim() === '') {
    throw new PardotApiError(400, PardotCode.MISSING_REQUIRED_PARAMETERS, 'fields');
  }
  const fields = raw.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const unknown = fields.filter((f) => !isKnown(f));
  if (unknown.length > 0) throw badParam(`unknown field(s) in fields: ${unknown.join(', ')}`);
  return fields;
}

export function parseDeleted(raw: string | null): 'true' | 'false' | 'all' {
  if (raw === null) return 'false';
  if (raw === 'true' || raw === 'false' || raw === 'all') return raw;
  throw badParam('deleted must be true, false or all');
}

export function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new PardotApiError(400, PardotCode.INVALID_LIMIT, `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return n;
}

function parseOrderBy(raw: string | null): Array<readonly [SortField, Direction]> {
  const order: Array<readonly [SortField, Direction]> = [];
  for (const part of (raw ?? 'id').split(',')) {
    const [field, dir, ...rest] = part.trim().split(/\s+/);
    if (field !== 'id' && field !== 'createdAt' && field !== 'updatedAt') throw badParam(`cannot order by "${part.trim()}"`);
    const direction = (dir ?? 'ASC').toUpperCase();
    if ((direction !== 'ASC' && direction !== 'DESC') || rest.length > 0) throw badParam(`bad orderBy "${part.trim()}"`);
    if (order.some(([f]) => f === field)) throw badParam(`orderBy repeats ${field}`);
    order.push([field, direction]);
  }
  const last = order.at(-1)!;
  if (!order.some(([f]) => f === 'id')) order.push(['id', last[1]]);
  return order;
}

export interface ParseContext {
  readonly schema: ProspectSchema;
  readonly time: TimeFormat;
  readonly nowMs: number;
  readonly tokenTtlMs: number;
}

/** Builds the query (or resumes one from nextPageToken) from the URL's search params. */
export function parseProspectQuery(params: URLSearchParams, ctx: ParseContext): QueryRequest {
  const token = params.get('nextPageToken');
  if (token !== null) {
    // Only `fields` may accompany a page token; everything else is fixed by the original query [S65].
    const extra = [...new Set(params.keys())].filter((k) => k !== 'nextPageToken' && k !== 'fields');
    if (extra.length > 0) throw badParam(`nextPageToken cannot be combined with ${extra.join(', ')}`);
    const decoded = decodePageToken(token, ctx.nowMs, ctx.tokenTtlMs);
    const fieldsParam = params.get('fields');
    const spec = fieldsParam === null ? decoded.spec : { ...decoded.spec, fields: parseFields(fieldsParam, (f) => ctx.schema.isReadable(f)) };
    return { spec, after: decoded.after };
  }

  const allowed = new Set(['fields', 'limit', 'orderBy', 'deleted', 'email', ...Object.keys(FILTERS)]);
  const unknown = [...new Set(params.keys())].filter((k) => !allowed.has(k));
  if (unknown.length > 0) throw badParam(`unsupported parameter(s) ${unknown.join(', ')}`);

  const filters: Array<{ field: SortField; op: Op; value: number }> = [];
  for (const [name, def] of Object.entries(FILTERS)) {
    const raw = params.get(name);
    if (raw === null) continue;
    const value = def.field === 'id' ? parseId(raw, name) : parseTimestamp(raw, ctx.time.offsetMinutes);
    if (value === undefined) throw new PardotApiError(400, PardotCode.INVALID_TIMESTAMP, `${name}=${raw}`);
    filters.push({ field: def.field, op: def.op, value });
  }
  const email = params.get('email');
  const filtered = new Set<string>(filters.map((f) => f.field));
  if (email !== null) filtered.add('email');
  if (filtered.size > MAX_FILTERED_FIELDS) throw new PardotApiError(400, PardotCode.TOO_MANY_FILTERS);

  return {
    spec: {
      fields: parseFields(params.get('fields'), (f) => ctx.schema.isReadable(f)),
      limit: parseLimit(params.get('limit')),
      order: parseOrderBy(params.get('orderBy')),
      filters,
      email,
      deleted: parseDeleted(params.get('deleted')),
    },
    after: undefined,
  };
}

function parseId(raw: string, name: string): number {
  if (!/^\d+$/.test(raw)) throw badParam(`${name} must be an integer`);
  return Number(raw);
}

export interface QueryPage {
  readonly rows: ProspectState[];
  /** Cursor for the next page, or undefined when this page is the last. */
  readonly next: readonly number[] | undefined;
}

export function runQuery(
  all: readonly ProspectState[],
  request: QueryRequest,
  time: TimeFormat,
  emailMatches: (stored: FieldValueLike, wanted: string) => boolean,
): QueryPage {
  const { spec, after } = request;
  const key = (state: ProspectState): number[] => spec.order.map(([field]) => sortValue(state, field, time));
  const compare = (a: readonly number[], b: readonly number[]): number => {
    for (let i = 0; i < spec.order.length; i++) {
      const diff = a[i]! - b[i]!;
      if (diff !== 0) return spec.order[i]![1] === 'ASC' ? diff : -diff;
    }
    return 0;
  };

  const matching = all
    .filter((s) => spec.deleted === 'all' || s.isDeleted === (spec.deleted === 'true'))
    .filter((s) => spec.email === null || emailMatches(s.values['email'], spec.email))
    .filter((s) => spec.filters.every((f) => applyOp(sortValue(s, f.field, time), f.op, comparableFilter(f, time))))
    .map((s) => ({ s, k: key(s) }))
    .filter(({ k }) => after === undefined || compare(k, after) > 0)
    .sort((a, b) => compare(a.k, b.k));

  const page = matching.slice(0, spec.limit);
  const hasMore = matching.length > spec.limit;
  return { rows: page.map(({ s }) => s), next: hasMore ? page.at(-1)!.k : undefined };
}

type FieldValueLike = string | number | boolean | null | undefined;

function comparableFilter(filter: { field: SortField; value: number }, time: TimeFormat): number {
  return filter.field === 'id' ? filter.value : comparableMs(filter.value, time);
}

function sortValue(state: ProspectState, field: SortField, time: TimeFormat): number {
  if (field === 'id') return state.id;
  return comparableMs(field === 'createdAt' ? state.createdAtMs : state.updatedAtMs, time);
}

function applyOp(value: number, op: Op, bound: number): boolean {
  switch (op) {
    case 'gt':
      return value > bound;
    case 'gte':
      return value >= bound;
    case 'lt':
      return value < bound;
    case 'lte':
      return value <= bound;
  }
}

interface TokenPayload {
  readonly spec: QuerySpec;
  readonly after: readonly number[];
  readonly issuedAtMs: number;
}

export function encodePageToken(spec: QuerySpec, after: readonly number[], nowMs: number): string {
  const payload: TokenPayload = { spec, after, issuedAtMs: nowMs };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decodePageToken(token: string, nowMs: number, ttlMs: number): TokenPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new PardotApiError(400, PardotCode.PAGE_TOKEN_INVALID);
  }
  if (!isTokenPayload(payload)) throw new PardotApiError(400, PardotCode.PAGE_TOKEN_INVALID);
  if (nowMs - payload.issuedAtMs > ttlMs) throw new PardotApiError(400, PardotCode.PAGE_TOKEN_EXPIRED);
  return payload;
}

function isTokenPayload(value: unknown): value is TokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const spec = v['spec'] as Record<string, unknown> | undefined;
  return (
    typeof v['issuedAtMs'] === 'number' &&
    Array.isArray(v['after']) &&
    typeof spec === 'object' &&
    spec !== null &&
    Array.isArray(spec['fields']) &&
    Array.isArray(spec['order']) &&
    Array.isArray(spec['filters']) &&
    typeof spec['limit'] === 'number' &&
    (spec['order'] as unknown[]).length === (v['after'] as unknown[]).length
  );
}
