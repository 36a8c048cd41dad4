/**
 * The record as its own queue entry (src/netsuite/queue.ts): a change is queued on the contact or customer, and the
 * push's write-back of the outcome closes it — one write per record, no entry of the queue custom record — while no
 * change is lost to a save made during the push, a pending cascade stays one, and a delete still gets its entry.
 */
import { ENTITY_FIELDS, QUEUE, SETTINGS } from '../../src/ids';
import { consoleGet, fieldText } from './admin';
import { choose, createCustomerWithContacts, createWorld, drainPush, linkedWorld, logReasons, pendingQueue, queueStateOf, runPull, runPush, saveDuringContactWrite, sfIdOf, syncStatus, type World } from './world';

function versions(world: World, type: 'contact' | 'customer', ids: readonly number[]): number[] {
  return ids.map((id) => world.account.version(type, id) ?? -1);
}

describe('the record is its own queue entry', () => {
  it('a save queues the change on the record; the push sends it and closes it in the one write that sets its status', () => {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 3);
    for (const id of contactIds) {
      const contact = world.account.get('contact', id);
      expect(contact?.[ENTITY_FIELDS.queuedChange]).toBe('upsert');
      expect(contact?.[ENTITY_FIELDS.status]).toBe('Pending');
      expect(contact?.[ENTITY_FIELDS.nextAttempt]).toBe(contact?.[ENTITY_FIELDS.changedAt]);
    }
    expect(pendingQueue(world)).toHaveLength(4);
    const contactsBefore = versions(world, 'contact', contactIds);
    const customerBefore = versions(world, 'customer', [customerId]);

    drainPush(world);

    // One write per record: the write-back that stores the Salesforce id and status also cleared the queued change.
    expect(versions(world, 'contact', contactIds)).toEqual(contactsBefore.map((v) => v + 1));
    expect(versions(world, 'customer', [customerId])).toEqual(customerBefore.map((v) => v + 1));
    expect(world.account.all(QUEUE.type)).toEqual([]);
    expect(pendingQueue(world)).toEqual([]);
    for (const id of contactIds) {
      expect(syncStatus(world, 'contact', id).status).toBe('Completed');
      expect(world.account.get('contact', id)?.[ENTITY_FIELDS.queuedChange] ?? '').toBe('');
      expect(queueStateOf(world, 'contact', id)).toBe('done');
    }
    expect(world.salesforce.allContacts()).toHaveLength(3);
  });

  it('a change saved while its batch was told to retry gets a fresh start: due at its change, no attempt used', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 2);
    const target = contactIds[0] ?? 0;
    // The contact write fails (retried) and the user saves while it is on the wire.
    const edited = saveDuringContactWrite(world, target, { title: 'Edited mid-retry' }, true);
    world.account.runQueuedTasks({ maxRuns: 1 });
    expect(edited()).toBe(true);
    const other = world.account.get('contact', contactIds[1] ?? 0);
    // Its neighbour in the batch waits for the retry with the attempt used and the backoff.
    expect(other?.[ENTITY_FIELDS.queuedChange]).toBe('upsert');
    expect(Number(other?.[ENTITY_FIELDS.attempts])).toBe(1);
    expect(String(other?.[ENTITY_FIELDS.nextAttempt]) > String(other?.[ENTITY_FIELDS.changedAt])).toBe(true);
    const edit = world.account.get('contact', target);
    expect(edit?.[ENTITY_FIELDS.queuedChange]).toBe('upsert');
    expect(Number(edit?.[ENTITY_FIELDS.attempts])).toBe(0);
    expect(edit?.[ENTITY_FIELDS.nextAttempt]).toBe(edit?.[ENTITY_FIELDS.changedAt]);

    world.advance(60 * 60_000);
    drainPush(world);
    expect(world.salesforce.getContact(sfIdOf(world, 'contact', target))?.Title).toBe('Edited mid-retry');
    expect(pendingQueue(world)).toEqual([]);
  });

  it("a customer's pending cascade is not narrowed by a later edit that alone would not cascade", () => {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    // Its currency is part of every contact's payload (CurrencyIsoCode): the change cascades.
    world.account.ui.inlineEdit('customer', customerId, { currency: world.eur });
    expect(world.account.get('customer', customerId)?.[ENTITY_FIELDS.queuedChange]).toBe('cascade');
    world.account.ui.inlineEdit('customer', customerId, { phone: '555-0101' });
    expect(world.account.get('customer', customerId)?.[ENTITY_FIELDS.queuedChange]).toBe('cascade');
    const contactsBefore = versions(world, 'contact', contactIds);
    drainPush(world);
    expect(world.salesforce.getAccount(sfIdOf(world, 'customer', customerId))).toMatchObject({ CurrencyIsoCode: 'EUR', Phone: '555-0101' });
    // The cascade reached the contacts: each was sent with the new currency and written back once.
    for (const id of contactIds) expect(world.salesforce.getContact(sfIdOf(world, 'contact', id))?.CurrencyIsoCode).toBe('EUR');
    expect(versions(world, 'contact', contactIds)).toEqual(contactsBefore.map((v) => v + 1));
    expect(pendingQueue(world)).toEqual([]);
  });

  it('a delete, with nothing left to write to, is an entry of the queue custom record, closed once sent', () => {
    const world = createWorld({ settings: { [SETTINGS.deletePolicy]: choose(SETTINGS.deletePolicy, 'delete') } });
    const { contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    const target = contactIds[0] ?? 0;
    const sfId = sfIdOf(world, 'contact', target);
    world.account.ui.delete('contact', target);
    const entries = world.account.all(QUEUE.type);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ [QUEUE.operation]: 'delete', [QUEUE.recordType]: 'contact', [QUEUE.state]: 'pending' });
    drainPush(world);
    expect(world.account.all(QUEUE.type)[0]?.[QUEUE.state]).toBe('done');
    expect(world.salesforce.getContact(sfId)?.IsDeleted).toBe(true);
  });

  it('the console counts changes queued on records and in entries, with the oldest one', () => {
    const world = createWorld({ settings: { [SETTINGS.pausePush]: true } });
    const { contactIds } = createCustomerWithContacts(world, 2);
    const firstChange = String(world.account.get('customer', pendingQueue(world).map((q) => Number(q[QUEUE.recordId]))[0] ?? 0)?.[ENTITY_FIELDS.changedAt]);
    world.advance(60_000);
    world.account.ui.delete('contact', contactIds[1] ?? 0);
    // Two changes queued on records (the customer and the contact left) and the delete's entry.
    expect(pendingQueue(world)).toHaveLength(3);
    const body = consoleGet(world).body;
    expect(fieldText(body, 'custpage_queue_depth')).toBe('3');
    expect(fieldText(body, 'custpage_queue_age')).not.toBe('–');
    expect(firstChange).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('after an upgrade, a change still pending in an entry of the queue custom record keeps NetSuite winning in the pull, then is sent and closed', () => {
    const world = linkedWorld(1);
    const contactId = world.contactIds[0] ?? 0;
    const sfId = sfIdOf(world, 'contact', contactId);
    // As the previous version left it: the edit stored, its entry pending, the record pointing at the entry.
    const at = world.now().toISOString();
    world.account.seedUpdate('contact', contactId, { title: 'NetSuite title' });
    const entry = world.account.seed(QUEUE.type, {
      name: `contact ${contactId}`, [QUEUE.recordType]: 'contact', [QUEUE.recordId]: contactId, [QUEUE.customerId]: world.customerId,
      [QUEUE.operation]: 'upsert', [QUEUE.state]: 'pending', [QUEUE.changedAt]: at, [QUEUE.nextAttempt]: at, [QUEUE.attempts]: 0,
    });
    world.account.seedUpdate('contact', contactId, { [ENTITY_FIELDS.queueId]: entry });
    world.salesforce.updateAsUser('Contact', sfId, { Title: 'Salesforce title' });
    runPull(world);
    expect(world.account.get('contact', contactId)?.title).toBe('NetSuite title');
    expect(logReasons(world, contactId)).toContain('CONFLICT_NETSUITE_WINS');
    runPush(world);
    drainPush(world);
    expect(world.salesforce.getContact(sfId)?.Title).toBe('NetSuite title');
    expect(world.account.get(QUEUE.type, entry)?.[QUEUE.state]).toBe('done');
    expect(pendingQueue(world)).toEqual([]);
  });
});
