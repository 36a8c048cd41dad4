/**
 * Pardot → NetSuite decisions (seed 000): Pardot-owned fields (campaign, score, grade, comments) land on
 * the matched record; matching prefers the stored prospect id, then email — the first individual customer,
 * else the first contact; an unmatched prospect creates records only when it is assigned to a user.
 */
import { normaliseEmail } from './mapping/email';
import type { FieldValue } from './model';
import { explain, type ReasonCode } from './reasons';

export interface PardotOwnedFieldIds {
  score: string;
  grade: string;
  campaign: string;
  comments: string;
  prospectId: string;
}

export interface ProspectChange {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  score: number | null;
  grade: string | null;
  campaign: string | null;
  comments: string | null;
  assignedUserEmail: string | null;
  updatedAt: string;
}

export interface LocalPerson {
  recordType: 'contact' | 'customer';
  id: string;
  prospectId: string | null;
  locked: boolean;
  /** Current values of the Pardot-owned fields (by NetSuite field id). */
  owned: Readonly<Record<string, FieldValue>>;
}

export interface PardotPullLookups {
  byProspectId: ReadonlyMap<string, LocalPerson>;
  /** Individual customers with that email (lower-cased), in internal-id order. */
  individualsByEmail: ReadonlyMap<string, LocalPerson[]>;
  /** Contacts with that email (lower-cased), in internal-id order. */
  contactsByEmail: ReadonlyMap<string, LocalPerson[]>;
  /** Company customers by lower-cased name. */
  companiesByName: ReadonlyMap<string, { id: string }>;
  /** Employees by lower-cased email (Pardot assigned user → NetSuite sales rep). */
  employeesByEmail: ReadonlyMap<string, string>;
}

export interface PardotPullSettings {
  stopPackageFields: boolean;
  fields: PardotOwnedFieldIds;
}

export type ProspectDecision =
  | { action: 'update'; recordType: 'contact' | 'customer'; netsuiteId: string; values: Record<string, FieldValue>; code: ReasonCode; message: string; updatedAt: string; prospectId: string }
  | { action: 'create'; contact: Record<string, FieldValue>; companyId: string | null; newCustomer: Record<string, FieldValue> | null; code: ReasonCode; message: string; updatedAt: string; prospectId: string }
  | { action: 'skip'; recordType: 'contact' | 'customer' | null; netsuiteId: string | null; code: ReasonCode; message: string; updatedAt: string; prospectId: string };

function ownedValues(change: ProspectChange, settings: PardotPullSettings): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {
    [settings.fields.campaign]: change.campaign,
    [settings.fields.comments]: change.comments,
    [settings.fields.prospectId]: String(change.id),
  };
  // "Stop syncing package fields": score and grade stay in Pardot.
  if (!settings.stopPackageFields) {
    values[settings.fields.score] = change.score;
    values[settings.fields.grade] = change.grade;
  }
  return values;
}

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const norm = (v: FieldValue | undefined): string => (v === null || v === undefined ? '' : String(v));
  return norm(a) === norm(b);
}

export interface MatchResult {
  person: LocalPerson | null;
  /** Other NetSuite records sharing the email (the duplicate report). */
  others: LocalPerson[];
}

export function matchProspect(change: ProspectChange, lookups: PardotPullLookups): MatchResult {
  const email = change.email === null ? null : normaliseEmail(change.email);
  const sharing = email === null ? [] : [...(lookups.individualsByEmail.get(email) ?? []), ...(lookups.contactsByEmail.get(email) ?? [])];
  const linked = lookups.byProspectId.get(String(change.id)) ?? null;
  // A record linked to another prospect is that prospect's: a prospect sharing its email never takes it over.
  const free = sharing.filter((p) => p.prospectId === null || p.prospectId === String(change.id));
  const person = linked ?? free[0] ?? null;
  return { person, others: sharing.filter((p) => p !== person) };
}

export function decideProspect(change: ProspectChange, lookups: PardotPullLookups, settings: PardotPullSettings): ProspectDecision {
  const base = { updatedAt: change.updatedAt, prospectId: String(change.id) };
  const { person, others } = matchProspect(change, lookups);
  if (person !== null) {
    if (person.locked) return { ...base, action: 'skip', recordType: person.recordType, netsuiteId: person.id, code: 'RECORD_LOCKED', message: explain('RECORD_LOCKED') };
    const values = Object.fromEntries(Object.entries(ownedValues(change, settings)).filter(([field, value]) => !same(person.owned[field], value)));
    const duplicateNote = others.length > 0 ? ` ${explain('PARDOT_DUPLICATE_EMAIL')} Also sharing the email: ${others.map((o) => `${o.recordType} ${o.id}`).join(', ')}.` : '';
    if (Object.keys(values).length === 0) {
      return { ...base, action: 'skip', recordType: person.recordType, netsuiteId: person.id, code: others.length > 0 ? 'PARDOT_DUPLICATE_EMAIL' : 'NO_CHANGE', message: `${explain('NO_CHANGE')}${duplicateNote}` };
    }
    return { ...base, action: 'update', recordType: person.recordType, netsuiteId: person.id, values, code: 'PARDOT_FIELDS_UPDATED', message: `${explain('PARDOT_FIELDS_UPDATED')}${duplicateNote}` };
  }
  if (others.length > 0) {
    const first = others[0];
    return {
      ...base, action: 'skip', recordType: first?.recordType ?? null, netsuiteId: first?.id ?? null, code: 'LINK_CLAIM_REJECTED',
      message: `${explain('LINK_CLAIM_REJECTED')} Prospect ${change.id} shares its email with ${others.map((o) => `${o.recordType} ${o.id} (linked to prospect ${o.prospectId ?? '?'})`).join(', ')}.`,
    };
  }
  if (change.assignedUserEmail === null) return { ...base, action: 'skip', recordType: null, netsuiteId: null, code: 'PROSPECT_UNASSIGNED', message: explain('PROSPECT_UNASSIGNED') };
  const companyName = change.company?.trim() ?? '';
  const repId = lookups.employeesByEmail.get(change.assignedUserEmail.toLowerCase()) ?? null;
  if (change.email === null || companyName === '' || repId === null) {
    const missing = change.email === null ? 'an email' : companyName === '' ? 'a company name' : `a NetSuite employee with the assigned user's email (${change.assignedUserEmail})`;
    return { ...base, action: 'skip', recordType: null, netsuiteId: null, code: 'PROSPECT_NEEDS_COMPANY', message: `${explain('PROSPECT_NEEDS_COMPANY')} Missing: ${missing}.` };
  }
  const company = lookups.companiesByName.get(companyName.toLowerCase()) ?? null;
  const contact: Record<string, FieldValue> = {
    firstname: change.firstName, lastname: change.lastName ?? normaliseEmail(change.email).split('@')[0] ?? 'Prospect', email: normaliseEmail(change.email),
    ...ownedValues(change, settings),
  };
  return {
    ...base, action: 'create', contact, companyId: company?.id ?? null,
    newCustomer: company === null ? { companyname: companyName, salesrep: repId } : null,
    code: 'CREATED_FROM_PARDOT', message: explain('CREATED_FROM_PARDOT'),
  };
}
