/**
 * The preview and drift report pages in a real browser (headless Debian Chromium driven by playwright-core, as the
 * console's own browser test): run a preview, read its counts, start exactly that sync; preview Import from Salesforce
 * and read its counts; after a Salesforce mass update, run reconcile, read the finding and click its Repair. Writes test-output/preview.png and reconcile.png (gitignored);
 * with UPDATE_DOCS=1 it refreshes docs/preview.png and docs/reconcile.png, the README's screenshots.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumOrSkip, closeBrowser, launchChromium, serveConsole } from './browser';
import { createWorld, seedCustomer, sfIdOf } from './world';

async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.UPDATE_DOCS === '1' ? 'docs' : 'test-output';
  mkdirSync(join(__dirname, '..', '..', folder), { recursive: true });
  await page.screenshot({ path: join(__dirname, '..', '..', folder, name), fullPage: true });
}

describe('preview and drift report in Chromium', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;

  afterAll(async () => { await closeBrowser(browser, server); });

  it('previews, starts exactly that sync, then finds and repairs a Salesforce mass update', async () => {
    if (!chromiumOrSkip('the report pages')) return;
    const world = createWorld();
    const customer = seedCustomer(world, { companyname: 'Browser Co' });
    const contacts = [1, 2, 3].map((i) => world.account.seed('contact', { firstname: 'Bea', lastname: `Browser ${i}`, email: `b${i}@browser.example`, company: customer, subsidiary: world.subsidiary }));
    world.account.seed('contact', { firstname: 'Bea', lastname: 'No Email', company: customer, subsidiary: world.subsidiary });
    world.salesforce.seedContact({ LastName: 'Browser 1', Email: 'b1@browser.example', Title: 'Old title' });
    const served = await serveConsole(() => world, (w) => { w.account.runQueuedTasks({ maxRuns: 10 }); });
    server = served.server;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });

    await page.goto(`${served.url}?page=preview`);
    await Promise.all([page.waitForURL(/scriptlet/), page.locator('#preview-run').click()]);
    await page.goto(`${served.url}?page=preview`);
    const counts = await page.locator('#preview-counts').innerText();
    expect(counts).toMatch(/Contact\s+2\s+1\s+0\s+0\s+1/);
    expect(await page.locator('#preview-ambiguous').innerText()).toContain('None.');
    // The whole plan is a File Cabinet file: the link is its URL.
    expect(await page.locator('#preview-csv').getAttribute('href')).toMatch(/^\/core\/media\/media\.nl\?id=\d+&/);
    expect(world.salesforce.allContacts()).toHaveLength(1);
    await Promise.all([page.waitForURL(/scriptlet/), page.locator('#preview-start').click()]);
    expect(await page.locator('#notice').innerText()).toContain('The full sync the preview planned has started.');
    expect(world.salesforce.allContacts()).toHaveLength(3);

    // Preview of Import from Salesforce: one contact only Salesforce has, the three just synced unchanged.
    world.salesforce.seedContact({ LastName: 'Only In Salesforce', Email: 'sf-only@browser.example', AccountId: sfIdOf(world, 'customer', customer) });
    await page.goto(`${served.url}?page=preview`);
    await Promise.all([page.waitForURL(/scriptlet/), page.locator('#import-preview-run').click()]);
    await page.goto(`${served.url}?page=preview`);
    expect(await page.locator('#import-preview-counts').innerText()).toMatch(/Contact\s+1\s+0\s+0\s+3\s+0\s+0\s+0/);
    await screenshot(page, 'preview.png');

    const first = contacts[0] ?? 0;
    for (const id of contacts) world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', id), { Title: 'Mass updated' }, { userId: '005000000000MASSAA' });
    await page.goto(`${served.url}?page=reconcile`);
    await Promise.all([page.waitForURL(/scriptlet/), page.locator('#reconcile-run').click()]);
    await page.goto(`${served.url}?page=reconcile`);
    expect(await page.locator('#reconcile-summary').innerText()).toContain('3 differ');
    await screenshot(page, 'reconcile.png');
    await Promise.all([page.waitForURL(/scriptlet/), page.locator(`#repair-contact-${first}-salesforce`).click()]);
    expect(await page.locator('#notice').innerText()).toContain(`Repair of contact ${first} started.`);
    expect(world.account.get('contact', first)?.title).toBe('Mass updated');
    expect(world.account.get('contact', contacts[1] ?? 0)?.title ?? '').not.toBe('Mass updated');
  });
});
