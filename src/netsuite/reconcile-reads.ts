/** What reconcile reads in NetSuite before it plans: every linked contact and customer, with its links (5 units per 1,000). */
import * as search from 'N/search';
import { ENTITY_FIELDS } from '../ids';
import type { NsRecordType } from '../core/model';
import { asText } from './values';

export interface LinkedRecord {
  recordType: NsRecordType;
  id: string;
  salesforceId: string | null;
  pardotId: string | null;
}

function linkedOf(type: NsRecordType): LinkedRecord[] {
  const found: LinkedRecord[] = [];
  const paged = search.create({
    type,
    filters: [[ENTITY_FIELDS.salesforceId, 'isnotempty', ''], 'OR', [ENTITY_FIELDS.pardotId, 'isnotempty', '']],
    columns: [ENTITY_FIELDS.salesforceId, ENTITY_FIELDS.pardotId],
  }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges) {
    for (const result of paged.fetch({ index: range.index }).data) {
      found.push({
        recordType: type,
        id: result.id,
        salesforceId: asText(result.getValue({ name: ENTITY_FIELDS.salesforceId })),
        pardotId: asText(result.getValue({ name: ENTITY_FIELDS.pardotId })),
      });
    }
  }
  return found;
}

export function linkedRecords(): LinkedRecord[] {
  return [...linkedOf('customer'), ...linkedOf('contact')];
}
