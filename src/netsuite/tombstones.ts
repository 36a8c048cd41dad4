/**
 * Tombstones of deleted NetSuite contacts and customers (customrecord_crmsync_tombstone): the Salesforce and Pardot
 * ids a deleted record was linked to, so a pull never creates it again. Written by the delete's user event (about 4
 * units), read by each pull batch in one search.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import * as format from 'N/format';
import { SETTINGS, TOMBSTONE } from '../ids';
import { asText } from './values';
import { or, type Filters } from './record-reader';

export interface Tombstone {
  recordType: 'contact' | 'customer';
  recordId: string;
  salesforceId: string | null;
  pardotId: string | null;
}

export function writeTombstone(tombstone: Tombstone): void {
  if (tombstone.salesforceId === null && tombstone.pardotId === null) return;
  const entry = record.create({ type: TOMBSTONE.type });
  entry.setValue({ fieldId: 'name', value: `${tombstone.recordType} ${tombstone.recordId}` });
  entry.setValue({ fieldId: TOMBSTONE.recordType, value: tombstone.recordType });
  entry.setValue({ fieldId: TOMBSTONE.recordId, value: Number(tombstone.recordId) });
  if (tombstone.salesforceId !== null) entry.setValue({ fieldId: TOMBSTONE.salesforceId, value: tombstone.salesforceId });
  if (tombstone.pardotId !== null) entry.setValue({ fieldId: TOMBSTONE.pardotId, value: tombstone.pardotId });
  entry.save();
}

/** Which of these ids (Salesforce ids, or Pardot prospect ids with `field` pardotId) have a tombstone. */
export function tombstonedIds(ids: readonly string[], field: 'salesforceId' | 'pardotId' = 'salesforceId'): Set<string> {
  const found = new Set<string>();
  const column = TOMBSTONE[field];
  for (let i = 0; i < ids.length; i += 200) {
    const clauses: Filters[] = ids.slice(i, i + 200).map((id) => [column, 'is', id]);
    if (clauses.length === 0) continue;
    search.create({ type: TOMBSTONE.type, filters: or(clauses), columns: [column] }).run().each((result) => {
      const id = asText(result.getValue({ name: column }));
      if (id !== null) found.add(id);
      return true;
    });
  }
  return found;
}

/**
 * When CRM Sync was installed: the creation time of the active settings record (search results give dates as text in
 * the user's format; N/format reads them back). The first pull starts here, not at 1970.
 */
export function installedAt(): string | null {
  const [row] = search.create({ type: SETTINGS.type, filters: [['isinactive', 'is', 'F']], columns: [search.createColumn({ name: 'created', sort: search.Sort.ASC })] })
    .run().getRange({ start: 0, end: 1 });
  const text = row === undefined ? null : asText(row.getValue({ name: 'created' }));
  if (text === null) return null;
  const parsed = format.parse({ value: text, type: format.Type.DATETIMETZ });
  return parsed instanceof Date ? parsed.toISOString() : null;
}
