/**
 * The setup checklist, from a fresh install to a first full sync, as an administrator follows it on the console:
 * settings → connect → org health check → saved searches → first full sync, each with its state and a link.
 */
import { SETTINGS } from '../../src/ids';
import { consoleGet, consolePost, consoleSubmit } from './admin';
import { CERTIFICATE_ID, choose, createCustomerWithContacts, createWorld, drainPush, SF_CLIENT_ID, SF_USERNAME, type World } from './world';

function steps(page: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of page.matchAll(/<li data-step="([a-z-]+)" data-state="([a-z]+)">/g)) out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

function step(page: string, key: string): string {
  const start = page.indexOf(`data-step="${key}"`);
  return start < 0 ? '' : page.slice(start, page.indexOf('</li>', start));
}

/** A world as right after installing the bundle: no active settings record. */
function freshInstall(): World {
  const world = createWorld();
  for (const row of world.account.all(SETTINGS.type)) world.account.seedUpdate(SETTINGS.type, Number(row.id), { isinactive: true });
  world.account.evictCaches();
  return world;
}

describe('the setup checklist', () => {
  it('leads from a fresh install to the first full sync, each step with its state and where to do it', () => {
    const world = freshInstall();
    const { contactIds } = createCustomerWithContacts(world, 2); // users save records before the admin sets anything up
    drainPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(0);

    let page = consoleGet(world).body;
    expect(steps(page)).toEqual({ settings: 'todo', connect: 'waiting', health: 'waiting', searches: 'todo', 'full-sync': 'waiting' });
    expect(page).toContain('Setup checklist (0 of 5 done)');
    // The link creates the settings record (there is none to edit yet).
    expect(step(page, 'settings')).toMatch(/<a href="\/app\/common\/custom\/custrecordentry\.nl\?rectype=customrecord_crmsync_settings">Create the settings<\/a>/);
    expect(step(page, 'full-sync')).toContain('Waits for a working connection');

    // 1. The admin creates the settings record in the UI.
    const created = world.account.ui.create(SETTINGS.type, {
      name: 'CRM Sync Settings', [SETTINGS.loginUrl]: 'https://login.salesforce.com', [SETTINGS.clientId]: SF_CLIENT_ID,
      [SETTINGS.authFlow]: choose(SETTINGS.authFlow, 'jwt'), [SETTINGS.username]: SF_USERNAME, [SETTINGS.certificateId]: CERTIFICATE_ID,
    });
    expect(created.error).toBeUndefined();
    page = consoleGet(world).body;
    expect(steps(page)).toEqual({ settings: 'done', connect: 'done', health: 'todo', searches: 'todo', 'full-sync': 'todo' });
    expect(step(page, 'connect')).toContain('Signed in to acme.my.salesforce.com');
    expect(step(page, 'searches')).toContain('(Action “Install saved searches”, then Submit)');
    expect(page).toContain('<option value="install_searches">Install saved searches</option>');

    // 2. Install the saved searches from the checklist: the Action the step names, then Submit.
    consoleSubmit(world, 'install_searches', { page });
    expect(steps(consoleGet(world).body).searches).toBe('done');

    // 3. Start the first full sync: the push runs with Full Sync, checks the org, and sends what was queued.
    const started = consolePost(world, { action: 'full_sync' });
    expect(started.body).toContain('The full sync was started');
    expect(world.account.submittedTasks.at(-1)?.params).toMatchObject({ custscript_crmsync_full_sync: true });
    drainPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(contactIds.length);
    page = consoleGet(world).body;
    expect(steps(page)).toEqual({ settings: 'done', connect: 'done', health: 'done', searches: 'done', 'full-sync': 'done' });
    expect(page).toContain('Setup checklist: complete');
    expect(page).toContain('data-complete="T"');
  });

  it('shows the connect step as needing attention when Salesforce refuses the sign-in', () => {
    const world = createWorld({ settings: { [SETTINGS.clientId]: 'not-the-key' } });
    const page = consoleGet(world).body;
    expect(steps(page)).toMatchObject({ settings: 'done', connect: 'problem', health: 'waiting', 'full-sync': 'waiting' });
    expect(step(page, 'connect')).toContain('invalid_client_id');
    expect(step(page, 'connect')).toMatch(/href="[^"]*rectype=customrecord_crmsync_settings&amp;id=\d+&amp;e=T"/);
  });
});
