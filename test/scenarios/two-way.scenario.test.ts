/**
 * Two-way sync never loses an edit: a field-level three-way merge against the values both sides last agreed on.
 * Each case is a promise the push and pull keep together, end to end on the built bundle.
 */
import { ENTITY_FIELDS, LOG } from '../../src/ids';
import { linkedWorld as linked, drainPush, logReasons, logRows, runPull, runPush, sfIdOf } from './world';

const linkedWorld = (contacts = 1): ReturnType<typeof linked> => linked(contacts);

describe('field-level three-way merge', () => {
  it('disjoint edits on both sides both survive when the push runs first', () => {
    const world = linkedWorld();
    const contactId = world.contactIds[0] ?? 0;
    const sfId = sfIdOf(world, 'contact', contactId);
    world.salesforce.updateAsUser('Contact', sfId, { MobilePhone: '+1 555 0100' });
    world.account.ui.edit('contact', contactId, { title: 'Head of Ops' });
    drainPush(world); // a save starts the push at once
    world.advance(60_000);
    runPull(world);
    drainPush(world);
    expect(world.salesforce.getContact(sfId)).toMatchObject({ MobilePhone: '+1 555 0100', Title: 'Head of Ops' });
    expect(world.account.get('contact', contactId)).toMatchObject({ mobilephone: '+1 555 0100', title: 'Head of Ops' });
  });

  it('disjoint edits on both sides both survive when the pull runs first', () => {
    const world = linkedWorld();
    const contactId = world.contactIds[0] ?? 0;
    const sfId = sfIdOf(world, 'contact', contactId);
    world.salesforce.updateAsUser('Contact', sfId, { MobilePhone: '+1 555 0101' });
    world.account.ui.edit('contact', contactId, { title: 'Head of Sales' });
    runPull(world); // the push the save asked for has not run yet

    expect(world.account.get('contact', contactId)).toMatchObject({ mobilephone: '+1 555 0101', title: 'Head of Sales' });
    runPush(world);
    drainPush(world);
    expect(world.salesforce.getContact(sfId)).toMatchObject({ MobilePhone: '+1 555 0101', Title: 'Head of Sales' });
    expect(logReasons(world, contactId)).not.toContain('CONFLICT_NETSUITE_WINS');
  });

  it('the push sends only the fields NetSuite changed (plus the external id)', () => {
    const world = linkedWorld();
    const contactId = world.contactIds[0] ?? 0;
    world.salesforce.resetCounters();
    world.account.ui.edit('contact', contactId, { title: 'Only this' });
    drainPush(world);
    const writes = world.salesforce.counters().requests.filter((r) => r.kind === 'collectionsUpdate' || r.kind === 'collectionsUpsert');
    expect(writes.map((r) => r.fields)).toEqual([['Oracle_netsuiteid__c', 'Title']]);
  });

  it('a same-field conflict follows ownership and logs both values, whichever side runs first', () => {
    for (const pushFirst of [true, false]) {
      const world = linkedWorld();
      const contactId = world.contactIds[0] ?? 0;
      const sfId = sfIdOf(world, 'contact', contactId);
      world.salesforce.updateAsUser('Contact', sfId, { Title: 'Salesforce title' });
      world.account.ui.edit('contact', contactId, { title: 'NetSuite title' });
      if (pushFirst) drainPush(world);
      world.advance(60_000);
      runPull(world);
      drainPush(world);
      runPull(world);
      expect(world.salesforce.getContact(sfId)?.Title).toBe('NetSuite title');
      expect(world.account.get('contact', contactId)?.title).toBe('NetSuite title');
      const conflicts = logRows(world).filter((r) => r[LOG.reason] === 'CONFLICT_NETSUITE_WINS');
      expect(conflicts.length).toBeGreaterThanOrEqual(1);
      expect(String(conflicts[0]?.[LOG.message])).toContain('NetSuite title');
      expect(String(conflicts[0]?.[LOG.message])).toContain('Salesforce title');
    }
  });

  it('the echo of our own write changes nothing, and a later edit by the integration user is still pulled', () => {
    const world = linkedWorld();
    const contactId = world.contactIds[0] ?? 0;
    const sfId = sfIdOf(world, 'contact', contactId);
    world.account.ui.edit('contact', contactId, { title: 'Pushed' });
    drainPush(world);
    world.advance(60_000);
    const before = world.account.get('contact', contactId)?.[ENTITY_FIELDS.pulledAt] ?? null;
    runPull(world);
    expect(world.account.get('contact', contactId)?.[ENTITY_FIELDS.pulledAt] ?? null).toBe(before);
    // A flow or another integration running as the same user changes a field NetSuite did not touch.
    world.salesforce.updateAsUser('Contact', sfId, { Phone: '+1 555 0199' }, { userId: world.salesforce.integrationUserId });
    world.advance(60_000);
    runPull(world);
    expect(world.account.get('contact', contactId)?.phone).toBe('+1 555 0199');
  });
});

describe('a watermark that cannot skip', () => {
  it('a change Salesforce commits late (stamped before the last read) is still pulled, and re-reads write nothing', () => {
    const world = linkedWorld();
    const contactId = world.contactIds[0] ?? 0;
    const sfId = sfIdOf(world, 'contact', contactId);
    const startedAt = new Date(world.now().getTime() + 10_000); // a long transaction starts…
    world.advance(30_000);
    world.salesforce.updateAsUser('Contact', sfId, { Phone: '+1 555 0001' }); // …another edit commits after it started
    world.advance(60_000);
    runPull(world); // the mark passes the Phone edit
    world.advance(60_000); // …and the long transaction commits now, stamped before the mark
    world.salesforce.updateAsUser('Contact', sfId, { Title: 'Committed late' }, { stampedAt: startedAt });
    world.advance(60_000);
    runPull(world);
    expect(world.account.get('contact', contactId)?.title).toBe('Committed late');
    // The next runs re-read the overlap window: no NetSuite record or log row is written for what was applied.
    const logCount = logRows(world).filter((r) => r[LOG.reason] !== 'RUN_SUMMARY').length;
    const pulledAt = world.account.get('contact', contactId)?.[ENTITY_FIELDS.pulledAt];
    world.advance(60_000);
    runPull(world);
    expect(logRows(world).filter((r) => r[LOG.reason] !== 'RUN_SUMMARY').length).toBe(logCount);
    expect(world.account.get('contact', contactId)?.[ENTITY_FIELDS.pulledAt]).toBe(pulledAt);
    const summary = logRows(world).filter((r) => r[LOG.reason] === 'RUN_SUMMARY' && r[LOG.direction] === 'inbound').at(-1);
    expect(String(summary?.[LOG.stats])).toContain('"window"');
  });
});
