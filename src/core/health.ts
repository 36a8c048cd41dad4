/**
 * The org health check: what the Salesforce org (and the Pardot business unit) must provide, read from the Contact
 * and Account describe (Salesforce REST API Developer Guide, "sObject Describe": each field's `createable`,
 * `updateable`, `externalId` and `picklistValues`, as the integration user sees them — a field hidden by field-level
 * security is not in the describe at all). A mapping row to a field that is missing or read-only is left out of what
 * is sent and shown to the admin with the fix, so one field never fails a batch (Salesforce refuses a whole
 * collection request that names an unknown field: INVALID_FIELD).
 */
import { DERIVED_SOURCES, type FieldMapping, type MappingSet } from './mapping/field-map';
import { EXTERNAL_ID_FIELD } from './matching';

export interface DescribedField {
  name: string;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  /** Active picklist values (restricted picklists such as CurrencyIsoCode); empty otherwise. */
  picklist: string[];
}

/** What the describe calls found; null for an object whose describe could not be read (nothing is filtered then). */
export interface OrgFacts {
  contact: DescribedField[] | null;
  account: DescribedField[] | null;
  /** Pardot business unit: null when Pardot is off or was not checked. */
  pardot: { ok: boolean; detail: string } | null;
  /** When the facts were read (ISO). */
  checkedAt: string;
}

export interface Prerequisite {
  key: string;
  label: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do when not ok ('' when ok). */
  fix: string;
}

export interface SkippedMapping {
  recordType: 'contact' | 'customer';
  target: string;
  problem: 'missing' | 'read-only';
  fix: string;
}

export interface OrgHealth {
  prerequisites: Prerequisite[];
  /** Mapping rows that are not sent (push) or read (pull), with the fix. */
  skipped: SkippedMapping[];
  /** Mappings the push sends: rows to missing or read-only fields removed. */
  pushMappings: MappingSet;
  /** Mappings the pull reads: rows to missing fields removed. */
  pullMappings: MappingSet;
  /** Salesforce fields that exist per object (null: unknown), so a query never names a missing one. */
  available: { Contact: ReadonlySet<string> | null; Account: ReadonlySet<string> | null };
  /** Oracle_netsuiteid__c is an External ID on both objects, or unknown (describe failed): creates may upsert by it. */
  externalIdReady: boolean;
  /** The org's active currencies; null when single-currency or unknown. */
  currencies: string[] | null;
}

const OBJECT_OF = { contact: 'Contact', customer: 'Account' } as const;

function fieldPath(object: string, field: string): string {
  return `Setup > Object Manager > ${object} > Fields & Relationships > ${field}`;
}

function missingFix(object: string, target: string): string {
  if (target === 'CurrencyIsoCode') {
    return 'This Salesforce org uses a single currency, so CurrencyIsoCode does not exist. Remove the currency mapping row (CRM Sync Field Mapping), or turn on multiple currencies in Salesforce (Setup > Company Information).';
  }
  return `Create ${target} on ${object} in Salesforce (Setup > Object Manager > ${object} > Fields & Relationships > New), or give the integration user Read and Edit access to it (${fieldPath(object, target)} > Set Field-Level Security), or remove the mapping row.`;
}

function readOnlyFix(object: string, target: string): string {
  return `Give the integration user Edit access to ${object}.${target} (${fieldPath(object, target)} > Set Field-Level Security), or remove the mapping row.`;
}

function filterMappings(recordType: 'contact' | 'customer', mappings: readonly FieldMapping[], fields: DescribedField[] | null, skipped: SkippedMapping[], forPush: boolean): FieldMapping[] {
  if (fields === null) return [...mappings];
  const object = OBJECT_OF[recordType];
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  return mappings.filter((m) => {
    const field = byName.get(m.target.toLowerCase());
    if (field === undefined) {
      if (forPush) skipped.push({ recordType, target: m.target, problem: 'missing', fix: missingFix(object, m.target) });
      return false;
    }
    // The external id is written on create only when it must be; AccountId and the rest need both.
    const writable = m.source === DERIVED_SOURCES.id ? field.createable : field.createable && field.updateable;
    if (forPush && !writable) {
      skipped.push({ recordType, target: m.target, problem: 'read-only', fix: readOnlyFix(object, m.target) });
      return false;
    }
    return true;
  });
}

function externalIdCheck(contact: DescribedField[] | null, account: DescribedField[] | null): Prerequisite {
  const label = `${EXTERNAL_ID_FIELD} is an External ID on Contact and Account`;
  if (contact === null || account === null) {
    return { key: 'external-id', label, ok: false, detail: 'Salesforce could not be asked (see the connection check).', fix: 'Check the connection settings; the check runs again on the next sync.' };
  }
  const problems: string[] = [];
  for (const [object, fields] of [['Contact', contact], ['Account', account]] as const) {
    const field = fields.find((f) => f.name.toLowerCase() === EXTERNAL_ID_FIELD.toLowerCase());
    if (field === undefined) problems.push(`${object} has no ${EXTERNAL_ID_FIELD} (or the integration user cannot see it)`);
    else if (!field.externalId) problems.push(`${object}.${EXTERNAL_ID_FIELD} is not marked External ID`);
  }
  if (problems.length === 0) return { key: 'external-id', label, ok: true, detail: 'Present and External ID on both objects.', fix: '' };
  return {
    key: 'external-id', label, ok: false, detail: `${problems.join('; ')}.`,
    fix: `On Contact and on Account create ${EXTERNAL_ID_FIELD} as Text(50) with "External ID" and "Unique" checked (or edit the existing field and check them), and give the integration user Edit access. Until then records already in Salesforce are matched by email and updated, but no record is created (a retry could otherwise duplicate it).`,
  };
}

export function assessOrg(facts: OrgFacts, mappings: MappingSet, pardotEnabled: boolean): OrgHealth {
  const skipped: SkippedMapping[] = [];
  const pushMappings: MappingSet = {
    contact: filterMappings('contact', mappings.contact, facts.contact, skipped, true),
    customer: filterMappings('customer', mappings.customer, facts.account, skipped, true),
  };
  const pullMappings: MappingSet = {
    contact: filterMappings('contact', mappings.contact, facts.contact, [], false),
    customer: filterMappings('customer', mappings.customer, facts.account, [], false),
  };
  const names = (fields: DescribedField[] | null): ReadonlySet<string> | null => (fields === null ? null : new Set(fields.map((f) => f.name)));
  const external = externalIdCheck(facts.contact, facts.account);
  const currencyField = facts.contact?.find((f) => f.name === 'CurrencyIsoCode');
  const currencies = currencyField === undefined || currencyField.picklist.length === 0 ? null : currencyField.picklist;
  const described = facts.contact !== null && facts.account !== null;
  const prerequisites: Prerequisite[] = [
    {
      key: 'describe', label: 'Salesforce Contact and Account can be described by the integration user', ok: described,
      detail: described ? `Read ${facts.checkedAt}.` : 'The describe call failed.',
      fix: described ? '' : 'Check the connection settings and that the integration user has API Enabled and read access to Contacts and Accounts.',
    },
    external,
    {
      key: 'mapped-fields', label: 'Every mapped field exists and the integration user can create and update it', ok: skipped.length === 0,
      detail: skipped.length === 0 ? 'All mapped fields are writable.' : `Not sent: ${skipped.map((s) => `${OBJECT_OF[s.recordType]}.${s.target} (${s.problem})`).join(', ')}.`,
      fix: skipped.map((s) => s.fix).filter((f, i, all) => all.indexOf(f) === i).join(' '),
    },
    {
      key: 'currencies', label: 'Currencies', ok: true,
      detail: currencies === null ? 'Single-currency org (no CurrencyIsoCode): currencies are not sent.' : `Active currencies: ${currencies.join(', ')}.`,
      fix: '',
    },
  ];
  if (pardotEnabled) {
    const pardot = facts.pardot;
    prerequisites.push({
      key: 'pardot-business-unit', label: 'Pardot business unit answers', ok: pardot?.ok === true,
      detail: pardot === null ? 'Not checked yet.' : pardot.detail,
      fix: pardot?.ok === true ? '' : 'Check the Pardot Business Unit Id (Setup > Account Engagement > Business Unit Setup, 18 characters starting 0Uv), the Pardot host (pi.pardot.com, or pi.demo.pardot.com for sandboxes) and that the connected app has the pardot_api scope.',
    });
  }
  return {
    prerequisites,
    skipped,
    pushMappings,
    pullMappings,
    available: { Contact: names(facts.contact), Account: names(facts.account) },
    // Unknown is not missing: when the describe failed, Salesforce itself still checks the upsert.
    externalIdReady: external.ok || !described,
    currencies,
  };
}
