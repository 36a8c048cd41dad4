/** NetSuite → Salesforce, end to end: the built user events and push map/reduce in the emulated account. */
import { ENTITY_FIELDS, FIELD_MAP, SETTINGS } from '../../src/ids';
import { choose, createCustomerWithContacts, createWorld, drainPush, logReasons, pendingQueue, runPull, runPush, seedCustomer, syncStatus } from './world';

describe('push scenarios', () => {
  it('a customer with 40 contacts reaches Salesforce in 3 contact requests of at most 15', () => {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 40);
    world.salesforce.resetCounters();
    drainPush(world);
    const account = world.salesforce.findAccounts((a) => a.Oracle_netsuiteid__c === String(customerId));
    expect(account).toHaveLength(1);
    const contacts = world.salesforce.allContacts();
    expect(contacts).toHaveLength(40);
    expect(contacts.every((c) => c.AccountId === account[0]?.Id)).toBe(true);
    const contactWrites = world.salesforce.counters().requests.filter((r) => r.path.includes('/composite/sobjects') && r.records > 0 && r.path.includes('Contact') || (r.path.endsWith('/composite/sobjects') && r.records > 0));
    expect(Math.max(...world.salesforce.counters().recordsPerRequest)).toBeLessThanOrEqual(15);
    expect(contactWrites.length).toBeGreaterThanOrEqual(3);
    for (const id of contactIds) expect(syncStatus(world, 'contact', id)).toMatchObject({ status: 'Completed' });
    expect(pendingQueue(world)).toHaveLength(0);
    expect(world.account.get('contact', contactIds[0] ?? 0)?.[ENTITY_FIELDS.salesforceId]).toMatch(/^003/);
  });

  it("the push's own write-back (submitFields, an xedit) fires the user event and queues nothing", () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 2);
    const id = contactIds[0] ?? 0;
    const before = world.account.version('contact', id);
    const [report] = world.account.runQueuedTasks({ maxRuns: 1 });
    expect(world.account.version('contact', id)).toBeGreaterThan(before ?? 0);
    // The write-back's user events ran as xedit inside the push, with only our bookkeeping fields on newRecord …
    const fired = report !== undefined && 'stages' in report ? [...report.stages.map.reports, ...report.stages.reduce.reports].flatMap((r) => r.triggered) : [];
    expect(fired.some((t) => t.type === 'xedit' && t.scriptId === 'customscript_crmsync_ue_contact')).toBe(true);
    // … and none of them re-armed a queue entry or asked for another push.
    expect(pendingQueue(world)).toHaveLength(0);
    expect(world.account.submittedTasks.filter((t) => t.status === 'PENDING')).toHaveLength(0);
    expect(syncStatus(world, 'contact', id)).toMatchObject({ status: 'Completed' });
  });

  it('an orphan contact is skipped with its reason and costs no API call', () => {
    const world = createWorld();
    const { id } = world.account.ui.create('contact', { firstname: 'Lone', lastname: 'Wolf', email: 'lone@example.com', subsidiary: world.subsidiary });
    drainPush(world);
    expect(syncStatus(world, 'contact', Number(id))).toMatchObject({ status: 'Skipped' });
    expect(logReasons(world, Number(id))).toContain('ORPHAN_CONTACT');
    expect(world.salesforce.allContacts()).toHaveLength(0);
  });

  it('an orphan contact the pull links to an orphan Salesforce Contact by email ends Completed, not Pending: no push is queued that could only skip it', () => {
    // The bench's 1,000-contact single-currency run left such contacts Pending after its final pull (3 of its 30 orphans
    // also exist in Salesforce): the pull re-queued a push to give Salesforce their NetSuite id, which the push never sends.
    const world = createWorld({ org: { multiCurrency: false } });
    world.salesforce.seedContact({ LastName: 'Wolf', Email: 'lone@example.com' });
    const { id } = world.account.ui.create('contact', { firstname: 'Lone', lastname: 'Wolf', email: 'lone@example.com', subsidiary: world.subsidiary });
    drainPush(world);
    runPull(world);
    expect(world.account.get('contact', Number(id))?.[ENTITY_FIELDS.salesforceId]).toMatch(/^003/);
    // The pull linked and updated it (Completed, its log says what it did); no push waits for it …
    expect(pendingQueue(world)).toHaveLength(0);
    expect(syncStatus(world, 'contact', Number(id))).toMatchObject({ status: 'Completed', lastError: null });
    expect(logReasons(world, Number(id))).toEqual(['ORPHAN_CONTACT', 'BLANK_NOT_APPLIED']);
    // … and the next push run has nothing of it to skip again.
    drainPush(world);
    expect(syncStatus(world, 'contact', Number(id))).toMatchObject({ status: 'Completed' });
    expect(logReasons(world, Number(id)).filter((r) => r === 'ORPHAN_CONTACT')).toHaveLength(1);
  });
});

describe('push rules', () => {
  it('a locked customer and its contacts are skipped and Salesforce stays untouched', () => {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 3, { [ENTITY_FIELDS.lock]: true });
    drainPush(world);
    expect(syncStatus(world, 'customer', customerId)).toMatchObject({ status: 'Skipped' });
    expect(logReasons(world, customerId)).toContain('RECORD_LOCKED');
    for (const id of contactIds) expect(logReasons(world, id)).toContain('CUSTOMER_LOCKED');
    expect(world.salesforce.allAccounts()).toHaveLength(0);
    expect(world.salesforce.allContacts()).toHaveLength(0);
  });

  it('create-only mode creates, then never updates on edit', () => {
    const world = createWorld({ settings: { [SETTINGS.createOnly]: true } });
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const id = contactIds[0] ?? 0;
    const sfId = String(syncStatus(world, 'contact', id).salesforceId);
    expect(world.salesforce.getContact(sfId)?.Title ?? null).toBeNull();
    world.salesforce.resetCounters();
    world.account.ui.edit('contact', id, { title: 'Chief Tester' });
    drainPush(world);
    expect(world.salesforce.getContact(sfId)?.Title ?? null).toBeNull();
    expect(world.salesforce.counters().recordsPerRequest).toEqual([]);
    expect(logReasons(world, id)).toContain('CREATE_ONLY');
  });

  it('first sync matches an existing Salesforce contact by email; an email change then updates that same contact', () => {
    const world = createWorld();
    const accountId = world.salesforce.seedAccount({ Name: 'Existing Co' });
    const existing = world.salesforce.seedContact({ LastName: 'Known', Email: 'known@example.com', AccountId: accountId });
    const customerId = seedCustomer(world, { companyname: 'Existing Co' });
    const { id } = world.account.ui.create('contact', { firstname: 'Kim', lastname: 'Known', email: 'Known@Example.com', company: customerId, subsidiary: world.subsidiary });
    drainPush(world);
    expect(syncStatus(world, 'contact', Number(id)).salesforceId).toBe(existing);
    expect(world.salesforce.allContacts()).toHaveLength(1);
    expect(logReasons(world)).toContain('SYNCED');

    world.account.ui.edit('contact', Number(id), { email: 'kim.new@example.com' });
    drainPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(1);
    expect(world.salesforce.getContact(existing)).toMatchObject({ Email: 'kim.new@example.com', Oracle_netsuiteid__c: String(id) });
  });

  it('a 503 in the middle of the contact batches is retried with backoff and creates no duplicate', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 30);
    world.salesforce.injectFault({ match: (r) => r.method === 'PATCH' && r.url.includes('/Contact/'), nth: 2, respond: { code: 503, headers: {}, body: JSON.stringify([{ errorCode: 'SERVER_UNAVAILABLE', message: 'Service Unavailable' }]) } });
    drainPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(15);
    expect(pendingQueue(world).length).toBe(15);
    expect(logReasons(world)).toContain('SF_UNAVAILABLE');
    world.advance(2 * 60_000);
    runPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(30);
    const byExternalId = new Set(world.salesforce.allContacts().map((c) => c.Oracle_netsuiteid__c));
    expect(byExternalId.size).toBe(30);
    for (const id of contactIds) expect(syncStatus(world, 'contact', id).status).toBe('Completed');
    expect(pendingQueue(world)).toHaveLength(0);
  });

  it('a contact with an invalid email fails alone with a clear reason; its batch still syncs', () => {
    const world = createWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 2);
    const bad = world.account.seed('contact', { firstname: 'Bad', lastname: 'Email', email: 'first,last@example.com', company: customerId, subsidiary: world.subsidiary });
    world.account.ui.inlineEdit('contact', bad, { title: 'Imported' });
    drainPush(world);
    expect(syncStatus(world, 'contact', bad)).toMatchObject({ status: 'Failed' });
    expect(String(syncStatus(world, 'contact', bad).lastError)).toContain('INVALID_EMAIL');
    for (const id of contactIds) expect(syncStatus(world, 'contact', id).status).toBe('Completed');
    expect(world.salesforce.allContacts()).toHaveLength(2);
  });

  it('an inline edit of a field no mapping uses queues nothing and costs no API call', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    world.salesforce.resetCounters();
    const tasksBefore = world.account.submittedTasks.length;
    const { scripts } = world.account.ui.inlineEdit('contact', contactIds[0] ?? 0, { comments: 'met at the fair' });
    drainPush(world);
    expect(world.salesforce.counters().httpRequests).toBe(0);
    expect(world.account.submittedTasks.length).toBe(tasksBefore);
    expect(scripts.every((s) => s.usage <= 15)).toBe(true);
  });

  it('a Salesforce session that expired is renewed once and the push goes on', () => {
    const world = createWorld();
    createCustomerWithContacts(world, 2);
    drainPush(world);
    world.salesforce.expireAllTokens();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(syncStatus(world, 'contact', contactIds[0] ?? 0).status).toBe('Completed');
    expect(world.salesforce.counters().byKind.token).toBeGreaterThanOrEqual(2);
  });
});

describe('deletes in NetSuite', () => {
  it.each([
    ['ignore', 1, 'DELETE_IGNORED'],
    ['delete', 0, 'DELETED_IN_CRM'],
  ] as const)('policy %s: %d Salesforce contact(s) left, logged %s, and a later Salesforce edit does not bring it back', (policy, left, reason) => {
    const world = createWorld({ settings: { [SETTINGS.deletePolicy]: choose(SETTINGS.deletePolicy, policy) } });
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const id = contactIds[0] ?? 0;
    const sfId = String(syncStatus(world, 'contact', id).salesforceId);
    world.account.ui.delete('contact', id);
    drainPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(left);
    expect(logReasons(world, id)).toContain(reason);
    if (left === 1) {
      world.advance(60_000);
      world.salesforce.updateAsUser('Contact', sfId, { Title: 'Edited after the delete' });
      runPull(world);
      expect(world.account.find('contact', (r) => r[ENTITY_FIELDS.salesforceId] === sfId)).toHaveLength(0);
      expect(logReasons(world)).toContain('NETSUITE_RECORD_DELETED');
    }
  });
});

describe('admin field mapping', () => {
  it('a mapping row added by an admin takes effect at once: an unmapped field becomes synced', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const id = contactIds[0] ?? 0;
    const rows: [string, string][] = [['firstname', 'FirstName'], ['lastname', 'LastName'], ['email', 'Email'], ['$accountId', 'AccountId'], ['comments', 'Description']];
    for (const [source, target] of rows) {
      world.account.ui.create(FIELD_MAP.type, { name: `${source} → ${target}`, [FIELD_MAP.recordType]: 'contact', [FIELD_MAP.netsuiteField]: source, [FIELD_MAP.salesforceField]: target });
    }
    world.account.ui.inlineEdit('contact', id, { comments: 'Prefers email' });
    drainPush(world);
    const sfId = String(syncStatus(world, 'contact', id).salesforceId);
    expect(world.salesforce.getContact(sfId)).toMatchObject({ Description: 'Prefers email', Oracle_netsuiteid__c: String(id) });
  });
});

describe('big customers and user-event cost', () => {
  it('a customer with 1,000 contacts completes in requests of at most 15, every invocation within its budget', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 1000);
    const saves = world.account.runs.filter((r) => r.scriptType === 'usereventscript' && r.entryPoint === 'afterSubmit' && r.executionContext === 'USERINTERFACE');
    // Queueing a save costs at most 15 units; only the first save of the burst also pays 20 to start the push.
    expect(saves.slice(1).every((r) => r.usage <= 15)).toBe(true);
    expect(saves.filter((r) => r.usage > 15)).toHaveLength(1);
    world.salesforce.resetCounters();
    drainPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(1000);
    expect(Math.max(...world.salesforce.counters().recordsPerRequest)).toBeLessThanOrEqual(15);
    expect(contactIds.every((id) => syncStatus(world, 'contact', id).status === 'Completed')).toBe(true);
    const budgets: Record<string, number> = { getInputData: 10_000, map: 1_000, reduce: 5_000, summarize: 10_000 };
    for (const run of world.account.runs.filter((r) => r.scriptType === 'mapreducescript')) {
      expect(run.usage).toBeLessThanOrEqual(budgets[run.entryPoint] ?? 0);
      expect(run.error).toBeUndefined();
    }
    expect(pendingQueue(world)).toHaveLength(0);
  });
});
