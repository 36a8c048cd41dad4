/**
 * Pure `toSalesforce…` mapping: NetSuite record → Salesforce field values, normalised and validated so a bad
 * value fails that one record with a clear reason before anything is sent.
 */
import type { FieldValue, NsContact, NsCustomer } from '../model';
import type { ReasonCode } from '../reasons';
import { payloadHash } from '../hash';
import { isValidEmail, normaliseEmail } from './email';
import { DERIVED_SOURCES, type FieldMapping } from './field-map';
import { ACCOUNT_FIELD_RULES, CONTACT_FIELD_RULES, type FieldRule } from './salesforce-fields';

export type SObjectValues = Record<string, string | number | boolean | null>;

export type PayloadResult =
  | { ok: true; values: SObjectValues; hash: string }
  | { ok: false; code: ReasonCode; message: string };

function toText(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = String(value).trim();
  return text === '' ? null : text;
}

function check(target: string, value: string | null, rule: FieldRule | undefined): { code: ReasonCode; message: string } | null {
  if (rule === undefined) return null;
  if (value === null) {
    return rule.required === true ? { code: 'MISSING_REQUIRED', message: `${rule.label} (${target}) is required by Salesforce but is empty.` } : null;
  }
  if (rule.kind === 'email' && !isValidEmail(value)) {
    return { code: 'INVALID_EMAIL', message: `"${value}" is not a valid email address.` };
  }
  if (rule.kind === 'picklist' && rule.picklist !== undefined && !rule.picklist.includes(value)) {
    return { code: 'INVALID_VALUE', message: `${rule.label} "${value}" is not one of Salesforce's values (${rule.picklist.join(', ')}).` };
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    return { code: 'FIELD_TOO_LONG', message: `${rule.label} (${target}) is ${value.length} characters; Salesforce allows ${rule.maxLength}.` };
  }
  return null;
}

/** The org's active currencies, when known: CurrencyIsoCode is a restricted picklist in Salesforce. */
export type OrgCurrencies = readonly string[] | null;

function withCurrencies(rules: Readonly<Record<string, FieldRule>>, currencies: OrgCurrencies): Readonly<Record<string, FieldRule>> {
  if (currencies === null || currencies.length === 0) return rules;
  return { ...rules, CurrencyIsoCode: { label: 'Currency', kind: 'picklist', picklist: currencies } };
}

function build(
  mappings: readonly FieldMapping[],
  rules: Readonly<Record<string, FieldRule>>,
  read: (source: string) => FieldValue | undefined,
): PayloadResult {
  const values: SObjectValues = {};
  for (const mapping of mappings) {
    let value = toText(read(mapping.source));
    if (value !== null && rules[mapping.target]?.kind === 'email') value = normaliseEmail(value);
    const problem = check(mapping.target, value, rules[mapping.target]);
    if (problem !== null) return { ok: false, ...problem };
    values[mapping.target] = value;
  }
  return { ok: true, values, hash: payloadHash(values) };
}

export function buildContactPayload(contact: NsContact, customer: NsCustomer | null, mappings: readonly FieldMapping[], currencies: OrgCurrencies = null): PayloadResult {
  return build(mappings, withCurrencies(CONTACT_FIELD_RULES, currencies), (source) => {
    switch (source) {
      case DERIVED_SOURCES.id: return contact.id;
      case DERIVED_SOURCES.accountId: return customer?.salesforceId ?? null;
      case DERIVED_SOURCES.currencyIso: return customer?.currencyIso ?? null;
      case DERIVED_SOURCES.subsidiaryId: return contact.fields.subsidiary ?? customer?.subsidiaryId ?? null;
      case DERIVED_SOURCES.accountName: return customer === null ? null : accountName(customer);
      default:
        return source.startsWith('company.') ? customer?.fields[source.slice('company.'.length)] : contact.fields[source];
    }
  });
}

export function accountName(customer: NsCustomer): string | null {
  if (!customer.isPerson) return toText(customer.fields.companyname);
  const name = [toText(customer.fields.firstname), toText(customer.fields.lastname)].filter((p) => p !== null).join(' ');
  return name === '' ? toText(customer.fields.companyname) : name;
}

export function buildAccountPayload(customer: NsCustomer, mappings: readonly FieldMapping[], currencies: OrgCurrencies = null): PayloadResult {
  return build(mappings, withCurrencies(ACCOUNT_FIELD_RULES, currencies), (source) => {
    switch (source) {
      case DERIVED_SOURCES.id: return customer.id;
      case DERIVED_SOURCES.accountName: return accountName(customer);
      case DERIVED_SOURCES.currencyIso: return customer.currencyIso;
      case DERIVED_SOURCES.subsidiaryId: return customer.subsidiaryId;
      case DERIVED_SOURCES.accountId: return customer.salesforceId;
      default: return customer.fields[source.startsWith('company.') ? source.slice('company.'.length) : source];
    }
  });
}
