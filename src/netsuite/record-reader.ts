/** Reads the contacts and customers of a batch with one search each (10 units per batch, not 5 per record). */
import * as search from 'N/search';
import { ENTITY_FIELDS } from '../ids';
import type { NsContact, NsCustomer, FieldValue } from '../core/model';
import type { RecordReader } from '../core/ports';
import { companyFieldsOf, ownFieldsOf, type MappingSet } from '../core/mapping/field-map';
import { asBoolean, asFieldValue, asText, resultValue } from './values';

const BOOKKEEPING = [ENTITY_FIELDS.salesforceId, ENTITY_FIELDS.lock, ENTITY_FIELDS.syncedHash];

function readAll(type: search.Type | string, ids: readonly string[], columns: readonly string[]): search.Result[] {
  if (ids.length === 0) return [];
  const results: search.Result[] = [];
  const unique = [...new Set(columns)];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    results.push(...search.create({ type, filters: [['internalid', 'anyof', chunk]], columns: unique }).run().getRange({ start: 0, end: 1000 }));
  }
  return results;
}

function fieldsOf(result: search.Result, columns: readonly string[]): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const column of columns) fields[column] = asFieldValue(resultValue(result, column));
  return fields;
}

export function createRecordReader(mappings: MappingSet, currencyCodes: Readonly<Record<string, string>>): RecordReader {
  const contactColumns = [...ownFieldsOf(mappings.contact), 'company', 'subsidiary', 'isinactive', ...BOOKKEEPING];
  const customerColumns = [
    ...ownFieldsOf(mappings.customer), ...companyFieldsOf(mappings.contact),
    'companyname', 'isperson', 'firstname', 'lastname', 'currency', 'subsidiary', 'isinactive', ...BOOKKEEPING,
  ];
  return {
    contacts(ids) {
      const byId = new Map<string, NsContact>();
      for (const result of readAll(search.Type.CONTACT, ids, contactColumns)) {
        const fields = fieldsOf(result, contactColumns);
        byId.set(result.id, {
          id: result.id,
          fields,
          customerId: asText(fields.company),
          salesforceId: asText(fields[ENTITY_FIELDS.salesforceId]),
          locked: asBoolean(resultValue(result, ENTITY_FIELDS.lock)),
          inactive: asBoolean(resultValue(result, 'isinactive')),
          syncedHash: asText(fields[ENTITY_FIELDS.syncedHash]),
        });
      }
      return byId;
    },
    customers(ids) {
      const byId = new Map<string, NsCustomer>();
      for (const result of readAll(search.Type.CUSTOMER, ids, customerColumns)) {
        const fields = fieldsOf(result, customerColumns);
        const currencyId = asText(fields.currency);
        byId.set(result.id, {
          id: result.id,
          isPerson: asBoolean(resultValue(result, 'isperson')),
          fields,
          salesforceId: asText(fields[ENTITY_FIELDS.salesforceId]),
          locked: asBoolean(resultValue(result, ENTITY_FIELDS.lock)),
          inactive: asBoolean(resultValue(result, 'isinactive')),
          currencyIso: currencyId === null ? null : currencyCodes[currencyId] ?? null,
          subsidiaryId: asText(fields.subsidiary),
          syncedHash: asText(fields[ENTITY_FIELDS.syncedHash]),
        });
      }
      return byId;
    },
  };
}
