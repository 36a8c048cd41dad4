/**
 * The outbound sync of one batch (NetSuite → Salesforce). Pure orchestration over ports: read the records,
 * decide (skip, match, update, create), send at most one SOQL and two collection requests, and return an
 * outcome per record. Writing the outcomes back to NetSuite is the caller's job.
 */
import { buildAccountPayload, buildContactPayload, type PayloadResult } from './mapping/build-payload';
import type { FieldMapping, MappingSet } from './mapping/field-map';
import { buildMatchQuery, EXTERNAL_ID_FIELD, foreignClaim, matchContacts, type ContactCandidate, type MatchRequest } from './matching';
import { soqlString } from './salesforce-results';
import { isCrmTransportError } from './errors';
import { completed, failed, failedOrRetrying, retrying, skipped, waiting } from './outcomes';
import { classifySalesforceErrors } from './salesforce-results';
import type { NsContact, NsCustomer, Outcome, Settings, WorkItem } from './model';
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

interface Planned {
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
}

/** Sends updates (by Salesforce id) and creates (upsert by external id) and turns results into outcomes. */
const EXCERPT_CHARS = 2000;

/** What was sent for the record and what Salesforce answered about it, shortened; the log redacts personal data. */
function failureExcerpt(type: SObjectType, planned: Planned, result: SaveResult | undefined): string {
  const request = { sObject: type, ...(planned.write.id === undefined ? { upsertBy: EXTERNAL_ID_FIELD } : { id: planned.write.id }), fields: planned.write.values };
  return `Request: ${JSON.stringify(request)}\nResponse: ${JSON.stringify(result ?? null)}`.slice(0, EXCERPT_CHARS);
}

function send(deps: PushDeps, type: SObjectType, planned: readonly Planned[]): Outcome[] {
  const updates = planned.filter((p) => p.write.id !== undefined);
  const creates = planned.filter((p) => p.write.id === undefined);
  const outcomes: Outcome[] = [];
  const run = (group: readonly Planned[], call: () => SaveResult[]): void => {
    if (group.length === 0) return;
    let results: SaveResult[];
    try {
      results = call();
    } catch (error) {
      if (!isCrmTransportError(error)) throw error;
      for (const p of group) outcomes.push(failedOrRetrying(p.item, error, deps.now(), deps.settings.maxAttempts));
      return;
    }
    group.forEach((p, index) => {
      const result = results[index];
      if (result?.success === true && result.id !== null) {
        const operation = p.write.id !== undefined ? 'update' : result.created === false ? 'update' : 'create';
        const outcome = completed(p.item, operation, result.id, p.hash, p.matchedByEmail ? 'MATCHED_BY_EMAIL' : 'SYNCED');
        outcomes.push({ ...outcome, snapshot: serializeSnapshot(p.snapshot), warnings: p.warnings });
        return;
      }
      const classified = classifySalesforceErrors(result?.errors ?? []);
      const outcome = failedOrRetrying(p.item, classified, deps.now(), deps.settings.maxAttempts);
      outcomes.push({ ...outcome, clearLink: classified.clearLink, warnings: p.warnings, excerpt: failureExcerpt(type, p, result) });
    });
  };
  run(updates, () => deps.salesforce.update(updates.map((p) => p.write)));
  if (deps.org?.externalIdReady === false) {
    // Without an External ID to upsert by, a retried create could duplicate: create nothing until the admin fixes it.
    for (const p of creates) outcomes.push({ ...failed(p.item, 'SF_EXTERNAL_ID_MISSING', explain('SF_EXTERNAL_ID_MISSING')), warnings: p.warnings });
    return outcomes;
  }
  run(creates, () => deps.salesforce.upsert(type, EXTERNAL_ID_FIELD, creates.map((p) => p.write)));
  return outcomes;
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
function conflictFields(mappings: readonly FieldMapping[]): string[] {
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
  const verified = verifyAccountLinks(deps, planned);
  return [...outcomes, ...verified.outcomes, ...send(deps, 'Account', verified.planned)];
}

function customerItem(customerId: string, now: Date): WorkItem {
  return { queueId: null, recordType: 'customer', recordId: customerId, customerId, operation: 'upsert', attempts: 0, externalId: null, changedAt: now.toISOString() };
}

interface EligibleContact {
  item: WorkItem;
  contact: NsContact;
  customer: NsCustomer;
}

type PlannedWrite = Omit<Planned, 'matchedByEmail' | 'warnings'>;

/** Why a contact's customer keeps it from syncing (none, locked, inactive), or null. */
function customerBlocks(item: WorkItem, customer: NsCustomer | undefined, settings: Settings): Outcome | null {
  if (customer === undefined) return skipped(item, 'ORPHAN_CONTACT');
  if (customer.locked) return skipped(item, 'CUSTOMER_LOCKED');
  if (customer.inactive && settings.skipInactive) return skipped(item, 'INACTIVE_RECORD', `${explain('INACTIVE_RECORD')} (customer ${customer.id} is inactive)`);
  return null;
}

/** Step 1, guard: contacts that may sync (found, not locked or inactive, with a customer that may sync). */
function eligibleContacts(deps: PushDeps, items: readonly WorkItem[], contacts: Map<string, NsContact>, customers: Map<string, NsCustomer>): { eligible: EligibleContact[]; outcomes: Outcome[] } {
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

/** Step 3, plan writes: linked contacts update by their stored Salesforce id; the others need an email match first. */
function planContactWrites(deps: PushDeps, eligible: readonly EligibleContact[], customers: Map<string, NsCustomer>, accountFailures: ReadonlyMap<string, Outcome> = new Map()): { linked: PlannedWrite[]; unlinked: { plan: PlannedWrite; email: string }[]; outcomes: Outcome[] } {
  const linked: PlannedWrite[] = [];
  const unlinked: { plan: PlannedWrite; email: string }[] = [];
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

/**
 * Step 4, link: one SOQL for the batch finds each unlinked contact's Salesforce twin (by NetSuite id or email) and
 * reads the targets of the stored links. A match becomes an update of that record, no match an upsert by external
 * id; a stored link whose target carries another NetSuite id is refused (someone pointed this record at another).
 */
function linkContacts(deps: PushDeps, linked: readonly PlannedWrite[], unlinked: readonly { plan: PlannedWrite; email: string }[]): { planned: Planned[]; outcomes: Outcome[] } {
  const planned: Planned[] = [];
  const outcomes: Outcome[] = [];
  if (linked.length === 0 && unlinked.length === 0) return { planned, outcomes };
  const requests: MatchRequest[] = unlinked.map((n) => ({ netsuiteId: n.plan.item.recordId, email: n.email }));
  const storedIds = linked.map((p) => p.write.id ?? '');
  const soql = buildMatchQuery(requests, storedIds, conflictFields(deps.mappings.contact), deps.org?.netsuiteIdReadable ?? true);
  let candidates: ContactCandidate[] = [];
  try {
    if (soql !== null) candidates = deps.salesforce.query(soql) as unknown as ContactCandidate[];
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    for (const plan of [...linked, ...unlinked.map((n) => n.plan)]) outcomes.push(failedOrRetrying(plan.item, error, deps.now(), deps.settings.maxAttempts));
    return { planned, outcomes };
  }
  for (const plan of linked) {
    const target = candidates.find((c) => c.Id === plan.write.id);
    const claimedBy = foreignClaim(plan.item.recordId, target);
    if (claimedBy !== null) {
      outcomes.push(linkRefused(plan, claimedBy));
      continue;
    }
    const resolved = resolveConflicts(plan, target as Record<string, unknown> | undefined, deps.mappings.contact);
    if (hasChanges(resolved.plan)) planned.push({ ...resolved.plan, matchedByEmail: false, warnings: resolved.warnings });
    else outcomes.push(completed(plan.item, 'skip', plan.write.id ?? null, plan.hash, 'NO_CHANGE'));
  }
  const matches = matchContacts(requests, candidates, storedIds);
  for (const { plan } of unlinked) {
    const match = matches.get(plan.item.recordId);
    if (match === undefined) {
      planned.push({ ...plan, matchedByEmail: false, warnings: [] });
    } else if (deps.settings.createOnly && match.byEmail) {
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

/** A stored link refused: Failed (an admin decides which record is right), the stored id kept for them to see. */
function linkRefused(plan: PlannedWrite, claimedBy: string): Outcome {
  const target = plan.write.id ?? '';
  return { ...failed(plan.item, 'LINK_CLAIM_REJECTED', `${explain('LINK_CLAIM_REJECTED')} ${plan.write.type} ${target} carries NetSuite id ${claimedBy}, not ${plan.item.recordId}; nothing was written to it.`), externalId: target };
}

/** Reads the targets of stored Account links (one SOQL) and refuses those that carry another NetSuite id. */
function verifyAccountLinks(deps: PushDeps, planned: readonly Planned[]): { planned: Planned[]; outcomes: Outcome[] } {
  const linked = planned.filter((p) => p.write.id !== undefined);
  // Without a readable NetSuite id field in the org no Account can carry a claim to check.
  if (linked.length === 0 || deps.org?.netsuiteIdReadable === false) return { planned: [...planned], outcomes: [] };
  let targets: Record<string, unknown>[];
  try {
    const fields = [...new Set(['Id', EXTERNAL_ID_FIELD, ...conflictFields(deps.mappings.customer)])];
    targets = deps.salesforce.query(`SELECT ${fields.join(', ')} FROM Account WHERE Id IN (${[...new Set(linked.map((p) => soqlString(p.write.id ?? '')))].join(', ')})`);
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    return { planned: planned.filter((p) => p.write.id === undefined), outcomes: linked.map((p) => failedOrRetrying(p.item, error, deps.now(), deps.settings.maxAttempts)) };
  }
  const kept: Planned[] = [];
  const outcomes: Outcome[] = [];
  for (const plan of planned) {
    const target = plan.write.id === undefined ? undefined : targets.find((t) => t.Id === plan.write.id);
    const claimedBy = plan.write.id === undefined ? null : foreignClaim(plan.item.recordId, target);
    if (claimedBy !== null) {
      outcomes.push(linkRefused(plan, claimedBy));
      continue;
    }
    const resolved = resolveConflicts(plan, target, deps.mappings.customer);
    if (hasChanges(resolved.plan)) kept.push({ ...plan, ...resolved.plan, warnings: [...plan.warnings, ...resolved.warnings] });
    else outcomes.push(completed(plan.item, 'skip', plan.write.id ?? null, plan.hash, 'NO_CHANGE'));
  }
  return { planned: kept, outcomes };
}

/** Contacts of one batch: guard → accounts → plan writes → link (verify stored links, match the rest by email) → send. */
export function pushContacts(deps: PushDeps, items: readonly WorkItem[]): Outcome[] {
  const contacts = deps.reader.contacts(items.map((i) => i.recordId));
  const customerIds = [...new Set([...contacts.values()].flatMap((c) => (c.customerId === null ? [] : [c.customerId])))];
  const customers = customerIds.length > 0 ? deps.reader.customers(customerIds) : new Map<string, NsCustomer>();
  const guarded = eligibleContacts(deps, items, contacts, customers);
  const accountOutcomes = pushMissingAccounts(deps, guarded.eligible, customers);
  const accountFailures = new Map(accountOutcomes.filter((o) => o.status === 'Failed' || o.status === 'Waiting' || o.status === 'Retrying').map((o) => [o.item.recordId, o]));
  const writes = planContactWrites(deps, guarded.eligible, customers, accountFailures);
  const linked = linkContacts(deps, writes.linked, writes.unlinked);
  return [...guarded.outcomes, ...accountOutcomes, ...writes.outcomes, ...linked.outcomes, ...send(deps, 'Contact', linked.planned)];
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
