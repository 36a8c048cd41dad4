/**
 * Pardot in bulk for large syncs (issue 19). v5 has no synchronous batch write; v4 has batchCreate and batchUpdate of
 * up to 50 prospects a call (Account Engagement "Prospect Object" v4 reference, prospects-v4.html, "Endpoints for
 * Batch Processing"). Their answer lists errors only, by row index ("an error array will be returned for only the
 * prospects with issues … All other prospects will be processed"), and no prospect ids; batchUpsert and batchUpdate
 * take only a prospect id or CRM fid as identifier ("Using an Email Address as the identifier is not supported and will
 * create new entries every time"). So the run, before its batches:
 *
 * 1. reads which prospects exist (v5 prospect query, id and email, 1,000 a page) — at most one page per 50 unlinked
 *    records, so this read never costs more than the per-record lookups it replaces; if the business unit holds more
 *    prospects than that, the unlinked records stay with the per-record path (which looks each one up). The read is
 *    matched by lower-cased address: Pardot stores an email as given and no documented call matches it whatever its
 *    case, so a prospect stored as `Ada@Example.com` is found here for a NetSuite `ada@example.com`;
 * 2. updates linked and email-matched prospects by id with batchUpdate, 50 a call;
 * 3. creates the prospects auto-create allows with batchCreate, 50 a call (never in connector mode: the connector
 *    creates them);
 * 4. reads the prospects created since step 3 began (v5 query on createdAt, 1,000 a page) and takes each new
 *    record's id by its email.
 *
 * The results travel in the batch payloads; each batch turns them into outcomes (write-back, log, queue) without a
 * Pardot call or a second read of the record (see bulkOutcome). A record without a result (the run stopped on a limit, an id was not found) also syncs per record, where
 * upsertLatestByEmail matches the prospect the bulk already made, so nothing is created twice.
 */
import { isCrmTransportError } from './errors';
import { normaliseEmail } from './mapping/email';
import { buildProspectPayload, type ProspectValues } from './mapping/to-pardot-prospect';
import type { ReasonCode } from './reasons';
import { classifyPardot } from './failures';
import type { Outcome, WorkItem } from './model';
import { completed, failed, retrying, skipped } from './outcomes';
import { duplicateReport, mayAutoCreate, ownsProspect, pardotExcerpt, subjectKey, type PardotPushSettings, type ProspectSubject } from './pardot-push';

/** v4 batch calls take at most 50 prospects. */
export const PARDOT_BATCH_LIMIT = 50;
/** v5 query pages hold up to 1,000 rows. */
export const PARDOT_PAGE = 1000;
/** Fewer records than this in a run (a save, "Sync now" of a few) sync per record: one call each, no read first. */
export const PARDOT_BULK_MIN = 5;

export interface ProspectRef {
  id: number;
  email: string;
}

export interface PardotBulkApi {
  /** Live prospects by id, at most `maxPages` pages; `complete` false when more remain. */
  scanProspects(maxPages: number): { complete: boolean; rows: ProspectRef[] };
  /** Prospects created at or after `since`, at most `maxPages` pages. */
  createdSince(since: string, maxPages: number): ProspectRef[];
  /** v4 batchCreate of ≤ 50 rows: the error message of each failed row, by its index. */
  batchCreate(rows: readonly ProspectValues[]): Map<number, string>;
  /** v4 batchUpdate by id of ≤ 50 rows: the error message of each failed row, by its index. */
  batchUpdate(rows: readonly { id: number; values: ProspectValues }[]): Map<number, string>;
}

/** What the bulk did for one record; `hash` is the payload it sent, so a batch can tell whether the record moved on. */
export type BulkResult =
  | { status: 'Completed'; operation: 'create' | 'update'; prospectId: string; hash: string; code: ReasonCode; sharedWith?: string[] }
  | { status: 'Skipped'; code: ReasonCode; hash: string }
  | { status: 'Rejected'; pardotCode: number; message: string; hash: string; prospectId: string | null; excerpt?: string };

/** v4 answers per-row errors as text; the registry's messages name the code (error-codes-messages, api-facts §2.5). */
const V4_MESSAGES: readonly [string, number][] = [
  ['Invalid prospect email address', 4],
  ["Deleted records can't be updated", 219],
  ['Invalid ID', 192],
  ['Invalid prospect ID', 192],
  ['Invalid user ID', 10],
];

/** The records sharing the email, kept for the duplicate report on the one that syncs (seed 000). */
const shared = (subject: ProspectSubject): { sharedWith?: string[] } => ((subject.sharedWith ?? []).length > 1 ? { sharedWith: [...(subject.sharedWith ?? [])] } : {});

/**
 * The outcome of a record the bulk settled. Its batch takes it as it is, without reading the record again: the payload
 * hash written back is the one Pardot got, so a record saved again while the run was under way (its save queued it
 * once more) differs from it and syncs in the next run.
 */
export function bulkOutcome(item: WorkItem, result: BulkResult, now: Date, maxAttempts: number): Outcome {
  if (result.status === 'Completed') {
    const outcome = completed(item, result.operation, result.prospectId, result.hash, result.code);
    return { ...outcome, warnings: [...outcome.warnings, ...duplicateReport({ item, sharedWith: result.sharedWith ?? [] })] };
  }
  if (result.status === 'Skipped') return skipped(item, result.code);
  const c = classifyPardot({ pardotCode: result.pardotCode });
  const outcome = c.transient ? retrying(item, c.code, result.message, now, maxAttempts) : failed(item, c.code, result.message);
  return { ...outcome, clearLink: c.clearLink, ...(result.excerpt === undefined ? {} : { excerpt: result.excerpt }) };
}

/** The excerpt of a refused batch row: the row sent and the error Pardot gave for it (v4 answers per-row errors as text). */
function rowExcerpt(op: 'batchCreate' | 'batchUpdate', row: { id?: number; values: ProspectValues }, error: string): string {
  return pardotExcerpt({ call: `POST /api/prospect/version/4/do/${op}`, ...(row.id === undefined ? {} : { id: row.id }), prospect: row.values }, { error });
}

export function pardotCodeOfMessage(message: string): number {
  return V4_MESSAGES.find(([text]) => message.startsWith(text))?.[1] ?? 0;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

interface Planned {
  subject: ProspectSubject;
  email: string;
  values: ProspectValues;
  hash: string;
}

export interface BulkDeps {
  pardot: PardotBulkApi;
  settings: PardotPushSettings;
  now: () => Date;
  /** The existing prospects (read once per run, lazily); null when there are too many to read within the cost bound. */
  existing: () => Map<string, number> | null;
}

/**
 * Index of a scan: lower-cased email → the lowest id. Pardot stores the address as given and matches it
 * case-sensitively (see pardot-push), so the match with NetSuite's address is made here, whatever the case.
 */
export function emailIndex(rows: readonly ProspectRef[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const row of [...rows].sort((a, b) => a.id - b.id)) {
    const key = normaliseEmail(row.email);
    if (!index.has(key)) index.set(key, row.id);
  }
  return index;
}

/**
 * Bulk-syncs the subjects that need a write; returns a result for each record it settled. A whole-request failure
 * (limit, auth, outage) stops the bulk: what is not settled syncs per record in its batch (where the quota breaker
 * makes it wait).
 */
export function bulkPushProspects(deps: BulkDeps, subjects: readonly ProspectSubject[]): Map<string, BulkResult> {
  const results = new Map<string, BulkResult>();
  const updates: (Planned & { id: number; matched: boolean })[] = [];
  const creates: Planned[] = [];
  const unlinked: Planned[] = [];
  for (const subject of subjects) {
    if (subject.excluded !== null || !ownsProspect(subject)) continue;
    const payload = buildProspectPayload(subject.source);
    if (!payload.ok) continue;
    if (subject.prospectId !== null && subject.syncedHash === payload.hash) continue;
    const planned = { subject, email: payload.email, values: payload.values, hash: payload.hash };
    if (subject.prospectId !== null) updates.push({ ...planned, id: Number(subject.prospectId), matched: false });
    else if (deps.settings.connectorCreates !== true) unlinked.push(planned);
  }
  try {
    const existing = unlinked.length === 0 ? null : deps.existing();
    if (existing !== null) {
      for (const p of unlinked) {
        const id = existing.get(p.email);
        if (id !== undefined) updates.push({ ...p, id, matched: true });
        else if (mayAutoCreate(p.subject, deps.settings)) creates.push(p);
        else results.set(subjectKey(p.subject), { status: 'Skipped', code: 'PROSPECT_NOT_AUTO_CREATED', hash: p.hash });
      }
    }
    for (const chunk of chunks(updates, PARDOT_BATCH_LIMIT)) {
      const errors = deps.pardot.batchUpdate(chunk.map((p) => ({ id: p.id, values: p.values })));
      chunk.forEach((p, i) => {
        const error = errors.get(i);
        results.set(subjectKey(p.subject), error === undefined
          ? { status: 'Completed', operation: 'update', prospectId: String(p.id), hash: p.hash, code: p.matched ? 'MATCHED_BY_EMAIL' : 'SYNCED', ...shared(p.subject) }
          : { status: 'Rejected', pardotCode: pardotCodeOfMessage(error), message: `Pardot: ${error}`, hash: p.hash, prospectId: String(p.id), excerpt: rowExcerpt('batchUpdate', p, error) });
      });
    }
    if (creates.length === 0) return results;
    // Pardot's createdAt is to the second at worst: start the read a second early; the email picks the row.
    const since = new Date(deps.now().getTime() - 1000).toISOString();
    const sent: Planned[] = [];
    for (const chunk of chunks(creates, PARDOT_BATCH_LIMIT)) {
      const errors = deps.pardot.batchCreate(chunk.map((p) => p.values));
      chunk.forEach((p, i) => {
        const error = errors.get(i);
        if (error === undefined) sent.push(p);
        else results.set(subjectKey(p.subject), { status: 'Rejected', pardotCode: pardotCodeOfMessage(error), message: `Pardot: ${error}`, hash: p.hash, prospectId: null, excerpt: rowExcerpt('batchCreate', p, error) });
      });
    }
    const made = emailIndex(deps.pardot.createdSince(since, Math.ceil(sent.length / PARDOT_PAGE) + 1));
    for (const p of sent) {
      const id = made.get(p.email);
      // Not found (read lag, or more rows than read): no result, so the batch upserts by email and finds it.
      if (id !== undefined) results.set(subjectKey(p.subject), { status: 'Completed', operation: 'create', prospectId: String(id), hash: p.hash, code: 'SYNCED', ...shared(p.subject) });
    }
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
  }
  return results;
}
