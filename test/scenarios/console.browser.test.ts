/**
 * The console in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core, never a
 * browser download) loads the NetSuite page the console Suitelet builds with N/ui/serverWidget in the emulated account
 * (field groups, LIST sublists with Mark All, page messages), ticks the failed record, chooses "Retry selected",
 * submits and reads the confirmation. A tiny node:http server stands in for NetSuite's Suitelet URL.
 * Writes test-output/console.png (gitignored); with UPDATE_DOCS=1 it refreshes docs/console.png, the README's screenshot.
 */
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { chromiumOrSkip, closeBrowser, launchChromium, pageText, screenshotPath, serveConsole, submitPage } from './browser';
import { ADMIN_SCRIPTS, ENTITY_FIELDS, SETTINGS } from '../../src/ids';
import { seedFailure } from './admin';
import { createCustomerWithContacts, createWorld, drainPush, pendingQueue, queueStateOf, syncStatus, type World } from './world';

const DAY = 86_400_000;

/** A week of pushes (for the chart), then one contact that Salesforce rejects. */
function busyWorld(): { world: World; bad: number } {
  const world = createWorld({ start: new Date('2026-02-24T09:00:00.000Z'), format: { dateFormat: 'DD.MM.YYYY', timeFormat: 'HH:mm', timeZone: 'Europe/Berlin' } });
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
    // The top of the page (the reason-code list below it runs long): what the README shows.
    const shot = (name: string): Promise<Buffer> => page.screenshot({ path: screenshotPath(name), fullPage: true, clip: { x: 0, y: 0, width: 1180, height: 1700 } });
    const text = (selector: string): Promise<string> => pageText(page, selector);
    const submit = (): Promise<void> => submitPage(page);
    const banner = (service: string): string => `.uir-page-message[role=alert]:has([data-service="${service}"])`;

    // Fresh install: the checklist starts at the settings, and the red banner names the missing Consumer Key.
    await page.goto(served.url);
    expect(await page.title()).toBe('CRM Sync Console');
    expect(await text('#custpage_setup_fg .fgroup_title')).toBe('Setup checklist (0 of 5 done)');
    expect(await page.locator('li[data-step="settings"] a').innerText()).toBe('Create the settings');
    expect(await text(`${banner('salesforce')} .uir-page-message-title`)).toContain('check Salesforce Consumer Key');
    expect(await text('#custpage_queue_depth_fs')).toBe('4');
    await shot('console-fresh-install.png');

    // Connection down: one red banner naming the Consumer Key and Salesforce's own answer; records wait, none failed.
    world = connectionDown();
    await page.goto(served.url);
    expect(await text(banner('salesforce'))).toContain('Salesforce connection failed: check Salesforce Consumer Key (Salesforce answered invalid_client_id)');
    expect(await page.locator('[role=alert]').count()).toBe(1);
    expect(await text('#custpage_failed_label')).toBe('Failed records (0)');
    expect(await page.locator('li[data-step="connect"]').getAttribute('data-state')).toBe('problem');
    await shot('console-connection-down.png');

    // Healthy, with one record Salesforce rejected (the user's dates are DD.MM.YYYY, Berlin time): Org health, the
    // chart, the error list; tick the record, choose "Retry selected", Submit.
    const busy = busyWorld();
    world = busy.world;
    await page.goto(served.url);
    expect(await text('#custpage_health_summary_fs')).toBe('Every prerequisite is in place');
    expect(await page.locator(banner('salesforce')).count()).toBe(0);
    expect(await page.locator('#chart svg rect').count()).toBeGreaterThan(5);
    expect(await text('#custpage_failed_label')).toBe('Failed records (1)');
    expect(await page.locator('#chart svg title').allTextContents()).toContain('2026-03-02: 1 failed');
    const row = page.locator(`#custpage_failed_splits tr:has(input[name^="custpage_failed_custpage_id_"][value="${busy.bad}"])`);
    expect(await row.locator('td[data-field="custpage_record"] a').innerText()).toBe('<script>alert("x")</script> Bad Email');
    expect(await row.locator('td[data-field="custpage_system"]').innerText()).toBe('Salesforce');
    expect(await row.locator('td[data-field="custpage_since"]').innerText()).toMatch(/^02\.03\.2026 \d\d:\d\d/);
    expect(await text('#custpage_generated_fs')).toMatch(/^02\.03\.2026 10:00/);
    await shot('console.png');
    await row.locator('input[type=checkbox]').check();
    await page.locator('select[name="custpage_action"]').selectOption({ label: 'Retry selected' });
    await submit();
    const notice = await text('.uir-page-message[data-message-type=confirmation]');
    expect(notice).toContain('Retry queued for 1 record(s) in the background.');
    expect(await text('#custpage_retry_task_fs')).toContain('Retrying 1 record(s) in the background since');
    world.account.runQueuedTasks({ maxRuns: 1 }); // the background retry task, as NetSuite would run it
    await page.goto(served.url);
    expect(await text('#custpage_retry_task_fs')).toContain('queued 1 of 1 record(s)');
    expect(world.account.get('contact', busy.bad)?.[ENTITY_FIELDS.status]).toBe('Pending');
    expect(queueStateOf(world, 'contact', busy.bad)).toBe('pending');
    world.account.seedUpdate('contact', busy.bad, { email: 'first.last@example.com' });
    drainPush(world);
    expect(syncStatus(world, 'contact', busy.bad).status).toBe('Completed');
    await page.goto(served.url);
    expect(await text('#custpage_failed_label')).toBe('Failed records (0)');

    // Paused: a yellow banner and the queue group say sending is paused and how many changes wait.
    world = paused();
    await page.goto(served.url);
    expect(await text('#custpage_sending_fs')).toContain('Sending is paused ("Pause Sending" in CRM Sync Settings): 5 change(s) wait in the queue');
    expect(await text('.uir-page-message[data-message-type=warning]')).toContain('Sending is paused');
    await shot('console-paused.png');

    // 5,000 failures: paged 50 at a time; filter by reason (Submit with no action redraws the list), Mark All, and
    // "Retry these 1,250", which the background retry queues.
    world = fiveThousandFailures();
    await page.goto(served.url);
    expect(await text('#custpage_failed_label')).toBe('Failed records (5000)');
    expect(await text('#custpage_paging_fs')).toContain('Page 1 of 100 (5000 matching)');
    await page.locator('select[name="custpage_f_reason"]').selectOption('SF_DUPLICATE');
    await submit();
    expect(await text('#custpage_paging_fs')).toContain('Page 1 of 25 (1250 matching)');
    expect(await text('select[name="custpage_action"] option[value="retry_matching"]')).toBe('Retry these 1,250');
    await page.locator('#custpage_failed_markall').click();
    expect(await page.locator('#custpage_failed_splits input[type=checkbox]:checked').count()).toBe(50);
    await shot('console-5000-failures.png');
    await page.locator('select[name="custpage_action"]').selectOption({ label: 'Retry these 1,250' });
    await submit();
    expect(await text('.uir-page-message[data-message-type=confirmation]')).toContain('Retrying 1,250 record(s) in the background.');
    const task = world.account.submittedTasks.find((t) => t.scriptId === ADMIN_SCRIPTS.mrRetry.scriptId && t.status === 'PENDING');
    world.account.runMapReduce({ scriptId: ADMIN_SCRIPTS.mrRetry.scriptId, deploymentId: ADMIN_SCRIPTS.mrRetry.deploymentId, params: task?.params ?? {} });
    expect(pendingQueue(world)).toHaveLength(1250);
    expect(dialogs).toEqual([]);
  });
});
