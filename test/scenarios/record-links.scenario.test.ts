/** The CRM Sync subtab's "Open in Salesforce" / "Open in Account Engagement" links, end to end on the built bundle. */
import { CACHE, ENTITY_FIELDS, SETTINGS, STATE, SUBTABS } from '../../src/ids';
import { createCustomerWithContacts, createWorld, drainPush, pardotWorld, SF_INSTANCE, type World } from './world';

const LINKS_FIELD = 'custpage_crmsync_links';

function hrefs(fragment: string): string[] {
  return [...fragment.matchAll(/<a href="([^"]*)" target="_blank" rel="noopener noreferrer">/g)].map((m) => m[1] ?? '');
}

function view(world: World, type: 'contact' | 'customer', id: number) {
  const httpBefore = world.account.httpLog.length;
  const opened = world.account.ui.view(type, id);
  const field = opened.form.getField(LINKS_FIELD);
  return {
    field,
    html: typeof field?.defaultValue === 'string' ? field.defaultValue : '',
    usage: Math.max(0, ...opened.scripts.map((s) => s.usage)),
    errors: opened.scripts.flatMap((s) => (s.error === undefined ? [] : [s.error])),
    httpCalls: world.account.httpLog.length - httpBefore,
  };
}

describe('links on the CRM Sync subtab', () => {
  it('a synced contact links to its Salesforce Contact and its Pardot prospect, in a new tab, at 2 units and no HTTP call', () => {
    const world = pardotWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const contactId = contactIds[0] ?? 0;
    const stored = world.account.get('contact', contactId) ?? {};
    const sfId = String(stored[ENTITY_FIELDS.salesforceId]);
    const prospectId = Number(stored[ENTITY_FIELDS.pardotId]);
    expect(world.salesforce.getContact(sfId)).toBeDefined();
    expect(world.pardot.getProspect(prospectId)).toBeDefined();

    const contact = view(world, 'contact', contactId);
    expect(contact.errors).toEqual([]);
    // The form does not list the CRM Sync subtab's script id among its tabs (no page says it would), so the links
    // go in a field group of their own rather than in a container the form does not have.
    expect(contact.field).toMatchObject({ type: 'inlinehtml', container: 'custpage_crmsync_links_group' });
    expect(contact.field?.container).not.toBe(SUBTABS.crmSync);
    expect(hrefs(contact.html)).toEqual([
      `https://${SF_INSTANCE}/lightning/r/Contact/${sfId}/view`,
      `https://pi.pardot.com/prospect/read/id/${prospectId}`,
    ]);
    expect(contact.html).toContain('>Open in Salesforce</a>');
    expect(contact.html).toContain('>Open in Account Engagement</a>');
    expect(contact.usage).toBeLessThanOrEqual(2);
    expect(contact.httpCalls).toBe(0);

    // A company customer is an Account and has no prospect.
    const accountId = String(world.account.get('customer', customerId)?.[ENTITY_FIELDS.salesforceId]);
    expect(world.salesforce.getAccount(accountId)).toBeDefined();
    expect(hrefs(view(world, 'customer', customerId).html)).toEqual([`https://${SF_INSTANCE}/lightning/r/Account/${accountId}/view`]);

    // Edit mode shows them too; the rendered page carries the fragment as it is.
    const edited = world.account.ui.edit('contact', contactId, { title: 'Buyer' });
    expect(edited.error).toBeUndefined();
    expect(world.account.ui.view('contact', contactId).html).toContain(`href="https://${SF_INSTANCE}/lightning/r/Contact/${sfId}/view"`);
  });

  it('the instance URL outlives the caches: it is kept in the state record at sign-in', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const contactId = contactIds[0] ?? 0;
    expect(world.account.find(STATE.type, (r) => r.name === CACHE.instanceUrlKey).map((r) => r[STATE.value])).toEqual([`https://${SF_INSTANCE}`]);
    world.account.evictCaches();
    const contact = view(world, 'contact', contactId);
    expect(hrefs(contact.html)[0]).toBe(`https://${SF_INSTANCE}/lightning/r/Contact/${String(world.account.get('contact', contactId)?.[ENTITY_FIELDS.salesforceId])}/view`);
    expect(contact.usage).toBeLessThanOrEqual(30);
    expect(contact.httpCalls).toBe(0);
    // Later sign-ins find it unchanged and write nothing.
    world.account.evictCaches();
    world.account.ui.edit('contact', contactId, { title: 'After the caches went' });
    drainPush(world);
    expect(world.account.find(STATE.type, (r) => r.name === CACHE.instanceUrlKey)).toHaveLength(1);
  });

  it('before any sign-in the Salesforce id is shown without a link, with a note; no sign-in happens on the form load', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    const contactId = contactIds[0] ?? 0;
    world.account.seedUpdate('contact', contactId, { [ENTITY_FIELDS.salesforceId]: '003000000000042AAA' });
    const contact = view(world, 'contact', contactId);
    expect(hrefs(contact.html)).toEqual([]);
    expect(contact.html).toContain('<code>003000000000042AAA</code>');
    expect(contact.html).toContain('link appears after the first sync');
    expect(contact.httpCalls).toBe(0);
  });

  it('a My Domain login URL links before the first sync; demo business units link to pi.demo.pardot.com', () => {
    const world = createWorld({ settings: { [SETTINGS.loginUrl]: `https://${SF_INSTANCE}`, [SETTINGS.pardotHost]: 'https://pi.demo.pardot.com' } });
    const { contactIds } = createCustomerWithContacts(world, 1);
    const contactId = contactIds[0] ?? 0;
    world.account.seedUpdate('contact', contactId, { [ENTITY_FIELDS.salesforceId]: '003000000000042AAA', [ENTITY_FIELDS.pardotId]: '77' });
    expect(hrefs(view(world, 'contact', contactId).html)).toEqual([
      `https://${SF_INSTANCE}/lightning/r/Contact/003000000000042AAA/view`,
      'https://pi.demo.pardot.com/prospect/read/id/77',
    ]);
  });

  it('no field on records without ids, and tampered ids never become links', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 2);
    const [plain = 0, tampered = 0] = contactIds;
    const none = view(world, 'contact', plain);
    expect(none.field).toBeNull();
    expect(none.usage).toBe(0);
    world.account.seedUpdate('contact', tampered, { [ENTITY_FIELDS.salesforceId]: '"><svg/onload=x>', [ENTITY_FIELDS.pardotId]: '1" onmouseover="x' });
    const bad = view(world, 'contact', tampered);
    expect(hrefs(bad.html)).toEqual([]);
    expect(bad.html).not.toContain('<svg');
    expect(bad.html).not.toContain('" onmouseover');
    expect(bad.html).toContain('<code>&quot;&gt;&lt;svg/onload=x&gt;</code>');
    expect(bad.html).toContain('<code>1&quot; onmouseover=&quot;x</code>');
  });
});
