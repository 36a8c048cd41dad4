/** The CRM Sync Settings record saved through the UI, as an administrator sets it up the first time. */
import { ADMIN_SETTINGS, SETTINGS } from '../../src/ids';
import { createWorld } from './world';

describe('the settings form', () => {
  it('saves a new settings record created in the UI (a create has no old record)', () => {
    const world = createWorld();
    for (const row of world.account.all(SETTINGS.type)) world.account.seedUpdate(SETTINGS.type, Number(row.id), { isinactive: true });
    const created = world.account.ui.create(SETTINGS.type, {
      name: 'CRM Sync Settings', [SETTINGS.loginUrl]: 'https://acme.my.salesforce.com', [SETTINGS.clientId]: '3MVG9-new',
      [SETTINGS.authFlow]: 'jwt', [SETTINGS.username]: 'integration@acme.example', [SETTINGS.certificateId]: 'custcertificate_crmsync_sf',
      [SETTINGS.pardotAutoCreate]: true,
    });
    expect(created.error).toBeUndefined();
    const stored = world.account.get(SETTINGS.type, Number(created.id));
    expect(stored?.[SETTINGS.clientId]).toBe('3MVG9-new');
    // Turning "Automatically create prospects" on stamps when, so it is not retroactive.
    expect(String(stored?.[SETTINGS.pardotAutoCreateSince])).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('refuses an invalid new record with the reason, and stores nothing', () => {
    const world = createWorld();
    const before = world.account.all(SETTINGS.type).length;
    const created = world.account.ui.create(SETTINGS.type, { name: 'Bad', [SETTINGS.authFlow]: 'password' });
    expect(JSON.stringify(created.error)).toContain('jwt or client_credentials');
    expect(world.account.all(SETTINGS.type)).toHaveLength(before);
  });

  it('refuses -5 Keep Log Days and other values out of range, saying which and what is allowed', () => {
    const world = createWorld();
    const id = Number(world.account.all(SETTINGS.type)[0]?.id);
    const saved = world.account.ui.edit(SETTINGS.type, id, { [ADMIN_SETTINGS.logDays]: -5, [SETTINGS.maxAttempts]: 0 });
    expect(saved.error?.message).toContain('Keep Log Entries (days) must be a whole number of days from 1 to 3,650.');
    expect(saved.error?.message).toContain('Max Attempts must be a whole number of attempts from 1 to 50.');
    expect(world.account.get(SETTINGS.type, id)?.[ADMIN_SETTINGS.logDays]).not.toBe(-5);
    expect(world.account.ui.edit(SETTINGS.type, id, { [ADMIN_SETTINGS.logDays]: 60 }).error).toBeUndefined();
  });

  it('keeps one active settings record: a second active one is refused, an inactive one is fine', () => {
    const world = createWorld();
    const values = { [SETTINGS.loginUrl]: 'https://login.salesforce.com', [SETTINGS.clientId]: '3MVG9-second', [SETTINGS.authFlow]: 'jwt', [SETTINGS.username]: 'x@acme.example', [SETTINGS.certificateId]: 'custcertificate_crmsync_sf' };
    const second = world.account.ui.create(SETTINGS.type, { name: 'Second', ...values });
    expect(second.error?.message).toMatch(/Only one CRM Sync Settings record may be active, and "CRM Sync Settings" \(internal id \d+\) already is/);
    expect(world.account.all(SETTINGS.type)).toHaveLength(1);
    const inactive = world.account.ui.create(SETTINGS.type, { name: 'Spare', isinactive: true, ...values });
    expect(inactive.error).toBeUndefined();
    // Turning the spare on while the first is active is refused too.
    expect(world.account.ui.edit(SETTINGS.type, Number(inactive.id), { isinactive: false }).error?.message).toContain('Only one CRM Sync Settings record may be active');
  });
});
