/** Pardot in bulk (issue 19): a large first sync writes prospects 50 a call with v4 batch calls, end to end on the built bundle. */
import { ENTITY_FIELDS, SETTINGS } from '../../src/ids';
import { createWorld, drainPush, logReasons, PARDOT_SETTINGS, seedCustomer, type World } from './world';

const CONTACTS = 120;
const BAD = 'bulk-50@example.com';
const batchRows = (world: World): Record<string, unknown>[] => world.account.httpLog
  .filter((h) => h.url.includes('/api/prospect/version/4/do/'))
  .flatMap((h) => (JSON.parse(new URLSearchParams(h.body).get('prospects') ?? '{}') as { prospects: Record<string, unknown>[] }).prospects);

describe('NetSuite → Pardot in bulk', () => {
  it('120 new contacts: a handful of Pardot calls, every prospect linked, a refused row failed with its reason, no blank or Pardot-owned value sent', () => {
    const world = createWorld({ settings: PARDOT_SETTINGS, pardotOptions: { rejectedEmails: [BAD] } });
    // A prospect Pardot already has: its phone, score, comments and campaign are Pardot's and NetSuite's contact has no phone.
    const existing = world.pardot.seedProspect({ email: 'bulk-4@example.com', phone: '555-0100', score: 40, comments: 'Met at the fair', campaignId: 2 });
    const company = seedCustomer(world);
    const ids = Array.from({ length: CONTACTS }, (_, i) => Number(world.account.ui.create('contact', {
      firstname: 'Bulk', lastname: `Contact ${i + 1}`, email: `bulk-${i + 1}@example.com`, company, subsidiary: world.subsidiary,
      ...(i % 2 === 0 ? { phone: `555-1${String(i).padStart(3, '0')}` } : {}),
    }).id));
    world.pardot.resetCounters();
    drainPush(world);

    const counters = world.pardot.counters();
    // One read of the prospects, 1 batchUpdate (the email match), 3 batchCreate (119 rows, 50 a call), 1 read of the new ids.
    expect(counters.byKind.batch).toBe(4);
    // + the org-health usage read (account): 7 calls for 120 contacts, where one call per contact was 120.
    expect(counters.byKind).toMatchObject({ query: 2, account: 1 });
    expect(counters.apiCalls).toBe(7);
    expect(counters.byKind.upsert + counters.byKind.update + counters.byKind.create).toBe(0);

    const prospects = world.pardot.allProspects();
    expect(prospects).toHaveLength(CONTACTS - 1); // 118 created + the existing one, no duplicate; the refused one not created
    for (const [i, id] of ids.entries()) {
      const row = world.account.get('contact', id) ?? {};
      const email = `bulk-${i + 1}@example.com`;
      if (email === BAD) {
        expect(row[ENTITY_FIELDS.pardotStatus]).toBe('Failed');
        expect(row[ENTITY_FIELDS.pardotId] ?? '').toBe('');
        expect(logReasons(world, id)).toContain('PD_INVALID_EMAIL');
        continue;
      }
      expect(row[ENTITY_FIELDS.pardotStatus]).toBe('Completed');
      expect(world.pardot.getProspect(Number(row[ENTITY_FIELDS.pardotId]))).toMatchObject({ email, lastName: `Contact ${i + 1}` });
    }
    expect(world.account.get('contact', ids[3] ?? 0)?.[ENTITY_FIELDS.pardotId]).toBe(String(existing));
    // A blank in NetSuite never clears Pardot's value; Pardot's own fields are untouched.
    expect(world.pardot.getProspect(existing)).toMatchObject({ phone: '555-0100', score: 40, comments: 'Met at the fair', campaignId: 2, firstName: 'Bulk' });

    const rows = batchRows(world);
    expect(rows).toHaveLength(CONTACTS);
    for (const row of rows) {
      for (const owned of ['score', 'grade', 'comments', 'campaign_id', 'campaign']) expect(row).not.toHaveProperty(owned);
      for (const value of Object.values(row)) expect(value === null || value === '').toBe(false);
    }
  });

  it('a later edit of a bulk-linked contact updates its prospect by id; a small run stays per record', () => {
    const world = createWorld({ settings: PARDOT_SETTINGS });
    const company = seedCustomer(world);
    const ids = Array.from({ length: 6 }, (_, i) => Number(world.account.ui.create('contact', { firstname: 'B', lastname: `L${i}`, email: `small-${i}@example.com`, company, subsidiary: world.subsidiary }).id));
    drainPush(world);
    expect(world.pardot.counters().byKind.batch).toBe(1);
    const prospectId = Number(world.account.get('contact', ids[0] ?? 0)?.[ENTITY_FIELDS.pardotId]);
    world.pardot.resetCounters();
    world.account.ui.edit('contact', ids[0] ?? 0, { title: 'Buyer' });
    drainPush(world);
    expect(world.pardot.getProspect(prospectId)).toMatchObject({ jobTitle: 'Buyer' });
    expect(world.pardot.counters()).toMatchObject({ apiCalls: 1, byKind: expect.objectContaining({ update: 1, batch: 0 }) });
  });
});

describe('Pardot bulk keeps the Pardot rules', () => {
  it('connector mode: the bulk creates no prospect; contacts wait for the connector\'s', () => {
    const world = createWorld({ settings: { ...PARDOT_SETTINGS, [SETTINGS.pardotConnectorCreates]: true }, pardotConnector: true });
    const company = seedCustomer(world);
    const ids = Array.from({ length: 6 }, (_, i) => Number(world.account.ui.create('contact', { firstname: 'C', lastname: `L${i}`, email: `conn-${i}@example.com`, company, subsidiary: world.subsidiary }).id));
    world.pardot.resetCounters();
    drainPush(world);
    const created = world.account.httpLog.filter((h) => h.url.includes('/do/batchCreate') || h.url.includes('upsertLatestByEmail'));
    expect(created).toHaveLength(0);
    // The connector made each contact's prospect from its Salesforce Contact; each links to it, none is duplicated.
    for (const [i, id] of ids.entries()) {
      const prospects = world.pardot.findByEmail(`conn-${i}@example.com`);
      expect(prospects).toHaveLength(1);
      expect(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]).toBe(String(prospects[0]?.id));
    }
  });

  it('seed 000 in bulk: of a contact and an individual customer sharing an email, only the customer writes the prospect', () => {
    const world = createWorld({ settings: PARDOT_SETTINGS });
    const company = seedCustomer(world);
    const contacts = Array.from({ length: 5 }, (_, i) => Number(world.account.ui.create('contact', { firstname: 'Contact', lastname: `S${i}`, email: i === 0 ? 'Shared@Example.com' : `solo-${i}@example.com`, company, subsidiary: world.subsidiary }).id));
    const individual = Number(world.account.ui.create('customer', { isperson: true, firstname: 'Individual', lastname: 'Shared', email: 'shared@example.com', subsidiary: world.subsidiary, ...(world.usd === 0 ? {} : { currency: world.usd }) }).id);
    drainPush(world);
    expect(world.pardot.counters().byKind.batch).toBeGreaterThan(0);
    const shared = world.pardot.allProspects().filter((p) => p.email.toLowerCase() === 'shared@example.com');
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ firstName: 'Individual' });
    expect(world.account.get('customer', individual)?.[ENTITY_FIELDS.pardotId]).toBe(String(shared[0]?.id));
    expect(logReasons(world, contacts[0])).toContain('PARDOT_DUPLICATE_EMAIL');
  });
});
