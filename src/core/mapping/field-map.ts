/**
 * Field mappings: which NetSuite value feeds which Salesforce field. Defaults follow Oracle's contact field
 * mapping table (seed 001); admins override them with CRM Sync Field Mapping records.
 *
 * Sources are NetSuite field ids of the record, `company.<field>` for a field of a contact's customer, or one
 * of the derived values below (they need lookups the adapters do once per batch).
 */
import type { NsRecordType } from '../model';

export const DERIVED_SOURCES = {
  /** The NetSuite internal id, written to the external-id field so retries never duplicate. */
  id: '$id',
  /** The Salesforce Account id of the contact's customer. */
  accountId: '$accountId',
  /** ISO code of the customer's currency (NetSuite currency symbol). */
  currencyIso: '$currencyIso',
  /** Internal id of the subsidiary (contact's own, else its customer's). */
  subsidiaryId: '$subsidiaryId',
  /** Customer display name: company name, or first + last name for an individual. */
  accountName: '$accountName',
} as const;

export interface FieldMapping {
  source: string;
  target: string;
  /** Which system wins a conflict on this field when both changed (used by the pull). */
  owner: 'netsuite' | 'salesforce';
}

const ns = (source: string, target: string): FieldMapping => ({ source, target, owner: 'netsuite' });

export const DEFAULT_CONTACT_MAPPINGS: readonly FieldMapping[] = [
  ns(DERIVED_SOURCES.id, 'Oracle_netsuiteid__c'),
  ns('firstname', 'FirstName'),
  ns('lastname', 'LastName'),
  ns('salutation', 'Salutation'),
  ns('title', 'Title'),
  ns('phone', 'Phone'),
  ns('homephone', 'HomePhone'),
  ns('mobilephone', 'MobilePhone'),
  ns('fax', 'Fax'),
  ns('email', 'Email'),
  ns(DERIVED_SOURCES.accountId, 'AccountId'),
  ns(DERIVED_SOURCES.currencyIso, 'CurrencyIsoCode'),
  ns(DERIVED_SOURCES.subsidiaryId, 'Oracle_NetSuite_Subsidiary__c'),
];

export const DEFAULT_ACCOUNT_MAPPINGS: readonly FieldMapping[] = [
  ns(DERIVED_SOURCES.id, 'Oracle_netsuiteid__c'),
  ns(DERIVED_SOURCES.accountName, 'Name'),
  ns('phone', 'Phone'),
  ns('fax', 'Fax'),
  ns('url', 'Website'),
  ns('billaddress1', 'BillingStreet'),
  ns('billcity', 'BillingCity'),
  ns('billstate', 'BillingState'),
  ns('billzipcode', 'BillingPostalCode'),
  ns('billcountry', 'BillingCountry'),
  ns(DERIVED_SOURCES.currencyIso, 'CurrencyIsoCode'),
  ns(DERIVED_SOURCES.subsidiaryId, 'Oracle_NetSuite_Subsidiary__c'),
];

export interface MappingRow {
  recordType: string;
  source: string;
  target: string;
  owner: string;
}

export interface MappingSet {
  contact: readonly FieldMapping[];
  customer: readonly FieldMapping[];
}

const FIELD_ID = /^(\$[a-zA-Z]+|(company\.)?[a-z][a-z0-9_]*)$/;
const SF_FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Builds the mapping set from admin rows; a record type without valid rows keeps the defaults. Invalid rows
 * are returned as problems instead of silently dropped so the console can show them.
 */
export function buildMappings(rows: readonly MappingRow[]): { mappings: MappingSet; problems: string[] } {
  const problems: string[] = [];
  const byType: Record<NsRecordType, FieldMapping[]> = { contact: [], customer: [] };
  for (const row of rows) {
    const type = row.recordType.trim().toLowerCase();
    if (type !== 'contact' && type !== 'customer') {
      problems.push(`Mapping ${row.source} → ${row.target}: record type must be contact or customer (got "${row.recordType}")`);
      continue;
    }
    const source = row.source.trim();
    const target = row.target.trim();
    if (!FIELD_ID.test(source) || !SF_FIELD.test(target)) {
      problems.push(`Mapping "${row.source}" → "${row.target}": not a valid NetSuite field id / Salesforce API name`);
      continue;
    }
    byType[type].push({ source, target, owner: row.owner.trim().toLowerCase() === 'salesforce' ? 'salesforce' : 'netsuite' });
  }
  const withExternalId = (list: FieldMapping[], defaults: readonly FieldMapping[]): readonly FieldMapping[] => {
    if (list.length === 0) return defaults;
    // The external id is what makes retries idempotent: it is always sent, whatever the admin mapped.
    return list.some((m) => m.source === DERIVED_SOURCES.id) ? list : [ns(DERIVED_SOURCES.id, 'Oracle_netsuiteid__c'), ...list];
  };
  return {
    mappings: {
      contact: withExternalId(byType.contact, DEFAULT_CONTACT_MAPPINGS),
      customer: withExternalId(byType.customer, DEFAULT_ACCOUNT_MAPPINGS),
    },
    problems,
  };
}

/** NetSuite field ids a record's mappings read directly (what a search must return). */
export function ownFieldsOf(mappings: readonly FieldMapping[]): string[] {
  return [...new Set(mappings.map((m) => m.source).filter((s) => !s.startsWith('$') && !s.startsWith('company.')))];
}

/** Customer field ids a contact's mappings read through `company.`. */
export function companyFieldsOf(mappings: readonly FieldMapping[]): string[] {
  return [...new Set(mappings.map((m) => m.source).filter((s) => s.startsWith('company.')).map((s) => s.slice('company.'.length)))];
}

/**
 * NetSuite fields each derived source reads (see build-payload.ts): on the mapped record itself, and for a contact on
 * its customer. A change to one of them changes the payload.
 */
const DERIVED_READS: Readonly<Record<string, { own: Readonly<Record<NsRecordType, readonly string[]>>; customerOfContact: readonly string[] }>> = {
  [DERIVED_SOURCES.id]: { own: { contact: [], customer: [] }, customerOfContact: [] },
  [DERIVED_SOURCES.accountId]: { own: { contact: ['company'], customer: [] }, customerOfContact: [] },
  [DERIVED_SOURCES.currencyIso]: { own: { contact: [], customer: ['currency'] }, customerOfContact: ['currency'] },
  [DERIVED_SOURCES.subsidiaryId]: { own: { contact: ['subsidiary'], customer: ['subsidiary'] }, customerOfContact: ['subsidiary'] },
  [DERIVED_SOURCES.accountName]: {
    own: { contact: [], customer: ['companyname', 'firstname', 'lastname', 'isperson'] },
    customerOfContact: ['companyname', 'firstname', 'lastname', 'isperson'],
  },
};

/** Fields of the record its mappings read, directly or through a derived source. */
export function recordFieldsOf(recordType: NsRecordType, mappings: readonly FieldMapping[]): string[] {
  const derived = mappings.flatMap((m) => DERIVED_READS[m.source]?.own[recordType] ?? []);
  return [...new Set([...ownFieldsOf(mappings), ...derived])];
}

/** Customer fields a contact's mappings read (`company.` fields and derived sources): their change cascades to its contacts. */
export function customerFieldsOf(contactMappings: readonly FieldMapping[]): string[] {
  const derived = contactMappings.flatMap((m) => DERIVED_READS[m.source]?.customerOfContact ?? []);
  return [...new Set([...companyFieldsOf(contactMappings), ...derived])];
}
