/**
 * The drift report and preview pages of the console, end to end: what the pages show, the actions they start (only
 * on a POST that passes the request guard), the CSV of the whole plan, and "start exactly this sync".
 */
import { ENTITY_FIELDS, LOG } from '../../src/ids';
import { consoleGet, consolePost } from './admin';
import { createWorld, linkedWorld, logRows, seedCustomer, sfIdOf } from './world';

describe('console: drift report page', () => {
  it('lists what drifted with both values and the repair side; Repair of one record repairs it after the click only', () => {
    const world = linkedWorld(2);
    const [first = 0, second = 0] = world.contactIds;
    world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', first), { Title: '<b>Mass</b> title' }, { userId: '005000000000MASSAA' });
    world.account.seedUpdate('contact', second, { title: 'Imported title' });

    // The main console links both pages.
    const main = consoleGet(world).body;
    expect(main).toMatch(/<a class="uir-crosslink" href="[^"]*page=reconcile[^"]*">Drift report<\/a>/);
    expect(main).toMatch(/<a class="uir-crosslink" href="[^"]*page=preview[^"]*">Preview a full sync<\/a>/);
    expect(consoleGet(world, { page: 'reconcile' }).body).toContain('No reconcile has run yet.');
    consolePost(world, { page: 'reconcile', action: 'reconcile_run' });
    world.account.runQueuedTasks({ maxRuns: 5 });
    const page = consoleGet(world, { page: 'reconcile' }).body;
    expect(page).toContain('&lt;b&gt;Mass&lt;/b&gt; title');
    expect(page).not.toContain('<b>Mass</b>');
    expect(page).toContain(`id="repair-contact-${first}-salesforce"`);
    expect(page).toMatch(/Imported title[\s\S]*repair from <strong>netsuite<\/strong>/);
    expect(world.account.get('contact', first)?.title).not.toBe('<b>Mass</b> title');

    // A forged request (no token) starts nothing.
    const forged = consolePost(world, { page: 'reconcile', action: 'reconcile_repair', record: `contact:${first}` }, { token: null });
    expect(forged.body).toContain('Nothing was changed');
    expect(world.account.runQueuedTasks({ maxRuns: 5 })).toHaveLength(0);

    const repaired = consolePost(world, { page: 'reconcile', action: 'reconcile_repair', record: `contact:${first}` });
    expect(repaired.body).toContain(`Repair of contact ${first} started.`);
    world.account.runQueuedTasks({ maxRuns: 5 });
    expect(world.account.get('contact', first)?.title).toBe('<b>Mass</b> title');
    expect(logRows(world).filter((r) => r[LOG.reason] === 'DRIFT_REPAIRED').map((r) => Number(r[LOG.recordId]))).toEqual([first]);
  });
});

describe('console: preview page', () => {
  it('runs a preview, shows its counts, serves the whole plan as CSV, and starts exactly that sync', () => {
    const world = createWorld();
    const customer = seedCustomer(world, { companyname: 'Preview Co' });
    for (let i = 1; i <= 2; i++) world.account.seed('contact', { firstname: 'P', lastname: `Person ${i}`, email: `p${i}@preview.example`, company: customer, subsidiary: world.subsidiary });
    world.account.seed('contact', { firstname: 'P', lastname: 'Locked', email: 'locked@preview.example', company: customer, subsidiary: world.subsidiary, [ENTITY_FIELDS.lock]: true });

    expect(consoleGet(world, { page: 'preview' }).body).toContain('No preview has run yet.');
    expect(consolePost(world, { page: 'preview', action: 'preview_run' }).body).toContain('The preview was asked to run now');
    world.account.runQueuedTasks({ maxRuns: 5 });
    expect(world.salesforce.allContacts()).toHaveLength(0);
    const page = consoleGet(world, { page: 'preview' }).body;
    expect(page).toMatch(/<tr><td>Contact<\/td><td>2<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
    expect(page).toContain('RECORD_LOCKED');
    const runId = /page=preview&amp;csv=([^"]+)"/.exec(page)?.[1] ?? '';
    const csv = consoleGet(world, { page: 'preview', csv: decodeURIComponent(runId) });
    expect(csv.headers['Content-Type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('object,record type,record id,planned outcome,reason,crm id,changes,also matching,message');
    expect(lines.filter((l) => l.startsWith('Contact,'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('Account,customer,'))).toHaveLength(1);

    expect(consolePost(world, { page: 'preview', action: 'preview_start' }).body).toContain('The full sync the preview planned has started.');
    world.account.runQueuedTasks({ maxRuns: 10 });
    expect(world.salesforce.allContacts().map((c) => c.Email).sort()).toEqual(['p1@preview.example', 'p2@preview.example']);
  });
});
