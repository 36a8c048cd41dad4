/** NetSuite ⇄ Pardot (Account Engagement), end to end on the built bundle. */
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS, SETTINGS } from '../../src/ids';
import { createCustomerWithContacts, createWorld, drainPush, logReasons, PARDOT_BUSINESS_UNIT, PARDOT_SETTINGS, pardotWorld, runPull, seedCustomer, type World } from './world';

describe('NetSuite → Pardot', () => {
  it('a new contact with an email creates a prospect, linked by its id', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(2);
    const id = contactIds[0] ?? 0;
    const prospectId = world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId];
    expect(world.pardot.getProspect(Number(prospectId))).toMatchObject({ email: `c${world.account.get('contact', id)?.company}-1@example.com`.toLowerCase() });
    expect(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotStatus]).toBe('Completed');
  });

  it('a NetSuite edit never overwrites Pardot score, grade, campaign or comments', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const id = contactIds[0] ?? 0;
    const prospectId = Number(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]);
    world.pardot.updateAsMarketer(prospectId, { score: 87, comments: 'Hot lead', campaignId: 2 });
    world.account.ui.edit('contact', id, { title: 'Buyer', firstname: 'Changed' });
    drainPush(world);
    expect(world.pardot.getProspect(prospectId)).toMatchObject({ score: 87, comments: 'Hot lead', campaignId: 2, jobTitle: 'Buyer', firstName: 'Changed' });
  });

  it('auto-create is not retroactive: records created before it was turned on do not create prospects', () => {
    const world = pardotWorld({ [SETTINGS.pardotAutoCreateSince]: '2026-06-01T00:00:00.000Z' });
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(0);
    expect(logReasons(world, contactIds[0])).toContain('PROSPECT_NOT_AUTO_CREATED');
  });

  it('an existing prospect is matched by email even when the case differs; no second prospect', () => {
    const world = pardotWorld({ [SETTINGS.pardotAutoCreate]: false });
    const existing = world.pardot.seedProspect({ email: 'Mixed.Case@Example.com', score: 12 });
    const customerId = seedCustomer(world);
    const { id } = world.account.ui.create('contact', { firstname: 'Mia', lastname: 'Case', email: 'Mixed.Case@Example.com', company: customerId, subsidiary: world.subsidiary });
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(1);
    expect(world.account.get('contact', Number(id))?.[ENTITY_FIELDS.pardotId]).toBe(String(existing));
    world.account.ui.inlineEdit('contact', Number(id), { email: 'mixed.case@example.com' });
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(1);
  });
});

describe('Pardot rules on the push', () => {
  function pardotStatus(world: World, type: 'contact' | 'customer', id: number): { status: unknown; error: string } {
    const row = world.account.get(type, id) ?? {};
    const error = row[ENTITY_FIELDS.pardotError];
    return { status: row[ENTITY_FIELDS.pardotStatus], error: typeof error === 'string' ? error : '' };
  }

  it('seed 000: a contact and an individual customer share an email: one prospect, the customer\'s, and a duplicate report', () => {
    const world = pardotWorld();
    const company = seedCustomer(world);
    const contact = Number(world.account.ui.create('contact', { firstname: 'Contact', lastname: 'Shared', email: 'Shared@Example.com', company, subsidiary: world.subsidiary }).id);
    drainPush(world); // the contact alone: it creates the prospect
    const individual = Number(world.account.ui.create('customer', { isperson: true, firstname: 'Individual', lastname: 'Shared', email: 'shared@example.com', subsidiary: world.subsidiary, currency: world.usd }).id);
    drainPush(world);
    const prospects = world.pardot.allProspects().filter((p) => p.email.toLowerCase() === 'shared@example.com');
    expect(prospects).toHaveLength(1);
    expect(prospects[0]).toMatchObject({ firstName: 'Individual' });
    expect(Number(world.account.get('customer', individual)?.[ENTITY_FIELDS.pardotId])).toBe(prospects[0]?.id);
    expect(logReasons(world, individual)).toContain('PARDOT_DUPLICATE_EMAIL');

    // The contact's edits never reach the customer's prospect again; it is told why.
    world.account.ui.inlineEdit('contact', contact, { firstname: 'Renamed' });
    drainPush(world);
    expect(world.pardot.getProspect(prospects[0]?.id ?? 0)).toMatchObject({ firstName: 'Individual' });
    expect(pardotStatus(world, 'contact', contact)).toMatchObject({ status: 'Skipped' });
    expect(pardotStatus(world, 'contact', contact).error).toContain(`customer ${individual} syncs with the prospect`);
    expect(world.pardot.allProspects()).toHaveLength(1);
  });

  it('"Account Engagement Connector Creates Prospects": links every contact to the prospect the connector made, creates none', () => {
    const world = createWorld({ settings: { ...PARDOT_SETTINGS, [SETTINGS.pardotConnectorCreates]: true }, pardotConnector: true });
    const { contactIds } = createCustomerWithContacts(world, 2);
    // An older prospect with the first contact's email (an import; AMPSEA allows it): the connector's, by CRM id, wins.
    const imported = world.pardot.seedProspect({ email: String(world.account.get('contact', contactIds[0] ?? 0)?.email), lastName: 'Imported' });
    const individual = Number(world.account.ui.create('customer', { isperson: true, firstname: 'Ivy', lastname: 'Individual', email: 'ivy@example.com', subsidiary: world.subsidiary, currency: world.usd }).id);
    drainPush(world);
    expect(world.pardot.counters().byKind.create + world.pardot.counters().byKind.upsert).toBe(0);
    expect(world.pardot.allProspects()).toHaveLength(3);
    expect(world.pardot.getProspect(imported)?.lastName).toBe('Imported');
    for (const id of contactIds) {
      const prospect = world.pardot.getProspect(Number(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]));
      expect(prospect?.salesforceContactId).toBe(world.account.get('contact', id)?.[ENTITY_FIELDS.salesforceId]);
      expect(pardotStatus(world, 'contact', id).status).toBe('Completed');
    }
    // The connector makes prospects from Contacts only: the individual customer is told so, and nothing is created.
    expect(pardotStatus(world, 'customer', individual)).toMatchObject({ status: 'Skipped' });
    expect(pardotStatus(world, 'customer', individual).error).toContain('PROSPECT_LEFT_TO_CONNECTOR');
  });
});

describe('Pardot → NetSuite', () => {
  function pull(world: World): void {
    world.advance(60_000);
    runPull(world);
  }

  it('Pardot-owned fields land on the linked contact', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const id = contactIds[0] ?? 0;
    const prospectId = Number(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]);
    world.pardot.updateAsMarketer(prospectId, { score: 55, comments: 'Asked for a demo', campaignId: 2 });
    pull(world);
    expect(world.account.get('contact', id)).toMatchObject({ [PARDOT_OWNED_FIELDS.score]: 55, [PARDOT_OWNED_FIELDS.comments]: 'Asked for a demo', [PARDOT_OWNED_FIELDS.campaign]: 'NetSuite Sync' });
  });

  it('"stop syncing package fields" keeps score and grade out of NetSuite', () => {
    const world = pardotWorld({ [SETTINGS.pardotStopPackageFields]: true });
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const id = contactIds[0] ?? 0;
    world.pardot.updateAsMarketer(Number(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]), { score: 99, comments: 'kept' });
    pull(world);
    expect(world.account.get('contact', id)?.[PARDOT_OWNED_FIELDS.score] ?? null).toBeNull();
    expect(world.account.get('contact', id)?.[PARDOT_OWNED_FIELDS.comments]).toBe('kept');
  });

  it('two NetSuite records share the email: the individual customer wins, and the duplicate is reported', () => {
    const world = pardotWorld();
    const company = seedCustomer(world);
    const contact = world.account.seed('contact', { firstname: 'Sam', lastname: 'Shared', email: 'shared@example.com', company, subsidiary: world.subsidiary });
    const individual = seedCustomer(world, { isperson: true, firstname: 'Sam', lastname: 'Shared', companyname: '', email: 'shared@example.com' });
    world.pardot.seedProspect({ email: 'shared@example.com', score: 40 });
    pull(world);
    expect(world.account.get('customer', individual)?.[PARDOT_OWNED_FIELDS.score]).toBe(40);
    expect(world.account.get('contact', contact)?.[PARDOT_OWNED_FIELDS.score] ?? null).toBeNull();
    expect(logReasons(world)).toContain('PARDOT_DUPLICATE_EMAIL');
  });

  it('an unassigned prospect with no match creates nothing', () => {
    const world = pardotWorld();
    world.pardot.seedProspect({ email: 'nobody@example.com', company: 'Nowhere Inc' });
    pull(world);
    expect(world.account.find('contact', (r) => r.email === 'nobody@example.com')).toHaveLength(0);
    expect(logReasons(world)).toContain('PROSPECT_UNASSIGNED');
  });

  it('an assigned prospect attaches to the existing company by name and takes the company\'s sales rep', () => {
    const world = pardotWorld();
    const rep = world.account.seed('employee', { firstname: 'Rita', lastname: 'Rep', email: 'rita@acme.example', issalesrep: true, subsidiary: world.subsidiary });
    const marketer = world.account.seed('employee', { firstname: 'Max', lastname: 'Marketing', email: 'max@acme.example', subsidiary: world.subsidiary });
    const company = seedCustomer(world, { companyname: 'Wayne Enterprises', salesrep: rep });
    const ritaUser = world.pardot.seedUser({ email: 'rita@acme.example' });
    const maxUser = world.pardot.seedUser({ email: 'max@acme.example' });
    const prospect = world.pardot.seedProspect({ email: 'bruce@wayne.example', firstName: 'Bruce', lastName: 'Wayne', company: 'Wayne Enterprises', userId: maxUser });
    pull(world);
    const created = world.account.find('contact', (r) => r.email === 'bruce@wayne.example');
    expect(created).toHaveLength(1);
    expect(Number(created[0]?.company)).toBe(company);
    drainPush(world);
    expect(world.pardot.getProspect(prospect)?.userId).toBe(ritaUser);
    expect(marketer).toBeGreaterThan(0);
  });

  it('an assigned prospect with a new company creates the customer (rep = assigned user) and the contact', () => {
    const world = pardotWorld();
    world.account.seed('employee', { firstname: 'Max', lastname: 'Marketing', email: 'max@acme.example', subsidiary: world.subsidiary });
    const maxUser = world.pardot.seedUser({ email: 'max@acme.example' });
    world.pardot.seedProspect({ email: 'new@startup.example', lastName: 'Founder', company: 'Startup Ltd', userId: maxUser });
    world.pardot.seedProspect({ email: 'nocompany@example.com', lastName: 'Solo', userId: maxUser });
    pull(world);
    const customers = world.account.find('customer', (r) => r.companyname === 'Startup Ltd');
    expect(customers).toHaveLength(1);
    expect(world.account.find('contact', (r) => r.email === 'new@startup.example')).toHaveLength(1);
    expect(logReasons(world)).toContain('PROSPECT_NEEDS_COMPANY');
  });

  it('two new prospects of one new company make one customer; with Auto-Generated Numbering off a name already taken still creates the customer, with a warning', () => {
    const world = pardotWorld();
    world.account.setAutoNumbering('customer', false);
    world.account.seed('employee', { firstname: 'Max', lastname: 'Marketing', email: 'max@acme.example', subsidiary: world.subsidiary });
    const maxUser = world.pardot.seedUser({ email: 'max@acme.example' });
    // An individual customer already has "Globex" as its ID; no company customer is named Globex.
    world.account.seed('customer', { isperson: true, firstname: 'Glo', lastname: 'Bex', entityid: 'Globex', subsidiary: world.subsidiary });
    world.pardot.seedProspect({ email: 'one@initech.example', lastName: 'One', company: 'Initech', userId: maxUser });
    world.pardot.seedProspect({ email: 'two@initech.example', lastName: 'Two', company: 'Initech', userId: maxUser });
    const globex = world.pardot.seedProspect({ email: 'hank@globex.example', lastName: 'Scorpio', company: 'Globex', userId: maxUser });
    pull(world);
    const initech = world.account.find('customer', (r) => r.companyname === 'Initech');
    expect(initech).toHaveLength(1);
    const contacts = world.account.find('contact', (r) => String(r.email).endsWith('@initech.example'));
    expect(contacts.map((c) => Number(c.company))).toEqual([initech[0]?.id, initech[0]?.id]);
    const created = world.account.find('customer', (r) => r.companyname === 'Globex');
    expect(created).toHaveLength(1);
    expect(created[0]?.entityid).toBe(`Globex (${globex})`);
    expect(world.account.find('contact', (r) => r.email === 'hank@globex.example')).toHaveLength(1);
    expect(logReasons(world)).toContain('ENTITY_ID_TAKEN');
    expect(logReasons(world)).not.toContain('UNEXPECTED_ERROR');
  });

  it('team selling: the primary sales rep becomes the assigned user', () => {
    const world = pardotWorld();
    const first = world.account.seed('employee', { firstname: 'A', lastname: 'Rep', email: 'a.rep@acme.example', subsidiary: world.subsidiary });
    const primary = world.account.seed('employee', { firstname: 'P', lastname: 'Rep', email: 'p.rep@acme.example', subsidiary: world.subsidiary });
    world.pardot.seedUser({ email: 'a.rep@acme.example' });
    const primaryUser = world.pardot.seedUser({ email: 'p.rep@acme.example' });
    const company = world.account.seed('customer', { companyname: 'Team Co', subsidiary: world.subsidiary, currency: world.usd, salesrep: first }, {
      salesteam: [{ employee: first, isprimary: false, contribution: 50 }, { employee: primary, isprimary: true, contribution: 50 }],
    });
    const { id } = world.account.ui.create('contact', { firstname: 'T', lastname: 'Member', email: 'member@team.example', company, subsidiary: world.subsidiary });
    drainPush(world);
    const prospectId = Number(world.account.get('contact', Number(id))?.[ENTITY_FIELDS.pardotId]);
    expect(world.pardot.getProspect(prospectId)?.userId).toBe(primaryUser);
  });
});

describe('Pardot settings', () => {
  it('turning on auto-create stamps the time: only contacts created afterwards create prospects', () => {
    const world = pardotWorld({ [SETTINGS.pardotAutoCreate]: false, [SETTINGS.pardotAutoCreateSince]: '' });
    const before = createCustomerWithContacts(world, 1);
    drainPush(world);
    world.advance(60_000);
    const settingsId = Number(world.account.all(SETTINGS.type)[0]?.id);
    world.account.ui.edit(SETTINGS.type, settingsId, { [SETTINGS.pardotAutoCreate]: true });
    expect(world.account.get(SETTINGS.type, settingsId)?.[SETTINGS.pardotAutoCreateSince]).toBe(world.now().toISOString());
    world.advance(60_000);
    const after = createCustomerWithContacts(world, 1);
    world.account.ui.inlineEdit('contact', before.contactIds[0] ?? 0, { title: 'Touched later' });
    drainPush(world);
    expect(world.pardot.allProspects().map((p) => p.email)).toEqual([String(world.account.get('contact', after.contactIds[0] ?? 0)?.email)]);
    expect(logReasons(world, before.contactIds[0])).toContain('PROSPECT_NOT_AUTO_CREATED');
  });

  it('a company\'s new sales rep reaches its contacts\' prospects only when the cascade setting is on', () => {
    for (const cascade of [false, true]) {
      const world = pardotWorld({ [SETTINGS.pardotCascadeRep]: cascade });
      const oldRep = world.account.seed('employee', { firstname: 'Old', lastname: 'Rep', email: 'old@acme.example', subsidiary: world.subsidiary });
      const newRep = world.account.seed('employee', { firstname: 'New', lastname: 'Rep', email: 'new@acme.example', subsidiary: world.subsidiary });
      const oldUser = world.pardot.seedUser({ email: 'old@acme.example' });
      const newUser = world.pardot.seedUser({ email: 'new@acme.example' });
      const { customerId, contactIds } = createCustomerWithContacts(world, 2, { salesrep: oldRep });
      drainPush(world);
      const prospect = Number(world.account.get('contact', contactIds[0] ?? 0)?.[ENTITY_FIELDS.pardotId]);
      expect(world.pardot.getProspect(prospect)?.userId).toBe(oldUser);
      world.account.evictCaches();
      world.account.ui.edit('customer', customerId, { salesrep: newRep });
      drainPush(world);
      expect(world.pardot.getProspect(prospect)?.userId).toBe(cascade ? newUser : oldUser);
    }
  });
});

describe('settings validation', () => {
  it('an invalid settings record is not saved and the message says what to fix', () => {
    const world = pardotWorld();
    const settingsId = Number(world.account.all(SETTINGS.type)[0]?.id);
    const result = world.account.ui.edit(SETTINGS.type, settingsId, { [SETTINGS.pardotBusinessUnit]: 'not-a-bu', [SETTINGS.batchSize]: 50 });
    expect(result.error?.message).toContain('Pardot Business Unit ID must be the 18-character id');
    expect(result.error?.message).toContain('1 to 15');
    expect(world.account.get(SETTINGS.type, settingsId)?.[SETTINGS.pardotBusinessUnit]).toBe(PARDOT_BUSINESS_UNIT);
  });
});

describe('Pardot exclusions', () => {
  it('partner contacts and Customer Center (portal) users are kept out of Pardot, each with its reason', () => {
    // Both boxes are checked by default on a settings record made in NetSuite; a seeded record sets them.
    const world = pardotWorld({ [SETTINGS.pardotExcludePartners]: true, [SETTINGS.pardotExcludePortal]: true });
    const partner = world.account.seed('partner', { companyname: 'Channel Partner Co', subsidiary: world.subsidiary });
    const partnerContact = world.account.ui.create('contact', { firstname: 'Pat', lastname: 'Partner', email: 'pat@partner.example', company: partner, subsidiary: world.subsidiary });
    const customerId = seedCustomer(world);
    const portalContact = world.account.ui.create('contact', { firstname: 'Polly', lastname: 'Portal', email: 'polly@portal.example', company: customerId, subsidiary: world.subsidiary, giveaccess: true });
    const regular = world.account.ui.create('contact', { firstname: 'Reg', lastname: 'Ular', email: 'reg@customer.example', company: customerId, subsidiary: world.subsidiary });
    drainPush(world);
    expect(world.pardot.allProspects().map((p) => p.email)).toEqual(['reg@customer.example']);
    expect(logReasons(world, Number(partnerContact.id))).toContain('PARTNER_CONTACT');
    expect(logReasons(world, Number(portalContact.id))).toContain('PORTAL_CONTACT');
    expect(Number(regular.id)).toBeGreaterThan(0);
  });
});
