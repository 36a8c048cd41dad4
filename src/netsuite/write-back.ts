/**
 * Writes each outcome onto the NetSuite record the admin looks at: Salesforce id, status, last sync time,
 * last error (one submitFields, 5 units). Skipped deletes have no record left to write to.
 */
import * as record from 'N/record';
import { ENTITY_FIELDS } from '../ids';
import type { Outcome, SyncStatus } from '../core/model';

function statusOf(outcome: Outcome): SyncStatus {
  switch (outcome.status) {
    case 'Completed': return 'Completed';
    case 'Skipped': return 'Skipped';
    case 'Failed': return 'Failed';
    case 'Retrying': return 'Pending';
  }
}

export function writeBack(outcome: Outcome, now: Date): void {
  if (outcome.item.operation === 'delete') return;
  if (outcome.code === 'RECORD_NOT_FOUND') return;
  const values: Record<string, string | Date> = {
    [ENTITY_FIELDS.status]: statusOf(outcome),
    [ENTITY_FIELDS.lastError]: outcome.status === 'Completed' ? '' : `${outcome.code}: ${outcome.message}`.slice(0, 3900),
  };
  if (outcome.status === 'Completed') {
    values[ENTITY_FIELDS.lastSync] = now;
    if (outcome.payloadHash !== null) values[ENTITY_FIELDS.syncedHash] = outcome.payloadHash;
  }
  if (outcome.salesforceId !== null) values[ENTITY_FIELDS.salesforceId] = outcome.salesforceId;
  if (outcome.clearLink) {
    values[ENTITY_FIELDS.salesforceId] = '';
    values[ENTITY_FIELDS.syncedHash] = '';
  }
  record.submitFields({
    type: outcome.item.recordType,
    id: outcome.item.recordId,
    values,
    options: { enableSourcing: false, ignoreMandatoryFields: true },
  });
}
