/**
 * Writes outcomes onto the NetSuite record the admin looks at: CRM id, status, last sync time, last error.
 * A record's Salesforce and Pardot outcomes of one batch share a single submitFields (5 units, not 10), which also
 * closes the change queued on the record (or sets its retry): the record is its own queue entry (src/netsuite/queue.ts).
 * Deletes have no record left to write to.
 * The last sync time (a Date/Time field) is written as a JS Date: "Date and DateTime fields accept Date values"
 * (Record.setValue(options), Oracle Help Center). record.submitFields documents its values only as "ID-value pairs",
 * so the same value types are used there (no page says it takes a formatted string instead).
 */
import * as record from 'N/record';
import { ENTITY_FIELDS } from '../ids';
import type { Outcome, SyncStatus } from '../core/model';
import { storedErrorText } from '../core/redact';
import { recordClosingValues } from './queue';

function statusOf(outcome: Outcome): SyncStatus {
  switch (outcome.status) {
    case 'Completed': return 'Completed';
    case 'Skipped': return 'Skipped';
    case 'Failed': return 'Failed';
    case 'Retrying':
    case 'Waiting': return 'Pending';
  }
}

const FIELDS = {
  salesforce: { id: ENTITY_FIELDS.salesforceId, status: ENTITY_FIELDS.status, error: ENTITY_FIELDS.lastError, hash: ENTITY_FIELDS.syncedHash, batch: ENTITY_FIELDS.lastBatch },
  pardot: { id: ENTITY_FIELDS.pardotId, status: ENTITY_FIELDS.pardotStatus, error: ENTITY_FIELDS.pardotError, hash: ENTITY_FIELDS.pardotHash, batch: ENTITY_FIELDS.pardotLastBatch },
} as const;

/** Links to the batch rows that logged this batch's successes, per system (the record's "last sync" link). */
export type BatchLinks = Partial<Record<Outcome['system'], string>>;

/** `CODE: message`; a record waiting for the connection starts with that ("Waiting: Salesforce connection (CODE). …"). */
function errorText(outcome: Outcome): string {
  const text = storedErrorText(outcome.code, outcome.message);
  return outcome.status === 'Waiting' && outcome.message.startsWith('Waiting: ') ? text.slice(outcome.code.length + 2) : text;
}

function valuesFor(outcome: Outcome, now: Date, batchLinks: BatchLinks): Record<string, string | Date> {
  const fields = FIELDS[outcome.system];
  const values: Record<string, string | Date> = {
    [fields.status]: statusOf(outcome),
    [fields.error]: outcome.status === 'Completed' ? '' : errorText(outcome),
  };
  if (outcome.status === 'Completed') {
    if (outcome.system === 'salesforce') values[ENTITY_FIELDS.lastSync] = now;
    if (outcome.payloadHash !== null) values[fields.hash] = outcome.payloadHash;
    const link = batchLinks[outcome.system];
    if (link !== undefined) values[fields.batch] = link;
    if (outcome.system === 'salesforce' && outcome.snapshot !== undefined) values[ENTITY_FIELDS.snapshot] = outcome.snapshot;
  }
  if (outcome.externalId !== null) values[fields.id] = outcome.externalId;
  if (outcome.clearLink) {
    values[fields.id] = '';
    values[fields.hash] = '';
    if (outcome.system === 'salesforce') values[ENTITY_FIELDS.snapshot] = '';
  }
  return values;
}

export function writeBack(outcomes: readonly Outcome[], now: Date, batchLinks: BatchLinks = {}): void {
  const byRecord = new Map<string, { type: string; id: string; values: Record<string, string | number | Date>; outcomes: Outcome[] }>();
  for (const outcome of outcomes) {
    if (outcome.item.operation === 'delete' || outcome.code === 'RECORD_NOT_FOUND') continue;
    const key = `${outcome.item.recordType}:${outcome.item.recordId}`;
    const entry = byRecord.get(key) ?? { type: outcome.item.recordType, id: outcome.item.recordId, values: {}, outcomes: [] };
    Object.assign(entry.values, valuesFor(outcome, now, batchLinks));
    entry.outcomes.push(outcome);
    byRecord.set(key, entry);
  }
  for (const { type, id, values, outcomes: recordOutcomes } of byRecord.values()) {
    const queued = recordOutcomes.find((o) => o.item.queuedOnRecord === true);
    if (queued !== undefined) Object.assign(values, recordClosingValues(queued.item, recordOutcomes));
    record.submitFields({ type, id, values, options: { enableSourcing: false, ignoreMandatoryFields: true } });
  }
}
