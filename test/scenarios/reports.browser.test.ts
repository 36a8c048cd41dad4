/**
 * The preview and drift report pages in a real browser (headless Debian Chromium driven by playwright-core, as the
 * console's own browser test): run a preview, read its counts, start exactly that sync; after a Salesforce mass update,
 * run reconcile, read the finding and click its Repair. Writes test-output/preview.png and reconcile.png (gitignored);
 * with UPDATE_DOCS=1 it refreshes docs/preview.png and docs/reconcile.png, the README's screenshots.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { consoleGet, consolePost } from './admin';
import { createWorld, seedCustomer, sfIdOf, type World } from './world';

const CHROMIUM = '/usr/bin/chromium';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => { resolve(body); });
    request.on('error', reject);
  });
}

/** GET renders through the Suitelet; POST forwards the form fields, then runs what the action queued (NetSuite would). */
function serveConsole(world: World): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const parameters = Object.fromEntries(url.searchParams);
      const result = request.method === 'POST'
        ? consolePost(world, { ...parameters, ...Object.fromEntries(new URLSearchParams(await readBody(request))) }, { token: null })
        : consoleGet(world, parameters);
      if (request.method === 'POST') world.account.runQueuedTasks({ maxRuns: 10 });
      response.writeHead(result.code, { 'Content-Type': result.headers['Content-Type'] ?? 'text/html; charset=utf-8' });
      response.end(result.body);
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/site/hosting/scriptlet.nl` });
    });
  });
}

async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.UPDATE_DOCS === '1' ? 'docs' : 'test-output';
  mkdirSync(join(__dirname, '..', '..', folder), { recursive: true });
  await page.screenshot({ path: join(__dirname, '..', '..', folder, name), fullPage: true });
}

describe('preview and drift report in Chromium', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;

  afterAll(async () => {
    await browser?.close();
    const started = server;
    if (started !== undefined) await new Promise((resolve) => { started.close(resolve); });
  });

  it('previews, starts exactly that sync, then finds and repairs a Salesforce mass update', async () => {
    if (!existsSync(CHROMIUM)) {
      const message = `${CHROMIUM} is missing, so the report pages were not tested in a browser. Install it with: apt-get install -y chromium`;
      if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') throw new Error(message);
      console.warn(`SKIPPED the browser test: ${message}`);
      return;
    }
    const world = createWorld();
    const customer = seedCustomer(world, { companyname: 'Browser Co' });
    const contacts = [1, 2, 3].map((i) => world.account.seed('contact', { firstname: 'Bea', lastname: `Browser ${i}`, email: `b${i}@browser.example`, company: customer, subsidiary: world.subsidiary }));
    world.account.seed('contact', { firstname: 'Bea', lastname: 'No Email', company: customer, subsidiary: world.subsidiary });
    world.salesforce.seedContact({ LastName: 'Browser 1', Email: 'b1@browser.example', Title: 'Old title' });
    const served = await serveConsole(world);
    server = served.server;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });

    await page.goto(`${served.url}?page=preview`);
    await Promise.all([page.waitForURL(/scriptlet/), page.locator('#preview-run').click()]);
    await page.goto(`${served.url}?page=preview`);
    const counts = await page.locator('#preview-counts').innerText();
    expect(counts).toMatch(/Contact\s+2\s+1\s+0\s+0\s+1/);
    expect(await page.locator('#preview-ambiguous').innerText()).toContain('None.');
    await screenshot(page, 'preview.png');
    expect(world.salesforce.allContacts()).toHaveLength(1);
    await Promise.all([page.waitForURL(/scriptlet/), page.locator('#preview-start').click()]);
    expect(await page.locator('#notice').innerText()).toContain('The full sync the preview planned has started.');
    expect(world.salesforce.allContacts()).toHaveLength(3);

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
