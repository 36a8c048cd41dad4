/**
 * The bundle in three kinds of NetSuite account: OneWorld + Multiple Currencies (the default), OneWorld with one currency,
 * and a non-OneWorld single-currency account. Push, pull and Pardot each run in every variant; where the account lacks
 * subsidiaries or currencies, nothing reads or writes them (the emulated account throws as NetSuite does if anything tries).
 */
import { FIELD_MAP, SETTINGS } from '../../src/ids';
import type { AccountVariant } from '../emulator/netsuite/profile';
import { createCustomerWithContacts, createWorld, drainPush, logReasons, pardotWorld, runPull, sfIdOf, type World } from './world';

const VARIANTS: AccountVariant[] = ['oneWorldMultiCurrency', 'oneWorldSingleCurrency', 'singleCompany'];

function linked(world: World): { customerId: number; contactIds: number[] } {
  const created = createCustomerWithContacts(world, 2);
  drainPush(world);
  runPull(world);
  world.advance(60_000);
  return created;
}

describe.each(VARIANTS)('account variant %s', (variant) => {
  it('push: the customer and its contacts reach Salesforce; currency and subsidiary only where the account has them', () => {
    const world = createWorld({ variant });
    const { customerId, contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    const account = world.salesforce.allAccounts().find((a) => a.Oracle_netsuiteid__c === String(customerId));
    expect(account).toBeDefined();
    // Single-currency: no currency column is read, so none is sent (Salesforce keeps its org default).
    if (variant === 'oneWorldMultiCurrency') expect(account?.CurrencyIsoCode).toBe('USD');
    expect(account?.Oracle_NetSuite_Subsidiary__c ?? null).toBe(variant === 'singleCompany' ? null : String(world.subsidiary));
    expect(world.salesforce.allContacts().map((c) => c.Oracle_netsuiteid__c).sort()).toEqual(contactIds.map(String).sort());
    expect(logReasons(world)).not.toContain('UNEXPECTED_ERROR');
  });

  it('pull: a Salesforce edit lands in NetSuite and a new Salesforce contact is created there', () => {
    const world = createWorld({ variant });
    const { customerId, contactIds } = linked(world);
    const target = contactIds[0] ?? 0;
    world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', target), { Title: 'VP Sales' });
    world.salesforce.seedContact({ LastName: 'Newcomer', Email: 'new@example.com', AccountId: sfIdOf(world, 'customer', customerId) });
    runPull(world);
    expect(world.account.get('contact', target)).toMatchObject({ title: 'VP Sales' });
    expect(world.account.find('contact', (r) => r.lastname === 'Newcomer')).toHaveLength(1);
    expect(logReasons(world)).not.toContain('UNEXPECTED_ERROR');
  });

  it('Pardot: contacts become prospects, and an assigned prospect creates its company customer and contact', () => {
    const world = pardotWorld({}, variant);
    createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(1);
    world.account.seed('employee', { firstname: 'Max', lastname: 'Marketing', email: 'max@acme.example', ...(world.subsidiary === 0 ? {} : { subsidiary: world.subsidiary }) });
    const maxUser = world.pardot.seedUser({ email: 'max@acme.example' });
    world.pardot.seedProspect({ email: 'new@startup.example', lastName: 'Founder', company: 'Startup Ltd', userId: maxUser });
    runPull(world);
    const customers = world.account.find('customer', (r) => r.companyname === 'Startup Ltd');
    expect(customers).toHaveLength(1);
    if (variant === 'singleCompany') expect(customers[0]).not.toHaveProperty('subsidiary');
    // OneWorld: the setting's subsidiary, else the integration user's (the emulated administrator's, 1).
    else expect(customers[0]?.subsidiary).toBe('1');
    expect(world.account.find('contact', (r) => r.email === 'new@startup.example')).toHaveLength(1);
  });
});

describe('settings and mappings that need a feature the account lacks', () => {
  it('are refused with FEATURE_NOT_ENABLED in a non-OneWorld account', () => {
    const world = createWorld({ variant: 'singleCompany' });
    const settings = world.account.find(SETTINGS.type, () => true)[0]?.id ?? 0;
    const saved = world.account.ui.edit(SETTINGS.type, Number(settings), { [SETTINGS.pardotSubsidiary]: 1 });
    expect(saved.error?.message).toMatch(/FEATURE_NOT_ENABLED: "Subsidiary ID For Created Customers" needs OneWorld/);
    const mapping = world.account.ui.create(FIELD_MAP.type, {
      name: 'Subsidiary', [FIELD_MAP.recordType]: 'customer', [FIELD_MAP.netsuiteField]: '$subsidiaryId', [FIELD_MAP.salesforceField]: 'Subsidiary__c',
    });
    expect(mapping.error?.message).toMatch(/FEATURE_NOT_ENABLED: The NetSuite field \$subsidiaryId needs OneWorld/);
  });
});
