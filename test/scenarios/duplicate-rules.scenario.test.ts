/**
 * Salesforce duplicate rules and cross-reference errors on the push (test/emulator/salesforce/README.md, "Org variants"):
 * the "Duplicate Rules" setting reports (the default) or allows past Alert rules with the duplicate-rule header, Block
 * rules are never overridden, Accounts are matched by name before one is created, and a stored link is cleared only
 * when the push's own read found its target gone.
 */
import { ENTITY_FIELDS, SETTINGS } from '../../src/ids';
import type { DuplicateRule } from '../emulator/salesforce/org-rules';
import { choose, createCustomerWithContacts, createWorld, drainPush, logReasons, pendingQueue, runPush, sfIdOf, syncStatus, type World } from './world';

const contactRule = (action: 'alert' | 'block'): DuplicateRule => ({ object: 'Contact', name: 'Contact_Name_Rule', action, matchFields: ['FirstName', 'LastName'] });
const accountRule = (action: 'alert' | 'block'): DuplicateRule => ({ object: 'Account', name: 'Standard_Account_Duplicate_Rule', action, matchFields: ['Name'] });

/** "Allow", a value of the Duplicate Rules list (Objects/customlist_crmsync_dup_rules.xml). */
const ALLOW = { [SETTINGS.duplicateRules]: choose(SETTINGS.duplicateRules, 'allow') };

/** A Salesforce Contact "Ada Lovelace" (another email) on its own Account, and a NetSuite customer with Ada Lovelace. */
function adaTwice(world: World): { existing: string; contactId: number; customerId: number } {
  const account = world.salesforce.seedAccount({ Name: 'Elsewhere Ltd' });
  const existing = world.salesforce.seedContact({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@elsewhere.example', AccountId: account });
  const { id } = world.account.ui.create('customer', { companyname: 'Analytical Engines', subsidiary: world.subsidiary, currency: world.usd });
  const contactId = Number(world.account.ui.create('contact', { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@engines.example', company: id, subsidiary: world.subsidiary }).id);
  return { existing, contactId, customerId: Number(id) };
}

describe('duplicate rules', () => {
  test('default (report): the record stays Failed naming the rule and the matching record, no attempt is retried', () => {
    const world = createWorld({ org: { duplicateRules: [contactRule('alert')] } });
    const { existing, contactId } = adaTwice(world);
    drainPush(world);
    const status = syncStatus(world, 'contact', contactId);
    expect(status.status).toBe('Failed');
    expect(String(status.lastError)).toContain('SF_DUPLICATE_RULE');
    expect(String(status.lastError)).toContain('Contact_Name_Rule');
    expect(String(status.lastError)).toContain(existing);
    expect(pendingQueue(world)).toHaveLength(0);
    expect(logReasons(world, contactId).filter((r) => r === 'SF_DUPLICATE_RULE')).toHaveLength(1);
    expect(world.salesforce.allContacts()).toHaveLength(1);
    // No write carried the header.
    expect(world.salesforce.counters().requests.some((r) => JSON.stringify(r).includes('Sforce-Duplicate-Rule-Header'))).toBe(false);
  });

  test('allow: the header saves past Alert rules on Contact and Account', () => {
    const world = createWorld({ org: { duplicateRules: [contactRule('alert'), accountRule('alert')] }, settings: ALLOW });
    world.salesforce.seedAccount({ Name: 'Analytical Engines' });
    const { contactId, customerId } = adaTwice(world);
    drainPush(world);
    expect(syncStatus(world, 'customer', customerId).status).toBe('Completed');
    expect(syncStatus(world, 'contact', contactId).status).toBe('Completed');
    expect(world.salesforce.findContacts((c) => c.LastName === 'Lovelace')).toHaveLength(2);
  });

  test('allow: the header travels inside the /composite request that carries a batch\'s update and upsert', () => {
    const world = createWorld({ org: { duplicateRules: [contactRule('alert')] }, settings: ALLOW });
    const { contactId, customerId } = adaTwice(world);
    // A second contact of the same customer matches an existing Salesforce Contact by email: the batch then needs an
    // update (the email match) and an upsert (Ada, caught by the Alert rule) — one /composite, two subrequests.
    const account = world.salesforce.seedAccount({ Name: 'Other Ltd' });
    world.salesforce.seedContact({ FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@engines.example', AccountId: account });
    const grace = Number(world.account.ui.create('contact', { firstname: 'Grace', lastname: 'Hopper', email: 'grace@engines.example', company: customerId, subsidiary: world.subsidiary }).id);
    drainPush(world);
    expect(syncStatus(world, 'contact', contactId).status).toBe('Completed');
    expect(syncStatus(world, 'contact', grace).status).toBe('Completed');
    const composites = world.salesforce.counters().requests.filter((r) => r.kind === 'composite' && (r.subrequests?.length ?? 0) === 2);
    expect(composites.length).toBeGreaterThan(0);
    expect(world.salesforce.findContacts((c) => c.LastName === 'Lovelace')).toHaveLength(2);
  });

  test('allow never overrides a Block rule: Failed, the message says why and what to do', () => {
    const world = createWorld({ org: { duplicateRules: [accountRule('block')] }, settings: ALLOW });
    const blocking = world.salesforce.seedAccount({ Name: 'Dup Co' });
    const ids = createCustomerWithContacts(world, 2, { companyname: 'Dup Co' });
    drainPush(world);
    const customer = String(syncStatus(world, 'customer', ids.customerId).lastError);
    expect(customer).toContain('SF_DUPLICATE_RULE');
    expect(customer).toContain('action Block');
    expect(customer).toContain(blocking);
    for (const id of ids.contactIds) expect(String(syncStatus(world, 'contact', id).lastError)).toContain('ACCOUNT_FAILED');
    expect(pendingQueue(world)).toHaveLength(0);
    expect(world.salesforce.allAccounts()).toHaveLength(1);
  });

  test('Accounts are matched by name before one is created ("Match Accounts by Name"): no duplicate rule fires', () => {
    const world = createWorld({ org: { duplicateRules: [accountRule('block')] }, settings: { [SETTINGS.matchAccountsByName]: true } });
    const existing = world.salesforce.seedAccount({ Name: 'Dup Co' });
    const ids = createCustomerWithContacts(world, 2, { companyname: 'Dup Co' });
    drainPush(world);
    expect(syncStatus(world, 'customer', ids.customerId)).toMatchObject({ status: 'Completed', salesforceId: existing });
    for (const id of ids.contactIds) expect(syncStatus(world, 'contact', id).status).toBe('Completed');
    expect(world.salesforce.allAccounts()).toHaveLength(1);
    expect(world.salesforce.getAccount(existing)?.Oracle_netsuiteid__c).toBe(String(ids.customerId));
    expect(logReasons(world, ids.customerId)).toContain('MATCHED_BY_NAME');
  });

  test('several Accounts of that name: reported, none linked, none created', () => {
    const world = createWorld({ settings: { [SETTINGS.matchAccountsByName]: true } });
    const a = world.salesforce.seedAccount({ Name: 'Twin Co' });
    const b = world.salesforce.seedAccount({ Name: 'Twin Co' });
    const ids = createCustomerWithContacts(world, 1, { companyname: 'Twin Co' });
    drainPush(world);
    const status = syncStatus(world, 'customer', ids.customerId);
    expect(status.status).toBe('Failed');
    expect(String(status.lastError)).toContain('AMBIGUOUS_NAME_MATCH');
    expect(String(status.lastError)).toContain(a);
    expect(String(status.lastError)).toContain(b);
    expect(world.salesforce.allAccounts()).toHaveLength(2);
  });
});

describe('INVALID_CROSS_REFERENCE_KEY', () => {
  function linked(): { world: World; customerId: number; contactId: number; contactSfId: string; accountSfId: string } {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const contactId = contactIds[0] ?? 0;
    return { world, customerId, contactId, contactSfId: sfIdOf(world, 'contact', contactId), accountSfId: sfIdOf(world, 'customer', customerId) };
  }

  test('a bad AccountId names the field and keeps the contact\'s own link', () => {
    const { world, customerId, contactId, contactSfId, accountSfId } = linked();
    // The customer's stored Account id points to no Account (well-formed, Account key prefix, no such record).
    const bogus = `${accountSfId.slice(0, 12)}ZZZ`;
    world.account.seedUpdate('customer', customerId, { [ENTITY_FIELDS.salesforceId]: bogus });
    world.account.ui.inlineEdit('contact', contactId, { title: 'Edited' });
    drainPush(world);
    const status = syncStatus(world, 'contact', contactId);
    expect(status.status).toBe('Failed');
    expect(String(status.lastError)).toContain('SF_INVALID_REFERENCE');
    expect(String(status.lastError)).toContain(`AccountId = ${bogus}`);
    expect(status.salesforceId).toBe(contactSfId);
    expect(pendingQueue(world)).toHaveLength(0);
  });

  test('the contact\'s own target gone (the link read finds nothing, nor /queryAll: purged): the link is cleared and the contact is created again', () => {
    const { world, contactId, contactSfId } = linked();
    world.salesforce.deleteAsUser('Contact', contactSfId);
    world.salesforce.purgeDeleted('Contact', contactSfId);
    world.account.ui.inlineEdit('contact', contactId, { title: 'Edited' });
    drainPush(world);
    expect(logReasons(world, contactId)).toContain('SF_ENTITY_DELETED');
    expect(sfIdOf(world, 'contact', contactId)).toBe('');
    world.advance(30 * 60_000);
    runPush(world);
    const status = syncStatus(world, 'contact', contactId);
    expect(status.status).toBe('Completed');
    expect(status.salesforceId).not.toBe(contactSfId);
    expect(world.salesforce.getContact(String(status.salesforceId))?.Title).toBe('Edited');
  });
});
