/**
 * The console in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core, never a
 * browser download) loads the page the Suitelet renders in the emulated account, ticks the failed record, clicks
 * "Retry selected" and reads the confirmation. A tiny node:http server stands in for NetSuite's Suitelet URL.
 * Writes test-output/console.png (gitignored); with UPDATE_DOCS=1 it refreshes docs/console.png, the README's screenshot.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumOrSkip, closeBrowser, launchChromium, serveConsole } from './browser';
import { ENTITY_FIELDS, QUEUE, SETTINGS } from '../../src/ids';
import { seedFailure } from './admin';
import { createCustomerWithContacts, createWorld, drainPush, syncStatus, type World } from './world';

const DAY = 86_400_000;

/** A week of pushes (for the chart), then one contact that Salesforce rejects. */
function busyWorld(): { world: World; bad: number } {
  const world = createWorld({ start: new Date('2026-02-24T09:00:00.000Z') });
  for (const contacts of [4, 7, 3, 9, 5, 6]) {
    createCustomerWithContacts(world, contacts);
    drainPush(world);
    world.advance(DAY);
  }
  const { bad } = seedFailure(world);
  return { world, bad };
}

/** Right after installing: no active settings record, and users already saving contacts. */
function freshInstall(): World {
  const world = createWorld();
  for (const row of world.account.all(SETTINGS.type)) world.account.seedUpdate(SETTINGS.type, Number(row.id), { isinactive: true });
  world.account.evictCaches();
  createCustomerWithContacts(world, 3);
  drainPush(world);
  return world;
}

/** A consumer key from another app: every run is refused at sign-in. */
function connectionDown(): World {
  const world = createWorld({ settings: { [SETTINGS.clientId]: '3MVG9-a-key-from-another-app' } });
  createCustomerWithContacts(world, 3);
  drainPush(world);
  return world;
}

/** Sending paused with changes waiting. */
function paused(): World {
  const world = createWorld({ settings: { [SETTINGS.pausePush]: true } });
  createCustomerWithContacts(world, 4);
  drainPush(world);
  return world;
}

/** 5,000 failed contacts written straight into the account (as many syncs would leave them), 1,250 of them duplicates. */
function fiveThousandFailures(): World {
  const world = createWorld();
  createCustomerWithContacts(world, 2);
  drainPush(world);
  const customer = world.account.seed('customer', { companyname: 'Bulk Co', isperson: false, subsidiary: world.subsidiary });
  for (let i = 0; i < 5000; i++) {
    world.account.seed('contact', {
      firstname: 'Bulk', lastname: `Contact ${i}`, email: `bulk${i}@example.com`, company: customer, subsidiary: world.subsidiary, [ENTITY_FIELDS.status]: 'Failed',
      [ENTITY_FIELDS.lastError]: i % 4 === 0 ? 'SF_DUPLICATE: Use one of these records?' : 'SF_INVALID_EMAIL: Email: invalid email address: [email]',
    });
  }
  return world;
}

describe('console in Chromium', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;

  afterAll(async () => { await closeBrowser(browser, server); });

  it('shows each state as an admin sees it: fresh install, connection down, healthy with a retry, paused, 5,000 failures', async () => {
    if (!chromiumOrSkip('the console')) return;
    let world = freshInstall();
    const served = await serveConsole(() => world);
    server = served.server;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1180, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    const folder = join(__dirname, '..', '..', process.env.UPDATE_DOCS === '1' ? 'docs' : 'test-output');
    mkdirSync(folder, { recursive: true });
    const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(folder, name), fullPage: true });

    // Fresh install: the checklist starts at the settings, and the banner names the missing Consumer Key.
    await page.goto(served.url);
    expect(await page.title()).toBe('CRM Sync Console');
    expect(await page.locator('#setup h2').innerText()).toBe('Setup checklist (0 of 5 done)');
    expect(await page.locator('li[data-step="settings"] a').innerText()).toBe('Create the settings');
    expect(await page.locator('#connection-salesforce h2').innerText()).toContain('check Salesforce Consumer Key');
    expect(await page.locator('#queue-depth').innerText()).toBe('4');
    await shot('console-fresh-install.png');

    // Connection down: one red banner naming the Consumer Key and Salesforce's own answer; records wait, none failed.
    world = connectionDown();
    await page.goto(served.url);
    const banner = await page.locator('#connection-salesforce').innerText();
    expect(banner).toContain('Salesforce connection failed: check Salesforce Consumer Key (Salesforce answered invalid_client_id)');
    expect(await page.locator('[role=alert]').count()).toBe(1);
    expect(await page.locator('#failed h2').innerText()).toBe('Failed records (0)');
    expect(await page.locator('li[data-step="connect"]').getAttribute('data-state')).toBe('problem');
    await shot('console-connection-down.png');

    // Healthy, with one record Salesforce rejected: Org health card, the chart, the error list; Retry selected.
    const busy = busyWorld();
    world = busy.world;
    await page.goto(served.url);
    expect(await page.locator('#org-health').innerText()).toContain('Every prerequisite is in place');
    expect(await page.locator('#connection-salesforce').count()).toBe(0);
    expect(await page.locator('#chart svg rect').count()).toBeGreaterThan(5);
    expect(await page.locator('#failed h2').innerText()).toBe('Failed records (1)');
    expect(await page.locator('#chart svg title').allTextContents()).toContain('2026-03-02: 1 failed');
    const row = page.locator(`tr[data-record="contact:${busy.bad}"]`);
    expect(await row.locator('a').first().innerText()).toBe('<script>alert("x")</script> Bad Email');
    expect(await row.locator('td').nth(4).innerText()).toBe('Salesforce');
    await shot('console.png');
    await row.locator('input[type=checkbox]').check();
    await Promise.all([page.waitForURL(served.url), page.locator('#retry-selected').click()]);
    const notice = await page.locator('#notice').innerText();
    expect(notice).toContain('Retry queued for 1 record(s) in the background.');
    expect(await page.locator('#retry-task').innerText()).toContain('Retrying 1 record(s) in the background since');
    world.account.runQueuedTasks({ maxRuns: 1 }); // the background retry task, as NetSuite would run it
    await page.goto(served.url);
    expect(await page.locator('#retry-task').innerText()).toContain('queued 1 of 1 record(s)');
    expect(world.account.get('contact', busy.bad)?.[ENTITY_FIELDS.status]).toBe('Pending');
    const entry = world.account.get(QUEUE.type, Number(world.account.get('contact', busy.bad)?.[ENTITY_FIELDS.queueId]));
    expect(entry?.[QUEUE.state]).toBe('pending');
    world.account.seedUpdate('contact', busy.bad, { email: 'first.last@example.com' });
    drainPush(world);
    expect(syncStatus(world, 'contact', busy.bad).status).toBe('Completed');
    await page.goto(served.url);
    expect(await page.locator('#failed h2').innerText()).toBe('Failed records (0)');

    // Paused: the queue card says sending is paused and how many changes wait.
    world = paused();
    await page.goto(served.url);
    expect(await page.locator('#sending').innerText()).toContain('Sending is paused ("Pause Sending" in CRM Sync Settings): 5 change(s) wait in the queue');
    await shot('console-paused.png');

    // 5,000 failures: paged 50 at a time; filter by reason, Mark All, and "Retry these 1,250".
    world = fiveThousandFailures();
    await page.goto(served.url);
    expect(await page.locator('#failed h2').innerText()).toBe('Failed records (5000)');
    expect(await page.locator('#paging').innerText()).toContain('Page 1 of 100 (5000 matching)');
    await page.locator('select[name="f_reason"]').selectOption('SF_DUPLICATE');
    await Promise.all([page.waitForURL(/f_reason=SF_DUPLICATE/), page.locator('#apply-filters').click()]);
    expect(await page.locator('#retry-matching').innerText()).toBe('Retry these 1,250');
    await Promise.all([page.waitForURL(/markall=T/), page.locator('#mark-all').click()]);
    expect(await page.locator('#failure-list input[type=checkbox]:checked').count()).toBe(50);
    await shot('console-5000-failures.png');
    expect(dialogs).toEqual([]);
  });
});
