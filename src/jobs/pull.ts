/**
 * The pull map/reduce. getInputData reads what changed in Salesforce (and Pardot) since the high-water marks;
 * Accounts are applied in the map stage, Contacts and prospects in the reduce stage (after every Account, so a
 * new contact finds its customer). summarize advances each mark only past records that were committed or
 * finally decided, so a crash or a retry never skips a change.
 */
import * as log from 'N/log';
import { ENTITY_FIELDS, PULL_PARAMS, SCRIPTS } from '../ids';
import { normaliseEmail } from '../core/mapping/email';
import type { MappingSet } from '../core/mapping/field-map';
import type { Settings } from '../core/model';
import {
  advanceCursor, advanceWatermark, afterCursor, buildPullQuery, capCursor, compareCursor, EPOCH_WATERMARK,
  formatCursor, isRemoved, parseCursor, planPullBatch, pullFields, readFrom, rowCursor, stampedFrom,
  type LocalContact, type LocalCustomer, type PullCursor, type PullDecision, type PullLookups, type PullSettings, type SalesforceRow,
} from '../core/pull';
import { explain, REASONS, type ReasonCode } from '../core/reasons';
import { isTransientNetSuiteError } from '../core/failures';
import { foreignClaim } from '../core/matching';
import { errorMessage, errorName, isCrmTransportError } from '../core/errors';
import { guarded, isQuotaStop } from '../core/quota';
import { closeBreakers, openBreakers } from './quota';
import { currentDeploymentId } from '../netsuite/script-context';
import { loadCurrencyCodes, loadMappings, loadSettings } from '../netsuite/config';
import { enqueue, pendingRecordIds } from '../netsuite/queue';
import { createEntity, updateEntity } from '../netsuite/entity-writes';
import { createEntitySearch, or, storedSalesforceId, type Filters } from '../netsuite/record-reader';
import type { FinishedRun, MapReduceJob } from './map-reduce';
import { findState, readState, writeState } from '../netsuite/state';
import { writeLogRow, type LogContext } from '../netsuite/sync-log';
import { requestPush } from './queue-change';
import { asText } from '../netsuite/values';
import { installedAt, tombstonedIds } from '../netsuite/tombstones';
import { scriptParameter } from '../netsuite/script-context';
import { submitMapReduce } from '../netsuite/tasks';
import { newCounters } from '../salesforce/client';
import { salesforceClient, salesforceTokens } from './connections';
import { orgHealth } from './org-health';
import { newPardotCounters } from '../pardot/client';
import type { ProspectChange } from '../core/pardot-pull';
import { prospectSourceFields } from '../core/mapping/to-pardot-prospect';
import { applyProspect, changedProspects, decideProspects, type AppliedProspect } from './pardot-pull';
import { rememberProspectsInOtherCase } from '../netsuite/pardot-email-case';

export type PullObject = 'Account' | 'Contact' | 'Prospect';

export interface PullBatch {
  runId: string;
  object: PullObject;
  integrationUserId: string | null;
  rows: SalesforceRow[];
  /** The cursor when the run started ("stamp|Id"): rows up to it were read before (the overlap window). */
  seenUpTo?: string;
  /** Rows of records deleted or merged away in Salesforce (run in the map stage, before the live contacts). */
  removed?: boolean;
  /** Pardot batches carry prospects instead of Salesforce rows. */
  prospects?: ProspectChange[];
}

export interface PullResult {
  object: PullObject;
  modstamp: string;
  /** The Salesforce Id (the cursor's tie-breaker on one stamp). */
  id?: string;
  retry: boolean;
  action: PullDecision['action'];
  code: ReasonCode;
  /** A delete or merge was applied to a record with a NetSuite change waiting (SF_REMOVAL_PENDING_PULL): push it now. */
  releasesPush?: true;
}

/** API use of the run's reads (all made in getInputData), carried to summarize as the run's usage note. */
export interface PullApiUsage {
  apiCalls: number;
  limitInfo: string | null;
  pardotCalls: number;
  pardotUsage: string | null;
  /** What each object's read covered: from (mark − overlap), the mark it started at, rows read. */
  windows?: PullWindows;
  /** Reads a daily or concurrency limit (or the reserve) stopped: their marks stay where they were. */
  stopped?: string[];
}

/**
 * A batch's key names its object and its oldest change: if the batch fails for good, summarize holds that
 * object's mark just before it.
 */
export interface PullBatchKey {
  object: PullObject;
  seq: number;
  oldest: string;
  /** Id of the oldest row: with `oldest`, where the cursor holds if the batch fails for good. */
  oldestId?: string;
  removed?: boolean;
}

const BATCH_SIZE = 25;
const MAX_ROWS_PER_RUN = 10_000;
/** Rows a pull run reads per object when its deployment's "Rows per Pull Run" is blank. */
export const DEFAULT_ROWS_PER_RUN = MAX_ROWS_PER_RUN;

/** Rows one run reads per object: the deployment's "Rows per Pull Run" parameter, else 10,000. */
function rowsPerRun(): number {
  const value = Number(asText(scriptParameter(PULL_PARAMS.rowsPerRun)) ?? '');
  return Number.isInteger(value) && value >= 1 && value <= MAX_ROWS_PER_RUN ? value : MAX_ROWS_PER_RUN;
}

export function watermarkKey(object: PullObject): string {
  return `pull-watermark:${object}`;
}

/** The window a run read per object, for its summary. */
export type PullWindows = Partial<Record<'Account' | 'Contact', { from: string; mark: string; rows: number; removed?: number; full?: boolean }>>;

/** What "Import from Salesforce" stores as the mark: the next pulls read from the beginning. */
export const IMPORT_MARK = EPOCH_WATERMARK;

/**
 * Where a run starts. A stored cursor: re-read the overlap window before it (OVERLAP_MS), unless it is the import's
 * mark. No cursor yet: the first pull starts when CRM Sync was installed (the settings record was created) — what
 * Salesforce held before is imported only when an administrator asks ("Import from Salesforce").
 */
function startOf(object: 'Account' | 'Contact'): { cursor: PullCursor; overlap: boolean } {
  const stored = parseCursor(readState(watermarkKey(object)));
  if (stored !== null) return { cursor: stored, overlap: stored.stamp !== IMPORT_MARK };
  return { cursor: { stamp: installedAt() ?? new Date().toISOString(), id: '' }, overlap: false };
}

/**
 * One object's changes through /queryAll (deleted and merged records too). With an overlap window one query reads
 * from the window's start; if that fills a run's rows, a second query reads forward from the cursor, so a window (or
 * one stamp) holding more rows than a run reads never keeps the pull from moving on.
 */
export function readChanges(query: (soql: string) => SalesforceRow[], build: (where: string) => string, start: { cursor: PullCursor; overlap: boolean }, limit: number): { rows: SalesforceRow[]; from: string; full: boolean } {
  if (!start.overlap) {
    const rows = query(build(afterCursor(start.cursor)));
    return { rows, from: start.cursor.stamp, full: rows.length >= limit };
  }
  const from = readFrom(start.cursor.stamp);
  const windowRows = query(build(stampedFrom(from)));
  if (windowRows.length < limit) return { rows: windowRows, from, full: false };
  const ahead = query(build(afterCursor(start.cursor)));
  const byId = new Map<string, SalesforceRow>();
  for (const row of [...windowRows, ...ahead]) byId.set(row.Id, row);
  const rows = [...byId.values()].sort((a, b) => compareCursor(rowCursor(a), rowCursor(b)));
  return { rows, from, full: ahead.length >= limit };
}

/** One object's rows as the run's batches: deleted and merged rows first (their own batches), then the live ones. */
export function pullBatches(runId: string, object: 'Account' | 'Contact', rows: readonly SalesforceRow[], integrationUserId: string | null, seenUpTo: string | undefined, startStamp: string): { key: PullBatchKey; work: PullBatch }[] {
  const batches: { key: PullBatchKey; work: PullBatch }[] = [];
  let seq = 0;
  for (const [list, isRemoval] of [[rows.filter(isRemoved), true], [rows.filter((r) => !isRemoved(r)), false]] as const) {
    for (let i = 0; i < list.length; i += BATCH_SIZE) {
      const chunk = list.slice(i, i + BATCH_SIZE);
      const first = chunk[0];
      seq += 1;
      batches.push({
        key: { object, seq, oldest: typeof first?.SystemModstamp === 'string' ? first.SystemModstamp : startStamp, oldestId: first?.Id ?? '', ...(isRemoval ? { removed: true } : {}) },
        work: { runId, object, integrationUserId, rows: chunk, ...(seenUpTo === undefined ? {} : { seenUpTo }), ...(isRemoval ? { removed: true } : {}) },
      });
    }
  }
  return batches;
}

function planPull(runId: string): { batches: { key: PullBatchKey; work: PullBatch }[]; usage: PullApiUsage; windows: PullWindows } {
  const settings = loadSettings();
  const tokens = salesforceTokens(settings);
  const counters = newCounters();
  const pardotCounters = newPardotCounters();
  const now = (): Date => new Date();
  // Scheduled pulls keep the reserve (an on-demand pull may use it); a quota answer stops the run's reads of that
  // service at once (src/core/quota.ts).
  const keepReserve = currentDeploymentId() === SCRIPTS.mrPull.deploymentId;
  const quota = openBreakers({ runId, keepReserve, reservePercent: settings.sync.apiReservePercent }, now());
  const client = guarded(salesforceClient(settings, tokens, counters), quota.breakers.salesforce, () => counters.limitInfo, now);
  const stopped: string[] = [];
  const integrationUserId = tokens.get().userId;
  // Fields the org lacks are neither selected nor mapped (org health check).
  const health = orgHealth(settings, client, tokens, loadMappings().mappings, pardotCounters);
  const mappings = health.pushMappings;
  const batches: { key: PullBatchKey; work: PullBatch }[] = [];
  const windows: PullWindows = {};
  const limit = rowsPerRun();
  for (const object of ['Account', 'Contact'] as const) {
    const start = startOf(object);
    let read: ReturnType<typeof readChanges>;
    try {
      read = readChanges((soql) => client.queryAll(soql) as SalesforceRow[], (where) => buildPullQuery(object, mappings, where, limit, health.available[object]), start, limit);
    } catch (error) {
      // Nothing of this object is taken from a stopped read, so its mark stays; later objects are not read either.
      if (!isCrmTransportError(error) || !isQuotaStop(error.code)) throw error;
      stopped.push(`${object}: ${error.code}`);
      break;
    }
    const { rows, from, full } = read;
    const mark = formatCursor(start.cursor);
    const removed = rows.filter(isRemoved);
    windows[object] = { from, mark, rows: rows.length, removed: removed.length, full };
    batches.push(...pullBatches(runId, object, rows, integrationUserId, start.overlap ? mark : undefined, start.cursor.stamp));
  }
  if (settings.pardot.enabled) {
    const since = readState(watermarkKey('Prospect')) ?? EPOCH_WATERMARK;
    let prospects: ProspectChange[] = [];
    try {
      prospects = changedProspects(since, MAX_ROWS_PER_RUN, pardotCounters, quota.breakers.pardot);
    } catch (error) {
      if (!isCrmTransportError(error) || !isQuotaStop(error.code)) throw error;
      stopped.push(`Prospect: ${error.code}`);
    }
    for (let i = 0; i < prospects.length; i += BATCH_SIZE) {
      const chunk = prospects.slice(i, i + BATCH_SIZE);
      batches.push({
        key: { object: 'Prospect', seq: i / BATCH_SIZE + 1, oldest: chunk[0]?.updatedAt ?? since },
        work: { runId, object: 'Prospect', integrationUserId, rows: [], prospects: chunk },
      });
    }
  }
  closeBreakers(quota);
  if (stopped.length > 0) log.audit({ title: 'crmsync pull reads stopped for quota', details: stopped.join('; ') });
  const usage: PullApiUsage = { apiCalls: counters.calls, limitInfo: counters.limitInfo, pardotCalls: pardotCounters.calls, pardotUsage: pardotCounters.apiUsage, ...(stopped.length > 0 ? { stopped } : {}) };
  return { batches, windows, usage };
}

/** One batch of changed prospects: decide, apply, log. Companies created here are reused within the batch. */
function runProspectBatch(batch: PullBatch): PullResult[] {
  const context: LogContext = { runId: batch.runId, direction: 'inbound', system: 'pardot' };
  const changes = batch.prospects ?? [];
  // Prospects stored with an address in another case, for the push's lookups (no documented call finds them).
  rememberProspectsInOtherCase(changes);
  const decisions = decideProspects(changes);
  const createdCompanies = new Map<string, string>();
  const results: PullResult[] = [];
  const applied: string[] = [];
  for (const decision of decisions) {
    let failure: string | null = null;
    let retry = false;
    let warnings: AppliedProspect['warnings'] = [];
    try {
      if (decision.action === 'create' && decision.newCustomer !== null) {
        const name = String(decision.newCustomer.companyname).toLowerCase();
        const existing = createdCompanies.get(name);
        const done = existing !== undefined ? applyProspect({ ...decision, companyId: existing, newCustomer: null }, new Date()) : applyProspect(decision, new Date());
        // A second prospect of the same new company in this batch joins the customer just created.
        if (done.createdCompanyId !== null) createdCompanies.set(name, done.createdCompanyId);
        warnings = done.warnings;
      } else {
        warnings = applyProspect(decision, new Date()).warnings;
      }
    } catch (error) {
      const name = errorName(error);
      failure = `${name ?? 'ERROR'}: ${errorMessage(error)}`;
      retry = isTransientNetSuiteError(name);
    }
    results.push({ object: 'Prospect', modstamp: decision.updatedAt, retry, action: failure === null ? decision.action : 'fail', code: decision.code });
    const netsuiteId = decision.action === 'create' ? null : decision.netsuiteId;
    const recordType = decision.action === 'create' ? 'contact' : decision.recordType ?? 'contact';
    const base = { recordType, recordId: netsuiteId, linkable: netsuiteId !== null, externalId: decision.prospectId };
    if (failure !== null) writeLogRow(context, { ...base, operation: decision.action, status: retry ? 'Retrying' : 'Failed', reason: 'UNEXPECTED_ERROR', message: failure });
    else if (decision.action === 'skip' && decision.code !== 'NO_CHANGE') writeLogRow(context, { ...base, operation: 'skip', status: decision.code === 'PARDOT_DUPLICATE_EMAIL' ? 'Warning' : 'Skipped', reason: decision.code, message: decision.message });
    else if (decision.action !== 'skip') {
      applied.push(`${recordType}:${netsuiteId ?? 'new'}=${decision.prospectId}:${decision.action}`);
      if (decision.message.includes('Also sharing')) writeLogRow(context, { ...base, operation: decision.action, status: 'Warning', reason: 'PARDOT_DUPLICATE_EMAIL', message: decision.message });
    }
    for (const warning of warnings) writeLogRow(context, { ...base, operation: decision.action, status: 'Warning', reason: warning.code, message: warning.message });
  }
  if (applied.length > 0) {
    writeLogRow(context, { recordType: 'contact', recordId: null, linkable: false, externalId: null, operation: 'batch', status: 'Completed', reason: 'PARDOT_FIELDS_UPDATED', message: `${applied.length} record(s) updated or created from Pardot.`, records: applied.join('\n') });
  }
  return results;
}


/** Everything the decisions need for a batch, in at most four searches (reads only). */
export function readLookups(batch: PullBatch, mappings: MappingSet, matchByName: boolean): PullLookups {
  const entities = createEntitySearch(mappings, loadCurrencyCodes());
  // A merged-away row's survivor: is another NetSuite record already linked to it?
  const salesforceIds = [...new Set([...batch.rows.map((r) => r.Id), ...batch.rows.flatMap((r) => (typeof r.MasterRecordId === 'string' ? [r.MasterRecordId] : []))])];
  const externalIds = batch.rows.flatMap((r) => (typeof r.Oracle_netsuiteid__c === 'string' && /^\d+$/.test(r.Oracle_netsuiteid__c) ? [r.Oracle_netsuiteid__c] : []));
  const accountIds = [...new Set(batch.rows.flatMap((r) => (typeof r.AccountId === 'string' ? [r.AccountId] : [])))];
  const emails = [...new Set(batch.rows.flatMap((r) => (typeof r.Email === 'string' && r.Email !== '' ? [normaliseEmail(r.Email)] : [])))];

  const byField = (field: string, values: readonly string[]): Filters[] => values.map((v) => [field, 'is', v]);
  let contacts: ReturnType<typeof entities.contacts> = [];
  let customers: ReturnType<typeof entities.customers> = [];
  if (batch.object === 'Contact') {
    const contactClauses = [...byField(ENTITY_FIELDS.salesforceId, salesforceIds), ...byField('email', emails)];
    if (externalIds.length > 0) contactClauses.push(['internalid', 'anyof', externalIds]);
    contacts = contactClauses.length === 0 ? [] : entities.contacts(or(contactClauses));
    const customerIds = [...new Set(contacts.flatMap((c) => (c.customerId === null ? [] : [c.customerId])))];
    const customerClauses = byField(ENTITY_FIELDS.salesforceId, accountIds);
    if (customerIds.length > 0) customerClauses.push(['internalid', 'anyof', customerIds]);
    customers = customerClauses.length === 0 ? [] : entities.customers(or(customerClauses));
  } else {
    const customerClauses = byField(ENTITY_FIELDS.salesforceId, salesforceIds);
    if (externalIds.length > 0) customerClauses.push(['internalid', 'anyof', externalIds]);
    if (matchByName) {
      const names = [...new Set(batch.rows.flatMap((r) => (typeof r.Name === 'string' && r.Name.trim() !== '' ? [r.Name.trim()] : [])))];
      customerClauses.push(...byField('companyname', names));
    }
    customers = entities.customers(or(customerClauses));
  }
  const queueIds = [...contacts, ...customers].flatMap((r) => {
    const id = asText(r.fields[ENTITY_FIELDS.queueId]);
    return id === null ? [] : [id];
  });
  // A change waiting for the push: queued on the record, or in an entry of the queue custom record.
  const inEntries = pendingRecordIds(queueIds);
  const dirty = (r: { id: string; fields: Readonly<Record<string, unknown>> }): boolean => inEntries.has(r.id) || asText(r.fields[ENTITY_FIELDS.queuedChange]) !== null;
  const localContacts: LocalContact[] = contacts.map((c) => ({ ...c, dirty: dirty(c) }));
  const localCustomers: LocalCustomer[] = customers.map((c) => ({ ...c, dirty: dirty(c) }));
  const contactsByEmail = new Map<string, LocalContact[]>();
  for (const contact of localContacts) {
    const email = asText(contact.fields.email);
    if (email !== null) contactsByEmail.set(normaliseEmail(email), [...(contactsByEmail.get(normaliseEmail(email)) ?? []), contact]);
  }
  const bySalesforceId = <T extends { salesforceId: string | null }>(list: T[]): Map<string, T> =>
    new Map(list.flatMap((r) => (r.salesforceId === null ? [] : [[r.salesforceId, r] as const])));
  const customersByName = new Map<string, LocalCustomer[]>();
  for (const c of localCustomers) {
    const name = asText(c.fields.companyname);
    if (!matchByName || c.isPerson || c.salesforceId !== null || name === null) continue;
    customersByName.set(name.toLowerCase(), [...(customersByName.get(name.toLowerCase()) ?? []), c]);
  }
  // Only a live row no NetSuite record follows can create one: those ids are checked against the tombstones of
  // deleted NetSuite records (no search when every row is linked, the usual case).
  const linked = new Set([...localContacts, ...localCustomers].flatMap((r) => (r.salesforceId === null ? [] : [r.salesforceId])));
  const unlinked = batch.removed === true ? [] : batch.rows.map((r) => r.Id).filter((id) => !linked.has(id));
  return {
    customersByName,
    tombstoned: unlinked.length === 0 ? new Set<string>() : tombstonedIds(unlinked),
    contactsBySalesforceId: bySalesforceId(localContacts),
    contactsById: new Map(localContacts.map((c) => [c.id, c])),
    contactsByEmail,
    customersBySalesforceId: bySalesforceId(localCustomers),
    customersById: new Map(localCustomers.map((c) => [c.id, c])),
  };
}



/** Writes the decision; returns the warnings the write itself raised (a name NetSuite already had as an ID). */
function apply(decision: PullDecision, now: Date): { code: 'ENTITY_ID_TAKEN'; message: string }[] {
  const stamp = now.toISOString();
  const bookkeeping: Record<string, string | Date> = {
    [ENTITY_FIELDS.pulledAt]: stamp, [ENTITY_FIELDS.status]: 'Completed', [ENTITY_FIELDS.lastSync]: now, [ENTITY_FIELDS.lastError]: '',
  };
  if (decision.syncedHash !== null) bookkeeping[ENTITY_FIELDS.syncedHash] = decision.syncedHash;
  // Written in the same save as the values: the merge base moves only with a committed write on both sides.
  if (decision.snapshot !== null) bookkeeping[ENTITY_FIELDS.snapshot] = decision.snapshot;
  // A record without a merge base that lost a conflict: NetSuite's values must overwrite Salesforce's, so the
  // push may not skip it as unchanged (its payload can equal the last synced hash). With a merge base the push
  // sees NetSuite's change on its own (owesPush).
  const conflictLost = decision.netsuiteId !== null && !decision.owesPush && decision.warnings.some((w) => w.code === 'CONFLICT_NETSUITE_WINS');
  if (conflictLost) bookkeeping[ENTITY_FIELDS.syncedHash] = '';
  if (decision.action === 'skip' && conflictLost && decision.netsuiteId !== null) {
    updateEntity(decision.recordType, decision.netsuiteId, { [ENTITY_FIELDS.syncedHash]: '' });
    return [];
  }
  if (decision.action === 'update' && decision.netsuiteId !== null) {
    updateEntity(decision.recordType, decision.netsuiteId, { ...decision.values, ...bookkeeping });
    return [];
  }
  if (decision.action === 'create') {
    const values = Object.fromEntries(Object.entries(decision.values).filter(([fieldId]) => !fieldId.startsWith('custentity_crmsync_hash')));
    const base = decision.snapshot === null ? {} : { [ENTITY_FIELDS.snapshot]: decision.snapshot };
    const created = createEntity('contact', { ...values, ...base, [ENTITY_FIELDS.pulledAt]: stamp, [ENTITY_FIELDS.status]: 'Pending' }, decision.salesforceId);
    // One push gives the Salesforce contact its NetSuite id (Oracle_netsuiteid__c), as the push would.
    enqueue({ recordType: 'contact', recordId: created.id, customerId: asText(decision.values.company), operation: 'upsert', externalId: decision.salesforceId, queueId: null, now });
    if (created.entityIdTaken !== null) {
      return [{ code: 'ENTITY_ID_TAKEN', message: `A contact named "${created.entityIdTaken}" already exists and Auto-Generated Numbering is off: created as "${created.entityIdTaken} (${decision.salesforceId})" (contact ${created.id}).` }];
    }
  }
  return [];
}

/**
 * A linked record the push still owes a write: Salesforce does not carry its NetSuite id yet (a contact
 * created here whose queueing was cut short by a restart, or one linked by email), or Pardot has not seen a
 * change the pull just applied. Queues the record; the push then costs no Salesforce call when the payload is
 * unchanged (the pull stored its hash).
 */
function queueOwedPush(row: SalesforceRow, decision: PullDecision, lookups: PullLookups, pardotEnabled: boolean, now: Date): void {
  if (decision.netsuiteId === null || (decision.action !== 'update' && decision.code !== 'ECHO_OF_OWN_WRITE')) return;
  const isContact = decision.recordType === 'contact';
  const local = isContact ? lookups.contactsById.get(decision.netsuiteId) : lookups.customersById.get(decision.netsuiteId);
  // A record with a change already queued is queued again all the same (its change time moves): the push holding
  // that change may have read the record before this write — the Pardot bulk reads while the run plans — and its
  // check after the write-back then queues the record once more instead of closing it with the old values sent.
  if (local === undefined) return;
  const company = 'company' in decision.values ? asText(decision.values.company) : isContact ? (local as LocalContact).customerId : local.id;
  // A contact without a customer is never sent to Salesforce (ORPHAN_CONTACT): it owes Salesforce no write, and a
  // push queued for one could only skip it again after showing it Pending meanwhile.
  const sendsToSalesforce = !isContact || company !== null;
  const owesId = sendsToSalesforce && row.Oracle_netsuiteid__c !== decision.netsuiteId;
  const owesPardot = pardotEnabled && decision.action === 'update' && Object.keys(decision.values).some((f) => prospectSourceFields(decision.recordType).includes(f));
  if (!owesId && !owesPardot && !(sendsToSalesforce && decision.owesPush)) return;
  const queueId = asText(local.fields[ENTITY_FIELDS.queueId]);
  enqueue({ recordType: decision.recordType, recordId: local.id, customerId: company, operation: 'upsert', externalId: decision.salesforceId, queueId, now });
}

function localOf(lookups: PullLookups, recordType: 'contact' | 'customer', id: string): LocalContact | LocalCustomer | undefined {
  return recordType === 'contact' ? lookups.contactsById.get(id) : lookups.customersById.get(id);
}

const REMOVAL_CODES: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['SF_MERGED_RELINKED', 'SF_MERGED_SURVIVOR_LINKED', 'SF_DELETED_UNLINKED', 'SF_DELETED_INACTIVATED']);

/** What a Salesforce batch's decisions need, read without writing anything: settings, the push's mappings, the lookups. */
export interface PullBatchInputs {
  mappings: MappingSet;
  settings: PullSettings;
  lookups: PullLookups;
  pardotEnabled: boolean;
}

export function readPullBatchInputs(batch: PullBatch): PullBatchInputs {
  const loaded = loadSettings();
  // The push's mappings (org health check), so the stored payload hash matches what the next push would send.
  const tokens = salesforceTokens(loaded);
  const mappings = orgHealth(loaded, salesforceClient(loaded, tokens, newCounters()), tokens, loadMappings().mappings).pushMappings;
  const settings = pullSettings(loaded.sync, batch.integrationUserId);
  return { mappings, settings, lookups: readLookups(batch, mappings, settings.matchAccountsByName), pardotEnabled: loaded.pardot.enabled };
}

export function runPullBatch(batch: PullBatch): PullResult[] {
  if (batch.object === 'Prospect') return runProspectBatch(batch);
  const { mappings, settings, lookups, pardotEnabled } = readPullBatchInputs(batch);
  const context: LogContext = { runId: batch.runId, direction: 'inbound', system: 'salesforce' };
  const results: PullResult[] = [];
  const applied: string[] = [];
  for (const { row, decision, reread } of planPullBatch(batch.rows, batch.object, batch.removed === true, batch.seenUpTo, lookups, mappings, settings)) {
    let retry = false;
    let failure: string | null = null;
    // A row of the overlap window that changes nothing was handled by an earlier run: no write, no log row.
    if (reread) {
      results.push({ object: batch.object, modstamp: decision.modstamp, id: row.Id, retry, action: decision.action, code: decision.code });
      continue;
    }
    let raised: ReturnType<typeof apply> = [];
    try {
      raised = apply(decision, new Date());
      // A deleted or merged record owes Salesforce nothing: a push now would only re-create what was removed.
      if (!REMOVAL_CODES.has(decision.code)) queueOwedPush(row, decision, lookups, pardotEnabled, new Date());
    } catch (error) {
      const name = errorName(error);
      failure = `${name ?? 'ERROR'}: ${errorMessage(error)}`;
      retry = isTransientNetSuiteError(name);
    }
    const waitingChange = failure === null && REMOVAL_CODES.has(decision.code) && decision.netsuiteId !== null && localOf(lookups, decision.recordType, decision.netsuiteId)?.dirty === true;
    results.push({ object: batch.object, modstamp: decision.modstamp, id: row.Id, retry, action: failure === null ? decision.action : 'fail', code: decision.code, ...(waitingChange ? { releasesPush: true as const } : {}) });
    const base = { recordType: decision.recordType, recordId: decision.netsuiteId, linkable: decision.netsuiteId !== null, externalId: decision.salesforceId };
    if (failure !== null || decision.action === 'fail') {
      writeLogRow(context, { ...base, operation: decision.action, status: retry ? 'Retrying' : 'Failed', reason: failure === null ? decision.code : 'UNEXPECTED_ERROR', message: failure ?? decision.message });
    } else if (REMOVAL_CODES.has(decision.code)) {
      // A delete or merge is logged on its own row, with its reason code.
      writeLogRow(context, { ...base, operation: decision.action, status: decision.code === 'SF_MERGED_SURVIVOR_LINKED' ? 'Warning' : 'Completed', reason: decision.code, message: decision.message });
    } else if (decision.action === 'skip' && decision.code !== 'ECHO_OF_OWN_WRITE' && decision.code !== 'SF_REMOVED_NOT_LINKED') {
      writeLogRow(context, { ...base, operation: 'skip', status: 'Skipped', reason: decision.code, message: decision.message });
    } else if (decision.action !== 'skip') {
      applied.push(`${decision.recordType}:${decision.netsuiteId ?? 'new'}=${decision.salesforceId}:${decision.action}`);
    }
    for (const warning of [...decision.warnings, ...raised]) writeLogRow(context, { ...base, operation: decision.action, status: 'Warning', reason: warning.code, message: warning.message });
  }
  if (applied.length > 0) {
    writeLogRow(context, {
      recordType: batch.object === 'Account' ? 'customer' : 'contact', recordId: null, linkable: false, externalId: null, operation: 'batch',
      status: 'Completed', reason: 'PULLED_FROM_SALESFORCE', message: `${applied.length} record(s) updated or created from Salesforce. ${explain('PULLED_FROM_SALESFORCE')}`, records: applied.join('\n'),
    });
  }
  return results;
}

export function pullSettings(sync: Settings, integrationUserId: string | null): PullSettings {
  return {
    createOnly: sync.createOnly, importOrphans: sync.importOrphans, blanksOverwrite: sync.blanksOverwrite, integrationUserId,
    matchAccountsByName: sync.matchAccountsByName, salesforceDeletePolicy: sync.salesforceDeletePolicy,
  };
}

/** Advances each object's mark past everything committed; a failed batch holds it at its oldest record. */
function commitWatermarks(results: readonly PullResult[], failedBatches: readonly PullBatchKey[], starts: Partial<Record<PullObject, string>>): Partial<Record<PullObject, string>> {
  const marks: Partial<Record<PullObject, string>> = {};
  for (const object of ['Account', 'Contact', 'Prospect'] as const) {
    const stored = findState(watermarkKey(object));
    const failed = failedBatches.filter((b) => b.object === object).map((b) => ({ modstamp: b.oldest, id: b.oldestId ?? '', retry: true }));
    const mine = [...results.filter((r) => r.object === object), ...failed];
    if (object === 'Prospect') {
      const current = stored?.value ?? EPOCH_WATERMARK;
      const next = advanceWatermark(current, mine);
      if (next !== current) writeState(watermarkKey(object), next, stored);
      marks[object] = next;
      continue;
    }
    // No cursor yet: the run started at install time; the cursor it stores says so even when it read nothing.
    const current = parseCursor(stored?.value ?? null) ?? { stamp: starts[object] ?? EPOCH_WATERMARK, id: '' };
    const next = formatCursor(capCursor(current, advanceCursor(current, mine), new Date()));
    if (next !== stored?.value) writeState(watermarkKey(object), next, stored);
    marks[object] = next;
  }
  log.audit({ title: 'crmsync pull watermarks', details: JSON.stringify(marks) });
  return marks;
}

/**
 * "Import from Salesforce" (console action `import_salesforce`): the pull normally starts at install time; this sets
 * the Contact and Account marks back to the beginning, logs who asked, and starts the pull. Each run reads up to its
 * rows per object and keeps its place, so a large org is imported over several runs. Records deleted in NetSuite stay
 * out (their tombstones); linked records are merged field by field as in any pull.
 */
export function startImport(requestedBy: string): { started: boolean; code: string | null } {
  for (const object of ['Account', 'Contact'] as const) writeState(watermarkKey(object), IMPORT_MARK);
  writeLogRow({ runId: `import-${new Date().toISOString()}`, direction: 'inbound', system: 'salesforce' }, {
    recordType: 'run', recordId: null, linkable: false, externalId: null, operation: 'run', status: 'Completed', reason: 'IMPORT_FROM_SALESFORCE',
    message: `${explain('IMPORT_FROM_SALESFORCE')} Asked by ${requestedBy}.`,
  });
  const result = submitMapReduce(SCRIPTS.mrPull.scriptId, SCRIPTS.mrPull.onDemandDeploymentId, 'import from Salesforce');
  return result.submitted ? { started: true, code: null } : { started: false, code: result.code };
}

/** Pulls one linked record now ("Update from Salesforce"), with the same decisions as the scheduled pull. */
export function pullOne(recordType: 'contact' | 'customer', id: string): { ok: boolean; title: string; lines: string[] } {
  const salesforceId = storedSalesforceId(recordType, id);
  if (salesforceId === null || !/^[a-zA-Z0-9]{15,18}$/.test(salesforceId)) {
    return { ok: false, title: 'This record is not linked to Salesforce yet.', lines: ['Use "Sync now" to push it first.'] };
  }
  const settings = loadSettings();
  const object: PullObject = recordType === 'contact' ? 'Contact' : 'Account';
  const tokens = salesforceTokens(settings);
  const client = salesforceClient(settings, tokens, newCounters());
  const health = orgHealth(settings, client, tokens, loadMappings().mappings);
  const soql = `SELECT ${pullFields(object, health.pushMappings, health.available[object]).join(', ')} FROM ${object} WHERE Id = '${salesforceId}'`;
  const rows = client.query(soql) as SalesforceRow[];
  if (rows.length === 0) return { ok: false, title: `Salesforce has no ${object} ${salesforceId} (deleted or not shared with the integration user).`, lines: [] };
  // The stored id is a claim: the Salesforce record must name this NetSuite record, or none.
  const claimedBy = foreignClaim(id, rows[0]);
  if (claimedBy !== null) {
    return { ok: false, title: 'Not updated: the linked Salesforce record belongs to another NetSuite record.', lines: [`LINK_CLAIM_REJECTED: ${REASONS.LINK_CLAIM_REJECTED} (Salesforce ${salesforceId} carries NetSuite id ${claimedBy}.)`] };
  }
  // An explicit request applies the Salesforce values even if the integration user made the last change.
  const [result] = runPullBatch({ runId: `manual-${new Date().toISOString()}`, object, integrationUserId: null, rows });
  if (result === undefined) return { ok: false, title: 'Nothing was pulled.', lines: [] };
  const done = result.action === 'update' || result.action === 'create';
  return {
    ok: result.action !== 'fail',
    title: done ? 'Updated from Salesforce.' : result.action === 'fail' ? 'The update from Salesforce failed.' : 'Nothing to update: the record already matches Salesforce, or a rule kept it as it is.',
    lines: [`${result.code}: ${REASONS[result.code]}`],
  };
}

function summarizeRun(run: FinishedRun<PullBatchKey, PullResult[]>): void {
  const results = run.results.flat();
  const { errors, summary } = run;
  const usage = run.notes.usage === undefined ? null : (JSON.parse(run.notes.usage) as PullApiUsage);
  const windows = usage?.windows ?? {};
  // A run whose lock expired and was taken leaves the marks to the run that holds it now.
  const starts = Object.fromEntries(Object.entries(windows).map(([object, w]) => [object, parseCursor(w.mark)?.stamp ?? EPOCH_WATERMARK])) as Partial<Record<PullObject, string>>;
  const marks = run.lockLost ? {} : commitWatermarks(results, run.failedBatches, starts);
  // Contacts created from Salesforce were queued so Salesforce learns their NetSuite id, and a change that waited for a
  // delete or merge to be applied can go now: run the push now.
  if (results.some((r) => r.action === 'create' || r.releasesPush === true)) requestPush();
  const count = (action: string): number => results.filter((r) => r.action === action).length;
  writeLogRow({ runId: run.runId, direction: 'inbound', system: 'salesforce' }, {
    recordType: 'run', recordId: null, linkable: false, externalId: null, operation: 'run',
    status: errors.length === 0 ? 'Completed' : 'Warning', reason: 'RUN_SUMMARY',
    message: [
      `${results.length} Salesforce change(s): ${count('update')} updated, ${count('create')} created, ${count('skip')} skipped, ${count('fail')} failed.`,
      ...(usage === null ? [] : [`${usage.apiCalls} Salesforce and ${usage.pardotCalls} Pardot API call(s).`]),
      ...(usage?.stopped === undefined ? [] : [`Reads stopped for quota (their marks stay, the next run reads them): ${usage.stopped.join(', ')}.`]),
      ...(errors.length > 0 ? [`${errors.length} invocation error(s): ${errors.slice(0, 3).join(' | ')}`] : []),
    ].join(' '),
    // The console's run row reads records and byStatus like a push's: updated and created count as Completed.
    stats: JSON.stringify({ results: results.length, records: results.length, byStatus: { Completed: count('update') + count('create'), Skipped: count('skip'), Failed: count('fail') }, errors, window: windows, watermarks: marks, usage: summary.usage, seconds: summary.seconds, ...usage, windows: undefined }),
  });
}

export const pullJob: MapReduceJob<PullBatchKey, PullBatch, PullResult[]> = {
  direction: 'pull',
  scheduledDeploymentId: SCRIPTS.mrPull.deploymentId,
  plan(runId) {
    const { batches, usage, windows } = planPull(runId);
    // The read window travels in the usage note (one note: the runner's note names are fixed).
    return { batches, notes: { usage: JSON.stringify({ ...usage, windows }) } };
  },
  // Accounts, and every deleted or merged row, before the live contacts: a relink is in place when the survivor is read.
  runsInMap: (batch) => batch.object === 'Account' || batch.removed === true,
  run: runPullBatch,
  summarize: summarizeRun,
};
