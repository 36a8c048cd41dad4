/**
 * NetSuite → Pardot for one batch: first sync links by email (upsertLatestByEmail only where auto-create
 * applies), later syncs update by the stored prospect id, one call per prospect; unchanged payloads cost none. Large
 * runs write in bulk before their batches (pardot-bulk.ts); a batch turns the bulk's results into outcomes there.
 *
 * One NetSuite record per prospect (seed 000, "How are Prospects Synced with NetSuite?"): among the records sharing
 * an email, the first individual customer, else the first contact, syncs with the prospect; the others are reported
 * and never write to it. Querying by email is documented for v5 ("Transitioning to V5?": "querying by email returns
 * all prospects that share that email address"); how it treats case is not, and upsert is observed to be
 * case-sensitive ("Pardot treats email address as case sensitive and will create multiple prospects for casing
 * differences", Segment's Pardot destination), so the push asks for the address as NetSuite holds it and in lower
 * case. No documented call finds a prospect whatever the case of its stored address, so one stored in another mix
 * of case is found locally: the bulk matches its read of the business unit's prospects in lower case
 * (pardot-bulk.ts), and the per-record path asks `knownProspects` (the prospects the Pardot pull noted with that
 * address in another case, checked against Pardot by id, else those changed since the pull's mark; see
 * src/jobs/pardot-bulk.ts) before it creates or gives up.
 */
import { isCrmTransportError } from './errors';
import { classifyPardot } from './failures';
import { buildProspectPayload, type ProspectSource, type ProspectValues } from './mapping/to-pardot-prospect';
import type { Outcome, WorkItem } from './model';
import { completed, failed, forPardot, retrying, skipped, waiting } from './outcomes';
import { explain, type ReasonCode } from './reasons';

/** A per-prospect error Pardot answered with ({code, message}); whole-request failures are CrmTransportErrors. */
export class PardotRecordError extends Error {
  readonly pardotCode: number;
  /** Pardot's answer as it came (the response body, shortened), for the failure's excerpt. */
  readonly response: string | null;
  constructor(pardotCode: number, message: string, response: string | null = null) {
    super(message);
    this.name = 'PardotRecordError';
    this.pardotCode = pardotCode;
    this.response = response;
  }
}

const EXCERPT_CHARS = 2000;

/** A Pardot call as the excerpt names it: the method and path, and the prospect values it carried. */
export interface PardotRequest {
  call: string;
  matchEmail?: string;
  id?: number;
  prospect?: ProspectValues;
}

/**
 * What was sent for the record and what Pardot answered about it, shortened, as the Salesforce push keeps it
 * (core/push.ts): the console's Details page shows it, and the log redacts personal data (emails, phone numbers)
 * before it is stored.
 */
export function pardotExcerpt(request: PardotRequest, response: unknown): string {
  return `Request: ${JSON.stringify(request)}\nResponse: ${typeof response === 'string' ? response : JSON.stringify(response ?? null)}`.slice(0, EXCERPT_CHARS);
}

export interface PardotApi {
  /** Prospects whose email equals `email` exactly (Pardot matches case-sensitively), with the CRM contact they sync with. */
  findByEmail(email: string): FoundProspect[];
  upsertLatestByEmail(email: string, values: ProspectValues): { id: number; created: boolean };
  update(id: number, values: ProspectValues): void;
}

export interface PardotPushSettings {
  autoCreate: boolean;
  /** ISO time auto-create was turned on; only records created after it create prospects. */
  autoCreateSince: string | null;
  maxAttempts: number;
  /** The business unit's Salesforce connector creates prospects from new Contacts: link to those, create none. */
  connectorCreates?: boolean;
}

export interface ProspectSubject {
  item: WorkItem;
  source: ProspectSource;
  /** The email exactly as stored in NetSuite (may differ in case from the normalised one). */
  rawEmail: string | null;
  prospectId: string | null;
  syncedHash: string | null;
  createdAt: string | null;
  /** Why this record must not sync with Pardot (lock, partner, portal), if so. */
  excluded: ReasonCode | null;
  /** The record's Salesforce id (a Contact's is the CRM id of the prospect Account Engagement's connector makes). */
  salesforceId?: string | null;
  /**
   * Every NetSuite record with this email in seed 000's order (individual customers, then contacts, each by
   * internal id), as "customer:12"; the first syncs with the prospect. Absent or one entry: nobody shares it.
   */
  sharedWith?: readonly string[];
}

/** A prospect found by email: its id, and the CRM contact the connector made it from, if any. */
export interface FoundProspect {
  id: number;
  salesforceContactId?: string | null;
}

export interface PardotPushDeps {
  pardot: PardotApi;
  settings: PardotPushSettings;
  now: () => Date;
  /**
   * Live prospects whose stored email equals this lower-cased address but for case (Pardot stores it as given, e.g.
   * `Ada@Example.com`), lowest id first; null when that cannot be told yet (no Pardot pull has read the business
   * unit and it is too large to read here): the record then waits rather than risk a second prospect. Without it only
   * the exact and lower-case lookups are made.
   */
  knownProspects?: (email: string) => FoundProspect[] | null;
}

export const subjectKey = (s: { item: { recordType: string; recordId: string } }): string => `${s.item.recordType}:${s.item.recordId}`;

/** NetSuite shows creation times to the minute, so the setting's time is compared at that precision too. */
export function mayAutoCreate(subject: ProspectSubject, settings: PardotPushSettings): boolean {
  if (!settings.autoCreate || settings.autoCreateSince === null || subject.createdAt === null) return false;
  return subject.createdAt.slice(0, 16) >= settings.autoCreateSince.slice(0, 16);
}

const label = (key: string): string => key.replace(':', ' ');

/** Seed 000's rule: among the records sharing an email only the first writes to the prospect. */
export function ownsProspect(subject: ProspectSubject): boolean {
  const shared = subject.sharedWith ?? [];
  return shared.length < 2 || shared[0] === subjectKey(subject);
}

/** Seed 000's rule: a record that is not the first of those sharing its email never writes to the prospect. */
function notTheOwner(subject: ProspectSubject): Outcome | null {
  const shared = subject.sharedWith ?? [];
  const owner = shared[0];
  if (ownsProspect(subject) || owner === undefined) return null;
  return skipped(subject.item, 'PARDOT_DUPLICATE_EMAIL', `${label(owner)} syncs with the prospect of this email; this ${subject.item.recordType} does not. ${explain('PARDOT_DUPLICATE_EMAIL')} Sharing it: ${shared.map(label).join(', ')}.`);
}

/** The duplicate report on the record that does sync with the prospect. */
export function duplicateReport(subject: Pick<ProspectSubject, 'item' | 'sharedWith'>): Outcome['warnings'] {
  const shared = subject.sharedWith ?? [];
  if (shared.length < 2) return [];
  return [{ code: 'PARDOT_DUPLICATE_EMAIL', message: `${explain('PARDOT_DUPLICATE_EMAIL')} This ${subject.item.recordType} syncs with it; also sharing the email: ${shared.slice(1).map(label).join(', ')}.` }];
}

/** Prospects with the address in another case, asked only when the exact and lower-case lookups found none. */
function inOtherCase(deps: PardotPushDeps, email: string): FoundProspect[] | null {
  return deps.knownProspects === undefined ? [] : deps.knownProspects(email);
}

/** The record waits (no attempt used) until a Pardot pull has read the business unit's addresses. */
function caseUnchecked(deps: PardotPushDeps, item: WorkItem): Outcome {
  return waiting(item, 'PARDOT_CASE_UNCHECKED', explain('PARDOT_CASE_UNCHECKED'), deps.now());
}

/** Connector mode: the prospect the connector made from the record's Contact (its CRM id first), else any with the email. */
function connectorProspect(deps: PardotPushDeps, subject: ProspectSubject, emails: readonly string[], email: string): { id: number } | undefined | null {
  const exact = emails.flatMap((e) => deps.pardot.findByEmail(e));
  const found = exact.length > 0 ? exact : inOtherCase(deps, email);
  if (found === null) return null;
  const sfId = subject.salesforceId ?? null;
  const byCrmId = sfId === null ? undefined : found.find((p) => typeof p.salesforceContactId === 'string' && p.salesforceContactId.slice(0, 15) === sfId.slice(0, 15));
  return byCrmId ?? found[0];
}

function pushOne(deps: PardotPushDeps, subject: ProspectSubject): Outcome {
  const outcome = pushSubject(deps, subject);
  return outcome.status === 'Completed' ? { ...outcome, warnings: [...outcome.warnings, ...duplicateReport(subject)] } : outcome;
}

function pushSubject(deps: PardotPushDeps, subject: ProspectSubject): Outcome {
  const { item } = subject;
  if (subject.excluded !== null) return skipped(item, subject.excluded);
  const payload = buildProspectPayload(subject.source);
  if (!payload.ok) return payload.code === 'NO_EMAIL' ? skipped(item, 'NO_EMAIL', payload.message) : failed(item, payload.code, payload.message);
  const other = notTheOwner(subject);
  if (other !== null) return other;
  if (subject.prospectId !== null && subject.syncedHash === payload.hash) return completed(item, 'skip', subject.prospectId, payload.hash, 'NO_CHANGE');
  // The call under way, for the excerpt of a refusal.
  let request: PardotRequest = { call: 'GET /prospects?email=…' };
  const update = (id: number): void => {
    request = { call: `PATCH /prospects/${id}`, id, prospect: payload.values };
    deps.pardot.update(id, payload.values);
  };
  try {
    if (subject.prospectId === null && deps.settings.connectorCreates === true) {
      const made = connectorProspect(deps, subject, [...new Set([subject.rawEmail ?? payload.email, payload.email])], payload.email);
      if (made === null) return caseUnchecked(deps, item);
      if (made !== undefined) {
        update(made.id);
        return completed(item, 'update', String(made.id), payload.hash, 'MATCHED_BY_EMAIL');
      }
      // A contact's prospect comes from its Salesforce Contact; an individual customer (an Account there) gets none.
      return item.recordType === 'contact'
        ? retrying(item, 'PROSPECT_LEFT_TO_CONNECTOR', explain('PROSPECT_LEFT_TO_CONNECTOR'), deps.now(), deps.settings.maxAttempts)
        : skipped(item, 'PROSPECT_LEFT_TO_CONNECTOR');
    }
    if (subject.prospectId !== null) {
      update(Number(subject.prospectId));
      return completed(item, 'update', subject.prospectId, payload.hash);
    }
    // Pardot matches case-sensitively: a prospect may exist under the address exactly as NetSuite holds it.
    // Where auto-create applies, upsertLatestByEmail itself matches the normalised address (one call).
    const autoCreate = mayAutoCreate(subject, deps.settings);
    const lookups = [...new Set([...(autoCreate ? [] : [payload.email]), subject.rawEmail ?? payload.email])].filter((e) => !autoCreate || e !== payload.email);
    for (const email of lookups) {
      const existing = deps.pardot.findByEmail(email)[0];
      if (existing !== undefined) {
        update(existing.id);
        return completed(item, 'update', String(existing.id), payload.hash, 'MATCHED_BY_EMAIL');
      }
    }
    // Before creating (upsert matches the exact address only) or giving up: a prospect stored in another mix of case.
    const inOther = inOtherCase(deps, payload.email);
    if (inOther === null) return caseUnchecked(deps, item);
    const other = inOther[0];
    if (other !== undefined) {
      deps.pardot.update(other.id, payload.values);
      return completed(item, 'update', String(other.id), payload.hash, 'MATCHED_BY_EMAIL');
    }
    if (!autoCreate) return skipped(item, 'PROSPECT_NOT_AUTO_CREATED');
    request = { call: 'POST /prospects/do/upsertLatestByEmail', matchEmail: payload.email, prospect: payload.values };
    const result = deps.pardot.upsertLatestByEmail(payload.email, payload.values);
    return completed(item, result.created ? 'create' : 'update', String(result.id), payload.hash);
  } catch (error) {
    if (error instanceof PardotRecordError) {
      const c = classifyPardot({ pardotCode: error.pardotCode });
      const outcome = c.transient ? retrying(item, c.code, error.message, deps.now(), deps.settings.maxAttempts) : failed(item, c.code, error.message);
      return { ...outcome, clearLink: c.clearLink, excerpt: pardotExcerpt(request, error.response ?? { code: error.pardotCode, message: error.message }) };
    }
    if (isCrmTransportError(error)) {
      return error.transient ? retrying(item, error.code, error.message, deps.now(), deps.settings.maxAttempts) : failed(item, error.code, error.message);
    }
    throw error;
  }
}

export function pushProspects(deps: PardotPushDeps, subjects: readonly ProspectSubject[]): Outcome[] {
  return subjects.map((subject) => forPardot(pushOne(deps, subject)));
}
