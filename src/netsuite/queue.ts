/**
 * The durable push queue: one entry per NetSuite record, re-armed on every change (so repeats coalesce and
 * the table does not grow with edits). The record keeps its entry's id in a hidden field.
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
  /** The entry this record already owns, if any. */
  queueId: string | null;
  /**
   * false: do not store the new entry's id on the record (saves 5 units). A later change then opens a second entry;
   * the push coalesces entries of one record, so it is sent once.
   */
  rememberOnRecord?: boolean;
  now: Date;
}

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
 * Re-arms the record's entry (2 units) or creates one (6 units) and stores its id on the record (5 units;
 * not for a delete — the record is gone).
 */
export function enqueue(change: QueuedChange): void {
  if (change.queueId !== null) {
    try {
      record.submitFields({ type: QUEUE.type, id: change.queueId, values: entryValues(change), options: { enableSourcing: false, ignoreMandatoryFields: true } });
      if (change.operation !== 'delete' && change.rememberOnRecord !== false) markPending(change.recordType, change.recordId, null);
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
  const created = String(entry.save());
  if (change.operation !== 'delete' && change.rememberOnRecord !== false) rememberQueueEntry(change.recordType, change.recordId, created);
}

/**
 * Stores the entry id on the record and shows the record Pending while its change is queued, paused or not (one
 * submitFields, 5 units; a save inside a user event fires no other user event).
 */
function markPending(recordType: NsRecordType, recordId: string, queueId: string | null): void {
  const values: Record<string, string | number> = { [ENTITY_FIELDS.status]: 'Pending' };
  if (queueId !== null) values[ENTITY_FIELDS.queueId] = Number(queueId);
  record.submitFields({ type: recordType, id: recordId, values, options: { enableSourcing: false, ignoreMandatoryFields: true } });
}

function rememberQueueEntry(recordType: NsRecordType, recordId: string, queueId: string): void {
  markPending(recordType, recordId, queueId);
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

/**
 * Pending entries whose next attempt is due. The due-time filter runs here rather than in the search: the
 * time is stored as ISO text for millisecond precision, and runPaged costs 5 units per 1,000 entries.
 */
export function dueEntries(now: Date, limit: number): WorkItem[] {
  const items: WorkItem[] = [];
  const nowIso = now.toISOString();
  const paged = search.create({ type: QUEUE.type, filters: [[QUEUE.state, 'is', QUEUE_STATE.pending]], columns: ENTRY_COLUMNS }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const result of paged.fetch({ index: range.index }).data) {
      const next = asText(result.getValue({ name: QUEUE.nextAttempt })) ?? '';
      if (next <= nowIso) items.push(toWorkItem(result));
      if (items.length >= limit) return items;
    }
  }
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
      record.submitFields({ type: QUEUE.type, id: queueId, values: closingValues(first.item, entryOutcomes), options: { enableSourcing: false, ignoreMandatoryFields: true } });
      written.set(queueId, first.item.changedAt);
    } catch (error) {
      if (errorName(error) === 'RCRD_DSNT_EXIST') continue; // purged by retention meanwhile: nothing to close
      throw error;
    }
  }
  restoreRearmed(written);
}

function closingValues(item: WorkItem, entryOutcomes: readonly Outcome[]): Record<string, string | number> {
  const retries = entryOutcomes.filter((o) => o.status === 'Retrying');
  // Waiting (a quota stop): back to pending for the next run without using an attempt.
  const again = entryOutcomes.filter((o) => o.status === 'Retrying' || o.status === 'Waiting');
  const problems = entryOutcomes.filter((o) => o.status !== 'Completed');
  const values: Record<string, string | number> = {
    [QUEUE.attempts]: retries.length > 0 ? item.attempts + 1 : item.attempts,
    [QUEUE.lastError]: problems.map((o) => `${o.system} ${storedErrorText(o.code, o.message)}`).join('\n').slice(0, 3900),
  };
  if (again.length > 0) {
    values[QUEUE.nextAttempt] = again.map((o) => o.nextAttemptAt ?? new Date().toISOString()).sort()[0] ?? new Date().toISOString();
  } else {
    values[QUEUE.state] = entryOutcomes.some((o) => o.status === 'Failed') ? QUEUE_STATE.failed : QUEUE_STATE.done;
  }
  return values;
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
        options: { enableSourcing: false, ignoreMandatoryFields: true },
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
