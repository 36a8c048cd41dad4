/** The failure digest, end to end on the built push map/reduce. */
import { ADMIN_SETTINGS, SETTINGS } from '../../src/ids';
import { createCustomerWithContacts, createWorld, drainPush, type World } from './world';

function failingWorld(settings: Record<string, unknown>): { world: World; bad: number[] } {
  const world = createWorld({ settings });
  const { customerId } = createCustomerWithContacts(world, 1);
  const bad = ['a,b@example.com', 'c,d@example.com'].map((email) => world.account.seed('contact', { firstname: 'Bad', lastname: 'Email', email, company: customerId, subsidiary: world.subsidiary }));
  for (const id of bad) world.account.ui.inlineEdit('contact', id, { title: 'Imported' });
  return { world, bad };
}

describe('failure digest email', () => {
  it('sends one email per run listing every failure, to the configured recipients', () => {
    const { world, bad } = failingWorld({ [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example, crm-admin@acme.example' });
    drainPush(world);
    expect(world.account.emails).toHaveLength(1);
    const [mail] = world.account.emails;
    expect(mail?.recipients).toEqual(['ops@acme.example', 'crm-admin@acme.example']);
    expect(mail?.subject).toMatch(/^CRM Sync: 2 record\(s\) failed in run push-/);
    for (const id of bad) expect(mail?.body).toContain(`contact ${id} — INVALID_EMAIL`);
    // An email needs an absolute link: the account's UI domain and the console's internal path (never a bare path,
    // never the external extforms URL, which needs "Available Without Login").
    const host = `${world.account.accountId.toLowerCase()}.app.netsuite.com`;
    expect(mail?.body).toMatch(new RegExp(`Retry them from the CRM Sync console: https://${host.replace(/\./g, '\\.')}/app/site/hosting/scriptlet\\.nl\\?script=\\d+&deploy=\\d+$`, 'm'));
    expect(mail?.body).not.toMatch(/extforms|ns-at=/);
  });

  it('stays quiet under the threshold, without recipients, and when nothing failed', () => {
    const under = failingWorld({ [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example', [ADMIN_SETTINGS.alertThreshold]: 3 });
    drainPush(under.world);
    expect(under.world.account.emails).toHaveLength(0);

    const nobody = failingWorld({});
    drainPush(nobody.world);
    expect(nobody.world.account.emails).toHaveLength(0);

    const fine = createWorld({ settings: { [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example' } });
    createCustomerWithContacts(fine, 3);
    drainPush(fine);
    expect(fine.account.emails).toHaveLength(0);
    expect(fine.account.all(SETTINGS.type)).toHaveLength(1);
  });
});
