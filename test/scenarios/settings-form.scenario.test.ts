/** The CRM Sync Settings record saved through the UI, as an administrator sets it up the first time. */
import { ADMIN_SETTINGS, SETTING_LISTS, SETTINGS } from '../../src/ids';
import { choose, createWorld } from './world';

describe('the settings form', () => {
  it('saves a new settings record created in the UI (a create has no old record)', () => {
    const world = createWorld();
    for (const row of world.account.all(SETTINGS.type)) world.account.seedUpdate(SETTINGS.type, Number(row.id), { isinactive: true });
    const created = world.account.ui.create(SETTINGS.type, {
      name: 'CRM Sync Settings', [SETTINGS.loginUrl]: 'https://acme.my.salesforce.com', [SETTINGS.clientId]: '3MVG9-new',
      [SETTINGS.authFlow]: choose(SETTINGS.authFlow, 'jwt'), [SETTINGS.username]: 'integration@acme.example', [SETTINGS.certificateId]: 'custcertificate_crmsync_sf',
      [SETTINGS.pardotAutoCreate]: true,
    });
    expect(created.error).toBeUndefined();
    const stored = world.account.get(SETTINGS.type, Number(created.id));
    expect(stored?.[SETTINGS.clientId]).toBe('3MVG9-new');
    // Turning "Automatically create prospects" on stamps when, so it is not retroactive.
    expect(String(stored?.[SETTINGS.pardotAutoCreateSince])).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('offers only list values for a choice: free text or a value not in the list cannot be stored', () => {
    const world = createWorld();
    const before = world.account.all(SETTINGS.type).length;
    const typed = world.account.ui.create(SETTINGS.type, { name: 'Bad', [SETTINGS.authFlow]: 'password' });
    expect(typed.error?.name).toBe('INVALID_FLD_VALUE');
    expect(world.account.all(SETTINGS.type)).toHaveLength(before);
    const id = Number(world.account.all(SETTINGS.type)[0]?.id);
    // Internal id 9 is no value of the list: the user event's check names the values (NetSuite would refuse the key too).
    const missing = world.account.ui.edit(SETTINGS.type, id, { [SETTINGS.reconcileEvery]: '9' });
    expect(missing.error?.message).toContain('Reconcile Every must be Weekly, Daily or Off');
    expect(world.account.get(SETTINGS.type, id)?.[SETTINGS.reconcileEvery] ?? null).toBeNull();
  });

  it('refuses a value an administrator added to a list, naming the values CRM Sync knows, and stores nothing', () => {
    const world = createWorld();
    const id = Number(world.account.all(SETTINGS.type)[0]?.id);
    // Custom lists are editable in the account: an administrator adds "Hourly" to Reconcile Every (internal id 4).
    world.account.schema.lists.get(SETTING_LISTS.reconcileEvery)?.push({ id: '4', scriptId: 'val_hourly', label: 'Hourly', isInactive: false });
    const saved = world.account.ui.edit(SETTINGS.type, id, { [SETTINGS.reconcileEvery]: '4' });
    expect(saved.error?.message).toContain('Reconcile Every must be Weekly, Daily or Off (a value added to its list is not one CRM Sync knows).');
    expect(world.account.get(SETTINGS.type, id)?.[SETTINGS.reconcileEvery] ?? null).toBeNull();
    // A value of the list is saved, and the settings page shows its name.
    const daily = choose(SETTINGS.reconcileEvery, 'daily');
    expect(world.account.ui.edit(SETTINGS.type, id, { [SETTINGS.reconcileEvery]: daily }).error).toBeUndefined();
    expect(world.account.get(SETTINGS.type, id)?.[SETTINGS.reconcileEvery]).toBe(daily);
  });

  it('checks the sign-in settings for the auth flow chosen from the list', () => {
    const world = createWorld();
    const id = Number(world.account.all(SETTINGS.type)[0]?.id);
    const saved = world.account.ui.edit(SETTINGS.type, id, { [SETTINGS.authFlow]: choose(SETTINGS.authFlow, 'client_credentials'), [SETTINGS.loginUrl]: 'https://acme.my.salesforce.com', [SETTINGS.secretId]: 'the-secret-itself' });
    expect(saved.error?.message).toContain('Client credentials need the id of an API Secret (custsecret_…), never the secret itself.');
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
    const values = { [SETTINGS.loginUrl]: 'https://login.salesforce.com', [SETTINGS.clientId]: '3MVG9-second', [SETTINGS.authFlow]: choose(SETTINGS.authFlow, 'jwt'), [SETTINGS.username]: 'x@acme.example', [SETTINGS.certificateId]: 'custcertificate_crmsync_sf' };
    const second = world.account.ui.create(SETTINGS.type, { name: 'Second', ...values });
    expect(second.error?.message).toMatch(/Only one CRM Sync Settings record may be active, and "CRM Sync Settings" \(internal id \d+\) already is/);
    expect(world.account.all(SETTINGS.type)).toHaveLength(1);
    const inactive = world.account.ui.create(SETTINGS.type, { name: 'Spare', isinactive: true, ...values });
    expect(inactive.error).toBeUndefined();
    // Turning the spare on while the first is active is refused too.
    expect(world.account.ui.edit(SETTINGS.type, Number(inactive.id), { isinactive: false }).error?.message).toContain('Only one CRM Sync Settings record may be active');
  });
});
