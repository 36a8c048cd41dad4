/**
 * NetSuite record → Pardot prospect values (v5 camelCase). NetSuite owns these; the Pardot-owned fields
 * (campaign, score, grade, comments) are never part of the payload, so NetSuite can never overwrite them.
 */
import { payloadHash } from '../hash';
import type { ReasonCode } from '../reasons';
import { isValidEmail, normaliseEmail } from './email';
import type { NsRecordType } from '../model';

/**
 * NetSuite field → prospect field, for contacts and individual customers (only contacts have a job title). Every list
 * of fields the Pardot sync reads or watches is derived from this one.
 */
export const PROSPECT_FIELD_MAP: readonly { source: string; target: string; contactOnly?: true }[] = [
  { source: 'email', target: 'email' },
  { source: 'firstname', target: 'firstName' },
  { source: 'lastname', target: 'lastName' },
  { source: 'salutation', target: 'salutation' },
  { source: 'title', target: 'jobTitle', contactOnly: true },
  { source: 'phone', target: 'phone' },
  { source: 'fax', target: 'fax' },
];

/**
 * Fields of the record, besides the mapped ones, that decide its prospect: the contact's company (its name and sales
 * rep go to Pardot), an individual customer's own rep, whether a customer is a person, and Customer Center access.
 */
export const PROSPECT_CONTROL_FIELDS: Readonly<Record<NsRecordType, readonly string[]>> = {
  contact: ['company', 'giveaccess'],
  customer: ['isperson', 'salesrep', 'giveaccess'],
};

/** NetSuite fields of a contact or individual customer the prospect payload reads: a change to one must reach Pardot. */
export function prospectSourceFields(recordType: NsRecordType): string[] {
  return PROSPECT_FIELD_MAP.filter((m) => recordType === 'contact' || m.contactOnly !== true).map((m) => m.source);
}

export interface ProspectSource {
  /** The record's values of its prospectSourceFields, by NetSuite field id. */
  fields: Readonly<Record<string, string | null>>;
  /** The company's name (a contact's customer). */
  company: string | null;
  /** Pardot user id of the record's sales rep (the company's rep overrides Pardot's assignment). */
  assignedUserId: number | null;
}

export type ProspectValues = Record<string, string | number | null>;

export type ProspectPayload =
  | { ok: true; email: string; values: ProspectValues; hash: string }
  | { ok: false; code: ReasonCode; message: string };

const MAX_TEXT = 255;

export function buildProspectPayload(source: ProspectSource): ProspectPayload {
  const rawEmail = source.fields.email ?? null;
  if (rawEmail === null || rawEmail.trim() === '') return { ok: false, code: 'NO_EMAIL', message: 'The record has no email address, which a Pardot prospect needs.' };
  const email = normaliseEmail(rawEmail);
  if (email.length > MAX_TEXT || !isValidEmail(email)) return { ok: false, code: 'INVALID_EMAIL', message: `"${email}" is not an email address Pardot accepts.` };
  // Every prospect field is present (null when the record type has none), in one order: the hash stays stable.
  const values: ProspectValues = {};
  for (const { source: field, target } of PROSPECT_FIELD_MAP) values[target] = field === 'email' ? email : source.fields[field] ?? null;
  values.company = source.company;
  for (const [field, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.length > MAX_TEXT) {
      return { ok: false, code: 'FIELD_TOO_LONG', message: `${field} is ${value.length} characters; Pardot allows ${MAX_TEXT}.` };
    }
  }
  if (source.assignedUserId !== null) values.userId = source.assignedUserId;
  return { ok: true, email, values, hash: payloadHash(values) };
}
