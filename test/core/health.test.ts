import { assessOrg, type DescribedField, type OrgFacts } from '../../src/core/health';
import { DEFAULT_ACCOUNT_MAPPINGS, DEFAULT_CONTACT_MAPPINGS } from '../../src/core/mapping/field-map';

const f = (name: string, over: Partial<DescribedField> = {}): DescribedField => ({ name, createable: true, updateable: true, externalId: false, picklist: [], ...over });
const all = (mappings: readonly { target: string }[], over: Record<string, Partial<DescribedField> | null> = {}): DescribedField[] =>
  ['Id', 'Email', 'Name', 'AccountId', ...mappings.map((m) => m.target)]
    .filter((n, i, a) => a.indexOf(n) === i && over[n] !== null)
    .map((n) => f(n, { ...(n === 'Oracle_netsuiteid__c' ? { externalId: true } : {}), ...(n === 'CurrencyIsoCode' ? { picklist: ['USD', 'EUR'] } : {}), ...over[n] }));
const mappings = { contact: DEFAULT_CONTACT_MAPPINGS, customer: DEFAULT_ACCOUNT_MAPPINGS };
const facts = (contact: DescribedField[] | null, account: DescribedField[] | null): OrgFacts => ({ contact, account, pardot: null, checkedAt: '2026-03-02T09:00:00.000Z' });

describe('assessOrg', () => {
  test('the documented org: every prerequisite ok, nothing filtered, currencies read', () => {
    const health = assessOrg(facts(all(DEFAULT_CONTACT_MAPPINGS), all(DEFAULT_ACCOUNT_MAPPINGS)), mappings, false);
    expect(health.prerequisites.every((p) => p.ok)).toBe(true);
    expect(health.pushMappings).toEqual(mappings);
    expect(health.currencies).toEqual(['USD', 'EUR']);
    expect(health.externalIdReady).toBe(true);
  });

  test.each([
    ['single currency', { CurrencyIsoCode: null }, 'CurrencyIsoCode', 'missing', /single currency/],
    ['hidden field', { Title: null }, 'Title', 'missing', /Set Field-Level Security/],
    ['read-only field', { Fax: { updateable: false } }, 'Fax', 'read-only', /Edit access to Contact.Fax/],
  ] as const)('%s: the row is left out of the push and named with its fix', (_name, over, target, problem, fix) => {
    const health = assessOrg(facts(all(DEFAULT_CONTACT_MAPPINGS, over), all(DEFAULT_ACCOUNT_MAPPINGS)), mappings, false);
    expect(health.pushMappings.contact.map((m) => m.target)).not.toContain(target);
    expect(health.skipped).toEqual([expect.objectContaining({ recordType: 'contact', target, problem, fix: expect.stringMatching(fix) })]);
    expect(health.prerequisites.find((p) => p.key === 'mapped-fields')).toMatchObject({ ok: false });
  });

  test('Oracle_netsuiteid__c not an External ID: not ready, with the fix', () => {
    const health = assessOrg(facts(all(DEFAULT_CONTACT_MAPPINGS, { Oracle_netsuiteid__c: { externalId: false } }), all(DEFAULT_ACCOUNT_MAPPINGS)), mappings, false);
    expect(health.externalIdReady).toBe(false);
    expect(health.prerequisites.find((p) => p.key === 'external-id')).toMatchObject({ ok: false, detail: expect.stringContaining('not marked External ID'), fix: expect.stringContaining('"External ID"') });
  });

  test('describe unknown: nothing is filtered, the card says why', () => {
    const health = assessOrg(facts(null, null), mappings, true);
    expect(health.pushMappings).toEqual(mappings);
    expect(health.available.Contact).toBeNull();
    expect(health.prerequisites.filter((p) => !p.ok).map((p) => p.key)).toEqual(['describe', 'external-id', 'pardot-business-unit']);
  });
});
