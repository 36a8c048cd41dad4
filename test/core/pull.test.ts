import { DEFAULT_ACCOUNT_MAPPINGS, DEFAULT_CONTACT_MAPPINGS, type MappingSet } from '../../src/core/mapping/field-map';
import { advanceCursor, advanceWatermark, afterCursor, buildPullQuery, decideAccount, decideContact, decideRemoval, formatCursor, parseCursor, soqlDateTime, stampedFrom, type LocalContact, type LocalCustomer, type PullLookups, type PullSettings } from '../../src/core/pull';
import { buildContactPayload } from '../../src/core/mapping/build-payload';

const mappings: MappingSet = { contact: DEFAULT_CONTACT_MAPPINGS, customer: DEFAULT_ACCOUNT_MAPPINGS };
const settings: PullSettings = { createOnly: false, importOrphans: true, blanksOverwrite: false, integrationUserId: '005INTEGRATION', matchAccountsByName: false };

const customer: LocalCustomer = {
  id: '10', isPerson: false, fields: { companyname: 'Acme' }, salesforceId: '001ACME', locked: false, inactive: false,
  currencyIso: 'USD', subsidiaryId: '1', syncedHash: null, dirty: false,
};
const local: LocalContact = {
  id: '20', fields: { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', title: 'CTO', subsidiary: '1' }, customerId: '10',
  salesforceId: '003ADA', locked: false, inactive: false, syncedHash: 'h', dirty: false,
};

function lookups(contacts: LocalContact[] = [local], customers: LocalCustomer[] = [customer]): PullLookups {
  const byEmail = new Map<string, LocalContact[]>();
  for (const c of contacts) if (typeof c.fields.email === 'string') byEmail.set(c.fields.email, [...(byEmail.get(c.fields.email) ?? []), c]);
  return {
    contactsBySalesforceId: new Map(contacts.flatMap((c) => (c.salesforceId === null ? [] : [[c.salesforceId, c] as const]))),
    contactsById: new Map(contacts.map((c) => [c.id, c])),
    contactsByEmail: byEmail,
    customersBySalesforceId: new Map(customers.flatMap((c) => (c.salesforceId === null ? [] : [[c.salesforceId, c] as const]))),
    customersById: new Map(customers.map((c) => [c.id, c])),
  };
}

const row = (fields: Record<string, unknown>) => ({
  Id: '003ADA', FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', Title: 'CTO', AccountId: '001ACME',
  Oracle_netsuiteid__c: '20', SystemModstamp: '2026-03-01T10:00:00.000Z', LastModifiedById: '005USER', ...fields,
});

describe('decideContact', () => {
  it('applies a Salesforce edit to the linked contact and stores the hash the push will compute', () => {
    const result = decideContact(row({ Title: 'CEO' }), lookups(), mappings, settings);
    expect(result).toMatchObject({ action: 'update', netsuiteId: '20', values: { title: 'CEO' }, code: 'PULLED_FROM_SALESFORCE' });
    const pushed = buildContactPayload({ ...local, fields: { ...local.fields, title: 'CEO' } }, customer, mappings.contact);
    expect(pushed.ok && result.syncedHash === pushed.hash).toBe(true);
  });

  it('skips the integration user\'s own writes (echo of the push)', () => {
    expect(decideContact(row({ Title: 'CEO', LastModifiedById: '005INTEGRATION' }), lookups(), mappings, settings)).toMatchObject({ action: 'skip', code: 'ECHO_OF_OWN_WRITE' });
  });

  it('follows an email change made in Salesforce on the same NetSuite contact', () => {
    expect(decideContact(row({ Email: 'Ada.New@Example.com' }), lookups(), mappings, settings)).toMatchObject({ action: 'update', netsuiteId: '20', values: { email: 'ada.new@example.com' } });
  });

  it('creates a new contact attached to the customer of a synced Account', () => {
    const result = decideContact(row({ Id: '003NEW', Email: 'new@example.com', LastName: 'New', Oracle_netsuiteid__c: null }), lookups(), mappings, settings);
    expect(result).toMatchObject({ action: 'create', values: { company: '10', lastname: 'New', email: 'new@example.com', custentity_crmsync_sf_id: '003NEW' } });
  });

  it('does not import contacts of Accounts that are not synced', () => {
    expect(decideContact(row({ Id: '003X', AccountId: '001OTHER', Oracle_netsuiteid__c: null, Email: 'x@example.com' }), lookups(), mappings, settings).code).toBe('ACCOUNT_NOT_LINKED');
  });

  it('imports orphans or not, as configured', () => {
    const orphan = row({ Id: '003O', AccountId: null, Oracle_netsuiteid__c: null, Email: 'o@example.com', LastName: 'Orphan' });
    expect(decideContact(orphan, lookups(), mappings, settings)).toMatchObject({ action: 'create', values: { lastname: 'Orphan' } });
    expect(decideContact(orphan, lookups(), mappings, { ...settings, importOrphans: false }).code).toBe('ORPHAN_NOT_IMPORTED');
  });

  it('leaves locked records and contacts of locked customers alone', () => {
    expect(decideContact(row({ Title: 'X' }), lookups([{ ...local, locked: true }]), mappings, settings).code).toBe('RECORD_LOCKED');
    expect(decideContact(row({ Title: 'X' }), lookups([local], [{ ...customer, locked: true }]), mappings, settings).code).toBe('CUSTOMER_LOCKED');
  });

  it('keeps NetSuite\'s value when both sides changed a NetSuite-owned field, and leaves the hash for the push', () => {
    const result = decideContact(row({ Title: 'CEO' }), lookups([{ ...local, dirty: true }]), mappings, settings);
    expect(result).toMatchObject({ action: 'skip', warnings: [{ code: 'CONFLICT_NETSUITE_WINS' }], syncedHash: null });
  });

  it('lets Salesforce win a field it owns even when NetSuite changed too', () => {
    const owned: MappingSet = { ...mappings, contact: mappings.contact.map((m) => (m.target === 'Title' ? { ...m, owner: 'salesforce' as const } : m)) };
    expect(decideContact(row({ Title: 'CEO' }), lookups([{ ...local, dirty: true }]), owned, settings)).toMatchObject({ action: 'update', values: { title: 'CEO' } });
  });

  it('never lets a blank overwrite a value unless configured', () => {
    expect(decideContact(row({ Title: null }), lookups(), mappings, settings)).toMatchObject({ action: 'skip', warnings: [{ code: 'BLANK_NOT_APPLIED' }] });
    expect(decideContact(row({ Title: null }), lookups(), mappings, { ...settings, blanksOverwrite: true })).toMatchObject({ action: 'update', values: { title: null } });
  });
});

describe('decideAccount', () => {
  it('updates the linked customer; unknown accounts are not created', () => {
    const account = { Id: '001ACME', Name: 'Acme Ltd', Phone: '555', SystemModstamp: '2026-03-01T10:00:00.000Z' };
    expect(decideAccount(account, lookups(), mappings, settings)).toMatchObject({ action: 'update', values: { companyname: 'Acme Ltd', phone: '555' } });
    expect(decideAccount({ ...account, Id: '001NEW' }, lookups(), mappings, settings).code).toBe('CUSTOMER_NOT_FOUND');
    expect(decideAccount(account, lookups([local], [{ ...customer, locked: true }]), mappings, settings).code).toBe('RECORD_LOCKED');
  });
});

describe('advanceWatermark', () => {
  it('stops before the first record that must be retried', () => {
    const results = [
      { modstamp: '2026-01-01T00:00:03Z', retry: false },
      { modstamp: '2026-01-01T00:00:01Z', retry: false },
      { modstamp: '2026-01-01T00:00:02Z', retry: true },
    ];
    expect(advanceWatermark('2025-12-31T00:00:00Z', results)).toBe('2026-01-01T00:00:01Z');
    expect(advanceWatermark('2025-12-31T00:00:00Z', results.map((r) => ({ ...r, retry: false })))).toBe('2026-01-01T00:00:03Z');
  });
});

describe('buildPullQuery', () => {
  it('reads mapped fields changed since the mark, oldest first, with a SOQL dateTime literal', () => {
    const soql = buildPullQuery('Contact', mappings, stampedFrom('2026-03-01T10:00:00.123+0000'), 2000);
    expect(soql).toContain('FROM Contact WHERE SystemModstamp >= 2026-03-01T10:00:00Z ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000');
    expect(soql).toMatch(/SELECT Id, SystemModstamp, LastModifiedById, Oracle_netsuiteid__c, AccountId, Email, .*FirstName.*, IsDeleted, MasterRecordId FROM/);
    expect(soqlDateTime('garbage')).toBe('1970-01-01T00:00:00Z');
  });

  it('continues after a (SystemModstamp, Id) cursor: the rest of a shared stamp, then later stamps', () => {
    expect(afterCursor({ stamp: '2026-03-01T10:00:00.000+0000', id: '003000000000007AAA' }))
      .toBe("(SystemModstamp > 2026-03-01T10:00:00Z OR (SystemModstamp = 2026-03-01T10:00:00Z AND Id > '003000000000007AAA'))");
    // No Id, or a stamp with milliseconds (the literal has whole seconds): re-read the second rather than skip a row.
    expect(afterCursor({ stamp: '2026-03-01T10:00:00.000+0000', id: '' })).toBe('SystemModstamp >= 2026-03-01T10:00:00Z');
    expect(afterCursor({ stamp: '2026-03-01T10:00:00.250+0000', id: '003000000000007AAA' })).toBe('SystemModstamp >= 2026-03-01T10:00:00Z');
  });

  it('stores the cursor as stamp|Id, reads older stamp-only marks, and refuses an Id that could break the SOQL', () => {
    expect(parseCursor('2026-03-01T10:00:00.000+0000')).toEqual({ stamp: '2026-03-01T10:00:00.000+0000', id: '' });
    expect(parseCursor(formatCursor({ stamp: '2026-03-01T10:00:00.000+0000', id: '003000000000007AAA' }))).toEqual({ stamp: '2026-03-01T10:00:00.000+0000', id: '003000000000007AAA' });
    expect(parseCursor("2026-03-01T10:00:00.000+0000|x' OR Id != '")?.id).toBe('');
    expect(parseCursor(null)).toBeNull();
  });

  it('advances through rows sharing a stamp by Id, and holds before a row to retry', () => {
    const stamp = '2026-03-01T10:00:00.000+0000';
    const rows = ['003A', '003B', '003C'].map((id) => ({ modstamp: stamp, id, retry: false }));
    expect(advanceCursor({ stamp: '2026-03-01T09:00:00.000+0000', id: '' }, rows)).toEqual({ stamp, id: '003C' });
    expect(advanceCursor({ stamp: '2026-03-01T09:00:00.000+0000', id: '' }, rows.map((r) => (r.id === '003B' ? { ...r, retry: true } : r)))).toEqual({ stamp, id: '003A' });
    expect(advanceCursor({ stamp, id: '003C' }, rows)).toEqual({ stamp, id: '003C' });
  });
});

describe('records deleted or merged in Salesforce', () => {
  const removed = (fields: Record<string, unknown>) => ({ Id: '003ADA', IsDeleted: true, SystemModstamp: '2026-03-01T10:00:00.000+0000', ...fields });
  it('a merge relinks to the survivor, or unlinks when another NetSuite record follows the survivor', () => {
    expect(decideRemoval(removed({ MasterRecordId: '003SURVIVOR00000AA' }), 'Contact', lookups(), settings))
      .toMatchObject({ action: 'update', code: 'SF_MERGED_RELINKED', netsuiteId: '20', values: { custentity_crmsync_sf_id: '003SURVIVOR00000AA' }, snapshot: '' });
    const other: LocalContact = { ...local, id: '21', salesforceId: '003SURVIVOR00000AA' };
    expect(decideRemoval(removed({ MasterRecordId: '003SURVIVOR00000AA' }), 'Contact', lookups([local, other]), settings))
      .toMatchObject({ action: 'update', code: 'SF_MERGED_SURVIVOR_LINKED', values: { custentity_crmsync_sf_id: null } });
  });
  it('a delete follows "When Deleted in Salesforce"; an unlinked record needs nothing', () => {
    expect(decideRemoval(removed({}), 'Contact', lookups(), settings)).toMatchObject({ code: 'SF_DELETED_UNLINKED', values: { custentity_crmsync_sf_id: null } });
    expect(decideRemoval(removed({}), 'Contact', lookups(), { ...settings, salesforceDeletePolicy: 'inactivate' }))
      .toMatchObject({ code: 'SF_DELETED_INACTIVATED', values: { custentity_crmsync_sf_id: null, isinactive: true } });
    expect(decideRemoval(removed({ Id: '003OTHER' }), 'Contact', lookups(), settings)).toMatchObject({ action: 'skip', code: 'SF_REMOVED_NOT_LINKED' });
  });
  it('a Salesforce record whose NetSuite record was deleted (tombstone) creates nothing', () => {
    const result = decideContact(row({ Id: '003TOMB', Email: 'new@example.com' }), { ...lookups([]), tombstoned: new Set(['003TOMB']) }, mappings, settings);
    expect(result).toMatchObject({ action: 'skip', code: 'NETSUITE_RECORD_DELETED' });
  });
});

describe('deletes are never silently undone', () => {
  it('a Salesforce contact still pointing to a deleted NetSuite contact is not re-created', () => {
    const result = decideContact(row({ Id: '003GONE', Oracle_netsuiteid__c: '999', Email: 'gone@example.com', Title: 'Edited later' }), lookups([]), mappings, settings);
    expect(result).toMatchObject({ action: 'skip', code: 'NETSUITE_RECORD_DELETED' });
  });
});

describe('secondary key for accounts', () => {
  it('links an account to the one unlinked company customer with its name, only when configured', () => {
    const unlinked: LocalCustomer = { ...customer, id: '11', salesforceId: null, fields: { companyname: 'Initech' } };
    const withNames = { ...lookups([local], [customer, unlinked]), customersByName: new Map([['initech', [unlinked]]]) };
    const account = { Id: '001INI', Name: 'Initech', Phone: '1', SystemModstamp: '2026-03-01T10:00:00.000Z' };
    expect(decideAccount(account, withNames, mappings, settings).code).toBe('CUSTOMER_NOT_FOUND');
    expect(decideAccount(account, withNames, mappings, { ...settings, matchAccountsByName: true })).toMatchObject({ action: 'update', netsuiteId: '11', values: { custentity_crmsync_sf_id: '001INI' } });
    const twice = { ...withNames, customersByName: new Map([['initech', [unlinked, { ...unlinked, id: '12' }]]]) };
    expect(decideAccount(account, twice, mappings, { ...settings, matchAccountsByName: true }).message).toContain('2 customers are named');
  });
});
