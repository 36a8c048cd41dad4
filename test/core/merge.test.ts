/** The field-level three-way merge of the pull and the push, against the merge base both sides last agreed on. */
import { DEFAULT_ACCOUNT_MAPPINGS, DEFAULT_CONTACT_MAPPINGS, type MappingSet } from '../../src/core/mapping/field-map';
import { buildContactPayload } from '../../src/core/mapping/build-payload';
import { capCursor, decideContact, readFrom, type LocalContact, type LocalCustomer, type PullLookups, type PullSettings } from '../../src/core/pull';
import { fieldHash, parseSnapshot, serializeSnapshot, snapshotOf, type Snapshot } from '../../src/core/snapshot';

const mappings: MappingSet = { contact: DEFAULT_CONTACT_MAPPINGS, customer: DEFAULT_ACCOUNT_MAPPINGS };
const settings: PullSettings = { createOnly: false, importOrphans: true, blanksOverwrite: false, integrationUserId: '005INT', matchAccountsByName: false };
const customer: LocalCustomer = {
  id: '10', isPerson: false, fields: { companyname: 'Acme' }, salesforceId: '001ACME', locked: false, inactive: false,
  currencyIso: 'USD', subsidiaryId: '1', syncedHash: null, dirty: false,
};
const agreedFields = { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', title: 'CTO', mobilephone: '111', subsidiary: '1' };
const agreedContact: LocalContact = {
  id: '20', fields: agreedFields, customerId: '10', salesforceId: '003ADA', locked: false, inactive: false, syncedHash: 'h', dirty: false,
};
const base: Snapshot = (() => {
  const payload = buildContactPayload(agreedContact, customer, mappings.contact);
  if (!payload.ok) throw new Error('fixture');
  return snapshotOf(payload.values);
})();

function local(fields: Record<string, string> = {}): LocalContact {
  return { ...agreedContact, fields: { ...agreedFields, ...fields }, snapshot: base };
}
function lookups(contact: LocalContact): PullLookups {
  return {
    contactsBySalesforceId: new Map([['003ADA', contact]]), contactsById: new Map([['20', contact]]), contactsByEmail: new Map(),
    customersBySalesforceId: new Map([['001ACME', customer]]), customersById: new Map([['10', customer]]),
  };
}
const row = (fields: Record<string, unknown>) => ({
  Id: '003ADA', FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', Title: 'CTO', MobilePhone: '111', AccountId: '001ACME',
  CurrencyIsoCode: 'USD', Oracle_NetSuite_Subsidiary__c: '1', Oracle_netsuiteid__c: '20', SystemModstamp: '2026-03-01T10:00:00.000Z', LastModifiedById: '005USER', ...fields,
});

describe('merge base', () => {
  it('round-trips and ignores anything that is not a v1 base', () => {
    expect(parseSnapshot(serializeSnapshot(base))).toEqual(base);
    expect(parseSnapshot('0123456789abcd')).toBeNull();
    expect(parseSnapshot('v1:{broken')).toBeNull();
    expect(fieldHash(null)).toBe(fieldHash('  '));
  });
});

describe('pull: three-way merge', () => {
  it.each([
    ['only Salesforce changed a field: applied', {}, { MobilePhone: '222' }, { mobilephone: '222' }, []],
    ['only NetSuite changed a field: kept, nothing written', { title: 'VP' }, {}, {}, []],
    ['disjoint edits: the Salesforce one is applied, the NetSuite one kept', { title: 'VP' }, { MobilePhone: '222' }, { mobilephone: '222' }, []],
    ['same field, different values: NetSuite wins and says so', { title: 'VP' }, { Title: 'CEO' }, {}, ['CONFLICT_NETSUITE_WINS']],
    ['same field, same value: nothing to do', { title: 'VP' }, { Title: 'VP' }, {}, []],
  ] as const)('%s', (_name, nsFields, sfFields, applied, warnings) => {
    const result = decideContact(row(sfFields), lookups(local(nsFields)), mappings, settings);
    expect(result.values).toMatchObject(applied);
    expect(Object.keys(result.values).filter((k) => !k.startsWith('custentity'))).toEqual(Object.keys(applied));
    expect(result.warnings.map((w) => w.code)).toEqual(warnings);
  });

  it('logs both values of a conflict', () => {
    const result = decideContact(row({ Title: 'CEO' }), lookups(local({ title: 'VP' })), mappings, settings);
    expect(result.warnings[0]?.message).toContain('NetSuite "VP", Salesforce "CEO"');
    expect(result.owesPush).toBe(true);
  });

  it('a field Salesforce owns goes to Salesforce on a conflict', () => {
    const owned: MappingSet = { ...mappings, contact: mappings.contact.map((m) => (m.target === 'Title' ? { ...m, owner: 'salesforce' as const } : m)) };
    const result = decideContact(row({ Title: 'CEO' }), lookups(local({ title: 'VP' })), owned, settings);
    expect(result).toMatchObject({ action: 'update', values: { title: 'CEO' }, warnings: [{ code: 'CONFLICT_SALESFORCE_WINS' }] });
  });

  it('applies an edit saved by the integration user when the merge base shows it is not our echo', () => {
    expect(decideContact(row({ MobilePhone: '333', LastModifiedById: '005INT' }), lookups(local()), mappings, settings)).toMatchObject({ action: 'update', values: { mobilephone: '333' } });
    expect(decideContact(row({ LastModifiedById: '005INT' }), lookups(local()), mappings, settings)).toMatchObject({ action: 'skip', code: 'ECHO_OF_OWN_WRITE' });
  });

  it('moves the merge base only for the fields it writes', () => {
    const result = decideContact(row({ MobilePhone: '222' }), lookups(local({ title: 'VP' })), mappings, settings);
    const next = parseSnapshot(result.snapshot);
    expect(next?.MobilePhone).toBe(fieldHash('222'));
    expect(next?.Title).toBe(base.Title);
  });
});

describe('watermark window', () => {
  it('reads from the overlap window before the mark and never stores a mark past now − lag', () => {
    expect(readFrom('2026-03-02T09:30:00.000+0000')).toBe('2026-03-02T09:20:00.000+0000');
    const now = new Date('2026-03-02T10:00:00.000Z');
    const at = (stamp: string, id = ''): { stamp: string; id: string } => ({ stamp, id });
    expect(capCursor(at('2026-03-02T09:00:00.000+0000'), at('2026-03-02T09:58:00.000+0000', '003A'), now)).toEqual(at('2026-03-02T09:58:00.000+0000', '003A'));
    expect(capCursor(at('2026-03-02T09:00:00.000+0000'), at('2026-03-02T09:59:30.000+0000', '003A'), now)).toEqual(at('2026-03-02T09:59:00.000+0000'));
    expect(capCursor(at('2026-03-02T09:59:50.000+0000'), at('2026-03-02T09:59:55.000+0000'), now)).toEqual(at('2026-03-02T09:59:50.000+0000'));
  });
});
