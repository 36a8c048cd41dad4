/** Salesforce → NetSuite, end to end: the built pull map/reduce (and the push around it) in the emulated account. */
import { ENTITY_FIELDS, LOG, SCRIPTS, SETTINGS } from '../../src/ids';
import { consoleConfirm } from './admin';
import { createWorld, drainPush, linkedWorld as linked, logReasons, logRows, runPull, runPush, sfIdOf } from './world';

const linkedWorld = (contacts = 3, settings: Record<string, unknown> = {}): ReturnType<typeof linked> => linked(contacts, settings);

describe('pull scenarios', () => {
  it('a Salesforce contact edit lands on the right NetSuite contact', () => {
    const world = linkedWorld();
    const target = world.contactIds[1] ?? 0;
    world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', target), { Title: 'VP Sales', MobilePhone: '+44 20 7946 0000' });
    runPull(world);
    expect(world.account.get('contact', target)).toMatchObject({ title: 'VP Sales', mobilephone: '+44 20 7946 0000' });
    expect(world.account.get('contact', world.contactIds[0] ?? 0)?.title ?? null).toBeNull();
  });

  it('a new Salesforce contact on a synced Account becomes a NetSuite contact of that customer, then gets its NetSuite id', () => {
    const world = linkedWorld(1);
    const sfContact = world.salesforce.seedContact({ LastName: 'Newcomer', FirstName: 'Nina', Email: 'Nina@Example.com', AccountId: sfIdOf(world, 'customer', world.customerId) });
    runPull(world);
    const created = world.account.find('contact', (r) => r[ENTITY_FIELDS.salesforceId] === sfContact);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ lastname: 'Newcomer', email: 'nina@example.com' });
    expect(Number(created[0]?.company)).toBe(world.customerId);
    drainPush(world);
    expect(world.salesforce.getContact(sfContact)?.Oracle_netsuiteid__c).toBe(String(created[0]?.id));
    expect(world.salesforce.allContacts()).toHaveLength(2);
  });

  it("a contact created from Salesforce takes its customer's subsidiary (saved with sourcing on)", () => {
    const world = linkedWorld(1);
    const europe = world.account.seed('subsidiary', { name: 'Europe' });
    world.account.seedUpdate('customer', world.customerId, { subsidiary: europe });
    const sfContact = world.salesforce.seedContact({ LastName: 'Sourced', Email: 'sourced@example.com', AccountId: sfIdOf(world, 'customer', world.customerId) });
    runPull(world);
    const [created] = world.account.find('contact', (r) => r[ENTITY_FIELDS.salesforceId] === sfContact);
    expect(Number(created?.company)).toBe(world.customerId);
    expect(Number(created?.subsidiary)).toBe(europe);
  });

  it('with Auto-Generated Numbering off, a Salesforce contact whose name a NetSuite contact already has is still created, with its Salesforce id in its ID and a warning', () => {
    const world = linkedWorld(1);
    world.account.setAutoNumbering('contact', false);
    // "Contact Number 1" is the NetSuite contact's name, and so its ID.
    const sfContact = world.salesforce.seedContact({ FirstName: 'Contact', LastName: 'Number 1', Email: 'namesake@example.com', AccountId: sfIdOf(world, 'customer', world.customerId) });
    runPull(world);
    const created = world.account.find('contact', (r) => r[ENTITY_FIELDS.salesforceId] === sfContact);
    expect(created).toHaveLength(1);
    expect(created[0]?.entityid).toBe(`Contact Number 1 (${sfContact})`);
    const warning = logRows(world).find((r) => r[LOG.reason] === 'ENTITY_ID_TAKEN');
    expect(warning?.[LOG.status]).toBe('Warning');
    expect(String(warning?.[LOG.message])).toContain(`created as "Contact Number 1 (${sfContact})"`);
    expect(logReasons(world, Number(created[0]?.id))).not.toContain('UNEXPECTED_ERROR');
    expect(logRows(world).some((r) => r[LOG.reason] === 'UNEXPECTED_ERROR')).toBe(false);
  });

  it('an orphan Salesforce contact follows the setting', () => {
    for (const importOrphans of [false, true]) {
      const world = linkedWorld(1, { [SETTINGS.importOrphans]: importOrphans });
      world.salesforce.seedContact({ LastName: 'Orphan', Email: 'orphan@example.com' });
      runPull(world);
      const found = world.account.find('contact', (r) => r.lastname === 'Orphan');
      expect(found).toHaveLength(importOrphans ? 1 : 0);
      if (importOrphans) expect(found[0]?.company ?? null).toBeNull();
      else expect(logReasons(world)).toContain('ORPHAN_NOT_IMPORTED');
    }
  });

  it('a locked customer and its contacts are not updated from Salesforce, and the log says why', () => {
    const world = linkedWorld(1);
    world.account.ui.inlineEdit('customer', world.customerId, { [ENTITY_FIELDS.lock]: true });
    drainPush(world);
    const contactId = world.contactIds[0] ?? 0;
    world.salesforce.updateAsUser('Account', sfIdOf(world, 'customer', world.customerId), { Phone: '999' });
    world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', contactId), { Title: 'Changed' });
    runPull(world);
    expect(world.account.get('customer', world.customerId)?.phone ?? null).toBeNull();
    expect(world.account.get('contact', contactId)?.title ?? null).toBeNull();
    expect(logReasons(world, world.customerId)).toContain('RECORD_LOCKED');
    expect(logReasons(world, contactId)).toContain('CUSTOMER_LOCKED');
  });

  it('a field edited on both sides keeps NetSuite\'s value (NetSuite owns it) and pushes it', () => {
    const world = linkedWorld(1);
    const contactId = world.contactIds[0] ?? 0;
    const sfId = sfIdOf(world, 'contact', contactId);
    world.salesforce.updateAsUser('Contact', sfId, { Title: 'Salesforce title' });
    world.account.ui.edit('contact', contactId, { title: 'NetSuite title' });
    runPull(world);
    expect(world.account.get('contact', contactId)?.title).toBe('NetSuite title');
    expect(logReasons(world, contactId)).toContain('CONFLICT_NETSUITE_WINS');
    drainPush(world);
    expect(world.salesforce.getContact(sfId)?.Title).toBe('NetSuite title');
  });

  it('no ping-pong: push, then pull, then push again makes no further API writes', () => {
    const world = linkedWorld(5);
    const contactId = world.contactIds[2] ?? 0;
    world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', contactId), { Title: 'From Salesforce' });
    runPull(world);
    world.salesforce.resetCounters();
    drainPush(world);
    runPush(world);
    runPull(world);
    runPush(world);
    const writes = world.salesforce.counters().recordsPerRequest;
    expect(writes).toEqual([]);
    expect(world.account.get('contact', contactId)?.title).toBe('From Salesforce');
  });

  it('the watermark survives a crash mid-run: no lost and no doubled update', () => {
    const world = linkedWorld(3);
    for (const [index, id] of world.contactIds.entries()) {
      world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', id), { Title: `Title ${index}` });
    }
    // The contact batch dies after its first governed calls; the run finishes, the batch is retried or left.
    const crashed = world.account.runMapReduce({
      scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.onDemandDeploymentId,
      faults: [{ stage: 'reduce', invocation: 1, afterGovernedCalls: 2 }, { stage: 'reduce', invocation: 2, afterGovernedCalls: 2 }],
    });
    expect(crashed.stages.reduce.restarts).toBeGreaterThanOrEqual(1);
    runPull(world);
    for (const [index, id] of world.contactIds.entries()) expect(world.account.get('contact', id)?.title).toBe(`Title ${index}`);
    const applied = world.account.all('customrecord_crmsync_log').filter((r) => r.custrecord_crmsync_log_operation === 'batch' && String(r.custrecord_crmsync_log_records).includes('update'));
    const updates = applied.flatMap((r) => String(r.custrecord_crmsync_log_records).split('\n'));
    expect(new Set(updates).size).toBe(updates.length);
  });
});

describe('run id', () => {
  it("the pull's summary row and its batch rows carry one run id, however long the run takes", () => {
    const world = linkedWorld(2);
    for (const id of world.contactIds) world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', id), { Title: 'Renamed in Salesforce' });
    // Time passes between invocations, as it does in NetSuite: a run id computed twice would differ.
    world.account.betweenInvocations = () => { world.advance(60_000); };
    world.advance(1_000);
    runPull(world);
    world.account.betweenInvocations = null;
    const rows = logRows(world).filter((r) => r[LOG.direction] === 'inbound');
    const summary = rows.filter((r) => r[LOG.reason] === 'RUN_SUMMARY').at(-1);
    const batches = rows.filter((r) => r[LOG.reason] === 'PULLED_FROM_SALESFORCE');
    expect(batches.length).toBeGreaterThan(0);
    expect(String(summary?.[LOG.runId])).toMatch(/^pull-/);
    for (const row of batches) expect(row[LOG.runId]).toBe(summary?.[LOG.runId]);
  });
});

describe('Update from Salesforce (record button)', () => {
  it('the button appears on linked records and pulls that one record now', () => {
    const world = linkedWorld(2);
    const contactId = world.contactIds[0] ?? 0;
    const view = world.account.ui.view('contact', contactId);
    expect(view.html).toContain('Update from Salesforce');
    world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', contactId), { Title: 'Pulled on demand' });
    const page = consoleConfirm(world, { action: 'pullnow', recordtype: 'contact', id: String(contactId) }).result;
    expect(page.body).toContain('Updated from Salesforce.');
    expect(world.account.get('contact', contactId)?.title).toBe('Pulled on demand');
    expect(world.account.get('contact', world.contactIds[1] ?? 0)?.title ?? null).toBeNull();
  });

  it('a record not linked yet gets a clear message and no button', () => {
    const world = createWorld();
    const { id } = world.account.ui.create('contact', { firstname: 'Not', lastname: 'Linked', email: 'nl@example.com', subsidiary: world.subsidiary });
    expect(world.account.ui.view('contact', Number(id)).html).not.toContain('Update from Salesforce');
    const page = consoleConfirm(world, { action: 'pullnow', recordtype: 'contact', id: String(id) }).result;
    expect(page.body).toContain('not linked to Salesforce yet');
  });
});
