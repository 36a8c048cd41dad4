/**
 * Connection problems are the connection's: a sign-in or configuration failure holds sending without using any
 * record's attempts, the console shows one red banner naming the setting at fault, and the records say
 * "Waiting: Salesforce connection". Nothing is sent before the connection is configured.
 */
import { generateKeyPairSync } from 'node:crypto';
import { ENTITY_FIELDS, LOG, QUEUE, SCRIPTS, SETTINGS } from '../../src/ids';
import { consoleGet } from './admin';
import { CERTIFICATE_ID, createCustomerWithContacts, createWorld, drainPush, logRows, pardotWorld, pendingQueue, SF_CLIENT_ID, type World } from './world';

const MINUTE = 60_000;

function scheduledPush(world: World): void {
  world.account.runMapReduce({ scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.deploymentId });
  drainPush(world);
}

function settingsId(world: World): number {
  return Number(world.account.all(SETTINGS.type)[0]?.id);
}

/** An admin fixes a setting in the UI (the settings user event clears the cached settings). */
function fixSetting(world: World, values: Record<string, unknown>): void {
  const saved = world.account.ui.edit(SETTINGS.type, settingsId(world), values);
  expect(saved.error).toBeUndefined();
}

/** The page message (Form.addPageInitMessage) that is the service's connection banner, as markup; '' when none. */
function banner(page: string, service: 'salesforce' | 'pardot'): string {
  const messages = page.match(/<div class="uir-page-message"[\s\S]*?<\/div><\/div>/g) ?? [];
  return messages.find((m) => m.includes(`data-service="${service}"`)) ?? '';
}

function statuses(world: World, ids: readonly number[], type: 'contact' | 'customer'): unknown[] {
  return ids.map((id) => world.account.get(type, id)?.[ENTITY_FIELDS.status]);
}

describe('a wrong consumer key (invalid_client_id)', () => {
  it('holds the queue for days without using attempts, names the Consumer Key, and sends everything once it is fixed', () => {
    const world = createWorld({ settings: { [SETTINGS.clientId]: '3MVG9-a-key-from-another-app' } });
    const { customerId, contactIds } = createCustomerWithContacts(world, 3);
    drainPush(world);
    for (let run = 0; run < 8; run++) { // two days of runs: far past the retry backoff that would exhaust attempts
      world.advance(6 * 60 * MINUTE);
      scheduledPush(world);
    }
    expect(statuses(world, contactIds, 'contact')).toEqual(['Pending', 'Pending', 'Pending']);
    expect(statuses(world, [customerId], 'customer')).toEqual(['Pending']);
    const contactError = String(world.account.get('contact', contactIds[0] ?? 0)?.[ENTITY_FIELDS.lastError]);
    expect(contactError).toContain('Waiting: Salesforce connection');
    expect(contactError).not.toContain('ACCOUNT_NOT_SYNCED');
    expect(pendingQueue(world).length).toBeGreaterThanOrEqual(4);
    expect(pendingQueue(world).every((q) => Number(q[QUEUE.attempts]) === 0)).toBe(true);
    expect(logRows(world).some((r) => r[LOG.reason] === 'RETRIES_EXHAUSTED' || r[LOG.reason] === 'ACCOUNT_NOT_SYNCED')).toBe(false);
    // At most one refused sign-in per run: the breaker stops the run's sending after the first.
    const signIns = world.account.httpLog.filter((h) => h.url.includes('/oauth2/token'));
    expect(signIns.length).toBeLessThanOrEqual(2 * 9);

    const page = consoleGet(world).body;
    const sf = banner(page, 'salesforce');
    expect(sf).toContain('Salesforce connection failed: check Salesforce Consumer Key');
    expect(sf).toContain('invalid_client_id');
    expect(sf).toContain('Manage Consumer Details');
    expect(sf).toMatch(/href="[^"]*rectype=customrecord_crmsync_settings[^"]*&amp;e=T"/);
    expect(page.match(/role="alert"/g)).toHaveLength(1); // one banner, not one per record
    expect(sf).toContain('data-message-type="error"'); // NetSuite's red message

    fixSetting(world, { [SETTINGS.clientId]: SF_CLIENT_ID });
    world.advance(16 * MINUTE);
    scheduledPush(world);
    expect(statuses(world, contactIds, 'contact')).toEqual(['Completed', 'Completed', 'Completed']);
    expect(world.salesforce.allContacts()).toHaveLength(3);
    expect(banner(consoleGet(world).body, 'salesforce')).toBe('');
  });
});

describe('a certificate Salesforce does not know (invalid_grant: invalid assertion)', () => {
  it('names the Certificate ID and the records wait for the connection', () => {
    const world = createWorld();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    world.account.certificates.set(CERTIFICATE_ID, { privateKeyPem: other.privateKey });
    const { contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    expect(statuses(world, contactIds, 'contact')).toEqual(['Pending', 'Pending']);
    expect(String(world.account.get('contact', contactIds[0] ?? 0)?.[ENTITY_FIELDS.lastError])).toMatch(/^Waiting: Salesforce connection/);
    const sf = banner(consoleGet(world).body, 'salesforce');
    expect(sf).toContain('check Certificate ID');
    expect(sf).toContain('invalid_grant');
  });
});

describe('a fresh install (no consumer key yet)', () => {
  it('sends nothing, keeps saves queued with no attempt used, and the banner points to the setting', () => {
    const world = createWorld({ settings: { [SETTINGS.clientId]: '' } });
    const { contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    world.advance(16 * MINUTE);
    scheduledPush(world);
    expect(world.account.httpLog.filter((h) => h.url.includes('salesforce.com'))).toHaveLength(0);
    expect(pendingQueue(world).length).toBe(3);
    expect(pendingQueue(world).every((q) => Number(q[QUEUE.attempts]) === 0)).toBe(true);
    expect(statuses(world, contactIds, 'contact').every((s) => s === 'Pending')).toBe(true);
    const sf = banner(consoleGet(world).body, 'salesforce');
    expect(sf).toContain('check Salesforce Consumer Key');
    expect(sf).toContain('Open the CRM Sync Settings');
  });
});

describe('a Pardot business unit that does not answer', () => {
  it('holds Pardot alone, Salesforce goes on, and the banner names the Pardot Business Unit ID', () => {
    const world = pardotWorld({ [SETTINGS.pardotBusinessUnit]: '0Uv5g000000NOTHERE' });
    const { contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    world.advance(16 * MINUTE);
    scheduledPush(world);
    expect(statuses(world, contactIds, 'contact')).toEqual(['Completed', 'Completed']);
    const pardotStatus = contactIds.map((id) => world.account.get('contact', id)?.[ENTITY_FIELDS.pardotStatus]);
    expect(pardotStatus).toEqual(['Pending', 'Pending']);
    expect(String(world.account.get('contact', contactIds[0] ?? 0)?.[ENTITY_FIELDS.pardotError])).toMatch(/^Waiting: Pardot connection/);
    expect(pendingQueue(world).every((q) => Number(q[QUEUE.attempts]) === 0)).toBe(true);
    const page = consoleGet(world).body;
    expect(banner(page, 'pardot')).toContain('check Pardot Business Unit ID');
    expect(banner(page, 'salesforce')).toBe('');
  });
});

describe('a contact whose customer is still being retried', () => {
  it('says why the customer has no Account, without telling to turn on what is on', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    world.salesforce.unavailable(2, ['collectionsUpsert', 'collectionsCreate', 'singleUpsert']); // the customer's batch and the contact batch's own try
    drainPush(world);
    const error = String(world.account.get('contact', contactIds[0] ?? 0)?.[ENTITY_FIELDS.lastError]);
    expect(error).toContain('ACCOUNT_NOT_SYNCED');
    expect(error).not.toContain('turn on');
    expect(error).toContain('SF_UNAVAILABLE');
  });
});
