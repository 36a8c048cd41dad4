/**
 * Issue 16: "email case never creates a second prospect" when Pardot stores the address in another mix of case than
 * NetSuite (`Ada@Example.com` in Pardot, `ada@example.com` in NetSuite). The Pardot emulator stores emails as given
 * and matches them case-sensitively (test/emulator/pardot/README.md), so neither Pardot lookup finds such a prospect.
 */
import { ENTITY_FIELDS, SCRIPTS, SETTINGS } from '../../src/ids';
import { createWorld, drainPush, logReasons, PARDOT_SETTINGS, pardotWorld, runPull, runPush, seedCustomer, type World } from './world';

const STORED = 'Ada@Example.com';

function sameAddress(world: World): number[] {
  return world.pardot.allProspects().filter((p) => p.email.toLowerCase() === STORED.toLowerCase()).map((p) => p.id);
}

function contact(world: World, company: number, email: string, lastname = 'Lovelace'): number {
  return Number(world.account.ui.create('contact', { firstname: 'Ada', lastname, email, company, subsidiary: world.subsidiary }).id);
}

function pardotStatus(world: World, id: number): unknown {
  return world.account.get('contact', id)?.[ENTITY_FIELDS.pardotStatus];
}

describe('a prospect stored in another case than NetSuite holds the email', () => {
  it('per record (a save): the contact links to it, no second prospect; a stale entry is checked and not used', () => {
    const world = pardotWorld();
    const stored = world.pardot.seedProspect({ email: STORED, lastName: 'From a form' });
    // The Pardot pull reads every prospect once (its first mark is the epoch): it notes the mixed-case address.
    runPull(world);
    const company = seedCustomer(world);
    const id = contact(world, company, 'ada@example.com');
    world.pardot.resetCounters();
    drainPush(world);
    expect(sameAddress(world)).toEqual([stored]);
    expect(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]).toBe(String(stored));
    expect(pardotStatus(world, id)).toBe('Completed');
    expect(logReasons(world, id)).toContain('MATCHED_BY_EMAIL');
    expect(world.pardot.counters().byKind).toMatchObject({ create: 0, upsert: 0, update: 1 });

    // A prospect noted so but deleted since: the push reads it back, does not use it, and creates the contact's own.
    const gone = world.pardot.seedProspect({ email: 'Bea@Example.com', lastName: 'Gone' });
    world.advance(60_000);
    runPull(world);
    world.pardot.deleteAsMarketer(gone);
    const bea = contact(world, company, 'bea@example.com', 'Gone');
    drainPush(world);
    const beaProspect = Number(world.account.get('contact', bea)?.[ENTITY_FIELDS.pardotId]);
    expect(beaProspect).not.toBe(gone);
    expect(world.pardot.getProspect(beaProspect)).toMatchObject({ email: 'bea@example.com', isDeleted: false });
  });

  it('per record, a prospect made in Pardot since the last pull: found among the prospects changed since the pull\'s mark', () => {
    const world = pardotWorld();
    world.pardot.seedProspect({ email: 'someone.else@example.com' });
    runPull(world); // reads it and sets the Pardot mark
    world.advance(60_000);
    const stored = world.pardot.seedProspect({ email: STORED, lastName: 'Since the pull' });
    const id = contact(world, seedCustomer(world), 'ada@example.com');
    world.pardot.resetCounters();
    drainPush(world);
    expect(sameAddress(world)).toEqual([stored]);
    expect(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]).toBe(String(stored));
    // One read of what changed since the mark (with auto-create the upsert itself is the lower-case lookup), one update.
    expect(world.pardot.counters().byKind).toMatchObject({ query: 1, update: 1, create: 0, upsert: 0 });
  });

  it('per record before any Pardot pull, in a unit one page cannot hold: the save waits for the pull instead of creating a second prospect', () => {
    const world = pardotWorld();
    // 1,001 prospects: one v5 page (1,000) cannot show the whole business unit, and no pull has read it yet.
    for (let i = 0; i < 1000; i++) world.pardot.seedProspect({ email: `filler-${i}@example.com` });
    const stored = world.pardot.seedProspect({ email: STORED, lastName: 'From a form' });
    const id = contact(world, seedCustomer(world), 'ada@example.com');
    // The save's push waits (no attempt used) and asks for a pull; the pull reads the whole unit (its first mark is the
    // epoch) and the next push links the contact to the stored prospect.
    const runs = world.account.runQueuedTasks({ maxRuns: 10 });
    expect(runs.map((r) => r.scriptId)).toEqual([SCRIPTS.mrPush.scriptId, SCRIPTS.mrPull.scriptId]);
    expect(logReasons(world, id)).toContain('PARDOT_CASE_UNCHECKED');
    expect(sameAddress(world)).toEqual([stored]);
    world.advance(60_000);
    runPush(world);
    expect(sameAddress(world)).toEqual([stored]);
    expect(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]).toBe(String(stored));
    expect(pardotStatus(world, id)).toBe('Completed');
    expect(logReasons(world, id)).not.toContain('RETRIES_EXHAUSTED');
  });

  it('per record with auto-create off: linked, not skipped as PROSPECT_NOT_AUTO_CREATED', () => {
    const world = pardotWorld({ [SETTINGS.pardotAutoCreate]: false });
    const stored = world.pardot.seedProspect({ email: STORED });
    runPull(world);
    const id = contact(world, seedCustomer(world), 'ada@example.com');
    drainPush(world);
    expect(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]).toBe(String(stored));
    expect(logReasons(world, id)).not.toContain('PROSPECT_NOT_AUTO_CREATED');
  });

  it('in bulk (an initial sync, no pull yet): the bulk\'s read of the prospects matches whatever the case', () => {
    const world = createWorld({ settings: PARDOT_SETTINGS });
    const stored = world.pardot.seedProspect({ email: STORED, lastName: 'From a form' });
    const company = seedCustomer(world);
    const ids = [contact(world, company, 'ada@example.com'), ...Array.from({ length: 5 }, (_, i) => contact(world, company, `other-${i}@example.com`, `Other ${i}`))];
    world.pardot.resetCounters();
    drainPush(world);
    expect(world.pardot.counters().byKind.batch).toBeGreaterThan(0);
    expect(world.pardot.counters().byKind.upsert + world.pardot.counters().byKind.create).toBe(0);
    expect(sameAddress(world)).toEqual([stored]);
    expect(world.account.get('contact', ids[0] ?? 0)?.[ENTITY_FIELDS.pardotId]).toBe(String(stored));
    expect(world.pardot.getProspect(stored)).toMatchObject({ lastName: 'Lovelace' });
    for (const id of ids) expect(pardotStatus(world, id)).toBe('Completed');
    expect(world.pardot.allProspects()).toHaveLength(6);
  });

  it('"Account Engagement Connector Creates Prospects": the contact links to it (its CRM contact) and nothing is created', () => {
    const world = createWorld({ settings: { ...PARDOT_SETTINGS, [SETTINGS.pardotConnectorCreates]: true }, pardotConnector: true });
    // The Salesforce Contact existed before (the connector is not retroactive); its prospect's address was later
    // given in another case (a form).
    const sfContact = world.salesforce.seedContact({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
    const stored = world.pardot.seedProspect({ email: STORED, salesforceContactId: sfContact, salesforceId: sfContact });
    runPull(world);
    const company = seedCustomer(world);
    // Six contacts: a run large enough for the bulk, which leaves connector-mode links to the per-record path.
    const ids = [contact(world, company, 'ada@example.com'), ...Array.from({ length: 5 }, (_, i) => contact(world, company, `other-${i}@example.com`, `Other ${i}`))];
    world.pardot.resetCounters();
    drainPush(world);
    expect(world.account.get('contact', ids[0] ?? 0)?.[ENTITY_FIELDS.salesforceId]).toBe(sfContact);
    expect(world.account.get('contact', ids[0] ?? 0)?.[ENTITY_FIELDS.pardotId]).toBe(String(stored));
    expect(sameAddress(world)).toEqual([stored]);
    expect(world.pardot.counters().byKind.create + world.pardot.counters().byKind.upsert).toBe(0);
    expect(world.account.httpLog.filter((h) => h.url.includes('/do/batchCreate'))).toHaveLength(0);
    for (const id of ids) expect(pardotStatus(world, id)).toBe('Completed');
  });
});
