/**
 * The inbound sync of one batch (Salesforce → NetSuite): pure decisions over what the adapters read. For each
 * changed Salesforce record: find the NetSuite record (stored id, then email for contacts), respect lock and
 * create-only, apply per-field ownership and the blank rule, and say what to write — including the payload
 * hash the push will compare against, so a pulled change is never pushed back (no ping-pong).
 */
import { buildAccountPayload, buildContactPayload, type PayloadResult } from './mapping/build-payload';
import { normaliseEmail } from './mapping/email';
import { DERIVED_SOURCES, type FieldMapping, type MappingSet } from './mapping/field-map';
import type { FieldValue, NsContact, NsCustomer } from './model';
import { explain, type ReasonCode } from './reasons';
import { changedSince, fieldHash, serializeSnapshot, shown, withValues, type Snapshot } from './snapshot';
import { ENTITY_FIELDS } from '../ids';

const ENTITY_SALESFORCE_ID = ENTITY_FIELDS.salesforceId;

export interface PullSettings {
  createOnly: boolean;
  /** Oracle imports Salesforce contacts without an Account as orphans; Celigo skips them. */
  importOrphans: boolean;
  blanksOverwrite: boolean;
  /** Salesforce user id of the integration user: its own changes are echoes. */
  integrationUserId: string | null;
  /** Secondary key for Accounts without a stored id: match an unlinked company customer by name (Celigo's option). */
  matchAccountsByName: boolean;
  /** A record deleted in Salesforce: unlink the NetSuite record and keep it as it is, or also make it inactive. */
  salesforceDeletePolicy?: 'unlink' | 'inactivate';
}

export type SalesforceRow = Record<string, unknown> & { Id: string };

/** A NetSuite record as the pull sees it: its data plus whether a local change is waiting to be pushed. */
export interface LocalContact extends NsContact { dirty: boolean }
export interface LocalCustomer extends NsCustomer { dirty: boolean }

export interface PullLookups {
  contactsBySalesforceId: ReadonlyMap<string, LocalContact>;
  contactsById: ReadonlyMap<string, LocalContact>;
  contactsByEmail: ReadonlyMap<string, LocalContact[]>;
  customersBySalesforceId: ReadonlyMap<string, LocalCustomer>;
  customersById: ReadonlyMap<string, LocalCustomer>;
  /** Unlinked company customers by lower-cased name (filled only when matching by name is on). */
  customersByName?: ReadonlyMap<string, LocalCustomer[]>;
  /** Salesforce ids of NetSuite records deleted in NetSuite (their tombstones): never re-created by a pull. */
  tombstoned?: ReadonlySet<string>;
}

export interface PullDecision {
  salesforceId: string;
  recordType: 'contact' | 'customer';
  action: 'create' | 'update' | 'skip' | 'fail';
  /** NetSuite record to update (null for a create or a skip without match). */
  netsuiteId: string | null;
  /** NetSuite field values to write (only what changes). */
  values: Record<string, FieldValue>;
  /** Hash to store so the push sees no change; null when NetSuite still has something to push. */
  syncedHash: string | null;
  /** The merge base to store with this write (serialized); null leaves the stored one as it is. */
  snapshot: string | null;
  /** NetSuite holds changes Salesforce has not seen (since the merge base): the record must be pushed. */
  owesPush: boolean;
  code: ReasonCode;
  message: string;
  warnings: { code: ReasonCode; message: string }[];
  modstamp: string;
}

function plainText(value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const norm = (v: FieldValue | undefined): string => (v === null || v === undefined || v === false ? '' : String(v));
  return norm(a) === norm(b);
}

/** Mappings a pull can write back: plain NetSuite fields of the record itself. */
function pullable(mappings: readonly FieldMapping[]): FieldMapping[] {
  return mappings.filter((m) => !m.source.startsWith('$') && !m.source.startsWith('company.'));
}

interface Merge {
  values: Record<string, FieldValue>;
  merged: Record<string, FieldValue>;
  conflictLost: boolean;
  /** Salesforce field → value both sides hold after this write (feeds the new merge base). */
  agreed: Record<string, FieldValue>;
  /** NetSuite changed a field since the merge base and Salesforce does not hold it yet. */
  netsuiteAhead: boolean;
  warnings: PullDecision['warnings'];
}

/** A local record as the merge sees it. */
interface MergeLocal {
  fields: Readonly<Record<string, FieldValue>>;
  dirty: boolean;
  snapshot?: Snapshot | null;
}

/** A Salesforce value as NetSuite would hold it: trimmed text, emails normalised. */
function incomingValue(row: SalesforceRow, target: string): FieldValue {
  const incoming = plainText(row[target]);
  return target === 'Email' && typeof incoming === 'string' ? normaliseEmail(incoming) : incoming;
}

function conflictWarning(code: 'CONFLICT_NETSUITE_WINS' | 'CONFLICT_SALESFORCE_WINS', field: string, ours: FieldValue, theirs: FieldValue): PullDecision['warnings'][number] {
  return { code, message: `${explain(code)} (${field}: NetSuite ${shown(ours)}, Salesforce ${shown(theirs)})` };
}

/**
 * Three-way merge against the merge base (the values both sides last agreed on), field by field: a field only
 * Salesforce changed is applied, whoever saved it there; a field only NetSuite changed is kept (the push sends
 * it); a field both changed to different values goes to its owner and is logged with both values. Without a
 * merge base (a record synced before bases were kept) every difference is Salesforce's, unless NetSuite has a
 * change queued, in which case NetSuite's fields win.
 */
function merge(row: SalesforceRow, local: MergeLocal | null, mappings: readonly FieldMapping[], settings: PullSettings, netsuiteValue?: (mapping: FieldMapping) => FieldValue | undefined): Merge {
  const values: Record<string, FieldValue> = {};
  const merged: Record<string, FieldValue> = { ...(local?.fields ?? {}) };
  const warnings: PullDecision['warnings'] = [];
  const agreed: Record<string, FieldValue> = {};
  const base = local?.snapshot ?? null;
  let conflictLost = false;
  let netsuiteAhead = false;
  for (const mapping of pullable(mappings)) {
    const incoming = incomingValue(row, mapping.target);
    const current = local?.fields[mapping.source] ?? null;
    if (local !== null && base !== null) {
      const sent = netsuiteValue?.(mapping);
      const ours = sent === undefined ? current : sent;
      const theirsChanged = changedSince(base, mapping.target, incoming);
      const oursChanged = changedSince(base, mapping.target, ours);
      if (fieldHash(incoming) === fieldHash(ours)) {
        if (theirsChanged) agreed[mapping.target] = incoming;
        continue;
      }
      if (!theirsChanged) {
        netsuiteAhead = true;
        continue;
      }
      if (oursChanged) {
        if (mapping.owner !== 'salesforce') {
          netsuiteAhead = true;
          conflictLost = true;
          warnings.push(conflictWarning('CONFLICT_NETSUITE_WINS', mapping.target, ours, incoming));
          continue;
        }
        warnings.push(conflictWarning('CONFLICT_SALESFORCE_WINS', mapping.target, ours, incoming));
      }
      if (incoming === null && !settings.blanksOverwrite) {
        warnings.push({ code: 'BLANK_NOT_APPLIED', message: `${explain('BLANK_NOT_APPLIED')} (${mapping.source})` });
        continue;
      }
      values[mapping.source] = incoming;
      merged[mapping.source] = incoming;
      agreed[mapping.target] = incoming;
      continue;
    }
    if (same(incoming, current)) continue;
    if (local !== null && incoming === null && !settings.blanksOverwrite) {
      warnings.push({ code: 'BLANK_NOT_APPLIED', message: `${explain('BLANK_NOT_APPLIED')} (${mapping.source})` });
      continue;
    }
    if (local !== null && local.dirty && mapping.owner === 'netsuite') {
      conflictLost = true;
      warnings.push(conflictWarning('CONFLICT_NETSUITE_WINS', mapping.target, current, incoming));
      continue;
    }
    values[mapping.source] = incoming;
    merged[mapping.source] = incoming;
  }
  return { values, merged, conflictLost, agreed, netsuiteAhead, warnings };
}

/**
 * A link is a claim both sides must agree on. The Salesforce record's `Oracle_netsuiteid__c` names a NetSuite record;
 * that record may be taken only when it is linked to this Salesforce record, or linked to none and (for a contact,
 * whose email can be a login) has the same email. A record found by its stored Salesforce id must not carry another
 * NetSuite id. Anything else is someone pointing one record at another: rejected and logged, nothing written.
 */
function claimRejected(row: SalesforceRow, local: { id: string; salesforceId: string | null; fields: Readonly<Record<string, FieldValue>> }, foundByStoredId: boolean, checkEmail: boolean): string | null {
  const claimedId = typeof row.Oracle_netsuiteid__c === 'string' && row.Oracle_netsuiteid__c !== '' ? row.Oracle_netsuiteid__c : null;
  if (foundByStoredId) {
    return claimedId !== null && claimedId !== local.id ? `Salesforce ${row.Id} carries NetSuite id ${claimedId}, but NetSuite record ${local.id} is the one linked to it.` : null;
  }
  if (local.salesforceId !== null && local.salesforceId !== row.Id) return `Salesforce ${row.Id} claims NetSuite record ${local.id}, which is linked to Salesforce ${local.salesforceId}.`;
  if (!checkEmail) return null;
  const theirs = typeof row.Email === 'string' && row.Email.trim() !== '' ? normaliseEmail(row.Email) : null;
  const ours = typeof local.fields.email === 'string' && local.fields.email.trim() !== '' ? normaliseEmail(local.fields.email) : null;
  return theirs === ours ? null : `Salesforce ${row.Id} claims NetSuite contact ${local.id}, which is not linked to it and has another email.`;
}

function decision(row: SalesforceRow, recordType: PullDecision['recordType'], partial: Partial<PullDecision> & Pick<PullDecision, 'action' | 'code'>): PullDecision {
  return {
    salesforceId: row.Id, recordType, netsuiteId: null, values: {}, syncedHash: null, snapshot: null, owesPush: false, message: explain(partial.code), warnings: [],
    modstamp: typeof row.SystemModstamp === 'string' ? row.SystemModstamp : '', ...partial,
  };
}

/** The integration user saved the row last: without a merge base to compare with, it is taken for our own echo. */
function ownWrite(row: SalesforceRow, settings: PullSettings): boolean {
  return settings.integrationUserId !== null && row.LastModifiedById === settings.integrationUserId;
}

/** What the push would send for a NetSuite field (trimmed, emails normalised); undefined when it cannot build one. */
function sentValue(payload: PayloadResult | null): (mapping: FieldMapping) => FieldValue | undefined {
  return (mapping) => (payload?.ok === true ? payload.values[mapping.target] ?? null : undefined);
}

/** The merge base of a contact created from a Salesforce row: every mapped value as Salesforce holds it. */
function baseFromRow(row: SalesforceRow, mappings: readonly FieldMapping[]): string {
  return serializeSnapshot(withValues(null, Object.fromEntries(mappings.map((m) => [m.target, incomingValue(row, m.target)]))));
}

export function decideContact(row: SalesforceRow, lookups: PullLookups, mappings: MappingSet, settings: PullSettings): PullDecision {
  const byExternalId = typeof row.Oracle_netsuiteid__c === 'string' ? lookups.contactsById.get(row.Oracle_netsuiteid__c) : undefined;
  const email = typeof row.Email === 'string' ? normaliseEmail(row.Email) : null;
  const byEmail = email === null ? undefined : lookups.contactsByEmail.get(email)?.find((c) => c.salesforceId === null);
  const bySalesforceId = lookups.contactsBySalesforceId.get(row.Id);
  const local = bySalesforceId ?? byExternalId ?? byEmail ?? null;
  const externalId = typeof row.Oracle_netsuiteid__c === 'string' && row.Oracle_netsuiteid__c !== '' ? row.Oracle_netsuiteid__c : null;
  const rejected = local === null || local === byEmail ? null : claimRejected(row, local, local === bySalesforceId, true);
  const base = local?.snapshot ?? null;
  if (ownWrite(row, settings) && base === null) return decision(row, 'contact', { action: 'skip', code: 'ECHO_OF_OWN_WRITE' });
  if (rejected !== null && local !== null) {
    return decision(row, 'contact', { action: 'skip', code: 'LINK_CLAIM_REJECTED', netsuiteId: local.id, message: `${explain('LINK_CLAIM_REJECTED')} ${rejected}` });
  }
  if (local === null && externalId !== null) {
    return decision(row, 'contact', { action: 'skip', code: 'NETSUITE_RECORD_DELETED', message: `${explain('NETSUITE_RECORD_DELETED')} (NetSuite id ${externalId})` });
  }
  if (local === null && lookups.tombstoned?.has(row.Id) === true) {
    return decision(row, 'contact', { action: 'skip', code: 'NETSUITE_RECORD_DELETED', message: `${explain('NETSUITE_RECORD_DELETED')} (its tombstone keeps Salesforce ${row.Id} out)` });
  }

  const accountId = typeof row.AccountId === 'string' ? row.AccountId : null;
  const customer = accountId === null ? null : lookups.customersBySalesforceId.get(accountId) ?? null;
  if (accountId !== null && customer === null) return decision(row, 'contact', { action: 'skip', code: 'ACCOUNT_NOT_LINKED', netsuiteId: local?.id ?? null });
  if (accountId === null && local === null && !settings.importOrphans) return decision(row, 'contact', { action: 'skip', code: 'ORPHAN_NOT_IMPORTED' });
  if (local?.locked === true) return decision(row, 'contact', { action: 'skip', code: 'RECORD_LOCKED', netsuiteId: local.id });
  if (customer?.locked === true) return decision(row, 'contact', { action: 'skip', code: 'CUSTOMER_LOCKED', netsuiteId: local?.id ?? null });
  if (local !== null && settings.createOnly) return decision(row, 'contact', { action: 'skip', code: 'CREATE_ONLY', netsuiteId: local.id });

  const currentCustomer = local?.customerId == null ? null : lookups.customersById.get(local.customerId) ?? null;
  const sent = local === null ? null : buildContactPayload(local, currentCustomer, mappings.contact);
  const { values, merged, conflictLost, warnings, agreed, netsuiteAhead } = merge(row, local, mappings.contact, settings, sentValue(sent));
  const companyId = customer?.id ?? null;
  // With a merge base the Account moves the contact only when Salesforce moved it (NetSuite may have moved it too).
  const accountMoved = base === null || changedSince(base, 'AccountId', accountId);
  const netsuiteMoved = base !== null && changedSince(base, 'AccountId', currentCustomer?.salesforceId ?? null);
  if ((local === null || (local.customerId ?? null) !== companyId) && accountMoved) {
    if (netsuiteMoved && local !== null) {
      warnings.push(conflictWarning('CONFLICT_NETSUITE_WINS', 'AccountId', currentCustomer?.salesforceId ?? null, accountId));
    } else if (companyId !== null || local !== null) {
      values.company = companyId;
      agreed.AccountId = accountId;
    }
  }
  if (local === null || local.salesforceId !== row.Id) values.custentity_crmsync_sf_id = row.Id;
  const owesPush = base !== null && (netsuiteAhead || netsuiteMoved);
  const snapshot = base === null ? null : serializeSnapshot(withValues(base, agreed));

  const resulting: NsContact = {
    id: local?.id ?? '', fields: merged, customerId: companyId, salesforceId: row.Id, locked: false, inactive: local?.inactive ?? false, syncedHash: null,
  };
  // The hash the push will compute for this record; only meaningful once the record has an id.
  const payload = local === null ? null : buildContactPayload(resulting, customer, mappings.contact);
  // A relinked record: Salesforce's survivor does not carry its NetSuite id yet, so the push must send, not skip.
  const syncedHash = conflictLost || local?.syncedHash === RELINKED_HASH || payload === null || !payload.ok ? null : payload.hash;

  if (local !== null && Object.keys(values).length === 0) {
    return decision(row, 'contact', { action: 'skip', code: 'ECHO_OF_OWN_WRITE', netsuiteId: local.id, warnings, owesPush, syncedHash: conflictLost ? null : local.syncedHash });
  }
  if (local === null) {
    if (typeof merged.lastname !== 'string' && typeof merged.firstname !== 'string') {
      return decision(row, 'contact', { action: 'fail', code: 'MISSING_REQUIRED', message: 'The Salesforce contact has no name NetSuite can use.' });
    }
    return decision(row, 'contact', { action: 'create', code: 'CREATED_FROM_SALESFORCE', values: { ...merged, ...values }, snapshot: baseFromRow(row, mappings.contact), warnings });
  }
  return decision(row, 'contact', { action: 'update', code: 'PULLED_FROM_SALESFORCE', netsuiteId: local.id, values, syncedHash, snapshot, owesPush, warnings });
}

export function decideAccount(row: SalesforceRow, lookups: PullLookups, mappings: MappingSet, settings: PullSettings): PullDecision {
  const byExternalId = typeof row.Oracle_netsuiteid__c === 'string' ? lookups.customersById.get(row.Oracle_netsuiteid__c) : undefined;
  const named = settings.matchAccountsByName && typeof row.Name === 'string' ? lookups.customersByName?.get(row.Name.trim().toLowerCase()) ?? [] : [];
  // Only an unambiguous name match links: two customers with the account's name need a person to decide.
  const byName = named.length === 1 ? named[0] : undefined;
  const bySalesforceId = lookups.customersBySalesforceId.get(row.Id);
  const local = bySalesforceId ?? byExternalId ?? byName ?? null;
  const rejected = local === null || local === byName ? null : claimRejected(row, local, local === bySalesforceId, false);
  const base = local?.snapshot ?? null;
  if (ownWrite(row, settings) && base === null) return decision(row, 'customer', { action: 'skip', code: 'ECHO_OF_OWN_WRITE' });
  if (rejected !== null && local !== null) {
    return decision(row, 'customer', { action: 'skip', code: 'LINK_CLAIM_REJECTED', netsuiteId: local.id, message: `${explain('LINK_CLAIM_REJECTED')} ${rejected}` });
  }
  if (local === null && lookups.tombstoned?.has(row.Id) === true) {
    return decision(row, 'customer', { action: 'skip', code: 'NETSUITE_RECORD_DELETED', message: `${explain('NETSUITE_RECORD_DELETED')} (its tombstone keeps Salesforce ${row.Id} out)` });
  }
  if (local === null) {
    const note = named.length > 1 ? ` ${named.length} customers are named "${String(row.Name)}"; link one by setting its Salesforce ID.` : '';
    return decision(row, 'customer', { action: 'skip', code: 'CUSTOMER_NOT_FOUND', message: `${explain('CUSTOMER_NOT_FOUND')}${note}` });
  }
  if (local.locked) return decision(row, 'customer', { action: 'skip', code: 'RECORD_LOCKED', netsuiteId: local.id });
  if (settings.createOnly) return decision(row, 'customer', { action: 'skip', code: 'CREATE_ONLY', netsuiteId: local.id });
  // The account name is derived (company or person name): map Name back to companyname for companies only.
  const accountMappings = mappings.customer.map((m) => (m.source === DERIVED_SOURCES.accountName && !local.isPerson ? { ...m, source: 'companyname' } : m));
  const sent = buildAccountPayload(local, mappings.customer);
  const { values, merged, conflictLost, warnings, agreed, netsuiteAhead } = merge(row, local, accountMappings, settings, sentValue(sent));
  if (local.salesforceId !== row.Id) values.custentity_crmsync_sf_id = row.Id;
  const owesPush = base !== null && netsuiteAhead;
  if (Object.keys(values).length === 0) {
    return decision(row, 'customer', { action: 'skip', code: 'ECHO_OF_OWN_WRITE', netsuiteId: local.id, warnings, owesPush, syncedHash: conflictLost ? null : local.syncedHash });
  }
  const payload = buildAccountPayload({ ...local, fields: merged, salesforceId: row.Id }, mappings.customer);
  return decision(row, 'customer', {
    action: 'update', code: 'PULLED_FROM_SALESFORCE', netsuiteId: local.id, values, warnings, owesPush,
    snapshot: base === null ? null : serializeSnapshot(withValues(base, agreed)),
    syncedHash: conflictLost || local.syncedHash === RELINKED_HASH || !payload.ok ? null : payload.hash,
  });
}

/**
 * Stored as the payload hash of a record relinked to a merge survivor: no payload has this hash, so the push sends the
 * whole record (with its NetSuite id) instead of skipping it as unchanged, and the pull keeps it until then.
 */
export const RELINKED_HASH = 'relinked';

/** A row /queryAll returned for a record in the recycle bin: deleted, or merged away (MasterRecordId set). */
export function isRemoved(row: SalesforceRow): boolean {
  return row.IsDeleted === true;
}

/**
 * A Salesforce record deleted or merged away. A merge relinks the NetSuite record to the surviving record (the merge
 * base is dropped: the next read of the survivor, which the merge stamped, brings its values); when another NetSuite
 * record is already linked to the survivor, this one is unlinked and the log says it is probably a duplicate. A
 * delete follows the setting: unlink and keep the NetSuite record as it is, or also make it inactive.
 */
export function decideRemoval(row: SalesforceRow, object: 'Contact' | 'Account', lookups: PullLookups, settings: PullSettings): PullDecision {
  const recordType = object === 'Contact' ? 'contact' : 'customer';
  const linked = object === 'Contact' ? lookups.contactsBySalesforceId : lookups.customersBySalesforceId;
  const local = linked.get(row.Id) ?? null;
  if (local === null) return decision(row, recordType, { action: 'skip', code: 'SF_REMOVED_NOT_LINKED' });
  const unlinked = { [ENTITY_SALESFORCE_ID]: null };
  const base = { netsuiteId: local.id, syncedHash: '', snapshot: '' };
  const relinked = { ...base, syncedHash: RELINKED_HASH };
  const master = typeof row.MasterRecordId === 'string' && /^[a-zA-Z0-9]{15,18}$/.test(row.MasterRecordId) ? row.MasterRecordId : null;
  if (master !== null) {
    const holder = linked.get(master) ?? null;
    if (holder !== null && holder.id !== local.id) {
      return decision(row, recordType, {
        action: 'update', code: 'SF_MERGED_SURVIVOR_LINKED', ...base, values: unlinked,
        message: `${explain('SF_MERGED_SURVIVOR_LINKED')} (merged into Salesforce ${master}, linked to NetSuite ${holder.id})`,
      });
    }
    return decision(row, recordType, {
      action: 'update', code: 'SF_MERGED_RELINKED', ...relinked, values: { [ENTITY_SALESFORCE_ID]: master },
      message: `${explain('SF_MERGED_RELINKED')} (Salesforce ${row.Id} → ${master})`,
    });
  }
  if (settings.salesforceDeletePolicy === 'inactivate') {
    return decision(row, recordType, { action: 'update', code: 'SF_DELETED_INACTIVATED', ...base, values: { ...unlinked, isinactive: true }, message: `${explain('SF_DELETED_INACTIVATED')} (Salesforce ${row.Id})` });
  }
  return decision(row, recordType, { action: 'update', code: 'SF_DELETED_UNLINKED', ...base, values: unlinked, message: `${explain('SF_DELETED_UNLINKED')} (Salesforce ${row.Id})` });
}

/** One row's decision: a deleted or merged row (or any row of a removal batch) by decideRemoval, a live one by object. */
export function decideRow(row: SalesforceRow, object: 'Account' | 'Contact', removedBatch: boolean, lookups: PullLookups, mappings: MappingSet, settings: PullSettings): PullDecision {
  if (removedBatch || isRemoved(row)) return decideRemoval(row, object, lookups, settings);
  return object === 'Account' ? decideAccount(row, lookups, mappings, settings) : decideContact(row, lookups, mappings, settings);
}

export interface PlannedPullRow {
  row: SalesforceRow;
  decision: PullDecision;
  /** A row of the overlap window (at or before `seenUpTo`) that changes nothing: an earlier run handled it. */
  reread: boolean;
}

/**
 * The pull's planner for one batch, pure: what to do with each row, given what NetSuite holds (the lookups). The pull
 * applies what it returns; the import preview reports it and writes nothing.
 */
export function planPullBatch(
  rows: readonly SalesforceRow[], object: 'Account' | 'Contact', removedBatch: boolean, seenUpTo: string | undefined,
  lookups: PullLookups, mappings: MappingSet, settings: PullSettings,
): PlannedPullRow[] {
  const seen = seenUpTo === undefined ? null : parseCursor(seenUpTo);
  return rows.map((row) => {
    const decision = decideRow(row, object, removedBatch, lookups, mappings, settings);
    const reread = seen !== null && decision.modstamp !== '' && compareCursor(rowCursor(row), seen) <= 0 && decision.action === 'skip';
    return { row, decision, reread };
  });
}

/** Where a pull stands in Salesforce's order (SystemModstamp, Id): every row up to it was read and decided. */
export interface PullCursor {
  stamp: string;
  /** The last Id read at `stamp`; '' when every row at `stamp` is still to read. */
  id: string;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15,18}$/;

/** A stored mark: "stamp" (older marks, and marks capped at now − lag) or "stamp|Id". */
export function parseCursor(value: string | null): PullCursor | null {
  if (value === null || value.trim() === '') return null;
  const [stamp = '', id = ''] = value.split('|');
  return { stamp, id: SALESFORCE_ID.test(id) ? id : '' };
}

export function formatCursor(cursor: PullCursor): string {
  return cursor.id === '' ? cursor.stamp : `${cursor.stamp}|${cursor.id}`;
}

/** Salesforce's order: by time, then by Id (the query's ORDER BY SystemModstamp, Id). */
export function compareCursor(a: PullCursor, b: PullCursor): number {
  const t = timeOf(a.stamp) - timeOf(b.stamp);
  if (t !== 0) return t;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function rowCursor(row: SalesforceRow): PullCursor {
  return { stamp: typeof row.SystemModstamp === 'string' ? row.SystemModstamp : '', id: row.Id };
}

/**
 * The new cursor: the last (SystemModstamp, Id) up to which every record was applied or finally decided. A record
 * that must be retried holds the cursor just before it, so no change is skipped — and rows sharing one stamp are
 * told apart by Id, so a stamp held by more rows than a run reads never stalls the pull nor skips the rest.
 */
export function advanceCursor(current: PullCursor, results: readonly { modstamp: string; id?: string; retry: boolean }[]): PullCursor {
  const sorted = results.map((r) => ({ at: { stamp: r.modstamp, id: r.id ?? '' }, retry: r.retry })).sort((a, b) => compareCursor(a.at, b.at));
  let mark = current;
  for (const result of sorted) {
    if (result.retry) break;
    if (compareCursor(result.at, mark) > 0) mark = result.at;
  }
  return mark;
}

/** The cursor to store: never past now − lag (rows stamped in the last minute may still be committing), never backwards. */
export function capCursor(current: PullCursor, next: PullCursor, now: Date): PullCursor {
  const limit = now.getTime() - LAG_MS;
  if (timeOf(next.stamp) <= limit) return next;
  const capped = { stamp: wireDateTime(limit), id: '' };
  return compareCursor(capped, current) > 0 ? capped : current;
}

/** Rows after the cursor, in Salesforce's order: `(SystemModstamp, Id) > (stamp, id)`. */
export function afterCursor(cursor: PullCursor): string {
  const stamp = soqlDateTime(cursor.stamp);
  // The literal has whole seconds; a stamp with milliseconds re-reads its second (harmless) rather than skip a row.
  if (cursor.id === '' || timeOf(cursor.stamp) % 1000 !== 0) return `SystemModstamp >= ${stamp}`;
  return `(SystemModstamp > ${stamp} OR (SystemModstamp = ${stamp} AND Id > '${cursor.id}'))`;
}

/** Rows from a time on (the overlap window's start). */
export function stampedFrom(from: string): string {
  return `SystemModstamp >= ${soqlDateTime(from)}`;
}

/**
 * The new high-water mark: the latest SystemModstamp up to which every record was applied or finally
 * decided. A record that must be retried holds the mark just before it, so no change is ever skipped.
 */
export function advanceWatermark(current: string, results: readonly { modstamp: string; retry: boolean }[]): string {
  const sorted = [...results].sort((a, b) => (a.modstamp < b.modstamp ? -1 : a.modstamp > b.modstamp ? 1 : 0));
  let mark = current;
  for (const result of sorted) {
    if (result.retry) break;
    if (result.modstamp > mark) mark = result.modstamp;
  }
  return mark;
}

/** Salesforce fields a pull reads for an object: mapped targets plus what matching and echo detection need. */
export function pullFields(object: 'Contact' | 'Account', mappings: MappingSet, available: ReadonlySet<string> | null = null): string[] {
  const mapped = (object === 'Contact' ? mappings.contact : mappings.customer).map((m) => m.target);
  const always = ['Id', 'SystemModstamp', 'LastModifiedById', 'Oracle_netsuiteid__c', ...(object === 'Contact' ? ['AccountId', 'Email'] : ['Name'])];
  // A field the org lacks (health check) would fail the whole query with INVALID_FIELD.
  return [...new Set([...always, ...mapped])].filter((f) => available === null || available.has(f));
}

/**
 * Changed records matching `where` (afterCursor or stampedFrom), in Salesforce's order (SystemModstamp, Id), for
 * /queryAll: deleted and merged records come in the same read (IsDeleted, MasterRecordId).
 */
export function buildPullQuery(object: 'Contact' | 'Account', mappings: MappingSet, where: string, limit: number, available: ReadonlySet<string> | null = null): string {
  const fields = [...pullFields(object, mappings, available), 'IsDeleted', 'MasterRecordId'];
  return `SELECT ${fields.join(', ')} FROM ${object} WHERE ${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`;
}

/** SOQL dateTime literals have no milliseconds (YYYY-MM-DDThh:mm:ssZ): floor to the second. */
export function soqlDateTime(timestamp: string): string {
  const parsed = Date.parse(timestamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  const date = Number.isNaN(parsed) ? new Date(0) : new Date(parsed);
  return `${date.toISOString().slice(0, 19)}Z`;
}

export const EPOCH_WATERMARK = '1970-01-01T00:00:00.000Z';

/**
 * Every run re-reads this much before its mark: a Salesforce transaction stamps its rows when it starts and
 * they become visible when it commits, so a row can appear after a read with a stamp before that read's mark
 * (GetUpdatedResult's latestDateCovered exists for exactly this, SOAP API Developer Guide). A re-read row
 * applies nothing — the merge base shows it is already in NetSuite — so it costs no NetSuite write.
 */
export const OVERLAP_MS = 10 * 60_000;
/** The mark never passes now minus this: rows stamped in the last minute may still be committing. */
export const LAG_MS = 60_000;

/** Salesforce's datetime wire format, so marks compare as text with the SystemModstamp values they come from. */
function wireDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

function timeOf(stamp: string): number {
  const parsed = Date.parse(stamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** Where a run starts reading: the overlap window before the mark. */
export function readFrom(mark: string): string {
  return wireDateTime(Math.max(0, timeOf(mark) - OVERLAP_MS));
}

