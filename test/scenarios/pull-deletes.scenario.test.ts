/**
 * The pull's place and what it reads besides edits: a (SystemModstamp, Id) cursor that neither stalls nor skips when
 * more rows share one stamp than a run reads; the first pull at install time and "Import from Salesforce"; records
 * deleted and merged in Salesforce (queryAll); tombstones that keep deleted NetSuite records from coming back.
 */
import { ENTITY_FIELDS, LOG, PULL_PARAMS, QUEUE, SCRIPTS, SETTINGS, STATE, TOMBSTONE } from '../../src/ids';
import { consoleGet, consolePost } from './admin';
import { mergeContacts, mergeCustomers } from '../emulator/netsuite/entity-merge';
import { choose, createCustomerWithContacts, createWorld, drainPush, linkedWorld, logReasons, logRows, pardotWorld, pendingQueue, runPull, runPush, sfIdOf, type World } from './world';

function pullWithRows(world: World, rows: number): void {
  world.account.runMapReduce({ scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.onDemandDeploymentId, params: { [PULL_PARAMS.rowsPerRun]: rows } });
}

/** A linked world whose Salesforce stamps SystemModstamp as Salesforce stores it (whole seconds: ties). */
function tiedWorld(contacts: number, settings: Record<string, unknown> = {}): ReturnType<typeof linkedWorld> {
  const world = createWorld({ settings, org: { stampPrecision: 'second' } });
  const created = createCustomerWithContacts(world, contacts);
  drainPush(world);
  runPull(world);
  world.advance(60_000);
  return Object.assign(world, created);
}

function contactMark(world: World): string {
  const value = world.account.find(STATE.type, (r) => r.name === 'pull-watermark:Contact')[0]?.[STATE.value];
  return typeof value === 'string' ? value : '';
}

/** A linked customer whose Salesforce Account was merged into another by a Salesforce user. */
function accountMergedAway(): { world: ReturnType<typeof linkedWorld>; survivor: string } {
  const world = linkedWorld(1);
  const loser = sfIdOf(world, 'customer', world.customerId);
  const survivor = world.salesforce.seedAccount({ Name: 'Surviving Account' });
  world.advance(60_000);
  world.salesforce.mergeAsUser('Account', survivor, [loser]);
  return { world, survivor };
}

describe('a (SystemModstamp, Id) cursor', () => {
  it('more rows on one stamp than a run reads: every row is pulled, over several runs, and the mark never stalls', () => {
    const world = tiedWorld(7);
    world.salesforce.setQueryPageSize(2); // Salesforce pages too (queryMore): the client follows nextRecordsUrl
    const stamp = new Date(world.now().getTime());
    world.contactIds.forEach((id, i) => {
      world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', id), { Title: `Bulk ${i}` }, { stampedAt: stamp });
    });
    world.advance(120_000);
    const pulled = (): number => world.contactIds.filter((id, i) => world.account.get('contact', id)?.title === `Bulk ${i}`).length;
    const marks: string[] = [];
    const progress: number[] = [];
    for (let run = 0; run < 6; run++) {
      pullWithRows(world, 3);
      marks.push(contactMark(world));
      progress.push(pulled());
      world.advance(1000);
    }
    expect(progress[0]).toBeLessThanOrEqual(3); // a run reads at most its rows…
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(7); // …and the next runs go on inside the same stamp: nothing skipped, no stall
    // Until everything was read, each run stopped inside the stamp (the cursor names an Id) at a new place.
    const moving = marks.slice(0, progress.indexOf(7));
    expect(moving.every((m) => m.includes('|'))).toBe(true);
    expect(new Set(moving).size).toBe(moving.length);
    const pulledAt = world.contactIds.map((id) => world.account.get('contact', id)?.[ENTITY_FIELDS.pulledAt]);
    pullWithRows(world, 3);
    expect(world.contactIds.map((id) => world.account.get('contact', id)?.[ENTITY_FIELDS.pulledAt])).toEqual(pulledAt);
  });
});

describe('the first pull starts at install time', () => {
  it('what Salesforce held before install is not pulled until an administrator imports it', () => {
    const world = createWorld({ settings: { [SETTINGS.importOrphans]: true } });
    const before = new Date(world.now().getTime() - 86_400_000);
    world.salesforce.seedContact({ FirstName: 'Old', LastName: 'Timer', Email: 'old@example.com', CreatedDate: before, SystemModstamp: before, LastModifiedDate: before });
    world.advance(60_000);
    world.salesforce.updateAsUser('Contact', world.salesforce.seedContact({ LastName: 'After Install', Email: 'new@example.com' }), { Title: 'New' });
    world.advance(120_000);
    runPull(world);
    const names = (): unknown[] => world.account.all('contact').map((c) => c.lastname);
    expect(names()).toContain('After Install');
    expect(names()).not.toContain('Timer');

    // The console offers the import to an administrator: the button posts this action.
    expect(consoleGet(world).body).toContain('value="import_salesforce"');
    const page = consolePost(world, { action: 'import_salesforce' });
    expect(page.body).toContain('Import from Salesforce');
    world.account.runQueuedTasks({ maxRuns: 20 });
    expect(names()).toContain('Timer');
    expect(names().filter((n) => n === 'After Install')).toHaveLength(1);
    expect(logReasons(world)).toContain('IMPORT_FROM_SALESFORCE');
  });
});

describe('deletes and merges in Salesforce', () => {
  it('a delete unlinks the NetSuite record and keeps it (default), logged; nothing re-creates it in Salesforce', () => {
    const world = linkedWorld(2);
    const [contactId = 0] = world.contactIds;
    const sfId = sfIdOf(world, 'contact', contactId);
    world.salesforce.deleteAsUser('Contact', sfId);
    world.advance(120_000);
    runPull(world);
    drainPush(world);
    const row = world.account.get('contact', contactId);
    expect(row?.[ENTITY_FIELDS.salesforceId] ?? '').toBe('');
    expect(row?.isinactive).toBe(false);
    expect(logReasons(world, contactId)).toContain('SF_DELETED_UNLINKED');
    expect(world.salesforce.allContacts().filter((c) => c.Oracle_netsuiteid__c === String(contactId))).toHaveLength(0);
    // Re-reading the window writes nothing more.
    const entries = (): number => logRows(world).filter((r) => r[LOG.reason] !== 'RUN_SUMMARY').length;
    const count = entries();
    world.advance(60_000);
    runPull(world);
    expect(entries()).toBe(count);
  });

  it('with "When Deleted in Salesforce" = inactivate, the NetSuite record is made inactive', () => {
    const world = linkedWorld(1, { [SETTINGS.salesforceDeletePolicy]: choose(SETTINGS.salesforceDeletePolicy, 'inactivate') });
    const [contactId = 0] = world.contactIds;
    world.salesforce.deleteAsUser('Contact', sfIdOf(world, 'contact', contactId));
    world.advance(120_000);
    runPull(world);
    expect(world.account.get('contact', contactId)?.isinactive).toBe(true);
    expect(logReasons(world, contactId)).toContain('SF_DELETED_INACTIVATED');
  });

  it('a merge relinks the NetSuite record to the surviving Salesforce record, which then carries its NetSuite id', () => {
    const world = linkedWorld(1);
    const [contactId = 0] = world.contactIds;
    const loser = sfIdOf(world, 'contact', contactId);
    const accountId = String(world.salesforce.getContact(loser)?.AccountId);
    const survivor = world.salesforce.seedContact({ FirstName: 'Merged', LastName: 'Survivor', Email: 'survivor@example.com', AccountId: accountId });
    world.advance(60_000);
    world.salesforce.mergeAsUser('Contact', survivor, [loser]);
    expect(world.salesforce.allContacts({ includeDeleted: true }).find((c) => c.Id === loser)).toMatchObject({ IsDeleted: true, MasterRecordId: survivor });
    world.advance(120_000);
    runPull(world);
    drainPush(world);
    expect(sfIdOf(world, 'contact', contactId)).toBe(survivor);
    expect(logReasons(world, contactId)).toContain('SF_MERGED_RELINKED');
    expect(world.account.get('contact', contactId)).toMatchObject({ lastname: 'Survivor', email: 'survivor@example.com' });
    expect(world.salesforce.getContact(survivor)?.Oracle_netsuiteid__c).toBe(String(contactId));
    expect(world.account.all('contact')).toHaveLength(1);
  });

  it('a merge into a record another NetSuite record follows unlinks the loser\'s record with a warning', () => {
    const world = linkedWorld(2);
    const [a = 0, b = 0] = world.contactIds;
    world.salesforce.mergeAsUser('Contact', sfIdOf(world, 'contact', a), [sfIdOf(world, 'contact', b)]);
    world.advance(120_000);
    runPull(world);
    expect(sfIdOf(world, 'contact', b)).toBe('');
    expect(logReasons(world, b)).toContain('SF_MERGED_SURVIVOR_LINKED');
    expect(sfIdOf(world, 'contact', a)).not.toBe('');
  });

  it('an Account merge relinks the customer and its contacts follow the surviving Account', () => {
    const { world, survivor } = accountMergedAway();
    world.advance(120_000);
    runPull(world);
    drainPush(world);
    expect(sfIdOf(world, 'customer', world.customerId)).toBe(survivor);
    expect(world.salesforce.getContact(sfIdOf(world, 'contact', world.contactIds[0] ?? 0))?.AccountId).toBe(survivor);
    expect(logReasons(world, world.customerId)).toContain('SF_MERGED_RELINKED');
  });
});

describe('a NetSuite change pushed before the pull read a Salesforce delete or merge', () => {
  /** Runs only the push (the user event's on-demand run): the pull the push asks for stays queued. */
  function pushOnly(world: World): void {
    world.account.runMapReduce({ scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.onDemandDeploymentId });
  }
  const contactsOf = (world: World, netsuiteId: number): unknown[] => world.salesforce.allContacts().filter((c) => c.Oracle_netsuiteid__c === String(netsuiteId)).map((c) => c.Id);

  it('a contact merged away: nothing is created; the pull relinks it and the edit lands on the survivor', () => {
    const world = linkedWorld(1);
    const [contactId = 0] = world.contactIds;
    const loser = sfIdOf(world, 'contact', contactId);
    const survivor = world.salesforce.seedContact({ FirstName: 'Merged', LastName: 'Survivor', Email: 'survivor@example.com', AccountId: String(world.salesforce.getContact(loser)?.AccountId) });
    world.advance(60_000);
    world.salesforce.mergeAsUser('Contact', survivor, [loser]);
    world.advance(60_000);
    world.account.ui.inlineEdit('contact', contactId, { title: 'Edited in NetSuite' });
    const contactsBefore = world.salesforce.allContacts().length;
    pushOnly(world);
    expect(world.salesforce.allContacts()).toHaveLength(contactsBefore);
    expect(sfIdOf(world, 'contact', contactId)).toBe(loser);
    expect(logReasons(world, contactId)).toContain('SF_REMOVAL_PENDING_PULL');
    expect(logReasons(world, contactId)).not.toContain('SF_ENTITY_DELETED');
    expect(pendingQueue(world).map((q) => Number(q[QUEUE.recordId]))).toContain(contactId);
    expect(Number(pendingQueue(world).find((q) => Number(q[QUEUE.recordId]) === contactId)?.[QUEUE.attempts] ?? 0)).toBe(0);
    // The push asked for the pull; the pull relinks and asks for the push, which sends the edit to the survivor.
    world.advance(120_000);
    drainPush(world);
    expect(sfIdOf(world, 'contact', contactId)).toBe(survivor);
    expect(logReasons(world, contactId)).toContain('SF_MERGED_RELINKED');
    expect(world.salesforce.getContact(survivor)).toMatchObject({ Title: 'Edited in NetSuite', Oracle_netsuiteid__c: String(contactId) });
    expect(world.salesforce.allContacts()).toHaveLength(contactsBefore);
    expect(contactsOf(world, contactId)).toEqual([survivor]);
    expect(pendingQueue(world)).toHaveLength(0);
  });

  it('a contact deleted under "When Deleted in Salesforce" = inactivate: nothing is re-created, the contact ends inactive', () => {
    const world = linkedWorld(1, { [SETTINGS.salesforceDeletePolicy]: choose(SETTINGS.salesforceDeletePolicy, 'inactivate') });
    const [contactId = 0] = world.contactIds;
    world.salesforce.deleteAsUser('Contact', sfIdOf(world, 'contact', contactId));
    world.advance(60_000);
    world.account.ui.inlineEdit('contact', contactId, { title: 'Edited in NetSuite' });
    pushOnly(world);
    expect(contactsOf(world, contactId)).toHaveLength(0);
    expect(logReasons(world, contactId)).toContain('SF_REMOVAL_PENDING_PULL');
    world.advance(120_000);
    drainPush(world);
    world.advance(30 * 60_000);
    runPush(world);
    expect(world.account.get('contact', contactId)?.isinactive).toBe(true);
    expect(sfIdOf(world, 'contact', contactId)).toBe('');
    expect(logReasons(world, contactId)).toContain('SF_DELETED_INACTIVATED');
    expect(world.salesforce.allContacts()).toHaveLength(0);
    expect(pendingQueue(world)).toHaveLength(0);
  });

  it('an Account merged away, then its customer edited: no new Account; the edit lands on the survivor', () => {
    const { world, survivor } = accountMergedAway();
    world.advance(60_000);
    world.account.ui.inlineEdit('customer', world.customerId, { phone: '555-0100' });
    pushOnly(world);
    expect(world.salesforce.allAccounts()).toHaveLength(1);
    expect(logReasons(world, world.customerId)).toContain('SF_REMOVAL_PENDING_PULL');
    world.advance(120_000);
    drainPush(world);
    expect(sfIdOf(world, 'customer', world.customerId)).toBe(survivor);
    expect(world.salesforce.allAccounts().map((a) => a.Id)).toEqual([survivor]);
    expect(world.salesforce.allAccounts()[0]).toMatchObject({ Phone: '555-0100', Oracle_netsuiteid__c: String(world.customerId) });
  });
});

describe('tombstones: nothing deleted in NetSuite comes back', () => {
  it.each(['ignore', 'unlink', 'delete'])('delete policy %s: a later Salesforce edit does not re-create the contact', (policy) => {
    const world = linkedWorld(2, { [SETTINGS.deletePolicy]: choose(SETTINGS.deletePolicy, policy) });
    const [contactId = 0] = world.contactIds;
    const sfId = sfIdOf(world, 'contact', contactId);
    world.account.ui.delete('contact', contactId);
    drainPush(world);
    expect(world.account.find(TOMBSTONE.type, (r) => r[TOMBSTONE.salesforceId] === sfId)).toHaveLength(1);
    if (policy !== 'delete') {
      world.salesforce.updateAsUser('Contact', sfId, { Title: 'Edited after the delete' });
      world.advance(120_000);
      runPull(world);
      drainPush(world);
      expect(world.account.all('contact')).toHaveLength(1);
      expect(logReasons(world)).toContain('NETSUITE_RECORD_DELETED');
    }
  });
});

describe('a NetSuite merge of duplicate contacts', () => {
  it.each(['ignore', 'unlink'])('keeps the survivor linked and tells Salesforce about the duplicate per the delete policy (%s); the duplicate never comes back', (policy) => {
    const world = linkedWorld(2, { [SETTINGS.deletePolicy]: choose(SETTINGS.deletePolicy, policy) });
    const [primary = 0, duplicate = 0] = world.contactIds;
    const primarySf = sfIdOf(world, 'contact', primary);
    const duplicateSf = sfIdOf(world, 'contact', duplicate);
    mergeContacts(world.account, primary, [duplicate]);
    drainPush(world);
    expect(sfIdOf(world, 'contact', primary)).toBe(primarySf);
    expect(world.salesforce.getContact(primarySf)?.Oracle_netsuiteid__c).toBe(String(primary));
    const loser = world.salesforce.getContact(duplicateSf);
    expect(loser?.Oracle_netsuiteid__c ?? null).toBe(policy === 'unlink' ? null : String(duplicate));
    expect(logReasons(world, duplicate)).toContain(policy === 'unlink' ? 'UNLINKED_IN_CRM' : 'DELETE_IGNORED');
    world.salesforce.updateAsUser('Contact', duplicateSf, { Title: 'Still edited in Salesforce' });
    world.advance(120_000);
    runPull(world);
    expect(world.account.all('contact').map((c) => Number(c.id))).toEqual([primary]);
  });
});

describe('a NetSuite merge of duplicate customers', () => {
  it('keeps the survivor linked, moves the duplicate\'s contacts to the survivor\'s Account, and the duplicate never comes back', () => {
    const world = createWorld({ settings: { [SETTINGS.deletePolicy]: choose(SETTINGS.deletePolicy, 'unlink') } });
    const survivor = createCustomerWithContacts(world, 1, { companyname: 'Acme' });
    const duplicate = createCustomerWithContacts(world, 2, { companyname: 'Acme Inc' });
    drainPush(world);
    runPull(world);
    const survivorAccount = sfIdOf(world, 'customer', survivor.customerId);
    const duplicateAccount = sfIdOf(world, 'customer', duplicate.customerId);
    world.advance(60_000);

    mergeCustomers(world.account, survivor.customerId, [duplicate.customerId]);
    drainPush(world);
    expect(sfIdOf(world, 'customer', survivor.customerId)).toBe(survivorAccount);
    expect(world.salesforce.getAccount(survivorAccount)?.Oracle_netsuiteid__c).toBe(String(survivor.customerId));
    // The duplicate's Account is told per the delete policy (unlink: it no longer carries a NetSuite id).
    expect(world.salesforce.getAccount(duplicateAccount)?.Oracle_netsuiteid__c ?? null).toBeNull();
    expect(logReasons(world, duplicate.customerId)).toContain('UNLINKED_IN_CRM');
    for (const id of duplicate.contactIds) {
      expect(world.salesforce.getContact(sfIdOf(world, 'contact', id))?.AccountId).toBe(survivorAccount);
    }
    expect(world.salesforce.allAccounts()).toHaveLength(2);

    // An edit of the duplicate's Account in Salesforce does not bring the merged-away customer back.
    world.salesforce.updateAsUser('Account', duplicateAccount, { Phone: '555-0199' });
    world.advance(120_000);
    runPull(world);
    drainPush(world);
    expect(world.account.all('customer').map((c) => Number(c.id))).toEqual([survivor.customerId]);
    expect(world.salesforce.allAccounts()).toHaveLength(2);
  });
});

describe('tombstones keep Pardot out too', () => {
  it('an assigned prospect of a contact deleted in NetSuite does not create it again', () => {
    const world = pardotWorld();
    world.account.seed('employee', { firstname: 'Max', lastname: 'Marketing', email: 'max@acme.example', subsidiary: world.subsidiary });
    const maxUser = world.pardot.seedUser({ email: 'max@acme.example' });
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    runPull(world);
    const [contactId = 0] = contactIds;
    const prospectId = Number(world.account.get('contact', contactId)?.[ENTITY_FIELDS.pardotId]);
    expect(prospectId).toBeGreaterThan(0);
    world.account.ui.delete('contact', contactId);
    drainPush(world);
    world.advance(60_000);
    world.pardot.updateAsMarketer(prospectId, { userId: maxUser, comments: 'Still interested' });
    world.advance(120_000);
    runPull(world);
    expect(world.account.all('contact')).toHaveLength(0);
    expect(logReasons(world)).toContain('NETSUITE_RECORD_DELETED');
  });
});
