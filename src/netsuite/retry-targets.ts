/** The contacts and customers an admin retries: by id, or every one in Failed status. */
import * as search from 'N/search';
import { ENTITY_FIELDS } from '../ids';
import type { NsRecordType } from '../core/model';
import type { RecordRef } from '../core/console/requests';
import { asText } from './values';

export interface RetryTarget extends RecordRef {
  name: string;
  status: string | null;
  pardotStatus: string | null;
  queueId: string | null;
  customerId: string | null;
  salesforceId: string | null;
}

function columnsFor(type: NsRecordType): string[] {
  const common = ['entityid', ENTITY_FIELDS.status, ENTITY_FIELDS.pardotStatus, ENTITY_FIELDS.queueId, ENTITY_FIELDS.salesforceId, ENTITY_FIELDS.lastError];
  return type === 'contact' ? [...common, 'company'] : common;
}

function toTarget(type: NsRecordType, result: search.Result): RetryTarget {
  const value = (field: string): string | null => asText(result.getValue({ name: field }));
  return {
    recordType: type,
    id: result.id,
    name: value('entityid') ?? `${type} ${result.id}`,
    status: value(ENTITY_FIELDS.status),
    pardotStatus: value(ENTITY_FIELDS.pardotStatus),
    queueId: value(ENTITY_FIELDS.queueId),
    customerId: type === 'customer' ? result.id : value('company'),
    salesforceId: value(ENTITY_FIELDS.salesforceId),
  };
}

/** The records behind the given ids (10 units per record type and 1,000 ids asked for); unknown ids are simply absent. */
export function findTargets(refs: readonly RecordRef[]): RetryTarget[] {
  const out: RetryTarget[] = [];
  for (const type of ['contact', 'customer'] as const) {
    const ids = refs.filter((r) => r.recordType === type).map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000) {
      search.create({ type, filters: [['internalid', 'anyof', ids.slice(i, i + 1000)]], columns: columnsFor(type) })
        .run().getRange({ start: 0, end: 1000 })
        .forEach((result) => out.push(toTarget(type, result)));
    }
  }
  return out;
}

/** Every contact and customer whose CRM Sync Status is Failed (up to 1,000 of each: 10 units per type). */
export function failedTargets(): RetryTarget[] {
  const out: RetryTarget[] = [];
  for (const type of ['contact', 'customer'] as const) {
    search.create({ type, filters: [[ENTITY_FIELDS.status, 'is', 'Failed']], columns: columnsFor(type) })
      .run().getRange({ start: 0, end: 1000 })
      .forEach((result) => out.push(toTarget(type, result)));
  }
  return out;
}
