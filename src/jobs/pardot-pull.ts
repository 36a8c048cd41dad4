/**
 * The pull's Pardot part: prospects changed since the Pardot high-water mark (updatedAt). Pardot-owned
 * fields land on the matched NetSuite record; assigned prospects with no match create a contact (and its
 * company customer when none has that name). Runs in the pull map/reduce's reduce stage.
 */
import * as record from 'N/record';
import * as runtime from 'N/runtime';
import * as search from 'N/search';
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS } from '../ids';
import { normaliseEmail } from '../core/mapping/email';
import type { FieldValue } from '../core/model';
import { decideProspect, type LocalPerson, type PardotPullLookups, type PardotPullSettings, type ProspectChange, type ProspectDecision } from '../core/pardot-pull';
import type { PardotCounters } from '../pardot/client';
import type { ProspectRow } from '../pardot/types';
import { pardotClient, salesforceTokens } from './connections';
import { loadSettings } from '../netsuite/config';
import { enqueue } from '../netsuite/queue';
import { or, type Filters } from '../netsuite/record-reader';
import { asBoolean, asFieldValue, asText, submittable } from '../netsuite/values';

export const PROSPECT_FIELDS = ['id', 'email', 'firstName', 'lastName', 'company', 'score', 'grade', 'comments', 'campaignId', 'campaign.name', 'assignedTo.email', 'updatedAt'];
const OWNED_COLUMNS = [...Object.values(PARDOT_OWNED_FIELDS), ENTITY_FIELDS.pardotId];

export function changedProspects(since: string, limit: number, counters: PardotCounters): ProspectChange[] {
  const settings = loadSettings();
  const client = pardotClient(settings, salesforceTokens(settings), counters);
  return client.changedSince(since, PROSPECT_FIELDS, limit).map(toChange);
}

function toChange(row: ProspectRow): ProspectChange {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
  return {
    id: row.id,
    email: text(row.email),
    firstName: text(row.firstName),
    lastName: text(row.lastName),
    company: text(row.company),
    score: typeof row.score === 'number' ? row.score : null,
    grade: text(row.grade),
    campaign: text(row['campaign.name'] ?? row.campaign?.name),
    comments: text(row.comments),
    assignedUserEmail: text(row['assignedTo.email'] ?? row.assignedTo?.email),
    updatedAt: row.updatedAt,
  };
}


function people(type: 'contact' | 'customer', prospectIds: readonly string[], emails: readonly string[]): (LocalPerson & { email: string | null; isPerson: boolean })[] {
  const clauses: Filters[] = [...prospectIds.map((id) => [ENTITY_FIELDS.pardotId, 'is', id]), ...emails.map((e) => ['email', 'is', e])];
  if (clauses.length === 0) return [];
  const filters: Filters = type === 'customer' ? [['isperson', 'is', 'T'], 'AND', or(clauses)] : or(clauses);
  const columns = ['email', ENTITY_FIELDS.lock, ...OWNED_COLUMNS, ...(type === 'customer' ? ['isperson'] : [])];
  return search.create({ type, filters, columns }).run().getRange({ start: 0, end: 1000 })
    .map((r) => ({
      recordType: type,
      id: r.id,
      email: asText(r.getValue({ name: 'email' })),
      isPerson: type === 'customer',
      prospectId: asText(r.getValue({ name: ENTITY_FIELDS.pardotId })),
      locked: asBoolean(r.getValue({ name: ENTITY_FIELDS.lock })),
      owned: Object.fromEntries(OWNED_COLUMNS.map((c) => [c, asFieldValue(r.getValue({ name: c }))])),
    }))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

function readLookups(changes: readonly ProspectChange[]): PardotPullLookups {
  const prospectIds = changes.map((c) => String(c.id));
  const emails = [...new Set(changes.flatMap((c) => (c.email === null ? [] : [normaliseEmail(c.email)])))];
  const individuals = people('customer', prospectIds, emails);
  const contacts = people('contact', prospectIds, emails);
  const byEmail = (list: typeof contacts): Map<string, LocalPerson[]> => {
    const map = new Map<string, LocalPerson[]>();
    for (const p of list) if (p.email !== null) map.set(normaliseEmail(p.email), [...(map.get(normaliseEmail(p.email)) ?? []), p]);
    return map;
  };
  const names = [...new Set(changes.flatMap((c) => (c.company === null || c.assignedUserEmail === null ? [] : [c.company.trim()])))].filter((n) => n !== '');
  const companies = names.length === 0 ? [] : search.create({ type: search.Type.CUSTOMER, filters: [['isperson', 'is', 'F'], 'AND', or(names.map((n) => ['companyname', 'is', n]))], columns: ['companyname'] })
    .run().getRange({ start: 0, end: 1000 });
  const repEmails = [...new Set(changes.flatMap((c) => (c.assignedUserEmail === null ? [] : [c.assignedUserEmail.toLowerCase()])))];
  const employees = repEmails.length === 0 ? [] : search.create({ type: search.Type.EMPLOYEE, filters: or(repEmails.map((e) => ['email', 'is', e])), columns: ['email'] })
    .run().getRange({ start: 0, end: 1000 });
  return {
    byProspectId: new Map([...individuals, ...contacts].flatMap((p) => (p.prospectId === null ? [] : [[p.prospectId, p] as const]))),
    individualsByEmail: byEmail(individuals),
    contactsByEmail: byEmail(contacts),
    companiesByName: new Map(companies.flatMap((r) => {
      const name = asText(r.getValue({ name: 'companyname' }));
      return name === null ? [] : [[name.toLowerCase(), { id: r.id }] as const];
    })),
    employeesByEmail: new Map(employees.flatMap((r) => {
      const email = asText(r.getValue({ name: 'email' }));
      return email === null ? [] : [[email.toLowerCase(), r.id] as const];
    })),
  };
}


function createRecord(type: 'customer' | 'contact', values: Record<string, FieldValue>): string {
  const created = record.create({ type });
  for (const [fieldId, value] of Object.entries(values)) if (value !== null && value !== '') created.setValue({ fieldId, value });
  return created.save().toString();
}

export function applyProspect(decision: ProspectDecision, now: Date): void {
  if (decision.action === 'update') {
    record.submitFields({ type: decision.recordType, id: decision.netsuiteId, values: submittable(decision.values), options: { enableSourcing: false, ignoreMandatoryFields: true } });
    return;
  }
  if (decision.action !== 'create') return;
  const { pardot } = loadSettings();
  let companyId = decision.companyId;
  if (companyId === null && decision.newCustomer !== null) {
    const subsidiary = pardot.subsidiaryId ?? String(runtime.getCurrentUser().subsidiary);
    companyId = createRecord('customer', { ...decision.newCustomer, subsidiary, [ENTITY_FIELDS.pulledAt]: now.toISOString() });
    enqueue({ recordType: 'customer', recordId: companyId, customerId: companyId, operation: 'upsert', externalId: null, queueId: null, now });
  }
  const contactId = createRecord('contact', { ...decision.contact, company: companyId, [ENTITY_FIELDS.pulledAt]: now.toISOString() });
  // The push then gives the prospect the company's sales rep as assigned user (the rep overrides Pardot).
  enqueue({ recordType: 'contact', recordId: contactId, customerId: companyId, operation: 'upsert', externalId: null, queueId: null, now });
}

export function decideProspects(changes: readonly ProspectChange[]): ProspectDecision[] {
  const { pardot } = loadSettings();
  const settings: PardotPullSettings = {
    stopPackageFields: pardot.stopPackageFields,
    fields: { ...PARDOT_OWNED_FIELDS, prospectId: ENTITY_FIELDS.pardotId },
  };
  const lookups = readLookups(changes);
  return changes.map((change) => decideProspect(change, lookups, settings));
}
