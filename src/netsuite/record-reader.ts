/** Reads the contacts and customers of a batch with one search each (10 units per batch, not 5 per record). */
import * as search from 'N/search';
import { ENTITY_FIELDS } from '../ids';
import type { NsContact, NsCustomer, FieldValue } from '../core/model';
import type { RecordReader } from '../core/ports';
import { companyFieldsOf, ownFieldsOf, type MappingSet } from '../core/mapping/field-map';
import { asBoolean, asFieldValue, asText, resultValue } from './values';
import { accountFeatures } from './script-context';
import { parseSnapshot } from '../core/snapshot';

const BOOKKEEPING = [ENTITY_FIELDS.salesforceId, ENTITY_FIELDS.lock, ENTITY_FIELDS.syncedHash, ENTITY_FIELDS.snapshot, ENTITY_FIELDS.queueId, ENTITY_FIELDS.queuedChange];

/** A search filter: plain filters or a filter expression, as N/search takes them. */
export type Filters = unknown[];

/** Joins filter clauses into one OR expression. */
export function or(clauses: Filters[]): Filters {
  return clauses.flatMap((clause, index) => (index === 0 ? [clause] : ['OR', clause]));
}

function searchAll(type: search.Type | string, filters: Filters, columns: readonly string[]): search.Result[] {
  return search.create({ type, filters, columns: [...new Set(columns)] }).run().getRange({ start: 0, end: 1000 });
}


function fieldsOf(result: search.Result, columns: readonly string[]): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const column of columns) fields[column] = asFieldValue(resultValue(result, column));
  return fields;
}

/** Reads contacts and customers as the core sees them, by id or by any search filter. */
export interface EntitySearch {
  contacts(filters: Filters): NsContact[];
  customers(filters: Filters): NsCustomer[];
}

export function createEntitySearch(mappings: MappingSet, currencyCodes: Readonly<Record<string, string>>): EntitySearch {
  // Without OneWorld or Multiple Currencies the subsidiary or currency column does not exist: searching it fails.
  const { oneWorld, multiCurrency } = accountFeatures();
  const subsidiary = oneWorld ? ['subsidiary'] : [];
  const currency = multiCurrency ? ['currency'] : [];
  const contactColumns = [...ownFieldsOf(mappings.contact), 'company', ...subsidiary, 'isinactive', ...BOOKKEEPING];
  const customerColumns = [
    ...ownFieldsOf(mappings.customer), ...companyFieldsOf(mappings.contact),
    'companyname', 'isperson', 'firstname', 'lastname', ...currency, ...subsidiary, 'isinactive', ...BOOKKEEPING,
  ];
  const toContact = (result: search.Result): NsContact => {
    const fields = fieldsOf(result, contactColumns);
    return {
      id: result.id,
      fields,
      customerId: asText(fields.company),
      salesforceId: asText(fields[ENTITY_FIELDS.salesforceId]),
      locked: asBoolean(resultValue(result, ENTITY_FIELDS.lock)),
      inactive: asBoolean(resultValue(result, 'isinactive')),
      syncedHash: asText(fields[ENTITY_FIELDS.syncedHash]),
      snapshot: parseSnapshot(asText(fields[ENTITY_FIELDS.snapshot])),
    };
  };
  const toCustomer = (result: search.Result): NsCustomer => {
    const fields = fieldsOf(result, customerColumns);
    const currencyId = asText(fields.currency);
    return {
      id: result.id,
      isPerson: asBoolean(resultValue(result, 'isperson')),
      fields,
      salesforceId: asText(fields[ENTITY_FIELDS.salesforceId]),
      locked: asBoolean(resultValue(result, ENTITY_FIELDS.lock)),
      inactive: asBoolean(resultValue(result, 'isinactive')),
      currencyIso: currencyId === null ? null : currencyCodes[currencyId] ?? null,
      subsidiaryId: asText(fields.subsidiary),
      syncedHash: asText(fields[ENTITY_FIELDS.syncedHash]),
      snapshot: parseSnapshot(asText(fields[ENTITY_FIELDS.snapshot])),
    };
  };
  return {
    contacts: (filters) => searchAll(search.Type.CONTACT, filters, contactColumns).map(toContact),
    customers: (filters) => searchAll(search.Type.CUSTOMER, filters, customerColumns).map(toCustomer),
  };
}

export function createRecordReader(mappings: MappingSet, currencyCodes: Readonly<Record<string, string>>): RecordReader {
  const entities = createEntitySearch(mappings, currencyCodes);
  const byIds = <T extends { id: string }>(read: (filters: Filters) => T[], ids: readonly string[]): Map<string, T> => {
    const found = new Map<string, T>();
    for (let i = 0; i < ids.length; i += 1000) for (const r of read([['internalid', 'anyof', ids.slice(i, i + 1000)]])) found.set(r.id, r);
    return found;
  };
  return {
    contacts: (ids) => byIds((f) => entities.contacts(f), ids),
    customers: (ids) => byIds((f) => entities.customers(f), ids),
  };
}

/** The Salesforce id stored on one record (1 unit), or null. */
export function storedSalesforceId(type: 'contact' | 'customer', id: string): string | null {
  const fields = search.lookupFields({ type, id, columns: [ENTITY_FIELDS.salesforceId] });
  return asText(fields[ENTITY_FIELDS.salesforceId]);
}
