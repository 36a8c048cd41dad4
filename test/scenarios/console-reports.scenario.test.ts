/**
 * The drift report and preview pages of the console, end to end: what the pages show, the actions they start (only
 * on a POST that passes the request guard), the plan's CSV file in the File Cabinet, and "start exactly this sync".
 */
import { ENTITY_FIELDS, LOG } from '../../src/ids';
import { consoleGet, consolePost, fieldText, listRows, pageMessages, submitForm } from './admin';
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
    const empty = consoleGet(world, { page: 'reconcile' }).body;
    expect(fieldText(empty, 'custpage_none')).toBe('No reconcile has run yet.');
    submitForm(world, empty, 'reconcile_run');
    world.account.runQueuedTasks({ maxRuns: 5 });
    const page = consoleGet(world, { page: 'reconcile' }).body;
    expect(page).toContain('&lt;b&gt;Mass&lt;/b&gt; title');
    expect(page).not.toContain('<b>Mass</b>');
    const drifts = listRows(page, 'custpage_drift');
    expect(drifts.find((r) => r.custpage_key === `contact:${first}`)).toMatchObject({ custpage_finding: 'DRIFT_FOUND', custpage_fields: expect.stringContaining('NetSuite (blank) · Salesforce <b>Mass</b> title → repair from salesforce') });
    expect(drifts.find((r) => r.custpage_key === `contact:${second}`)?.custpage_fields).toMatch(/Imported title.*→ repair from netsuite/);
    expect(drifts.every((r) => r.html.includes('type="checkbox"'))).toBe(true);
    expect(fieldText(page, 'custpage_differs')).toBe('2');
    expect(world.account.get('contact', first)?.title).not.toBe('<b>Mass</b> title');

    // "Repair selected" with nothing ticked repairs nothing.
    expect(pageMessages(submitForm(world, page, 'reconcile_repair_selected').body)[0]?.title).toBe('Select at least one record to repair, or choose "Repair all".');
    expect(world.account.runQueuedTasks({ maxRuns: 5 })).toHaveLength(0);

    // A forged request (no token) starts nothing.
    const forged = consolePost(world, { page: 'reconcile', action: 'reconcile_repair', record: `contact:${first}` }, { token: null });
    expect(forged.body).toContain('Nothing was changed');
    expect(world.account.runQueuedTasks({ maxRuns: 5 })).toHaveLength(0);

    // Tick the first record's line, choose "Repair selected", Submit.
    const repaired = submitForm(world, page, 'reconcile_repair_selected', { lists: { custpage_drift: (r) => r.custpage_key === `contact:${first}` } });
    expect(pageMessages(repaired.body)[0]?.title).toBe(`Repair of contact ${first} started.`);
    world.account.runQueuedTasks({ maxRuns: 5 });
    expect(world.account.get('contact', first)?.title).toBe('<b>Mass</b> title');
    expect(logRows(world).filter((r) => r[LOG.reason] === 'DRIFT_REPAIRED').map((r) => Number(r[LOG.recordId]))).toEqual([first]);
  });
});

describe('console: preview page', () => {
  it('runs a preview, shows its counts, links the whole plan as a CSV file in the File Cabinet, and starts exactly that sync', () => {
    const world = createWorld();
    const customer = seedCustomer(world, { companyname: 'Preview Co' });
    for (let i = 1; i <= 2; i++) world.account.seed('contact', { firstname: 'P', lastname: `Person ${i}`, email: `p${i}@preview.example`, company: customer, subsidiary: world.subsidiary });
    world.account.seed('contact', { firstname: 'P', lastname: 'Locked', email: 'locked@preview.example', company: customer, subsidiary: world.subsidiary, [ENTITY_FIELDS.lock]: true });

    const empty = consoleGet(world, { page: 'preview' }).body;
    expect(fieldText(empty, 'custpage_none')).toMatch(/^No preview has run yet\./);
    expect(pageMessages(submitForm(world, empty, 'preview_run').body)[0]?.title).toMatch(/^The preview was asked to run now/);
    world.account.runQueuedTasks({ maxRuns: 5 });
    expect(world.salesforce.allContacts()).toHaveLength(0);
    const page = consoleGet(world, { page: 'preview' }).body;
    expect(listRows(page, 'custpage_counts').find((r) => r.custpage_object === 'Contact')).toMatchObject({ custpage_create: '2', custpage_link: '0', custpage_update: '0', custpage_unchanged: '0', custpage_skip: '1' });
    expect(listRows(page, 'custpage_reasons')).toContainEqual(expect.objectContaining({ custpage_object: 'Contact', custpage_code: 'RECORD_LOCKED', custpage_count: '1' }));
    // The whole plan is a CSV file in the File Cabinet's plans folder, and the page links to it (its File.url).
    const href = (/<a class="uir-crosslink" href="([^"]+)">The whole plan \(CSV/.exec(page)?.[1] ?? '').replace(/&#38;|&amp;/g, '&');
    const file = world.account.fileCabinet.byUrl(href);
    expect(file).toBeDefined();
    if (file === undefined) return;
    expect(world.account.fileCabinet.pathOf(file)).toMatch(/^SuiteScripts\/crmsync\/plans\/crmsync-preview-[\w.-]+\.csv$/);
    const lines = world.account.fileCabinet.contents(file).split('\n');
    expect(lines[0]).toBe('object,record type,record id,planned outcome,reason,crm id,changes,also matching,message');
    expect(lines.filter((l) => l.startsWith('Contact,'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('Account,customer,'))).toHaveLength(1);
    expect(lines).toHaveLength(1 + 4);
    // The old download endpoint is gone: one way to get the plan.
    expect(consoleGet(world, { page: 'preview', csv: 'x' }).headers['Content-Type'] ?? '').not.toContain('text/csv');

    expect(pageMessages(submitForm(world, page, 'preview_start').body)[0]?.title).toBe('The full sync the preview planned has started.');
    world.account.runQueuedTasks({ maxRuns: 10 });
    expect(world.salesforce.allContacts().map((c) => c.Email).sort()).toEqual(['p1@preview.example', 'p2@preview.example']);
  });
});
