/**
 * First-sync matching by email (Oracle's and Celigo's rule), made deterministic and duplicate-proof:
 * a Salesforce contact already carrying this NetSuite id wins (a retry after a lost response); otherwise an
 * unclaimed contact with the same email, oldest first; a contact linked to another NetSuite record is never
 * taken over.
 */
import { normaliseEmail } from './mapping/email';
import { soqlString } from './salesforce-results';

export const EXTERNAL_ID_FIELD = 'Oracle_netsuiteid__c';

export interface ContactCandidate {
  Id: string;
  Email: string | null;
  [EXTERNAL_ID_FIELD]: string | null;
  CreatedDate: string;
}

export interface MatchRequest {
  netsuiteId: string;
  email: string | null;
}

export interface MatchResult {
  salesforceId: string;
  byEmail: boolean;
  /** Other unclaimed contacts that share the email (reported as a warning). */
  alsoMatching: string[];
}

/**
 * One SOQL for the whole batch: unlinked contacts by our external id or by email, and the stored links to verify by
 * Salesforce id (a stored id is a claim: the target must carry this NetSuite id or none). `withNetsuiteId` false: the
 * org has no readable NetSuite id field, so only emails are matched and stored links cannot be verified by it.
 */
export function buildMatchQuery(requests: readonly MatchRequest[], storedIds: readonly string[] = [], extraFields: readonly string[] = [], withNetsuiteId = true): string | null {
  const ids = requests.map((r) => soqlString(r.netsuiteId));
  const emails = [...new Set(requests.flatMap((r) => (r.email === null ? [] : [soqlString(normaliseEmail(r.email))])))];
  const where: string[] = [];
  if (withNetsuiteId && ids.length > 0) where.push(`${EXTERNAL_ID_FIELD} IN (${ids.join(', ')})`);
  if (emails.length > 0) where.push(`Email IN (${emails.join(', ')})`);
  if (withNetsuiteId && storedIds.length > 0) where.push(`Id IN (${[...new Set(storedIds)].map(soqlString).join(', ')})`);
  if (where.length === 0) return null;
  // Extra fields (the push's conflict check) are read from the same rows; no second query.
  const fields = [...new Set(['Id', 'Email', ...(withNetsuiteId ? [EXTERNAL_ID_FIELD] : []), 'CreatedDate', ...extraFields])];
  return `SELECT ${fields.join(', ')} FROM Contact WHERE ${where.join(' OR ')} ORDER BY CreatedDate ASC, Id ASC`;
}

/** The NetSuite record a stored link may not write to: the target carries another NetSuite id. Null when the link holds. */
export function foreignClaim(netsuiteId: string, target: object | undefined): string | null {
  const claimed = target === undefined ? undefined : (target as Record<string, unknown>)[EXTERNAL_ID_FIELD];
  return typeof claimed === 'string' && claimed !== '' && claimed !== netsuiteId ? claimed : null;
}

function byAge(a: ContactCandidate, b: ContactCandidate): number {
  if (a.CreatedDate !== b.CreatedDate) return a.CreatedDate < b.CreatedDate ? -1 : 1;
  return a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0;
}

/** Matches every request; the order of `requests` decides who claims a shared email first. */
export function matchContacts(requests: readonly MatchRequest[], candidates: readonly ContactCandidate[], linkedElsewhere: readonly string[] = []): Map<string, MatchResult> {
  const sorted = [...candidates].sort(byAge);
  // Targets of stored links in the batch are taken, even before they carry their NetSuite id.
  const claimed = new Set<string>(linkedElsewhere);
  const results = new Map<string, MatchResult>();
  for (const request of requests) {
    const own = sorted.find((c) => c[EXTERNAL_ID_FIELD] === request.netsuiteId);
    if (own !== undefined) {
      claimed.add(own.Id);
      results.set(request.netsuiteId, { salesforceId: own.Id, byEmail: false, alsoMatching: [] });
    }
  }
  for (const request of requests) {
    if (results.has(request.netsuiteId) || request.email === null) continue;
    const email = normaliseEmail(request.email);
    const free = sorted.filter((c) => !claimed.has(c.Id) && (c.Email ?? '').toLowerCase() === email && (c[EXTERNAL_ID_FIELD] ?? '') === '');
    const winner = free[0];
    if (winner === undefined) continue;
    claimed.add(winner.Id);
    results.set(request.netsuiteId, { salesforceId: winner.Id, byEmail: true, alsoMatching: free.slice(1).map((c) => c.Id) });
  }
  return results;
}

/**
 * A match made once for the whole run, before any write (it travels in the batch payload). `email` is the address it
 * was made for: a batch whose contact has another email by the time it runs matches that contact again itself.
 * `salesforceId` null: no Salesforce contact carries this NetSuite id or an unclaimed copy of the email — create.
 */
export interface PreMatch {
  email: string | null;
  salesforceId: string | null;
  byEmail: boolean;
  alsoMatching: string[];
}

/**
 * Characters of one matching SOQL. Salesforce allows 100,000 ("SOQL and SOSL Limits for Search Queries": "Maximum
 * length of SOQL statements: by default, 100,000 characters") but warns that long statements can fail with
 * QUERY_TOO_COMPLICATED; a fifth of it (about 500 contacts) keeps well clear. The SOQL travels in a /composite body,
 * so the REST URI limit (16,384 bytes for URI and headers) does not apply.
 */
export const MAX_MATCH_SOQL_CHARS = 20_000;

/** The up-front matching queries: slices of the requests, each SOQL at most `maxChars` long. */
export function buildMatchQueries(requests: readonly MatchRequest[], storedIds: readonly string[], withNetsuiteId: boolean, maxChars = MAX_MATCH_SOQL_CHARS, extraFields: readonly string[] = []): string[] {
  const soqls: string[] = [];
  let slice: MatchRequest[] = [];
  let ids: string[] = [];
  const flush = (): void => {
    const soql = buildMatchQuery(slice, ids, extraFields, withNetsuiteId);
    if (soql !== null) soqls.push(soql);
    slice = [];
    ids = [];
  };
  // Each request adds its id and email (quoted, with a separator); each stored id its quoted id; the SELECT its fields.
  const overhead = 200 + extraFields.join(', ').length;
  let size = overhead;
  for (const request of requests) {
    const cost = request.netsuiteId.length + (request.email?.length ?? 0) + 12;
    if (slice.length > 0 && size + cost > maxChars) {
      flush();
      size = overhead;
    }
    slice.push(request);
    size += cost;
  }
  for (const id of new Set(storedIds)) {
    if (size + id.length + 4 > maxChars) {
      flush();
      size = overhead;
    }
    ids.push(id);
    size += id.length + 4;
  }
  if (slice.length > 0 || ids.length > 0) flush();
  return soqls;
}

/**
 * Matches the whole run at once (the order of `requests` decides who claims a shared email first, across batches
 * too). Every request gets an answer, a null `salesforceId` meaning "create". `linkedElsewhere`: the Salesforce ids
 * stored on the run's linked records, never claimed by an email match.
 */
export function matchUpFront(requests: readonly MatchRequest[], candidates: readonly ContactCandidate[], linkedElsewhere: readonly string[]): Map<string, PreMatch> {
  const unique = [...new Map(candidates.map((c) => [c.Id, c])).values()];
  const matches = matchContacts(requests, unique, linkedElsewhere);
  const out = new Map<string, PreMatch>();
  for (const request of requests) {
    const match = matches.get(request.netsuiteId);
    out.set(request.netsuiteId, match === undefined
      ? { email: request.email, salesforceId: null, byEmail: false, alsoMatching: [] }
      : { email: request.email, ...match });
  }
  return out;
}
