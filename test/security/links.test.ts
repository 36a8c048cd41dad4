/**
 * Links are claims, checked on both sides. A Salesforce user cannot take over a NetSuite record by writing its id
 * into Oracle_netsuiteid__c, a Pardot prospect cannot take over a record linked to another prospect by sharing its
 * email, and a NetSuite user cannot point a record at someone else's Salesforce record: the id fields are set only
 * by CRM Sync, and a stored link whose target carries another NetSuite id is refused. All on the built bundle.
 */
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS } from '../../src/ids';
import { consoleConfirm } from '../scenarios/admin';
import {
  createCustomerWithContacts, createWorld, drainPush, logRows, pardotWorld, prospectIdOf, runPull, sfIdOf, syncStatus, type World,
} from '../scenarios/world';
import { LOG } from '../../src/ids';

/** A victim customer with two synced contacts, and an attacker's own Account in Salesforce. */
function linkedWorld(world: World = createWorld()): { world: World; customerId: number; victim: number; other: number; attackerAccount: string } {
  const { customerId, contactIds } = createCustomerWithContacts(world, 2);
  drainPush(world);
  runPull(world); // the first pull only sets the watermarks
  world.advance(60_000);
  const attackerAccount = world.salesforce.seedAccount({ Name: 'Attacker Ltd' });
  return { world, customerId, victim: contactIds[0] ?? 0, other: contactIds[1] ?? 0, attackerAccount };
}

function reasons(world: World, recordId: number): string[] {
  return logRows(world).filter((r) => Number(r[LOG.recordId]) === recordId).map((r) => String(r[LOG.reason]));
}

describe('a Salesforce user cannot take over a NetSuite record', () => {
  it('a Contact carrying a linked contact\'s NetSuite id changes nothing in NetSuite, and the log says why', () => {
    const { world, customerId, victim } = linkedWorld();
    const before = world.account.get('contact', victim);
    world.salesforce.seedContact({ FirstName: 'Mallory', LastName: 'Attacker', Email: 'mallory@evil.example', AccountId: world.salesforce.findAccounts((a) => a.Name === 'Attacker Ltd')[0]?.Id, Oracle_netsuiteid__c: String(victim) });
    runPull(world);
    const after = world.account.get('contact', victim);
    expect(after?.email).toBe(before?.email);
    expect(after?.lastname).toBe(before?.lastname);
    expect(after?.company).toBe(String(customerId));
    expect(after?.[ENTITY_FIELDS.salesforceId]).toBe(before?.[ENTITY_FIELDS.salesforceId]);
    expect(reasons(world, victim)).toContain('LINK_CLAIM_REJECTED');
  });

  it('an Account carrying a linked customer\'s NetSuite id changes nothing in NetSuite', () => {
    const { world, customerId } = linkedWorld();
    const before = world.account.get('customer', customerId);
    world.salesforce.seedAccount({ Name: 'Renamed By Attacker', Phone: '555-0199', Oracle_netsuiteid__c: String(customerId) });
    runPull(world);
    const after = world.account.get('customer', customerId);
    expect(after?.companyname).toBe(before?.companyname);
    expect(after?.[ENTITY_FIELDS.salesforceId]).toBe(before?.[ENTITY_FIELDS.salesforceId]);
    expect(reasons(world, customerId)).toContain('LINK_CLAIM_REJECTED');
  });

  it('a contact not linked yet is claimed only with its own email', () => {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 1);
    const [victim = 0] = contactIds;
    drainPush(world);
    runPull(world);
    world.advance(60_000);
    const accountId = sfIdOf(world, 'customer', customerId);
    // An unlinked NetSuite contact (e.g. its first push failed) that a Salesforce user claims with another email.
    world.account.seedUpdate('contact', victim, { [ENTITY_FIELDS.salesforceId]: '' });
    world.salesforce.seedContact({ FirstName: 'Mallory', LastName: 'Attacker', Email: 'mallory@evil.example', AccountId: accountId, Oracle_netsuiteid__c: String(victim) });
    runPull(world);
    expect(world.account.get('contact', victim)?.email).not.toBe('mallory@evil.example');
    expect(reasons(world, victim)).toContain('LINK_CLAIM_REJECTED');
  });
});

describe('a NetSuite user cannot point a record at someone else\'s Salesforce record', () => {
  it('the Salesforce and Pardot ids typed on the form, inline or on create are not stored', () => {
    const { world, customerId, victim, other } = linkedWorld();
    const foreign = sfIdOf(world, 'contact', other);
    const created = world.account.ui.create('contact', {
      firstname: 'Eve', lastname: 'Insider', email: 'eve@acme.example', company: customerId, subsidiary: world.subsidiary,
      [ENTITY_FIELDS.salesforceId]: foreign, [ENTITY_FIELDS.pardotId]: '4242',
    });
    expect(world.account.get('contact', Number(created.id))?.[ENTITY_FIELDS.salesforceId] ?? '').toBe('');
    expect(world.account.get('contact', Number(created.id))?.[ENTITY_FIELDS.pardotId] ?? '').toBe('');
    const own = sfIdOf(world, 'contact', victim);
    world.account.ui.inlineEdit('contact', victim, { [ENTITY_FIELDS.salesforceId]: foreign });
    expect(sfIdOf(world, 'contact', victim)).toBe(own);
    world.account.ui.edit('contact', victim, { [ENTITY_FIELDS.salesforceId]: foreign, title: 'Edited' });
    expect(sfIdOf(world, 'contact', victim)).toBe(own);
    drainPush(world);
    const target = world.salesforce.getContact(foreign);
    expect(target?.LastName).not.toBe('Insider');
    expect(target?.Oracle_netsuiteid__c).toBe(String(other));
  });

  it('a stored link whose target carries another NetSuite id is refused by the push and by "Update from Salesforce"', () => {
    const { world, victim, other } = linkedWorld();
    const foreign = sfIdOf(world, 'contact', other);
    const foreignBefore = { ...world.salesforce.getContact(foreign) };
    // A link that arrived by a path the form does not guard (an import script, data from before the upgrade).
    world.account.seedUpdate('contact', victim, { [ENTITY_FIELDS.salesforceId]: foreign, title: 'Changed after the link was forged' });
    world.account.ui.inlineEdit('contact', victim, { phone: '555-0123' });
    drainPush(world);
    expect(world.salesforce.getContact(foreign)?.LastName).toBe(foreignBefore.LastName);
    expect(world.salesforce.getContact(foreign)?.Email).toBe(foreignBefore.Email);
    expect(world.salesforce.getContact(foreign)?.Phone).toBe(foreignBefore.Phone);
    expect(syncStatus(world, 'contact', victim).status).toBe('Failed');
    expect(String(syncStatus(world, 'contact', victim).lastError)).toContain('LINK_CLAIM_REJECTED');

    const emailBefore = world.account.get('contact', victim)?.email;
    world.salesforce.updateAsUser('Contact', foreign, { Email: 'someone.else@example.com' });
    const { result } = consoleConfirm(world, { action: 'pullnow', recordtype: 'contact', id: String(victim) });
    expect(result.body).toContain('LINK_CLAIM_REJECTED');
    expect(world.account.get('contact', victim)?.email).toBe(emailBefore);
  });
});

describe('a Pardot prospect cannot take over a record linked to another prospect', () => {
  it('a new prospect sharing a linked contact\'s email leaves its link and Pardot fields alone', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    const [victim = 0] = contactIds;
    drainPush(world);
    runPull(world);
    world.advance(60_000);
    const ownProspect = prospectIdOf(world, 'contact', victim);
    expect(ownProspect).toBeGreaterThan(0);
    const email = String(world.account.get('contact', victim)?.email);
    world.pardot.seedProspect({ email, firstName: 'Form', lastName: 'Spam', score: 999, comments: 'Takeover attempt' });
    runPull(world);
    expect(prospectIdOf(world, 'contact', victim)).toBe(ownProspect);
    expect(world.account.get('contact', victim)?.[PARDOT_OWNED_FIELDS.comments] ?? null).not.toBe('Takeover attempt');
    expect(reasons(world, victim)).toContain('LINK_CLAIM_REJECTED');
  });
});
