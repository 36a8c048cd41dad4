/**
 * Reads what the Pardot push needs for a batch — the records, their company, its sales rep and that rep's
 * Pardot user — in a handful of searches, and turns each record into a ProspectSubject.
 */
import * as format from 'N/format';
import * as record from 'N/record';
import * as runtime from 'N/runtime';
import * as search from 'N/search';
import { ENTITY_FIELDS } from '../ids';
import type { ProspectSubject } from '../core/pardot-push';
import type { NsRecordType, WorkItem } from '../core/model';
import { PROSPECT_CONTROL_FIELDS, prospectSourceFields } from '../core/mapping/to-pardot-prospect';
import type { ReasonCode } from '../core/reasons';
import type { PardotSettings } from '../core/settings';
import { asBoolean, asText } from './values';
import { or } from './record-reader';
import { normaliseEmail } from '../core/mapping/email';

/** What the Pardot push reads of a contact or individual customer: its mapped fields, what decides its prospect, bookkeeping. */
function personColumns(type: NsRecordType): string[] {
  const own = type === 'customer' ? ['companyname'] : [];
  return [...new Set([...prospectSourceFields(type), ...PROSPECT_CONTROL_FIELDS[type], ...own, 'datecreated', 'isinactive', ENTITY_FIELDS.lock, ENTITY_FIELDS.pardotId, ENTITY_FIELDS.pardotHash, ENTITY_FIELDS.salesforceId])];
}

interface Company {
  name: string | null;
  salesRepId: string | null;
  locked: boolean;
  portal: boolean;
}

function rows(type: search.Type | string, ids: readonly string[], columns: readonly string[]): search.Result[] {
  if (ids.length === 0) return [];
  return search.create({ type, filters: [['internalid', 'anyof', [...ids]]], columns: [...columns] }).run().getRange({ start: 0, end: 1000 });
}

function value(result: search.Result, column: string): string | null {
  return asText(result.getValue({ name: column }));
}

/** Search results give dates as text in the user's format and time zone; N/format reads them back. */
function createdAt(result: search.Result): string | null {
  const text = asText(result.getValue({ name: 'datecreated' }));
  if (text === null) return null;
  const parsed = format.parse({ value: text, type: format.Type.DATETIMETZ });
  return parsed instanceof Date ? parsed.toISOString() : null;
}

/** With team selling the primary sales-team member is the rep (the seed's rule); otherwise the sales rep field. */
function salesReps(customerIds: readonly string[], fallback: Map<string, string | null>): Map<string, string | null> {
  if (!runtime.isFeatureInEffect({ feature: 'TEAMSELLING' })) return fallback;
  const reps = new Map(fallback);
  for (const id of customerIds) {
    const customer = record.load({ type: record.Type.CUSTOMER, id });
    for (let line = 0; line < customer.getLineCount({ sublistId: 'salesteam' }); line++) {
      if (asBoolean(customer.getSublistValue({ sublistId: 'salesteam', fieldId: 'isprimary', line }))) {
        reps.set(id, asText(customer.getSublistValue({ sublistId: 'salesteam', fieldId: 'employee', line })));
      }
    }
  }
  return reps;
}

function companies(ids: readonly string[]): Map<string, Company> {
  const found = new Map<string, Company>();
  const results = rows(search.Type.CUSTOMER, ids, ['companyname', 'salesrep', ENTITY_FIELDS.lock, 'giveaccess']);
  const reps = salesReps(results.map((r) => r.id), new Map(results.map((r) => [r.id, value(r, 'salesrep')])));
  for (const result of results) {
    found.set(result.id, { name: value(result, 'companyname'), salesRepId: reps.get(result.id) ?? null, locked: asBoolean(result.getValue({ name: ENTITY_FIELDS.lock })), portal: asBoolean(result.getValue({ name: 'giveaccess' })) });
  }
  return found;
}

/**
 * Every NetSuite record per email (lower case) in seed 000's order: individual customers, then contacts, each by
 * internal id (the first found) — the same order the Pardot pull picks in (src/netsuite/pardot-people.ts), so push and
 * pull agree on the one record. Two searches per batch; NetSuite's `is` on text ignores case.
 */
function sharedEmails(emails: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  if (emails.length === 0) return found;
  const byEmail = or(emails.map((e) => ['email', 'is', e]));
  const add = (type: 'customer' | 'contact', results: search.Result[]): void => {
    for (const r of [...results].sort((a, b) => Number(a.id) - Number(b.id))) {
      const email = value(r, 'email');
      if (email !== null) found.set(normaliseEmail(email), [...(found.get(normaliseEmail(email)) ?? []), `${type}:${r.id}`]);
    }
  };
  add('customer', search.create({ type: search.Type.CUSTOMER, filters: [['isperson', 'is', 'T'], 'AND', byEmail], columns: ['email'] }).run().getRange({ start: 0, end: 1000 }));
  add('contact', search.create({ type: search.Type.CONTACT, filters: byEmail, columns: ['email'] }).run().getRange({ start: 0, end: 1000 }));
  return found;
}

export function prospectSubjects(items: readonly WorkItem[], settings: PardotSettings, pardotUserByEmail: (email: string) => number | null): ProspectSubject[] {
  const upserts = items.filter((i) => i.operation !== 'delete');
  const contactIds = upserts.filter((i) => i.recordType === 'contact').map((i) => i.recordId);
  const customerIds = upserts.filter((i) => i.recordType === 'customer').map((i) => i.recordId);
  const people = new Map<string, search.Result>();
  for (const r of rows(search.Type.CONTACT, contactIds, personColumns('contact'))) people.set(`contact:${r.id}`, r);
  for (const r of rows(search.Type.CUSTOMER, customerIds, personColumns('customer'))) people.set(`customer:${r.id}`, r);

  const companyIds = [...new Set(contactIds.flatMap((id) => {
    const company = people.get(`contact:${id}`);
    const companyId = company === undefined ? null : value(company, 'company');
    return companyId === null ? [] : [companyId];
  }))];
  const companyById = companies(companyIds);
  const partnerIds = new Set(rows(search.Type.PARTNER, companyIds.filter((id) => !companyById.has(id)), ['entityid']).map((r) => r.id));
  // Only individual customers become prospects: a company customer's sales team is not loaded (5 units each).
  const individualIds = customerIds.filter((id) => {
    const person = people.get(`customer:${id}`);
    return person !== undefined && asBoolean(person.getValue({ name: 'isperson' }));
  });
  const individualReps = salesReps(individualIds, new Map(individualIds.map((id) => {
    const person = people.get(`customer:${id}`);
    return [id, person === undefined ? null : value(person, 'salesrep')];
  })));
  const repIds = [...new Set([...[...companyById.values()].map((c) => c.salesRepId), ...individualReps.values()].filter((id): id is string => id !== null))];
  const repEmails = new Map(rows(search.Type.EMPLOYEE, repIds, ['email']).map((r) => [r.id, value(r, 'email')]));
  const pardotUserOf = (repId: string | null): number | null => {
    const email = repId === null ? null : repEmails.get(repId) ?? null;
    return email === null ? null : pardotUserByEmail(email.toLowerCase());
  };

  const emails = [...new Set([...people.values()].flatMap((p) => {
    const email = value(p, 'email');
    return email === null ? [] : [normaliseEmail(email)];
  }))];
  const sharing = sharedEmails(emails);

  const subjects: ProspectSubject[] = [];
  for (const item of upserts) {
    const person = people.get(`${item.recordType}:${item.recordId}`);
    if (person === undefined) continue;
    const isContact = item.recordType === 'contact';
    if (!isContact && !asBoolean(person.getValue({ name: 'isperson' }))) continue; // company customers are not prospects
    const companyId = isContact ? value(person, 'company') : null;
    const company = companyId === null ? undefined : companyById.get(companyId);
    let excluded: ReasonCode | null = null;
    if (asBoolean(person.getValue({ name: ENTITY_FIELDS.lock })) || company?.locked === true) excluded = company?.locked === true ? 'CUSTOMER_LOCKED' : 'RECORD_LOCKED';
    else if (settings.excludePartners && companyId !== null && partnerIds.has(companyId)) excluded = 'PARTNER_CONTACT';
    else if (settings.excludePortal && (asBoolean(person.getValue({ name: 'giveaccess' })) || company?.portal === true)) excluded = 'PORTAL_CONTACT';
    const rawEmail = value(person, 'email');
    subjects.push({
      item,
      rawEmail,
      salesforceId: value(person, ENTITY_FIELDS.salesforceId),
      sharedWith: rawEmail === null ? [] : sharing.get(normaliseEmail(rawEmail)) ?? [],
      prospectId: value(person, ENTITY_FIELDS.pardotId),
      syncedHash: value(person, ENTITY_FIELDS.pardotHash),
      createdAt: createdAt(person),
      excluded,
      source: {
        fields: Object.fromEntries(prospectSourceFields(item.recordType).map((field) => [field, value(person, field)])),
        company: company?.name ?? null,
        // The company's sales rep overrides whatever Pardot assigned (the seed's rule).
        assignedUserId: pardotUserOf(isContact ? company?.salesRepId ?? null : individualReps.get(item.recordId) ?? null),
      },
    });
  }
  return subjects;
}
