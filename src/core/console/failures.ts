/**
 * The console's error list: every record that failed or was skipped, in Salesforce or in Pardot, one row per record
 * and system (a record is its own failure; its log rows are its history). Filtering, sorting, paging, the reason
 * counts and the CSV export are decided here, from plain rows the adapters read.
 */
import type { NsRecordType } from '../model';

export type FailureSystem = 'salesforce' | 'pardot';
export type FailureStatus = 'Failed' | 'Skipped';

export interface FailureRow {
  recordType: NsRecordType;
  id: string;
  name: string;
  email: string | null;
  system: FailureSystem;
  status: FailureStatus;
  /** The reason code the record's last error starts with ("CODE: message"). */
  code: string;
  message: string;
  /** When the record last changed (its failure was written then), ISO; null when unknown. */
  since: string | null;
  /** State of the record's queue entry (pending once a retry is queued), null without one. */
  queueState: string | null;
}

export const FAILURE_PAGE_SIZE = 50;
export const AGES = ['all', '1', '7', '30', 'older30'] as const;
export type AgeFilter = (typeof AGES)[number];
export const SORTS = ['since', 'name', 'system', 'reason', 'type'] as const;
export type FailureSort = (typeof SORTS)[number];

export interface FailureQuery {
  status: FailureStatus | 'all';
  system: FailureSystem | 'all';
  type: NsRecordType | 'all';
  /** A reason code, or '' for every reason. */
  reason: string;
  age: AgeFilter;
  /** Part of the name or email, any case. */
  search: string;
  sort: FailureSort;
  descending: boolean;
  /** 1-based. */
  page: number;
}

export const DEFAULT_FAILURE_QUERY: FailureQuery = { status: 'Failed', system: 'all', type: 'all', reason: '', age: 'all', search: '', sort: 'since', descending: true, page: 1 };

/** The parameter names the list's GET form and the retry/export forms carry. */
export const QUERY_PARAMS = { status: 'f_status', system: 'f_system', type: 'f_type', reason: 'f_reason', age: 'f_age', search: 'f_q', sort: 'f_sort', dir: 'f_dir', page: 'f_page' } as const;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}

/** A query from request parameters; anything unknown falls back to the default (never an error). */
export function parseFailureQuery(params: Readonly<Record<string, string | undefined>>): FailureQuery {
  const page = Number(params[QUERY_PARAMS.page]);
  const reason = params[QUERY_PARAMS.reason] ?? '';
  return {
    status: oneOf(params[QUERY_PARAMS.status], ['Failed', 'Skipped', 'all'] as const, DEFAULT_FAILURE_QUERY.status),
    system: oneOf(params[QUERY_PARAMS.system], ['salesforce', 'pardot', 'all'] as const, 'all'),
    type: oneOf(params[QUERY_PARAMS.type], ['contact', 'customer', 'all'] as const, 'all'),
    reason: /^[A-Z_]{2,40}$/.test(reason) ? reason : '',
    age: oneOf(params[QUERY_PARAMS.age], AGES, 'all'),
    search: (params[QUERY_PARAMS.search] ?? '').trim().slice(0, 80),
    sort: oneOf(params[QUERY_PARAMS.sort], SORTS, DEFAULT_FAILURE_QUERY.sort),
    descending: params[QUERY_PARAMS.dir] === undefined ? DEFAULT_FAILURE_QUERY.descending : params[QUERY_PARAMS.dir] !== 'asc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The query as parameters (for links and hidden fields), leaving out what is default. */
export function queryParams(query: FailureQuery, change: Partial<FailureQuery> = {}): Record<string, string> {
  const q = { ...query, ...change };
  const out: Record<string, string> = {};
  if (q.status !== DEFAULT_FAILURE_QUERY.status) out[QUERY_PARAMS.status] = q.status;
  if (q.system !== 'all') out[QUERY_PARAMS.system] = q.system;
  if (q.type !== 'all') out[QUERY_PARAMS.type] = q.type;
  if (q.reason !== '') out[QUERY_PARAMS.reason] = q.reason;
  if (q.age !== 'all') out[QUERY_PARAMS.age] = q.age;
  if (q.search !== '') out[QUERY_PARAMS.search] = q.search;
  if (q.sort !== DEFAULT_FAILURE_QUERY.sort) out[QUERY_PARAMS.sort] = q.sort;
  if (q.descending !== DEFAULT_FAILURE_QUERY.descending) out[QUERY_PARAMS.dir] = q.descending ? 'desc' : 'asc';
  if (q.page !== 1) out[QUERY_PARAMS.page] = String(q.page);
  return out;
}

const DAY = 86_400_000;

function ageMatches(row: FailureRow, age: AgeFilter, now: Date): boolean {
  if (age === 'all') return true;
  const since = row.since === null ? Number.NaN : Date.parse(row.since);
  if (!Number.isFinite(since)) return false;
  const days = (now.getTime() - since) / DAY;
  return age === 'older30' ? days > 30 : days <= Number(age);
}

/** The rows a query matches, before paging. */
export function matchingFailures(rows: readonly FailureRow[], query: FailureQuery, now: Date): FailureRow[] {
  const needle = query.search.toLowerCase();
  return rows.filter((r) => (query.status === 'all' || r.status === query.status)
    && (query.system === 'all' || r.system === query.system)
    && (query.type === 'all' || r.recordType === query.type)
    && (query.reason === '' || r.code === query.reason)
    && ageMatches(r, query.age, now)
    && (needle === '' || r.name.toLowerCase().includes(needle) || (r.email ?? '').toLowerCase().includes(needle)));
}

function compare(a: FailureRow, b: FailureRow, sort: FailureSort): number {
  switch (sort) {
    case 'name': return a.name.localeCompare(b.name);
    case 'system': return a.system.localeCompare(b.system);
    case 'reason': return a.code.localeCompare(b.code);
    case 'type': return a.recordType.localeCompare(b.recordType);
    case 'since': return (a.since ?? '').localeCompare(b.since ?? '');
  }
}

export interface FailurePage {
  rows: FailureRow[];
  /** Rows the query matches (all pages). */
  matching: number;
  page: number;
  pages: number;
}

export function failurePage(rows: readonly FailureRow[], query: FailureQuery, now: Date, pageSize = FAILURE_PAGE_SIZE): FailurePage {
  const matching = matchingFailures(rows, query, now)
    .sort((a, b) => (query.descending ? -1 : 1) * compare(a, b, query.sort) || Number(a.id) - Number(b.id) || a.system.localeCompare(b.system));
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(query.page, pages);
  return { rows: matching.slice((page - 1) * pageSize, page * pageSize), matching: matching.length, page, pages };
}

/** Failed records per reason and system: each record counts once per system (never once per log row or run). */
export function reasonCounts(rows: readonly FailureRow[]): { reason: string; system: FailureSystem; count: number }[] {
  const counts = new Map<string, { reason: string; system: FailureSystem; count: number }>();
  for (const row of rows) {
    if (row.status !== 'Failed') continue;
    const key = `${row.system}|${row.code}`;
    const entry = counts.get(key) ?? { reason: row.code, system: row.system, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}

/** Distinct records with a Failed status in either system (the list's headline number). */
export function failedRecordCount(rows: readonly FailureRow[]): number {
  return new Set(rows.filter((r) => r.status === 'Failed').map((r) => `${r.recordType}:${r.id}`)).size;
}

/** The reason code of a stored error text ("CODE: message"), else UNKNOWN. */
export function splitStoredError(text: string | null): { code: string; message: string } {
  const match = /^([A-Z][A-Z_]{1,40})(?::\s*([\s\S]*))?$/.exec(text ?? '');
  return match === null ? { code: 'UNKNOWN', message: text ?? '' } : { code: match[1] ?? 'UNKNOWN', message: match[2] ?? '' };
}

const csvCell = (value: string | null): string => {
  const text = value ?? '';
  // A leading = + - @ would run as a formula in a spreadsheet (OWASP "CSV Injection"): quote it with a leading '.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Every matching row (all pages) as CSV, with a header. */
export function failuresCsv(rows: readonly FailureRow[]): string {
  const header = ['Record type', 'Internal ID', 'Name', 'Email', 'System', 'Status', 'Reason', 'Message', 'Since (UTC)', 'Queue'];
  const lines = rows.map((r) => [r.recordType, r.id, r.name, r.email, r.system === 'salesforce' ? 'Salesforce' : 'Pardot', r.status, r.code, r.message, r.since, r.queueState].map(csvCell).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
