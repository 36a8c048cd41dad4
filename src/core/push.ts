/**
 * The outbound sync of one batch (NetSuite → Salesforce). Pure orchestration over ports: read the records,
 * decide (skip, match, update, create), send at most one SOQL and two collection requests, and return an
 * outcome per record. Writing the outcomes back to NetSuite is the caller's job.
 */
import { buildAccountPayload, buildContactPayload, type PayloadResult } from './mapping/build-payload';
import type { FieldMapping, MappingSet } from './mapping/field-map';
import { buildMatchQuery, EXTERNAL_ID_FIELD, foreignClaim, matchContacts, type ContactCandidate, type MatchRequest, type PreMatch } from './matching';
import { normaliseEmail } from './mapping/email';
import { soqlString } from './salesforce-results';
import { CrmTransportError, isCrmTransportError } from './errors';
import { completed, failed, failedOrRetrying, retrying, skipped, waiting } from './outcomes';
import { classifySalesforceErrors } from './salesforce-results';
import { MAX_CONTACTS_PER_REQUEST, type NsContact, type NsCustomer, type Outcome, type Settings, type WorkItem } from './model';
import type { RecordReader, SalesforceApi, SaveResult, SObjectType, SObjectWrite } from './ports';
import { explain } from './reasons';
import { changedSince, fieldHash, serializeSnapshot, shown, snapshotOf, withValues, type Snapshot } from './snapshot';

export interface PushDeps {
  salesforce: SalesforceApi;
  reader: RecordReader;
  settings: Settings;
  mappings: MappingSet;
  now: () => Date;
  /** The Salesforce org's active currencies (null: unknown, Salesforce checks). */
  currencies?: readonly string[] | null;
  /** What the org health check found (src/core/health.ts); absent: assume the documented setup. */
  org?: { externalIdReady: boolean; netsuiteIdReadable: boolean };
}

/** A write of the plan: the record, the request body, and why (matched by email or not, warnings). */
export interface Planned {
  item: WorkItem;
  write: SObjectWrite;
  hash: string;
  /** The merge base the write was planned against (null: a full write). */
  base: Snapshot | null;
  /** The merge base once Salesforce commits the write. */
  snapshot: Snapshot;
  /** Linked by email in this run (reported in the outcome). */
  matchedByEmail: boolean;
  warnings: Outcome['warnings'];
  /** The batch's own read of the stored link's target found it; absent when the target was not read. */
  linkTarget?: 'found';
}

/** A write's per-record results, or why the whole write failed (a transport error: every record waits or retries). */
type WriteAnswer = { ok: true; results: SaveResult[] } | { ok: false; error: CrmTransportError };

function answerOf(call: () => SaveResult[]): WriteAnswer {
  try {
    return { ok: true, results: call() };
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    return { ok: false, error };
  }
}

const EXCERPT_CHARS = 2000;

/** What was sent for the record and what Salesforce answered about it, shortened; the log redacts personal data. */
function failureExcerpt(type: SObjectType, planned: Planned, result: SaveResult | undefined): string {
  const request = { sObject: type, ...(planned.write.id === undefined ? { upsertBy: EXTERNAL_ID_FIELD } : { id: planned.write.id }), fields: planned.write.values };
  return `Request: ${JSON.stringify(request)}\nResponse: ${JSON.stringify(result ?? null)}`.slice(0, EXCERPT_CHARS);
}

/**
 * Sends updates (by Salesforce id) and creates (upsert by external id) and turns results into outcomes. A batch that
 * needs both sends them as two collection subrequests of one /composite request: one API call, where two collection
 * calls would be two ("The entire series of requests counts as a single call toward your API limits", REST API
 * Developer Guide, "Send Multiple Requests Using Composite").
 */
function send(deps: PushDeps, type: SObjectType, planned: readonly Planned[]): Outcome[] {
  const updates = planned.filter((p) => p.write.id !== undefined);
  const outcomes: Outcome[] = [];
  let creates = planned.filter((p) => p.write.id === undefined);
  if (creates.length > 0 && deps.org?.externalIdReady === false) {
    // Without an External ID to upsert by, a retried create could duplicate: create nothing until the admin fixes it.
    for (const p of creates) outcomes.push({ ...failed(p.item, 'SF_EXTERNAL_ID_MISSING', explain('SF_EXTERNAL_ID_MISSING')), warnings: p.warnings });
    creates = [];
  }
  const record = (group: readonly Planned[], answer: WriteAnswer): void => {
    if (group.length === 0) return;
    if (!answer.ok) {
      for (const p of group) outcomes.push(failedOrRetrying(p.item, answer.error, deps.now(), deps.settings.maxAttempts));
      return;
    }
    group.forEach((p, index) => {
      const result = answer.results[index];
      if (result?.success === true && result.id !== null) {
        const operation = p.write.id !== undefined ? 'update' : result.created === false ? 'update' : 'create';
        const outcome = completed(p.item, operation, result.id, p.hash, p.matchedByEmail ? 'MATCHED_BY_EMAIL' : 'SYNCED');
        outcomes.push({ ...outcome, snapshot: serializeSnapshot(p.snapshot), warnings: p.warnings });
        return;
      }
      const classified = ownLinkOrReference(p, classifySalesforceErrors(result?.errors ?? []), result?.errors[0]);
      const outcome = failedOrRetrying(p.item, classified, deps.now(), deps.settings.maxAttempts);
      outcomes.push({ ...outcome, clearLink: classified.clearLink, warnings: p.warnings, excerpt: failureExcerpt(type, p, result) });
    });
  };
  const updateWrite = { kind: 'update' as const, records: updates.map((p) => p.write) };
  const upsertWrite = { kind: 'upsert' as const, type, externalIdField: EXTERNAL_ID_FIELD, records: creates.map((p) => p.write) };
  if (updates.length > 0 && creates.length > 0) {
    let answers: WriteAnswer[];
    try {
      answers = deps.salesforce.writeMany([updateWrite, upsertWrite]);
    } catch (error) {
      if (!isCrmTransportError(error)) throw error;
      answers = [{ ok: false, error }, { ok: false, error }];
    }
    const unanswered = (): WriteAnswer => ({ ok: false, error: new CrmTransportError('SF_UNAVAILABLE', 'Salesforce did not answer this write.', { transient: true }) });
    record(updates, answers[0] ?? unanswered());
    record(creates, answers[1] ?? unanswered());
    return outcomes;
  }
  if (updates.length > 0) record(updates, answerOf(() => deps.salesforce.update(updateWrite.records)));
  if (creates.length > 0) record(creates, answerOf(() => deps.salesforce.upsert(type, EXTERNAL_ID_FIELD, upsertWrite.records)));
  return outcomes;
}

/**
 * A stored link is cleared only when this batch's own read of its target found the target missing (that case never
 * reaches a write: see linkGone). A write error alone never clears it: INVALID_CROSS_REFERENCE_KEY is also what a bad
 * reference in the record (AccountId) gives, so it names the reference fields instead; ENTITY_IS_DELETED after a read
 * that found the target (deleted in between) retries, and the next batch's read decides.
 */
function ownLinkOrReference(p: Planned, classified: ReturnType<typeof classifySalesforceErrors>, first: SaveResult['errors'][number] | undefined): ReturnType<typeof classifySalesforceErrors> {
  if (classified.code === 'SF_ENTITY_DELETED') return { ...classified, clearLink: false };
  if (classified.code !== 'SF_INVALID_REFERENCE') return classified;
  const named = first?.fields ?? [];
  const references = Object.entries(p.write.values).filter(([field, value]) => (named.length > 0 ? named.includes(field) : field !== 'Id' && field.endsWith('Id') && typeof value === 'string'));
  const fields = references.length > 0 ? references.map(([field, value]) => `${field} = ${String(value)}`).join(', ') : named.join(', ') || 'a reference field';
  const own = p.write.id === undefined ? 'The record is new in Salesforce.' : p.linkTarget === 'found' ? `Its own link (${p.write.type} ${p.write.id}) was found by this run and kept.` : `Its own link (${p.write.type} ${p.write.id}) was kept.`;
  return { ...classified, clearLink: false, message: `${explain('SF_INVALID_REFERENCE').split('. ')[0] ?? ''}: ${fields}. ${own} ${classified.message}` };
}

/**
 * What the second read (/queryAll) found of a stored target the link read missed: in the recycle bin (deleted, or
 * merged away into `master`), or live after all (restored between the two reads). A target absent from the map was
 * not found even there: purged, or not shared with the integration user.
 */
export type RemovedTarget = { deleted: true; master: string | null } | { deleted: false };

/**
 * The batch's link read did not find the stored target. In the recycle bin (deleted or merged away) it is the pull's
 * to decide: it applies "When Deleted in Salesforce" or relinks to the surviving record, so the change waits for it
 * (no attempt used) instead of clearing the link, which would make the next attempt create a new record. Restored
 * meanwhile: retried with the link kept. Not found even by /queryAll: the link is the record's own and its target is
 * gone, so the link is cleared and the next attempt matches or creates the record.
 */
function linkGone(item: WorkItem, type: SObjectType, id: string, removed: RemovedTarget | undefined, now: Date, maxAttempts: number): Outcome {
  if (removed?.deleted === true) {
    const what = removed.master === null ? 'deleted' : `merged into ${type} ${removed.master}`;
    return waiting(item, 'SF_REMOVAL_PENDING_PULL', `${explain('SF_REMOVAL_PENDING_PULL')} (${type} ${id} was ${what} in Salesforce.)`, now);
  }
  if (removed?.deleted === false) {
    return retrying(item, 'SF_ENTITY_DELETED', `${explain('SF_ENTITY_DELETED')} (${type} ${id} was missed by this run's read of the link but found live by a second read, so the link was kept.)`, now, maxAttempts);
  }
  const message = `${explain('SF_ENTITY_DELETED')} (${type} ${id} was not found by this run's read of the link, nor among deleted and merged records: purged, or not shared with the integration user.)`;
  return { ...retrying(item, 'SF_ENTITY_DELETED', message, now, maxAttempts), clearLink: true };
}

/**
 * Stored targets the link read missed, read once more through /queryAll (one call per batch, only when one is
 * missing), which also returns records in the recycle bin with IsDeleted and MasterRecordId (REST API Developer
 * Guide, "Execute a SOQL Query that Includes Deleted Items").
 */
function readRemovedTargets(deps: PushDeps, type: SObjectType, ids: readonly string[]): Map<string, RemovedTarget> {
  const found = new Map<string, RemovedTarget>();
  if (ids.length === 0) return found;
  const rows = deps.salesforce.queryAll(`SELECT Id, IsDeleted, MasterRecordId FROM ${type} WHERE Id IN (${[...new Set(ids)].map(soqlString).join(', ')})`);
  for (const row of rows) {
    if (typeof row.Id !== 'string') continue;
    found.set(row.Id, row.IsDeleted === true ? { deleted: true, master: typeof row.MasterRecordId === 'string' && row.MasterRecordId !== '' ? row.MasterRecordId : null } : { deleted: false });
  }
  return found;
}

/** Record-level guards shared by both record types: lock, inactive. */
function guard(item: WorkItem, record: { locked: boolean; inactive: boolean }, settings: Settings): Outcome | null {
  if (record.locked) return skipped(item, 'RECORD_LOCKED');
  if (record.inactive && settings.skipInactive) return skipped(item, 'INACTIVE_RECORD');
  return null;
}

/** What a linked record's state says about the last sync: its Salesforce id, payload hash and merge base. */
interface SyncedState {
  salesforceId: string | null;
  syncedHash: string | null;
  snapshot?: Snapshot | null;
}

/**
 * Payload problems fail that record alone; an unchanged payload costs no request at all. A linked record with a
 * merge base sends only the fields NetSuite changed since it (plus the external id, so Salesforce always knows
 * whose record it is): a field someone changed in Salesforce meanwhile is not overwritten with NetSuite's old
 * value. Unlinked records and records synced before merge bases were kept send everything.
 */
function planWrite(item: WorkItem, type: SObjectType, state: SyncedState, payload: PayloadResult, settings: Settings): Outcome | PlannedWrite {
  if (!payload.ok) return failed(item, payload.code, payload.message);
  const { salesforceId, syncedHash } = state;
  const base = salesforceId === null ? null : state.snapshot ?? null;
  if (salesforceId !== null && settings.createOnly) return { ...skipped(item, 'CREATE_ONLY'), externalId: salesforceId };
  if (salesforceId !== null && base === null && syncedHash === payload.hash) {
    // Synced before merge bases were kept: Salesforce got exactly this payload, which becomes the base.
    return { ...completed(item, 'skip', salesforceId, payload.hash, 'NO_CHANGE'), snapshot: serializeSnapshot(snapshotOf(payload.values)) };
  }
  let values = payload.values;
  if (base !== null) {
    const changed = Object.keys(payload.values).filter((field) => field !== EXTERNAL_ID_FIELD && changedSince(base, field, payload.values[field]));
    if (changed.length === 0) return completed(item, 'skip', salesforceId, payload.hash, 'NO_CHANGE');
    const keep = new Set([...changed, EXTERNAL_ID_FIELD]);
    values = Object.fromEntries(Object.entries(payload.values).filter(([field]) => keep.has(field)));
  }
  const write: SObjectWrite = salesforceId !== null ? { type, id: salesforceId, values } : { type, values };
  return { item, write, hash: payload.hash, base, snapshot: base === null ? snapshotOf(payload.values) : withValues(base, values) };
}

/**
 * Fields changed on both sides since the merge base, seen in the Salesforce record the push read anyway to verify
 * its link. The owner decides: NetSuite's value is sent and the conflict logged with both values; a field
 * Salesforce owns is left out of the write (the pull brings Salesforce's value and logs it).
 */
function resolveConflicts(plan: PlannedWrite, target: Record<string, unknown> | undefined, mappings: readonly FieldMapping[]): { plan: PlannedWrite; warnings: Outcome['warnings'] } {
  const base = plan.base;
  if (base === null || target === undefined) return { plan, warnings: [] };
  const warnings: Outcome['warnings'] = [];
  const leftOut = new Set<string>();
  for (const [field, ours] of Object.entries(plan.write.values)) {
    if (field === EXTERNAL_ID_FIELD || !(field in target)) continue;
    const theirs = target[field];
    if (!changedSince(base, field, theirs) || fieldHash(theirs) === fieldHash(ours)) continue;
    if (mappings.find((m) => m.target === field)?.owner === 'salesforce') {
      leftOut.add(field);
      continue;
    }
    warnings.push({ code: 'CONFLICT_NETSUITE_WINS', message: `${explain('CONFLICT_NETSUITE_WINS')} (${field}: NetSuite ${shown(ours)} sent over Salesforce ${shown(theirs)})` });
  }
  const values = Object.fromEntries(Object.entries(plan.write.values).filter(([field]) => !leftOut.has(field)));
  return { plan: { ...plan, write: { ...plan.write, values }, snapshot: withValues(base, values) }, warnings };
}

/** Salesforce fields the push reads from a linked record to see conflicts: what it may write, external id aside. */
export function conflictFields(mappings: readonly FieldMapping[]): string[] {
  return [...new Set(mappings.map((m) => m.target).filter((t) => t !== EXTERNAL_ID_FIELD && t !== 'Id'))];
}

/** A planned update still carries something besides the external id. */
function hasChanges(plan: PlannedWrite): boolean {
  return plan.write.id === undefined || Object.keys(plan.write.values).some((field) => field !== EXTERNAL_ID_FIELD);
}

function isOutcome(value: Outcome | object): value is Outcome {
  return 'status' in value;
}

export function pushAccounts(deps: PushDeps, items: readonly WorkItem[]): Outcome[] {
  const customers = deps.reader.customers(items.map((i) => i.recordId));
  return pushCustomers(deps, items, customers, deps.mappings.customer);
}

function pushCustomers(deps: PushDeps, items: readonly WorkItem[], customers: Map<string, NsCustomer>, mappings: readonly FieldMapping[]): Outcome[] {
  const outcomes: Outcome[] = [];
  const planned: Planned[] = [];
  for (const item of items) {
    const customer = customers.get(item.recordId);
    if (customer === undefined) {
      outcomes.push(skipped(item, 'RECORD_NOT_FOUND'));
      continue;
    }
    const blocked = guard(item, customer, deps.settings);
    if (blocked !== null) {
      outcomes.push(blocked);
      continue;
    }
    const plan = planWrite(item, 'Account', customer, buildAccountPayload(customer, mappings, deps.currencies ?? null), deps.settings);
    if (isOutcome(plan)) outcomes.push(plan);
    else planned.push({ ...plan, matchedByEmail: false, warnings: [] });
  }
  const named = matchAccountsByName(deps, planned);
  const verified = verifyAccountLinks(deps, named.planned);
  return [...outcomes, ...named.outcomes, ...verified.outcomes, ...send(deps, 'Account', verified.planned)];
}

/**
 * Accounts are matched before they are created: the upsert by Oracle_netsuiteid__c finds an Account already carrying
 * this customer's id, and with "Match Accounts by Name" one SOQL finds, per new customer, the Accounts of the same
 * name. Exactly one without a NetSuite id is linked (updated, so no duplicate rule fires on a create); several are
 * reported and nothing is created, so the admin picks one.
 */
function matchAccountsByName(deps: PushDeps, planned: readonly Planned[]): { planned: Planned[]; outcomes: Outcome[] } {
  const unlinked = planned.filter((p) => p.write.id === undefined && typeof p.write.values.Name === 'string');
  if (!deps.settings.matchAccountsByName || unlinked.length === 0 || deps.org?.netsuiteIdReadable === false) return { planned: [...planned], outcomes: [] };
  let rows: Record<string, unknown>[];
  try {
    const names = [...new Set(unlinked.map((p) => soqlString(String(p.write.values.Name))))];
    rows = deps.salesforce.query(`SELECT Id, Name, ${EXTERNAL_ID_FIELD} FROM Account WHERE Name IN (${names.join(', ')}) ORDER BY CreatedDate ASC, Id ASC`);
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    return { planned: planned.filter((p) => !unlinked.includes(p)), outcomes: unlinked.map((p) => failedOrRetrying(p.item, error, deps.now(), deps.settings.maxAttempts)) };
  }
  const key = (value: unknown): string => String(value).trim().toLowerCase();
  const kept: Planned[] = [];
  const outcomes: Outcome[] = [];
  for (const plan of planned) {
    if (!unlinked.includes(plan)) {
      kept.push(plan);
      continue;
    }
    const sameName = rows.filter((r) => key(r.Name) === key(plan.write.values.Name));
    // An Account already carrying this customer's id is the upsert's match.
    if (sameName.some((r) => r[EXTERNAL_ID_FIELD] === plan.item.recordId)) {
      kept.push(plan);
      continue;
    }
    const free = sameName.filter((r) => r[EXTERNAL_ID_FIELD] === null || r[EXTERNAL_ID_FIELD] === undefined || r[EXTERNAL_ID_FIELD] === '');
    const [only] = free;
    if (free.length === 1 && only !== undefined) {
      const id = String(only.Id);
      kept.push({ ...plan, write: { ...plan.write, id }, warnings: [...plan.warnings, { code: 'MATCHED_BY_NAME', message: `${explain('MATCHED_BY_NAME')} (Account ${id})` }] });
    } else if (free.length > 1) {
      outcomes.push(failed(plan.item, 'AMBIGUOUS_NAME_MATCH', `Accounts named "${String(plan.write.values.Name)}": ${free.map((r) => String(r.Id)).join(', ')}. ${explain('AMBIGUOUS_NAME_MATCH')}`));
    } else {
      kept.push(plan);
    }
  }
  return { planned: kept, outcomes };
}

function customerItem(customerId: string, now: Date): WorkItem {
  return { queueId: null, recordType: 'customer', recordId: customerId, customerId, operation: 'upsert', attempts: 0, externalId: null, changedAt: now.toISOString() };
}

export interface EligibleContact {
  item: WorkItem;
  contact: NsContact;
  customer: NsCustomer;
}

export type PlannedWrite = Omit<Planned, 'matchedByEmail' | 'warnings'>;

/** Why a contact's customer keeps it from syncing (none, locked, inactive), or null. */
function customerBlocks(item: WorkItem, customer: NsCustomer | undefined, settings: Settings): Outcome | null {
  if (customer === undefined) return skipped(item, 'ORPHAN_CONTACT');
  if (customer.locked) return skipped(item, 'CUSTOMER_LOCKED');
  if (customer.inactive && settings.skipInactive) return skipped(item, 'INACTIVE_RECORD', `${explain('INACTIVE_RECORD')} (customer ${customer.id} is inactive)`);
  return null;
}

/** Step 1, guard: contacts that may sync (found, not locked or inactive, with a customer that may sync). */
function eligibleContacts(deps: PlanDeps, items: readonly WorkItem[], contacts: Map<string, NsContact>, customers: Map<string, NsCustomer>): { eligible: EligibleContact[]; outcomes: Outcome[] } {
  const eligible: EligibleContact[] = [];
  const outcomes: Outcome[] = [];
  for (const item of items) {
    const contact = contacts.get(item.recordId);
    const customer = contact?.customerId == null ? undefined : customers.get(contact.customerId);
    const blocked = contact === undefined ? skipped(item, 'RECORD_NOT_FOUND') : guard(item, contact, deps.settings) ?? customerBlocks(item, customer, deps.settings);
    if (blocked === null && contact !== undefined && customer !== undefined) eligible.push({ item, contact, customer });
    else outcomes.push(blocked ?? skipped(item, 'ORPHAN_CONTACT'));
  }
  return { eligible, outcomes };
}

/**
 * Step 2, accounts: with "sync customer first", one Account request for every customer of the batch that has none
 * yet; `customers` then holds their new Salesforce ids. Their outcomes are returned so the caller writes them back.
 */
function pushMissingAccounts(deps: PushDeps, eligible: readonly EligibleContact[], customers: Map<string, NsCustomer>): Outcome[] {
  const unsynced = [...new Set(eligible.filter((e) => e.customer.salesforceId === null).map((e) => e.customer.id))];
  if (unsynced.length === 0 || !deps.settings.syncParentFirst) return [];
  const accountOutcomes = pushCustomers(deps, unsynced.map((id) => customerItem(id, deps.now())), customers, deps.mappings.customer);
  for (const outcome of accountOutcomes) {
    const customer = customers.get(outcome.item.recordId);
    if (customer !== undefined && outcome.status === 'Completed' && outcome.externalId !== null) {
      customers.set(customer.id, { ...customer, salesforceId: outcome.externalId, syncedHash: outcome.payloadHash, snapshot: null });
    }
  }
  return accountOutcomes;
}

/** Why the contact's customer has no Account, in the words of this batch (never a hint to turn on what is on). */
function accountNotSynced(parentFirst: boolean, customerId: string, accountOutcome: Outcome | undefined): string {
  const head = 'The contact\'s customer has no Salesforce Account yet, so the contact waits until the customer is synced.';
  if (!parentFirst) return `${head} "Sync Customer Before Its Contacts" is off: turn it on to send the customer first, or sync customer ${customerId}.`;
  if (accountOutcome !== undefined) return `${head} Customer ${customerId}: ${accountOutcome.code}: ${accountOutcome.message}`;
  return `${head} Customer ${customerId} was not sent in this batch (see its own CRM Sync status).`;
}

/** An unlinked contact's write before matching: its email decides which Salesforce record it becomes. */
export interface UnlinkedWrite {
  plan: PlannedWrite;
  email: string;
}

/** What the pure planning steps need of the push's dependencies (no Salesforce client, no reader). */
export type PlanDeps = Pick<PushDeps, 'settings' | 'mappings' | 'now' | 'currencies'>;

/** Step 3, plan writes (pure): linked contacts update by their stored Salesforce id; the others need an email match first. */
export function planContactWrites(deps: PlanDeps, eligible: readonly EligibleContact[], customers: Map<string, NsCustomer>, accountFailures: ReadonlyMap<string, Outcome> = new Map()): { linked: PlannedWrite[]; unlinked: UnlinkedWrite[]; outcomes: Outcome[] } {
  const linked: PlannedWrite[] = [];
  const unlinked: UnlinkedWrite[] = [];
  const outcomes: Outcome[] = [];
  for (const { item, contact, customer: original } of eligible) {
    const customer = customers.get(original.id) ?? original;
    const accountFailure = accountFailures.get(original.id);
    if (customer.salesforceId === null && accountFailure?.status === 'Waiting') {
      // The Account waits for quota: so does the contact, with the same reason and no attempt used.
      outcomes.push(waiting(item, accountFailure.code, accountFailure.message, deps.now()));
      continue;
    }
    if (customer.salesforceId === null && accountFailure?.status === 'Failed') {
      // A permanent Account failure would only burn the contact's attempts: it waits Failed with the cause instead.
      outcomes.push(failed(item, 'ACCOUNT_FAILED', `${explain('ACCOUNT_FAILED')} Customer ${original.id}: ${accountFailure.code}: ${accountFailure.message}`));
      continue;
    }
    if (customer.salesforceId === null) {
      outcomes.push(retrying(item, 'ACCOUNT_NOT_SYNCED', accountNotSynced(deps.settings.syncParentFirst, original.id, accountFailure), deps.now(), deps.settings.maxAttempts));
      continue;
    }
    const plan = planWrite(item, 'Contact', contact, buildContactPayload(contact, customer, deps.mappings.contact, deps.currencies ?? null), deps.settings);
    if (isOutcome(plan)) outcomes.push(plan);
    else if (contact.salesforceId !== null) linked.push(plan);
    else if (typeof plan.write.values.Email !== 'string') outcomes.push(skipped(item, 'NO_EMAIL'));
    else unlinked.push({ plan, email: plan.write.values.Email });
  }
  return { linked, unlinked, outcomes };
}

/** The in-batch SOQL still needed: stored links to verify, and unlinked contacts without a usable up-front match. */
export function batchMatchQuery(linked: readonly PlannedWrite[], unlinked: readonly UnlinkedWrite[], prematched: ReadonlyMap<string, PreMatch>, mappings: MappingSet, withNetsuiteId = true): string | null {
  const requests = unlinked.filter((n) => usablePreMatch(n, prematched) === undefined).map((n) => ({ netsuiteId: n.plan.item.recordId, email: n.email }));
  return buildMatchQuery(requests, linked.map((p) => p.write.id ?? ''), conflictFields(mappings.contact), withNetsuiteId);
}

/** The up-front match of an unlinked contact, if it was made for the email the contact has now. */
function usablePreMatch(unlinked: UnlinkedWrite, prematched: ReadonlyMap<string, PreMatch>): PreMatch | undefined {
  const pre = prematched.get(unlinked.plan.item.recordId);
  if (pre === undefined || pre.email === null || normaliseEmail(pre.email) !== normaliseEmail(unlinked.email)) return undefined;
  return pre;
}

/**
 * Step 4, link (pure): each unlinked contact's Salesforce twin comes from the run's up-front match or, failing that,
 * from the batch's SOQL (by NetSuite id or email); stored links are verified against the targets that SOQL read. A
 * match becomes an update of that record (reason MATCHED_BY_EMAIL), no match an upsert by external id (SYNCED); a
 * stored link whose target carries another NetSuite id is refused (someone pointed this record at another).
 */
export function decideContactWrites(deps: PlanDeps, linked: readonly PlannedWrite[], unlinked: readonly UnlinkedWrite[], candidates: readonly ContactCandidate[], prematched: ReadonlyMap<string, PreMatch> = new Map(), linksRead = false, removed: ReadonlyMap<string, RemovedTarget> = new Map()): { planned: Planned[]; outcomes: Outcome[] } {
  const { settings, mappings } = deps;
  const planned: Planned[] = [];
  const outcomes: Outcome[] = [];
  for (const plan of linked) {
    const target = candidates.find((c) => c.Id === plan.write.id);
    if (target === undefined && linksRead) {
      outcomes.push(linkGone(plan.item, 'Contact', plan.write.id ?? '', removed.get(plan.write.id ?? ''), deps.now(), settings.maxAttempts));
      continue;
    }
    const claimedBy = foreignClaim(plan.item.recordId, target);
    if (claimedBy !== null) {
      outcomes.push(linkRefused(plan, claimedBy));
      continue;
    }
    const resolved = resolveConflicts(plan, target as Record<string, unknown> | undefined, mappings.contact);
    if (hasChanges(resolved.plan)) planned.push({ ...resolved.plan, matchedByEmail: false, warnings: resolved.warnings, ...(target === undefined ? {} : { linkTarget: 'found' as const }) });
    else outcomes.push(completed(plan.item, 'skip', plan.write.id ?? null, plan.hash, 'NO_CHANGE'));
  }
  const storedIds = linked.map((p) => p.write.id ?? '');
  const pre = new Map(unlinked.flatMap((n) => {
    const found = usablePreMatch(n, prematched);
    return found === undefined ? [] : [[n.plan.item.recordId, found] as const];
  }));
  const requests: MatchRequest[] = unlinked.filter((n) => !pre.has(n.plan.item.recordId)).map((n) => ({ netsuiteId: n.plan.item.recordId, email: n.email }));
  // Records matched up front are taken: the batch's own matching never hands them to another contact.
  const taken = [...storedIds, ...[...pre.values()].flatMap((m) => (m.salesforceId === null ? [] : [m.salesforceId]))];
  const matches = matchContacts(requests, candidates, taken);
  for (const { plan } of unlinked) {
    const early = pre.get(plan.item.recordId);
    const match = early === undefined ? matches.get(plan.item.recordId) : early.salesforceId === null ? undefined : { ...early, salesforceId: early.salesforceId };
    if (match === undefined) {
      planned.push({ ...plan, matchedByEmail: false, warnings: [] });
    } else if (settings.createOnly && match.byEmail) {
      outcomes.push({ ...skipped(plan.item, 'CREATE_ONLY'), externalId: match.salesforceId });
    } else {
      const warnings: Outcome['warnings'] = match.alsoMatching.length > 0
        ? [{ code: 'AMBIGUOUS_EMAIL_MATCH', message: `${explain('AMBIGUOUS_EMAIL_MATCH')} Chose ${match.salesforceId}; also matching: ${match.alsoMatching.join(', ')}.` }]
        : [];
      planned.push({ ...plan, write: { ...plan.write, id: match.salesforceId }, matchedByEmail: match.byEmail, warnings });
    }
  }
  return { planned, outcomes };
}

/**
 * The run's up-front read of the stored links' targets (made with the up-front match, in the same /composite request):
 * `ids` the Salesforce ids it asked for, `targets` the rows it found (Id, NetSuite id and the fields the push may
 * write), `readAt` when. A target asked for and not found is missing, exactly as if the batch's own SOQL missed it.
 */
export interface LinkRead {
  readAt: string;
  ids: readonly string[];
  targets: readonly Record<string, unknown>[];
}

/**
 * How old the up-front link read may be when a batch uses it instead of reading the targets itself. Within it, a
 * Salesforce edit made after the read and before the batch's write is not seen by the conflict check: a field NetSuite
 * owns is sent as it would be anyway (only the CONFLICT_NETSUITE_WINS warning is not written). A write that carries a
 * field Salesforce owns never relies on it (see linkedReadUpFront).
 */
export const LINK_READ_MAX_AGE_MS = 10 * 60_000;

/**
 * The linked writes whose targets the run read up front, if that read is recent enough. A write carrying a field
 * Salesforce owns is not among them: its batch reads the target next to the write, so a Salesforce edit to that field
 * is never overwritten with NetSuite's older value.
 */
function linkedReadUpFront(deps: PushDeps, linked: readonly PlannedWrite[], linkRead: LinkRead | undefined): PlannedWrite[] {
  if (linkRead === undefined || deps.org?.netsuiteIdReadable === false) return [];
  const age = deps.now().getTime() - Date.parse(linkRead.readAt);
  if (!(age >= 0 && age <= LINK_READ_MAX_AGE_MS)) return [];
  const asked = new Set(linkRead.ids);
  const salesforceOwned = new Set(deps.mappings.contact.filter((m) => m.owner === 'salesforce').map((m) => m.target));
  return linked.filter((p) => asked.has(p.write.id ?? '') && !Object.keys(p.write.values).some((field) => salesforceOwned.has(field)));
}

/**
 * Step 4 with its one read: the batch's SOQL when one is still needed, then the pure decision. Stored links the run
 * read up front (`linkRead`) need no read here: a batch of linked contacts edited since their last sync sends its
 * write and nothing else.
 */
function linkContacts(deps: PushDeps, linked: readonly PlannedWrite[], unlinked: readonly UnlinkedWrite[], prematched: ReadonlyMap<string, PreMatch>, linkRead?: LinkRead): { planned: Planned[]; outcomes: Outcome[] } {
  if (linked.length === 0 && unlinked.length === 0) return { planned: [], outcomes: [] };
  const readBefore = linkedReadUpFront(deps, linked, linkRead);
  const soql = batchMatchQuery(linked.filter((p) => !readBefore.includes(p)), unlinked, prematched, deps.mappings, deps.org?.netsuiteIdReadable ?? true);
  let candidates: ContactCandidate[] = readBefore.length === 0 ? [] : (linkRead?.targets ?? []).filter((t) => readBefore.some((p) => p.write.id === t.Id)) as unknown as ContactCandidate[];
  try {
    if (soql !== null) candidates = [...candidates, ...(deps.salesforce.query(soql) as unknown as ContactCandidate[])];
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    const outcomes = [...linked, ...unlinked.map((n) => n.plan)].map((plan) => failedOrRetrying(plan.item, error, deps.now(), deps.settings.maxAttempts));
    return { planned: [], outcomes };
  }
  // Stored ids are read only where the org's NetSuite id field is readable (buildMatchQuery, linkedReadUpFront).
  const linksRead = (soql !== null || readBefore.length > 0) && (deps.org?.netsuiteIdReadable ?? true);
  const missing = linksRead ? linked.filter((p) => !candidates.some((c) => c.Id === p.write.id)) : [];
  let removed = new Map<string, RemovedTarget>();
  try {
    removed = readRemovedTargets(deps, 'Contact', missing.map((p) => p.write.id ?? ''));
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    // Without the second read nothing is cleared: the missing ones retry (or wait for quota), the rest go on.
    const decided = decideContactWrites(deps, linked.filter((p) => !missing.includes(p)), unlinked, candidates, prematched, linksRead);
    return { planned: decided.planned, outcomes: [...missing.map((p) => failedOrRetrying(p.item, error, deps.now(), deps.settings.maxAttempts)), ...decided.outcomes] };
  }
  return decideContactWrites(deps, linked, unlinked, candidates, prematched, linksRead, removed);
}

/** A stored link refused: Failed (an admin decides which record is right), the stored id kept for them to see. */
function linkRefused(plan: PlannedWrite, claimedBy: string): Outcome {
  const target = plan.write.id ?? '';
  return { ...failed(plan.item, 'LINK_CLAIM_REJECTED', `${explain('LINK_CLAIM_REJECTED')} ${plan.write.type} ${target} carries NetSuite id ${claimedBy}, not ${plan.item.recordId}; nothing was written to it.`), externalId: target };
}

/** Reads the targets of stored Account links (one SOQL) and refuses those that carry another NetSuite id. */
function verifyAccountLinks(deps: PushDeps, planned: readonly Planned[]): { planned: Planned[]; outcomes: Outcome[] } {
  const linked = planned.filter((p) => p.write.id !== undefined);
  if (linked.length === 0) return { planned: [...planned], outcomes: [] };
  // Without a readable NetSuite id field in the org no Account can carry a claim to check; the targets are read anyway.
  const withClaims = deps.org?.netsuiteIdReadable !== false;
  let targets: Record<string, unknown>[];
  try {
    const fields = [...new Set(['Id', ...(withClaims ? [EXTERNAL_ID_FIELD] : []), ...conflictFields(deps.mappings.customer)])];
    targets = deps.salesforce.query(`SELECT ${fields.join(', ')} FROM Account WHERE Id IN (${[...new Set(linked.map((p) => soqlString(p.write.id ?? '')))].join(', ')})`);
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    return { planned: planned.filter((p) => p.write.id === undefined), outcomes: linked.map((p) => failedOrRetrying(p.item, error, deps.now(), deps.settings.maxAttempts)) };
  }
  const missing = linked.filter((p) => !targets.some((t) => t.Id === p.write.id));
  let removed = new Map<string, RemovedTarget>();
  try {
    removed = readRemovedTargets(deps, 'Account', missing.map((p) => p.write.id ?? ''));
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    // Without the second read nothing is cleared: the missing ones retry (or wait for quota), the rest go on.
    const rest = verifiedAgainst(deps, planned.filter((p) => !missing.includes(p)), targets, removed);
    return { planned: rest.planned, outcomes: [...missing.map((p) => failedOrRetrying(p.item, error, deps.now(), deps.settings.maxAttempts)), ...rest.outcomes] };
  }
  return verifiedAgainst(deps, planned, targets, removed);
}

/** The Account plans checked against the targets the link read found (and the second read of the missing ones). */
function verifiedAgainst(deps: PushDeps, planned: readonly Planned[], targets: readonly Record<string, unknown>[], removed: ReadonlyMap<string, RemovedTarget>): { planned: Planned[]; outcomes: Outcome[] } {
  const kept: Planned[] = [];
  const outcomes: Outcome[] = [];
  for (const plan of planned) {
    const target = plan.write.id === undefined ? undefined : targets.find((t) => t.Id === plan.write.id);
    if (plan.write.id !== undefined && target === undefined) {
      outcomes.push(linkGone(plan.item, 'Account', plan.write.id, removed.get(plan.write.id), deps.now(), deps.settings.maxAttempts));
      continue;
    }
    const claimedBy = plan.write.id === undefined ? null : foreignClaim(plan.item.recordId, target);
    if (claimedBy !== null) {
      outcomes.push(linkRefused(plan, claimedBy));
      continue;
    }
    const resolved = resolveConflicts(plan, target, deps.mappings.customer);
    if (hasChanges(resolved.plan)) kept.push({ ...plan, ...resolved.plan, warnings: [...plan.warnings, ...resolved.warnings], ...(target === undefined ? {} : { linkTarget: 'found' as const }) });
    else outcomes.push(completed(plan.item, 'skip', plan.write.id ?? null, plan.hash, 'NO_CHANGE'));
  }
  return { planned: kept, outcomes };
}

/**
 * The plan of one contact batch without writing anything (the preview and the push share it): guard → plan writes →
 * link. `candidates`: what the batch's SOQL (batchMatchQuery) returned, [] when none was needed; `prematched`: the
 * run's up-front matches. Customers without an Account are not pushed here: their contacts wait (ACCOUNT_NOT_SYNCED).
 */
export function planContactBatch(deps: PlanDeps, items: readonly WorkItem[], contacts: Map<string, NsContact>, customers: Map<string, NsCustomer>, candidates: readonly ContactCandidate[], prematched: ReadonlyMap<string, PreMatch> = new Map(), linksRead = false): { writes: Planned[]; outcomes: Outcome[] } {
  const guarded = eligibleContacts(deps, items, contacts, customers);
  const writes = planContactWrites(deps, guarded.eligible, customers);
  const decided = decideContactWrites(deps, writes.linked, writes.unlinked, candidates, prematched, linksRead);
  return { writes: decided.planned, outcomes: [...guarded.outcomes, ...writes.outcomes, ...decided.outcomes] };
}

/**
 * Contacts of one batch: guard → accounts → plan writes → link (verify stored links, match the rest by email unless
 * the run matched them up front) → send. `prematched`: the run's up-front matches (see matchUpFront); `linkRead`: the
 * run's up-front read of the stored links' targets (see LinkRead).
 */
export function pushContacts(deps: PushDeps, items: readonly WorkItem[], prematched: ReadonlyMap<string, PreMatch> = new Map(), linkRead?: LinkRead): Outcome[] {
  const contacts = deps.reader.contacts(items.map((i) => i.recordId));
  const customerIds = [...new Set([...contacts.values()].flatMap((c) => (c.customerId === null ? [] : [c.customerId])))];
  const customers = customerIds.length > 0 ? deps.reader.customers(customerIds) : new Map<string, NsCustomer>();
  const guarded = eligibleContacts(deps, items, contacts, customers);
  const accountOutcomes = pushMissingAccounts(deps, guarded.eligible, customers);
  const accountFailures = new Map(accountOutcomes.filter((o) => o.status === 'Failed' || o.status === 'Waiting' || o.status === 'Retrying').map((o) => [o.item.recordId, o]));
  const writes = planContactWrites(deps, guarded.eligible, customers, accountFailures);
  const linked = linkContacts(deps, writes.linked, writes.unlinked, prematched, linkRead);
  return [...guarded.outcomes, ...accountOutcomes, ...writes.outcomes, ...linked.outcomes, ...send(deps, 'Contact', linked.planned)];
}

/**
 * A batch of several contact writes (`writes`: the sizes of its consecutive writes, each ≤ 15 contacts): the contacts
 * and their customers are read once for all of them, then each write is planned and sent in turn, exactly as
 * pushContacts does for one. An Account a write created is known to the writes after it.
 */
export function pushContactWrites(deps: PushDeps, items: readonly WorkItem[], writes: readonly number[], prematched: ReadonlyMap<string, PreMatch> = new Map(), linkRead?: LinkRead): Outcome[] {
  if (writes.length <= 1) return pushContacts(deps, items, prematched, linkRead);
  // Sizes that do not add up to the items (never planned so) fall back to writes of the largest allowed size.
  const sizes = writes.reduce((a, b) => a + b, 0) === items.length && writes.every((n) => n > 0 && n <= MAX_CONTACTS_PER_REQUEST)
    ? writes
    : Array.from({ length: Math.ceil(items.length / MAX_CONTACTS_PER_REQUEST) }, (_, i) => Math.min(MAX_CONTACTS_PER_REQUEST, items.length - i * MAX_CONTACTS_PER_REQUEST));
  const contacts = deps.reader.contacts(items.map((i) => i.recordId));
  const customerIds = [...new Set([...contacts.values()].flatMap((c) => (c.customerId === null ? [] : [c.customerId])))];
  const customers = customerIds.length > 0 ? deps.reader.customers(customerIds) : new Map<string, NsCustomer>();
  const pick = <T>(all: ReadonlyMap<string, T>, ids: readonly string[]): Map<string, T> => new Map(ids.flatMap((id) => {
    const found = all.get(id);
    return found === undefined ? [] : [[id, found] as const];
  }));
  const reader = { contacts: (ids: readonly string[]) => pick(contacts, ids), customers: (ids: readonly string[]) => pick(customers, ids) };
  const outcomes: Outcome[] = [];
  let start = 0;
  for (const size of sizes) {
    const slice = items.slice(start, start + size);
    start += size;
    const sent = pushContacts({ ...deps, reader }, slice, prematched, linkRead);
    for (const o of sent) {
      const customer = o.item.recordType === 'customer' ? customers.get(o.item.recordId) : undefined;
      if (customer !== undefined && o.status === 'Completed' && o.externalId !== null) customers.set(customer.id, { ...customer, salesforceId: o.externalId, syncedHash: o.payloadHash, snapshot: null });
    }
    outcomes.push(...sent);
  }
  return outcomes;
}

/** Deletes follow the admin's policy; a record never synced needs nothing in the CRM. */
export function pushDeletes(deps: PushDeps, items: readonly WorkItem[]): Outcome[] {
  const outcomes: Outcome[] = [];
  const linked = items.filter((i) => i.externalId !== null);
  for (const item of items) {
    if (item.externalId === null) outcomes.push(skipped(item, 'NOT_IN_CRM'));
    else if (deps.settings.deletePolicy === 'ignore') outcomes.push(skipped(item, 'DELETE_IGNORED'));
  }
  if (deps.settings.deletePolicy === 'ignore' || linked.length === 0) return outcomes;
  const planned: Planned[] = linked.map((item) => ({
    item,
    write: { type: item.recordType === 'customer' ? 'Account' : 'Contact', id: item.externalId ?? '', values: { [EXTERNAL_ID_FIELD]: null } },
    hash: '',
    base: null,
    snapshot: {},
    matchedByEmail: false,
    warnings: [],
  }));
  if (deps.settings.deletePolicy === 'unlink') {
    return [...outcomes, ...send(deps, 'Contact', planned).map((o) => (o.status === 'Completed' ? { ...o, operation: 'update' as const, code: 'UNLINKED_IN_CRM' as const, message: explain('UNLINKED_IN_CRM') } : o))];
  }
  try {
    const results = deps.salesforce.remove(linked.map((i) => i.externalId ?? ''));
    linked.forEach((item, index) => {
      const result = results[index];
      const gone = result?.success === true || result?.errors[0]?.statusCode === 'ENTITY_IS_DELETED';
      if (gone) outcomes.push({ ...completed(item, 'delete', item.externalId, null, 'DELETED_IN_CRM') });
      else {
        outcomes.push(failedOrRetrying(item, classifySalesforceErrors(result?.errors ?? []), deps.now(), deps.settings.maxAttempts));
      }
    });
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    for (const item of linked) outcomes.push(failedOrRetrying(item, error, deps.now(), deps.settings.maxAttempts));
  }
  return outcomes;
}

/**
 * What the run matches up front (pure): every unlinked contact with an email (the address its payload would carry),
 * in plan order, and the Salesforce ids stored on the linked ones (never handed to an email match).
 */
export function preMatchRequests(items: readonly WorkItem[], contacts: ReadonlyMap<string, NsContact>, mappings: MappingSet): { requests: MatchRequest[]; storedIds: string[] } {
  const emailRows = mappings.contact.filter((m) => m.target === 'Email');
  const requests: MatchRequest[] = [];
  const storedIds: string[] = [];
  for (const item of items) {
    const contact = contacts.get(item.recordId);
    if (contact === undefined) continue;
    if (contact.salesforceId !== null) {
      storedIds.push(contact.salesforceId);
      continue;
    }
    const payload = buildContactPayload(contact, null, emailRows);
    const email = payload.ok ? payload.values.Email : null;
    if (typeof email === 'string' && email !== '') requests.push({ netsuiteId: contact.id, email });
  }
  return { requests, storedIds };
}
