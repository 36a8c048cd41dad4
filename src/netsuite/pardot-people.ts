/** The NetSuite side of the Pardot pull: who a batch of changed prospects may be, in four searches. */
import * as search from 'N/search';
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS } from '../ids';
import { normaliseEmail } from '../core/mapping/email';
import type { LocalPerson, PardotPullLookups, ProspectChange } from '../core/pardot-pull';
import { or, type Filters } from './record-reader';
import { asBoolean, asFieldValue, asText } from './values';

const OWNED_COLUMNS = [...Object.values(PARDOT_OWNED_FIELDS), ENTITY_FIELDS.pardotId];

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

export function prospectLookups(changes: readonly ProspectChange[]): PardotPullLookups {
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
