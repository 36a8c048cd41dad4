/**
 * Credentials go only to Salesforce's and Account Engagement's own hosts: the settings form refuses any other
 * login URL or Pardot host (also on an inline edit, and whether or not Pardot is on), and the bundle checks again
 * before every sign-in, on the instance URL a sign-in returns, and on every next-page address an API answers.
 */
import { ENTITY_FIELDS, SETTINGS } from '../../src/ids';
import type { EmulatedHttpRequest } from '../emulator/http';
import { createCustomerWithContacts, createWorld, drainPush, pardotWorld, runPull, type World } from '../scenarios/world';

const EVIL = 'collector.evil.example';

function settingsId(world: World): number {
  return Number(world.account.all(SETTINGS.type)[0]?.id);
}

function sentToEvil(world: World): string[] {
  return world.account.httpLog.filter((h) => new URL(h.url).host.endsWith(EVIL)).map((h) => `${h.method} ${h.url}`);
}

describe('the settings form keeps credentials on Salesforce and Pardot hosts', () => {
  it.each([
    ['a full edit', (world: World) => world.account.ui.edit(SETTINGS.type, settingsId(world), { [SETTINGS.loginUrl]: `https://${EVIL}` })],
    ['an inline edit', (world: World) => world.account.ui.inlineEdit(SETTINGS.type, settingsId(world), { [SETTINGS.loginUrl]: `https://login.salesforce.com.${EVIL}` })],
    ['a look-alike host', (world: World) => world.account.ui.edit(SETTINGS.type, settingsId(world), { [SETTINGS.loginUrl]: 'https://login.salesforce.com@evil.example' })],
    ['a Pardot host while Pardot is off', (world: World) => world.account.ui.inlineEdit(SETTINGS.type, settingsId(world), { [SETTINGS.pardotHost]: `https://${EVIL}` })],
  ])('refuses %s', (_name, save) => {
    const world = createWorld();
    const before = JSON.stringify(world.account.all(SETTINGS.type));
    const result = save(world);
    expect(JSON.stringify(result.error)).toMatch(/not saved/);
    expect(JSON.stringify(world.account.all(SETTINGS.type))).toBe(before);
  });

  it('accepts Salesforce\'s documented hosts', () => {
    const world = createWorld();
    for (const url of ['https://login.salesforce.com', 'https://test.salesforce.com', 'https://acme.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com']) {
      expect(world.account.ui.inlineEdit(SETTINGS.type, settingsId(world), { [SETTINGS.loginUrl]: url }).error).toBeUndefined();
    }
  });
});

describe('the bundle checks again before sending a credential', () => {
  it('a foreign login URL stored without the form gets no sign-in; the records wait with the reason', () => {
    const world = createWorld();
    world.account.seedUpdate(SETTINGS.type, settingsId(world), { [SETTINGS.loginUrl]: `https://${EVIL}` });
    const { customerId } = createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(sentToEvil(world)).toEqual([]);
    expect(String(world.account.get('customer', customerId)?.[ENTITY_FIELDS.lastError])).toContain('HOST_NOT_ALLOWED');
  });

  it('an instance URL off Salesforce in the sign-in answer is not used', () => {
    const world = createWorld();
    world.salesforce.injectFault({
      match: (r: EmulatedHttpRequest) => r.url.endsWith('/services/oauth2/token'),
      times: 1000,
      respond: { code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ access_token: '00Dxx!stolen', instance_url: `https://${EVIL}`, id: 'https://login.salesforce.com/id/00D/005', token_type: 'Bearer' }) },
    });
    createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(sentToEvil(world)).toEqual([]);
  });

  it('a Salesforce nextRecordsUrl pointing to another host is not followed', () => {
    const world = createWorld();
    createCustomerWithContacts(world, 1);
    drainPush(world);
    world.salesforce.injectFault({
      match: (r: EmulatedHttpRequest) => r.method === 'GET' && r.url.includes('/query'),
      respond: { code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ totalSize: 2, done: false, nextRecordsUrl: `https://${EVIL}/services/data/v62.0/query/01g-2000`, records: [] }) },
    });
    runPull(world);
    expect(sentToEvil(world)).toEqual([]);
  });

  it('a Pardot nextPageUrl pointing to another host is not followed', () => {
    const world = pardotWorld();
    createCustomerWithContacts(world, 1);
    drainPush(world);
    world.pardot.injectFault({
      match: (r: EmulatedHttpRequest) => r.method === 'GET' && r.url.includes('/prospects?'),
      respond: { code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ values: [{ id: 1, email: 'a@b.example', updatedAt: '2026-03-02T09:00:00-05:00' }], nextPageUrl: `https://${EVIL}/api/v5/objects/prospects?nextPageToken=x` }) },
    });
    runPull(world);
    expect(sentToEvil(world)).toEqual([]);
  });
});

describe('a token belongs to the org, app and user it was issued for', () => {
  it('after the settings point at another consumer key, the next run signs in again instead of reusing the cached token', () => {
    const world = createWorld();
    createCustomerWithContacts(world, 1);
    drainPush(world);
    const signIns = (): number => world.account.httpLog.filter((h) => h.url.endsWith('/services/oauth2/token')).length;
    const before = signIns();
    const settings = Number(world.account.all(SETTINGS.type)[0]?.id);
    // Another connected app (as after moving to another org): the cached token was not issued for it.
    expect(world.account.ui.inlineEdit(SETTINGS.type, settings, { [SETTINGS.clientId]: '3MVG9-another-app' }).error).toBeUndefined();
    createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(signIns()).toBeGreaterThan(before);
  });
});
