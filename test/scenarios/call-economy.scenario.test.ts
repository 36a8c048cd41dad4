/**
 * The call economy of the push on the built bundle: one up-front match for the run, one write request per contact
 * batch (update and upsert together in one /composite call), and a queue close that never loses a newer change.
 */
import { ENTITY_FIELDS, QUEUE } from '../../src/ids';
import { createCustomerWithContacts, createWorld, drainPush, pendingQueue, queueStateOf, saveDuringContactWrite, syncStatus } from './world';

describe('call economy of the push', () => {
  it('a first sync of 40 contacts (some already in Salesforce by email) costs one match call and one write call per batch', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 40);
    // Three of them already exist in Salesforce under their email: they must be linked, not duplicated.
    const existing = contactIds.slice(0, 3).map((id) => world.salesforce.seedContact({ LastName: 'Already there', Email: String(world.account.get('contact', id)?.email) }));
    world.salesforce.resetCounters();
    drainPush(world);
    for (const id of contactIds) expect(syncStatus(world, 'contact', id).status).toBe('Completed');
    expect(contactIds.slice(0, 3).map((id) => syncStatus(world, 'contact', id).salesforceId)).toEqual(existing);
    expect(world.salesforce.allContacts()).toHaveLength(40);
    const requests = world.salesforce.counters().requests.filter((r) => r.kind !== 'token' && r.kind !== 'describe');
    const writes = requests.filter((r) => r.kind === 'composite' ? (r.subrequests ?? []).some((s) => s.kind.startsWith('collections')) : r.kind.startsWith('collections'));
    const contactWrites = writes.filter((r) => !r.path.includes('/Account/'));
    const matchCalls = requests.filter((r) => r.kind === 'composite' && (r.subrequests ?? []).every((s) => s.kind === 'query'));
    // 40 contacts of one customer: 3 batches of ≤ 15, one write call each; no SOQL inside the batches.
    expect(contactWrites).toHaveLength(3);
    expect(requests.filter((r) => r.kind === 'query')).toHaveLength(0);
    expect(matchCalls.length).toBeGreaterThanOrEqual(1);
    expect(matchCalls.length).toBeLessThanOrEqual(2);
    expect(Math.max(...world.salesforce.counters().recordsPerRequest)).toBeLessThanOrEqual(15);
    // The batch that holds the three email matches sends its update and its upsert in one /composite request.
    expect(contactWrites.some((r) => r.kind === 'composite' && (r.subrequests ?? []).length === 2)).toBe(true);
  });

  it('Accounts go up to 50 in one upsert, and that map invocation stays within its 1,000 units', () => {
    const world = createWorld();
    const customers = Array.from({ length: 60 }, () => createCustomerWithContacts(world, 1).customerId);
    world.salesforce.resetCounters();
    const runsBefore = world.account.runs.length;
    drainPush(world);
    for (const id of customers) expect(syncStatus(world, 'customer', id).status).toBe('Completed');
    const accountWrites = world.salesforce.counters().requests.filter((r) => r.kind === 'collectionsUpsert' && r.path.includes('/Account/'));
    expect(accountWrites.map((r) => r.records).sort((a, b) => b - a)).toEqual([50, 10]);
    const runs = world.account.runs.slice(runsBefore).filter((r) => r.scriptType === 'mapreducescript');
    expect(runs.every((r) => r.error === undefined && r.killed === undefined)).toBe(true);
    const maps = runs.filter((r) => r.entryPoint === 'map');
    expect(Math.max(...maps.map((r) => r.usage))).toBeLessThanOrEqual(1000);
  });

  it('an edit storm of linked contacts costs one up-front read for the run and one write per batch, and a target deleted in Salesforce meanwhile is not re-created', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 30);
    drainPush(world);
    world.advance(60 * 60_000);
    // One of them is deleted in Salesforce before the edits: the push must leave it to the pull.
    const gone = contactIds[29] ?? 0;
    const goneSfId = String(world.account.get('contact', gone)?.[ENTITY_FIELDS.salesforceId]);
    world.salesforce.deleteAsUser('Contact', goneSfId);
    const before = world.salesforce.allContacts().length;
    for (const id of contactIds) world.account.ui.inlineEdit('contact', id, { title: `Storm ${String(id)}` });
    world.salesforce.resetCounters();
    // The storm's push alone (its summary then asks the pull to decide about the deleted one).
    world.account.runQueuedTasks({ maxRuns: 1 });
    const requests = world.salesforce.counters().requests.filter((r) => r.kind !== 'token' && r.kind !== 'describe');
    const reads = requests.filter((r) => r.kind === 'query' || (r.kind === 'composite' && (r.subrequests ?? []).every((sub) => sub.kind === 'query')));
    const writes = requests.filter((r) => r.kind === 'collectionsUpdate' || r.kind === 'composite' && (r.subrequests ?? []).some((sub) => sub.kind.startsWith('collections')));
    // 30 linked contacts in 2 batches of 15: one read of all their targets, one write per batch, one /queryAll for the
    // deleted one — not a SOQL per batch.
    expect(reads).toHaveLength(1);
    expect(writes).toHaveLength(2);
    expect(requests.filter((r) => r.kind === 'queryAll')).toHaveLength(1);
    for (const id of contactIds.slice(0, 29)) expect(world.salesforce.getContact(String(world.account.get('contact', id)?.[ENTITY_FIELDS.salesforceId]))?.Title).toBe(`Storm ${String(id)}`);
    expect(syncStatus(world, 'contact', gone).lastError).toContain('SF_REMOVAL_PENDING_PULL');
    expect(world.salesforce.allContacts()).toHaveLength(before);
    // Written to nothing: the deleted record stays in the recycle bin, untouched by the storm's write.
    expect(world.salesforce.getContact(goneSfId)).toMatchObject({ IsDeleted: true, Title: null });
  });

  it('a contact edited while its batch is being written stays queued and its edit reaches Salesforce', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 2);
    const target = contactIds[0] ?? 0;
    // The user saves while the batch's Salesforce write is on the wire: after the batch read the record, before its
    // write-back closes the change queued on it.
    const edited = saveDuringContactWrite(world, target, { title: 'Edited mid-push' }, false);
    world.account.runQueuedTasks({ maxRuns: 1 });
    expect(edited()).toBe(true);
    expect(queueStateOf(world, 'contact', target)).toBe('pending');
    expect(pendingQueue(world).map((r) => Number(r[QUEUE.recordId]))).toContain(target);
    drainPush(world);
    const sfId = String(world.account.get('contact', target)?.[ENTITY_FIELDS.salesforceId]);
    expect(world.salesforce.getContact(sfId)?.Title).toBe('Edited mid-push');
  });
});
