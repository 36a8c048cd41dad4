/**
 * The push and pull in real-world Salesforce org variants (test/emulator/salesforce/README.md, "Org variants"): every
 * record ends synced or explained by a reason that names the fix, and no batch fails because of one field.
 */
import { ENTITY_FIELDS } from '../../src/ids';
import { explain } from '../../src/core/reasons';
import { consoleGet } from './admin';
import { createCustomerWithContacts, createWorld, drainPush, pendingQueue, runPull, seedCustomer, syncStatus, type World } from './world';

function statuses(world: World, ids: { customerId: number; contactIds: number[] }) {
  return [syncStatus(world, 'customer', ids.customerId), ...ids.contactIds.map((id) => syncStatus(world, 'contact', id))];
}

describe('org variants', () => {
  test('single-currency org: nothing sends CurrencyIsoCode, every record syncs, the health card names the skipped row', () => {
    const world = createWorld({ org: { multiCurrency: false } });
    const ids = createCustomerWithContacts(world, 3);
    drainPush(world);
    expect(statuses(world, ids).map((s) => s.status)).toEqual(['Completed', 'Completed', 'Completed', 'Completed']);
    expect(world.salesforce.allContacts()).toHaveLength(3);
    expect(world.salesforce.counters().requests.filter((r) => r.status === 400)).toEqual([]);
    // The pull still works: it never selects the missing field.
    const [contact] = world.salesforce.allContacts();
    world.advance(60_000);
    world.salesforce.updateAsUser('Contact', String(contact!.Id), { Title: 'CFO' });
    runPull(world);
    expect(world.salesforce.counters().requests.filter((r) => typeof r.status === 'number' && r.status >= 400)).toEqual([]);
    const page = consoleGet(world).body;
    expect(page).toContain('id="custpage_health_fg"');
    expect(page).toMatch(/>Every mapped field exists[^<]*<\/span> <span class="uir-field" id="custpage_health_\d+_fs"><span class="inputreadonly">missing: Not sent: Contact.CurrencyIsoCode \(missing\)/);
    expect(page).toContain('This Salesforce org uses a single currency');
  });

  test('field hidden by field-level security: the mapping row is not sent, the record still syncs', () => {
    const world = createWorld({ org: { fieldSecurity: { 'Contact.Title': 'hidden', 'Contact.Fax': 'read-only' } } });
    const { id: customerId } = world.account.ui.create('customer', { companyname: 'Acme', subsidiary: world.subsidiary, currency: world.usd });
    const contactId = Number(world.account.ui.create('contact', { firstname: 'Ada', lastname: 'L', email: 'ada@example.com', title: 'CEO', fax: '555', company: customerId, subsidiary: world.subsidiary }).id);
    drainPush(world);
    expect(syncStatus(world, 'contact', contactId).status).toBe('Completed');
    expect(world.salesforce.allContacts()[0]).toMatchObject({ Email: 'ada@example.com', Title: null, Fax: null });
    expect(consoleGet(world).body).toContain('Not sent: Contact.Title (missing), Contact.Fax (read-only)');
  });

  for (const variant of ['absent', 'not-external-id'] as const) {
    test(`Oracle_netsuiteid__c ${variant}: existing records match by email and update, nothing is created, each record names the fix`, () => {
      const world = createWorld({ org: { oracleFields: variant } });
      const accountId = world.salesforce.seedAccount({ Name: 'Linked Co' });
      const existing = world.salesforce.seedContact({ LastName: 'Old', Email: 'known@example.com', AccountId: accountId });
      const linkedCustomer = seedCustomer(world, { companyname: 'Linked Co', [ENTITY_FIELDS.salesforceId]: accountId });
      const known = Number(world.account.ui.create('contact', { firstname: 'K', lastname: 'Known', email: 'known@example.com', company: linkedCustomer, subsidiary: world.subsidiary }).id);
      const unknown = Number(world.account.ui.create('contact', { firstname: 'N', lastname: 'New', email: 'new@example.com', company: linkedCustomer, subsidiary: world.subsidiary }).id);
      const fresh = createCustomerWithContacts(world, 2);
      drainPush(world);

      expect(syncStatus(world, 'contact', known)).toMatchObject({ status: 'Completed', salesforceId: existing });
      expect(world.salesforce.getContact(existing)).toMatchObject({ FirstName: 'K', LastName: 'Known' });
      expect(syncStatus(world, 'contact', unknown).status).toBe('Failed');
      expect(String(syncStatus(world, 'contact', unknown).lastError)).toContain('SF_EXTERNAL_ID_MISSING');
      expect(syncStatus(world, 'customer', fresh.customerId).status).toBe('Failed');
      for (const id of fresh.contactIds) {
        expect(syncStatus(world, 'contact', id).status).toBe('Failed');
        expect(String(syncStatus(world, 'contact', id).lastError)).toContain('ACCOUNT_FAILED');
      }
      expect(world.salesforce.allContacts()).toHaveLength(1);
      expect(pendingQueue(world)).toHaveLength(0);
      expect(explain('SF_EXTERNAL_ID_MISSING')).toMatch(/create Oracle_netsuiteid__c as Text\(50\) with External ID/);
      expect(consoleGet(world).body).toMatch(/>Oracle_netsuiteid__c is an External ID[^<]*<\/span> <span class="uir-field" id="custpage_health_\d+_fs"><span class="inputreadonly">missing: /);
    });
  }

  test('validation rule: the one record it rejects fails with the rule\'s message, the rest of the batch syncs', () => {
    const world = createWorld({
      org: { validationRules: [{ object: 'Contact', name: 'Title_Not_Test', field: 'Title', message: 'Title may not be "test".', rejects: (r) => r.Title === 'test' }] },
    });
    const { id: customerId } = world.account.ui.create('customer', { companyname: 'Acme', subsidiary: world.subsidiary, currency: world.usd });
    const ok = Number(world.account.ui.create('contact', { lastname: 'Good', email: 'good@example.com', company: customerId, subsidiary: world.subsidiary }).id);
    const bad = Number(world.account.ui.create('contact', { lastname: 'Bad', title: 'test', email: 'bad@example.com', company: customerId, subsidiary: world.subsidiary }).id);
    drainPush(world);
    expect(syncStatus(world, 'contact', ok).status).toBe('Completed');
    expect(syncStatus(world, 'contact', bad).status).toBe('Failed');
    expect(String(syncStatus(world, 'contact', bad).lastError)).toContain('SF_VALIDATION_RULE');
    expect(String(syncStatus(world, 'contact', bad).lastError)).toContain('Title may not be');
  });

  test('a blocked Account does not leave its contacts burning attempts', () => {
    const world = createWorld({ org: { duplicateRules: [{ object: 'Account', name: 'Standard_Account_Duplicate_Rule', action: 'block', matchFields: ['Name'] }] } });
    world.salesforce.seedAccount({ Name: 'Dup Co' });
    const ids = createCustomerWithContacts(world, 2, { companyname: 'Dup Co' });
    drainPush(world);
    expect(String(syncStatus(world, 'customer', ids.customerId).lastError)).toContain('SF_DUPLICATE');
    for (const id of ids.contactIds) expect(String(syncStatus(world, 'contact', id).lastError)).toContain('ACCOUNT_FAILED');
    expect(pendingQueue(world)).toHaveLength(0);
  });
});
