/**
 * NetSuite record → Pardot prospect values (v5 camelCase). NetSuite owns these; the Pardot-owned fields
 * (campaign, score, grade, comments) are never part of the payload, so NetSuite can never overwrite them.
 */
import { payloadHash } from '../hash';
import type { ReasonCode } from '../reasons';
import { isValidEmail, normaliseEmail } from './email';

export interface ProspectSource {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  salutation: string | null;
  jobTitle: string | null;
  phone: string | null;
  fax: string | null;
  company: string | null;
  /** Pardot user id of the record's sales rep (the company's rep overrides Pardot's assignment). */
  assignedUserId: number | null;
}

export type ProspectValues = Record<string, string | number | null>;

export type ProspectPayload =
  | { ok: true; email: string; values: ProspectValues; hash: string }
  | { ok: false; code: ReasonCode; message: string };

const MAX_TEXT = 255;

export const PARDOT_OWNED = ['campaignId', 'score', 'grade', 'comments'] as const;

/** NetSuite fields of a contact the prospect payload reads: a change to one of them must reach Pardot. */
export const PARDOT_SOURCE_FIELDS: readonly string[] = ['email', 'firstname', 'lastname', 'salutation', 'title', 'phone', 'fax'];

export function buildProspectPayload(source: ProspectSource): ProspectPayload {
  if (source.email === null || source.email.trim() === '') return { ok: false, code: 'NO_EMAIL', message: 'The record has no email address, which a Pardot prospect needs.' };
  const email = normaliseEmail(source.email);
  if (email.length > MAX_TEXT || !isValidEmail(email)) return { ok: false, code: 'INVALID_EMAIL', message: `"${email}" is not an email address Pardot accepts.` };
  const values: ProspectValues = {
    email,
    firstName: source.firstName,
    lastName: source.lastName,
    salutation: source.salutation,
    jobTitle: source.jobTitle,
    phone: source.phone,
    fax: source.fax,
    company: source.company,
  };
  for (const [field, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.length > MAX_TEXT) {
      return { ok: false, code: 'FIELD_TOO_LONG', message: `${field} is ${value.length} characters; Pardot allows ${MAX_TEXT}.` };
    }
  }
  if (source.assignedUserId !== null) values.userId = source.assignedUserId;
  return { ok: true, email, values, hash: payloadHash(values) };
}
