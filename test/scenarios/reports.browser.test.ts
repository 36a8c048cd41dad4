/**
 * The preview and drift report pages in a real browser (headless Debian Chromium driven by playwright-core, as the
 * console's own browser test), both NetSuite pages built with N/ui/serverWidget: run a preview (Action, Submit), read its
 * counts and its plan file's link, start exactly that sync; preview Import from Salesforce and read its counts; after a
 * Salesforce mass update, run reconcile, read the finding, tick it and Repair it. Writes test-output/preview.png and reconcile.png (gitignored);
 * with UPDATE_DOCS=1 it refreshes docs/preview.png and docs/reconcile.png, the README's screenshots.
 */
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { chromiumOrSkip, closeBrowser, launchChromium, pageText, screenshotPath, serveConsole, submitPage } from './browser';
import { createWorld, seedCustomer, sfIdOf } from './world';

describe('preview and drift report in Chromium', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;

  afterAll(async () => { await closeBrowser(browser, server); });

  it('previews, starts exactly that sync, then finds and repairs a Salesforce mass update', async () => {
    if (!chromiumOrSkip('the report pages')) return;
    const world = createWorld();
    const customer = seedCustomer(world, { companyname: 'Browser Co' });
    const contactsList = [1, 2, 3].map((i) => world.account.seed('contact', { firstname: 'Bea', lastname: `Browser ${i}`, email: `b${i}@browser.example`, company: customer, subsidiary: world.subsidiary }));
    world.account.seed('contact', { firstname: 'Bea', lastname: 'No Email', company: customer, subsidiary: world.subsidiary });
    world.salesforce.seedContact({ LastName: 'Browser 1', Email: 'b1@browser.example', Title: 'Old title' });
    const served = await serveConsole(() => world, (w) => { w.account.runQueuedTasks({ maxRuns: 10 }); });
    server = served.server;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });

    const text = (selector: string): Promise<string> => pageText(page, selector);
    const submit = (action: string): Promise<void> => submitPage(page, action);

    await page.goto(`${served.url}?page=preview`);
    await submit('Run a preview');
    await page.goto(`${served.url}?page=preview`);
    const contacts = page.locator('#custpage_counts_splits tr:has(td[data-field="custpage_object"]:text-is("Contact"))');
    expect(await contacts.locator('td[data-field="custpage_create"]').innerText()).toBe('2');
    expect(await contacts.locator('td[data-field="custpage_link"]').innerText()).toBe('1');
    expect(await contacts.locator('td[data-field="custpage_skip"]').innerText()).toBe('1');
    expect(await text('#custpage_ambiguous_splits')).toContain('No records to show.');
    expect(await text('#custpage_finished_fs')).toMatch(/^\d{1,2}\/\d{1,2}\/2026 \d{1,2}:\d\d/);
    // The whole plan is a File Cabinet file: the page's crosslink is its URL.
    expect(await page.locator('a.uir-crosslink', { hasText: 'The whole plan' }).getAttribute('href')).toMatch(/^\/core\/media\/media\.nl\?id=\d+&/);
    expect(world.salesforce.allContacts()).toHaveLength(1);
    await submit('Start exactly this sync');
    expect(await text('.uir-page-message[data-message-type=confirmation]')).toContain('The full sync the preview planned has started.');
    expect(world.salesforce.allContacts()).toHaveLength(3);

    // Preview of Import from Salesforce: one contact only Salesforce has, the three just synced unchanged.
    world.salesforce.seedContact({ LastName: 'Only In Salesforce', Email: 'sf-only@browser.example', AccountId: sfIdOf(world, 'customer', customer) });
    await page.goto(`${served.url}?page=preview`);
    await submit('Preview the import');
    await page.goto(`${served.url}?page=preview`);
    const imported = page.locator('#custpage_imp_counts_splits tr:has(td[data-field="custpage_object"]:text-is("Contact"))');
    expect(await imported.locator('td[data-field="custpage_create"]').innerText()).toBe('1');
    expect(await imported.locator('td[data-field="custpage_unchanged"]').innerText()).toBe('3');
    await page.screenshot({ path: screenshotPath('preview.png'), fullPage: true });

    const first = contactsList[0] ?? 0;
    for (const id of contactsList) world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', id), { Title: 'Mass updated' }, { userId: '005000000000MASSAA' });
    await page.goto(`${served.url}?page=reconcile`);
    await submit('Run reconcile now');
    await page.goto(`${served.url}?page=reconcile`);
    expect(await text('#custpage_differs_fs')).toBe('3');
    await page.screenshot({ path: screenshotPath('reconcile.png'), fullPage: true });
    await page.locator(`#custpage_drift_splits tr:has(input[value="contact:${first}"]) input[type=checkbox]`).check();
    await submit('Repair selected');
    expect(await text('.uir-page-message[data-message-type=confirmation]')).toContain(`Repair of contact ${first} started.`);
    expect(world.account.get('contact', first)?.title).toBe('Mass updated');
    expect(world.account.get('contact', contactsList[1] ?? 0)?.title ?? '').not.toBe('Mass updated');
  });
});
