/**
 * The durable push queue. A contact or customer that changed is its own queue entry: the change is written onto the
 * record (what waits, when it changed, when to try next, attempts so far), and the push's write-back of the outcome —
 * the write that sets the record's sync status anyway — closes it in the same submitFields. That spares every pushed
 * record a second write (2 units for an entry of a custom record) and the user event a record of its own. A deleted
 * record has nothing left to write to: its delete is an entry of the queue custom record (re-armed on every change, so
 * repeats coalesce), as are changes queued before the queue moved onto the record, which are still sent and closed.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { ENTITY_FIELDS, QUEUE } from '../ids';
import type { NsRecordType, Outcome, QueueOperation, WorkItem } from '../core/model';
import { storedErrorText } from '../core/redact';
import { errorName } from '../core/errors';
import { asText } from './values';

export const QUEUE_STATE = { pending: 'pending', done: 'done', failed: 'failed' } as const;

export interface QueuedChange {
  recordType: NsRecordType;
  recordId: string;
  customerId: string | null;
  operation: QueueOperation;
  externalId: string | null;
  /** The queue-custom-record entry this record already owns, if any (a delete re-arms it). */
  queueId: string | null;
  /**
   * What the record has queued already (its queued-change field), when the caller holds it (a user event's
   * oldRecord): a customer's pending cascade is never narrowed to an upsert. Absent: read when it matters.
   */
  queuedChange?: string | null;
  now: Date;
}

const SUBMIT_OPTIONS = { enableSourcing: false, ignoreMandatoryFields: true } as const;

function entryValues(change: QueuedChange): Record<string, string | number> {
  const stamp = change.now.toISOString();
  return {
    [QUEUE.state]: QUEUE_STATE.pending,
    [QUEUE.operation]: change.operation,
    [QUEUE.customerId]: change.customerId === null ? '' : Number(change.customerId),
    [QUEUE.externalId]: change.externalId ?? '',
    [QUEUE.changedAt]: stamp,
    [QUEUE.nextAttempt]: stamp,
    [QUEUE.attempts]: 0,
  };
}

/**
 * Queues a change. A contact's or customer's change goes onto the record (one submitFields, 5 units), which shows
 * Pending until the push has sent it; a delete re-arms the record's entry (2 units) or creates one (6 units).
 */
export function enqueue(change: QueuedChange): void {
  if (change.operation !== 'delete') {
    queueOnRecord(change);
    return;
  }
  if (change.queueId !== null) {
    try {
      record.submitFields({ type: QUEUE.type, id: change.queueId, values: entryValues(change), options: SUBMIT_OPTIONS });
      return;
    } catch {
      // The entry was purged (retention) or is unreadable: fall through and create a fresh one.
    }
  }
  const entry = record.create({ type: QUEUE.type });
  entry.setValue({ fieldId: 'name', value: `${change.recordType} ${change.recordId}` });
  entry.setValue({ fieldId: QUEUE.recordType, value: change.recordType });
  entry.setValue({ fieldId: QUEUE.recordId, value: Number(change.recordId) });
  for (const [fieldId, value] of Object.entries(entryValues(change))) {
    if (value !== '') entry.setValue({ fieldId, value });
  }
  entry.save();
}

/** A customer's cascade (its contacts sync too) stays a cascade until the push has sent it. */
function queuedOperation(change: QueuedChange): 'upsert' | 'cascade' {
  if (change.operation === 'cascade') return 'cascade';
  if (change.recordType !== 'customer') return 'upsert';
  const queued = change.queuedChange !== undefined
    ? change.queuedChange
    : asText(search.lookupFields({ type: change.recordType, id: change.recordId, columns: [ENTITY_FIELDS.queuedChange] })[ENTITY_FIELDS.queuedChange]);
  return queued === 'cascade' ? 'cascade' : 'upsert';
}

/** The record's queued-change fields for a change at `stamp` (no attempt yet, due at once), shown Pending. */
function queuedValues(operation: 'upsert' | 'cascade', stamp: string): Record<string, string | number> {
  return {
    [ENTITY_FIELDS.queuedChange]: operation,
    [ENTITY_FIELDS.changedAt]: stamp,
    [ENTITY_FIELDS.nextAttempt]: stamp,
    [ENTITY_FIELDS.attempts]: 0,
    [ENTITY_FIELDS.status]: 'Pending',
  };
}

/** One submitFields (5 units); a save inside a user event fires no other user event. */
function queueOnRecord(change: QueuedChange): void {
  record.submitFields({ type: change.recordType, id: change.recordId, values: queuedValues(queuedOperation(change), change.now.toISOString()), options: SUBMIT_OPTIONS });
}

const ENTRY_COLUMNS = [QUEUE.recordType, QUEUE.recordId, QUEUE.customerId, QUEUE.operation, QUEUE.attempts, QUEUE.externalId, QUEUE.changedAt, QUEUE.nextAttempt];

function toWorkItem(result: search.Result): WorkItem {
  const value = (field: string): string | null => asText(result.getValue({ name: field }));
  const type = value(QUEUE.recordType) === 'customer' ? 'customer' : 'contact';
  const operation = value(QUEUE.operation);
  return {
    queueId: result.id,
    recordType: type,
    recordId: value(QUEUE.recordId) ?? '',
    customerId: type === 'customer' ? value(QUEUE.recordId) : value(QUEUE.customerId),
    operation: operation === 'delete' || operation === 'cascade' ? operation : 'upsert',
    attempts: Number(value(QUEUE.attempts) ?? 0) || 0,
    externalId: value(QUEUE.externalId),
    changedAt: value(QUEUE.changedAt),
  };
}

const RECORD_QUEUE_COLUMNS = [ENTITY_FIELDS.queuedChange, ENTITY_FIELDS.changedAt, ENTITY_FIELDS.nextAttempt, ENTITY_FIELDS.attempts, ENTITY_FIELDS.salesforceId];

function recordWorkItem(type: NsRecordType, result: search.Result): WorkItem {
  const value = (field: string): string | null => asText(result.getValue({ name: field }));
  return {
    queueId: null,
    recordType: type,
    recordId: result.id,
    customerId: type === 'customer' ? result.id : value('company'),
    operation: value(ENTITY_FIELDS.queuedChange) === 'cascade' ? 'cascade' : 'upsert',
    attempts: Number(value(ENTITY_FIELDS.attempts) ?? 0) || 0,
    externalId: value(ENTITY_FIELDS.salesforceId),
    changedAt: value(ENTITY_FIELDS.changedAt),
    queuedOnRecord: true,
  };
}

/**
 * Due changes: the records with a queued change and the pending entries of the queue custom record, whose next attempt
 * has come. The due-time filter runs here rather than in the search: the time is stored as ISO text for millisecond
 * precision. Three searches, each 5 units per 1,000 results (runPaged, then a fetch per page).
 */
export function dueEntries(now: Date, limit: number): WorkItem[] {
  const items: WorkItem[] = [];
  const nowIso = now.toISOString();
  const take = (found: search.Search, nextField: string, toItem: (result: search.Result) => WorkItem): void => {
    if (items.length >= limit) return;
    const paged = found.runPaged({ pageSize: 1000 });
    for (const range of paged.pageRanges) {
      for (const result of paged.fetch({ index: range.index }).data) {
        const next = asText(result.getValue({ name: nextField })) ?? '';
        if (next <= nowIso) items.push(toItem(result));
        if (items.length >= limit) return;
      }
    }
  };
  for (const type of ['customer', 'contact'] as const) {
    const columns = type === 'contact' ? ['company', ...RECORD_QUEUE_COLUMNS] : RECORD_QUEUE_COLUMNS;
    take(search.create({ type, filters: [[ENTITY_FIELDS.queuedChange, 'isnotempty', '']], columns }), ENTITY_FIELDS.nextAttempt, (r) => recordWorkItem(type, r));
  }
  take(search.create({ type: QUEUE.type, filters: [[QUEUE.state, 'is', QUEUE_STATE.pending]], columns: ENTRY_COLUMNS }), QUEUE.nextAttempt, toWorkItem);
  return items;
}

/**
 * Work items for records reached without a queue entry: the contacts of a customer whose change cascades,
 * or every contact and customer in a full sync. They have no change time, so they never close (or outrank)
 * a record's own entry.
 */
function entityItems(type: 'contact' | 'customer', filters: unknown[]): WorkItem[] {
  return itemsOf(type, search.create({ type, filters, columns: type === 'contact' ? ['company'] : [] }));
}

/** The work items of a search's results (its columns replaced by the one a work item needs). */
function itemsOf(type: 'contact' | 'customer', found: search.Search): WorkItem[] {
  const items: WorkItem[] = [];
  found.columns = type === 'contact' ? [search.createColumn({ name: 'company' })] : [];
  const paged = found.runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const result of paged.fetch({ index: range.index }).data) {
      const customerId = type === 'customer' ? result.id : asText(result.getValue({ name: 'company' }));
      items.push({ queueId: null, recordType: type, recordId: result.id, customerId, operation: 'upsert', attempts: 0, externalId: null, changedAt: null });
    }
  }
  return items;
}

export function contactsOfCustomer(customerId: string): WorkItem[] {
  return entityItems('contact', [['company', 'anyof', [customerId]]]);
}

export function allEntities(): WorkItem[] {
  return [...entityItems('customer', []), ...entityItems('contact', [])];
}

/** A saved search a full sync (and its preview) may be scoped to: a saved contact or customer search. */
export interface SavedSearchScope {
  id: string;
  title: string;
  type: 'contact' | 'customer';
}

/**
 * The saved search `id` (internal id or script id) as a sync's scope, or why it cannot be one (a plain sentence):
 * search.load must find it and its searchType must be contact or customer (N/search Search.searchType).
 */
export function savedSearchScope(id: string): SavedSearchScope | string {
  const wanted = id.trim();
  if (wanted === '') return 'Name a saved search by its ID (for example customsearch_my_contacts) or its internal id.';
  let loaded: search.Search;
  try {
    loaded = search.load({ id: wanted });
  } catch (error) {
    return `There is no saved search "${wanted}" this role can use (${errorName(error) ?? 'ERROR'}).`;
  }
  const type = String(loaded.searchType).toLowerCase();
  if (type !== 'contact' && type !== 'customer') return `The saved search "${wanted}" is a search of ${type} records; a sync can be scoped only to a saved contact or customer search.`;
  return { id: wanted, title: loaded.title || wanted, type };
}

/** Ids in groups an "anyof" filter takes at a time. */
const IDS_PER_FILTER = 1000;

function inGroups(ids: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_FILTER) groups.push(ids.slice(i, i + IDS_PER_FILTER));
  return groups;
}

/**
 * The records of a full sync's scope — the one place that decides it, for the push and its preview alike. No saved
 * search: every customer and contact (allEntities). A saved customer search: its customers and their contacts (as a
 * customer's change cascades to its contacts). A saved contact search: its contacts and their customers (a contact
 * whose customer has no Account waits for it, ACCOUNT_NOT_SYNCED; a customer already in step costs no call). A
 * saved search that cannot be a scope (gone, or of another record type) throws: a run never widens its scope.
 */
export function scopeEntities(savedSearch: string | null): WorkItem[] {
  if (savedSearch === null || savedSearch.trim() === '') return allEntities();
  const scope = savedSearchScope(savedSearch);
  if (typeof scope === 'string') throw Object.assign(new Error(scope), { name: 'CRMSYNC_SCOPE_INVALID' });
  const found = itemsOf(scope.type, search.load({ id: scope.id }));
  if (scope.type === 'customer') {
    const contacts = inGroups(found.map((i) => i.recordId)).flatMap((ids) => entityItems('contact', [['company', 'anyof', ids]]));
    return [...found, ...contacts];
  }
  const customerIds = [...new Set(found.flatMap((i) => (i.customerId === null || i.customerId === '' ? [] : [i.customerId])))];
  const customers = inGroups(customerIds).flatMap((ids) => entityItems('customer', [['internalid', 'anyof', ids]]));
  return [...customers, ...found];
}

/**
 * Records a batch's outcomes on the queue entries: done, failed, or back to pending with backoff. A record
 * with outcomes for Salesforce and Pardot stays pending while either must be retried. An entry that was
 * re-armed by a newer change while we worked stays pending, so that change is never lost: each entry is written
 * with one submitFields (2 units), then one search of the batch's entries (10 units) finds any a user event re-armed
 * before our write landed (its change stamp is not the one we sent) and puts it back to what the re-arm made it
 * (pending, no attempts, due at its change). A re-arm after our write needs nothing: it sets pending itself.
 * About 2 units per entry instead of 6 for a load and save each.
 */
export function closeEntries(outcomes: readonly Outcome[]): void {
  const byEntry = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    if (outcome.item.queueId === null || outcome.item.changedAt === null) continue;
    byEntry.set(outcome.item.queueId, [...(byEntry.get(outcome.item.queueId) ?? []), outcome]);
  }
  const written = new Map<string, string>();
  for (const [queueId, entryOutcomes] of byEntry) {
    const first = entryOutcomes[0];
    if (first === undefined || first.item.changedAt === null) continue;
    try {
      record.submitFields({ type: QUEUE.type, id: queueId, values: closingValues(first.item, entryOutcomes), options: SUBMIT_OPTIONS });
      written.set(queueId, first.item.changedAt);
    } catch (error) {
      if (errorName(error) === 'RCRD_DSNT_EXIST') continue; // purged by retention meanwhile: nothing to close
      throw error;
    }
  }
  restoreRearmed(written);
}

/** Of one record's outcomes, those that must be tried again, and whether one of them used an attempt. */
function retryState(entryOutcomes: readonly Outcome[]): { again: boolean; usedAttempt: boolean; nextAttempt: string } {
  const retries = entryOutcomes.filter((o) => o.status === 'Retrying');
  // Waiting (a quota stop): back to pending for the next run without using an attempt.
  const again = entryOutcomes.filter((o) => o.status === 'Retrying' || o.status === 'Waiting');
  const nextAttempt = again.map((o) => o.nextAttemptAt ?? new Date().toISOString()).sort()[0] ?? new Date().toISOString();
  return { again: again.length > 0, usedAttempt: retries.length > 0, nextAttempt };
}

function closingValues(item: WorkItem, entryOutcomes: readonly Outcome[]): Record<string, string | number> {
  const { again, usedAttempt, nextAttempt } = retryState(entryOutcomes);
  const problems = entryOutcomes.filter((o) => o.status !== 'Completed');
  const values: Record<string, string | number> = {
    [QUEUE.attempts]: usedAttempt ? item.attempts + 1 : item.attempts,
    [QUEUE.lastError]: problems.map((o) => `${o.system} ${storedErrorText(o.code, o.message)}`).join('\n').slice(0, 3900),
  };
  if (again) values[QUEUE.nextAttempt] = nextAttempt;
  else values[QUEUE.state] = entryOutcomes.some((o) => o.status === 'Failed') ? QUEUE_STATE.failed : QUEUE_STATE.done;
  return values;
}

/**
 * What a record's write-back adds to close the change queued on it: nothing waits any more (the queued change blank),
 * or — when a system must try again — its next attempt and the attempts used. The errors are the record's own
 * per-system error fields, which the write-back sets anyway.
 */
export function recordClosingValues(item: WorkItem, recordOutcomes: readonly Outcome[]): Record<string, string | number> {
  const { again, usedAttempt, nextAttempt } = retryState(recordOutcomes);
  if (!again) return { [ENTITY_FIELDS.queuedChange]: '' };
  return { [ENTITY_FIELDS.attempts]: usedAttempt ? item.attempts + 1 : item.attempts, [ENTITY_FIELDS.nextAttempt]: nextAttempt };
}

/**
 * A change queued on a record while the push worked on it must not be lost. The write-back closed (or set for a retry)
 * the change the push planned; one search of the batch's records (10 units per 1,000; a batch holds one record type)
 * then reads their change time, which only queueing a change writes. Where it moved, a newer change was queued since the
 * run planned: if the write-back cleared the queued change, that change was queued before it and is queued again; if
 * the write-back set a retry, the newer change gets its own fresh start (due at its change time, no attempt used). A
 * change queued after a clearing write-back is still in place and needs nothing. Which operation a cleared change had
 * cannot be read back, so a customer is queued again as a cascade: its contacts are read again, and those that did
 * not change send nothing.
 */
export function requeueChangedMeanwhile(outcomes: readonly Outcome[]): void {
  const byRecord = new Map<string, { item: WorkItem; outcomes: Outcome[] }>();
  for (const outcome of outcomes) {
    const { item } = outcome;
    if (item.queuedOnRecord !== true || item.operation === 'delete' || outcome.code === 'RECORD_NOT_FOUND') continue;
    const key = `${item.recordType}:${item.recordId}`;
    const entry = byRecord.get(key) ?? { item, outcomes: [] };
    entry.outcomes.push(outcome);
    byRecord.set(key, entry);
  }
  for (const type of ['contact', 'customer'] as const) {
    const ids = [...byRecord.values()].filter((r) => r.item.recordType === type).map((r) => r.item.recordId);
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = search.create({ type, filters: [['internalid', 'anyof', ids.slice(i, i + 1000)]], columns: [ENTITY_FIELDS.changedAt, ENTITY_FIELDS.queuedChange] })
        .run().getRange({ start: 0, end: 1000 });
      for (const row of rows) {
        const planned = byRecord.get(`${type}:${row.id}`);
        const changedAt = asText(row.getValue({ name: ENTITY_FIELDS.changedAt }));
        if (planned === undefined || changedAt === null || changedAt === planned.item.changedAt) continue;
        const queued = asText(row.getValue({ name: ENTITY_FIELDS.queuedChange }));
        const cleared = !retryState(planned.outcomes).again;
        if (cleared && queued !== null) continue;
        const operation = queued === 'upsert' || queued === 'cascade' ? queued : type === 'customer' ? 'cascade' : 'upsert';
        record.submitFields({ type, id: row.id, values: queuedValues(operation, changedAt), options: SUBMIT_OPTIONS });
      }
    }
  }
}

/** Entries whose change stamp moved before our close landed get back the pending state their re-arm gave them. */
function restoreRearmed(written: ReadonlyMap<string, string>): void {
  const ids = [...written.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = ids.slice(i, i + 1000);
    const rows = search.create({ type: QUEUE.type, filters: [['internalid', 'anyof', slice]], columns: [QUEUE.changedAt] }).run().getRange({ start: 0, end: 1000 });
    for (const row of rows) {
      const changedAt = asText(row.getValue({ name: QUEUE.changedAt }));
      if (changedAt === null || changedAt === written.get(row.id)) continue;
      record.submitFields({
        type: QUEUE.type, id: row.id,
        values: { [QUEUE.state]: QUEUE_STATE.pending, [QUEUE.attempts]: 0, [QUEUE.nextAttempt]: changedAt, [QUEUE.lastError]: '' },
        options: SUBMIT_OPTIONS,
      });
    }
  }
}

/** Of the given entries, the record ids whose change still waits for the push (one search, 10 units). */
export function pendingRecordIds(queueIds: readonly string[]): Set<string> {
  if (queueIds.length === 0) return new Set();
  const pending = search.create({ type: QUEUE.type, filters: [['internalid', 'anyof', [...queueIds]], 'AND', [QUEUE.state, 'is', QUEUE_STATE.pending]], columns: [QUEUE.recordId] })
    .run().getRange({ start: 0, end: 1000 });
  return new Set(pending.map((r) => asText(r.getValue({ name: QUEUE.recordId })) ?? ''));
}
