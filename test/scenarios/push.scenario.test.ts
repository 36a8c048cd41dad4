/** NetSuite → Salesforce, end to end: the built user events and push map/reduce in the emulated account. */
import { ENTITY_FIELDS } from '../../src/ids';
import { createCustomerWithContacts, createWorld, drainPush, logReasons, pendingQueue, syncStatus } from './world';

describe('push scenarios', () => {
  it('a customer with 40 contacts reaches Salesforce in 3 contact requests of at most 15', () => {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 40);
    world.salesforce.resetCounters();
    drainPush(world);
    const account = world.salesforce.findAccounts((a) => a.Oracle_netsuiteid__c === String(customerId));
    expect(account).toHaveLength(1);
    const contacts = world.salesforce.allContacts();
    expect(contacts).toHaveLength(40);
    expect(contacts.every((c) => c.AccountId === account[0]?.Id)).toBe(true);
    const contactWrites = world.salesforce.counters().requests.filter((r) => r.path.includes('/composite/sobjects') && r.records > 0 && r.path.includes('Contact') || (r.path.endsWith('/composite/sobjects') && r.records > 0));
    expect(Math.max(...world.salesforce.counters().recordsPerRequest)).toBeLessThanOrEqual(15);
    expect(contactWrites.length).toBeGreaterThanOrEqual(3);
    for (const id of contactIds) expect(syncStatus(world, 'contact', id)).toMatchObject({ status: 'Completed' });
    expect(pendingQueue(world)).toHaveLength(0);
    expect(world.account.get('contact', contactIds[0] ?? 0)?.[ENTITY_FIELDS.salesforceId]).toMatch(/^003/);
  });

  it('an orphan contact is skipped with its reason and costs no API call', () => {
    const world = createWorld();
    const { id } = world.account.ui.create('contact', { firstname: 'Lone', lastname: 'Wolf', email: 'lone@example.com', subsidiary: world.subsidiary });
    drainPush(world);
    expect(syncStatus(world, 'contact', Number(id))).toMatchObject({ status: 'Skipped' });
    expect(logReasons(world, Number(id))).toContain('ORPHAN_CONTACT');
    expect(world.salesforce.allContacts()).toHaveLength(0);
  });
});
