/** Seed factories for scenario tests: realistic NetSuite data shapes with deterministic names. */
import type { EmulatedAccount } from './account';

/** Names and emails are numbered per account (two accounts in one process get the same names). */
const next = (account: EmulatedAccount): number => account.sequence('seed');

export interface CustomerWithContacts {
  customerId: number;
  contactIds: number[];
}

/** A company customer and N contacts attached to it (contact.company). */
export function customerWithContacts(account: EmulatedAccount, options: { contacts?: number | Record<string, unknown>[]; customer?: Record<string, unknown> } = {}): CustomerWithContacts {
  const n = next(account);
  const customerId = account.seed('customer', { companyname: `Acme ${n} Inc`, email: `info@acme${n}.example.com`, phone: '555-0100', ...(options.customer ?? {}) });
  const specs = typeof options.contacts === 'number' || options.contacts === undefined
    ? Array.from({ length: typeof options.contacts === 'number' ? options.contacts : 2 }, () => ({}))
    : options.contacts;
  const contactIds = specs.map((spec, i) => account.seed('contact', {
    firstname: `First${n}_${i + 1}`, lastname: `Last${n}_${i + 1}`, email: `contact${i + 1}@acme${n}.example.com`, company: customerId, ...spec,
  }));
  return { customerId, contactIds };
}

/** Contacts with no company (NetSuite allows them; some connectors skip them). */
export function orphanContacts(account: EmulatedAccount, count: number, values: Record<string, unknown> = {}): number[] {
  return Array.from({ length: count }, (_, i) => {
    const n = next(account);
    return account.seed('contact', { firstname: `Orphan${n}`, lastname: `Contact${i + 1}`, email: `orphan${n}@example.com`, ...values });
  });
}

/** A customer of type Individual (isperson = true): first/last name instead of a company name. */
export function individualCustomer(account: EmulatedAccount, values: Record<string, unknown> = {}): number {
  const n = next(account);
  return account.seed('customer', { isperson: true, firstname: `Indy${n}`, lastname: `Person${n}`, email: `indy${n}@example.com`, ...values });
}

/** Sets a checkbox "lock" field (e.g. custentity_crmsync_lock) on an existing record. */
export function lock(account: EmulatedAccount, type: string, id: number, lockField: string): void {
  account.seedUpdate(type, id, { [lockField]: true });
}

/** Records sharing one email: `contacts` contacts (under one customer) and `individuals` individual customers. */
export function duplicateEmail(account: EmulatedAccount, email: string, options: { contacts?: number; individuals?: number } = {}): { contactIds: number[]; individualIds: number[]; customerId: number } {
  const { customerId, contactIds } = customerWithContacts(account, { contacts: Array.from({ length: options.contacts ?? 2 }, () => ({ email })) });
  const individualIds = Array.from({ length: options.individuals ?? 0 }, () => individualCustomer(account, { email }));
  return { contactIds, individualIds, customerId };
}

/** An employee flagged as sales rep. */
export function salesRep(account: EmulatedAccount, values: Record<string, unknown> = {}): number {
  const n = next(account);
  return account.seed('employee', { firstname: `Rep${n}`, lastname: `Seller${n}`, email: `rep${n}@example.com`, issalesrep: true, ...values });
}

/** Team selling: replaces the customer's salesteam sublist (salesrole -2 = Sales Rep). */
export function salesTeam(account: EmulatedAccount, customerId: number, members: { employee: number; isprimary?: boolean; contribution?: number; salesrole?: number }[]): void {
  account.seedUpdate('customer', customerId, {}, {
    salesteam: members.map((m) => ({ employee: m.employee, salesrole: m.salesrole ?? -2, isprimary: m.isprimary ?? false, contribution: m.contribution ?? 0 })),
  });
}

/** The integration log rows written by the product (customrecord_crmsync_log). */
export function integrationLogs(account: EmulatedAccount, type = 'customrecord_crmsync_log'): Record<string, unknown>[] {
  return account.schema.has(type) ? account.all(type) : [];
}
