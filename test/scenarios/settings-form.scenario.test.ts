/** The CRM Sync Settings record saved through the UI, as an administrator sets it up the first time. */
import { SETTINGS } from '../../src/ids';
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
});
