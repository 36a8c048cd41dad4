/** The console Suitelet and the record's "Sync now", end to end on the built bundle in the emulated account. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_SCRIPT_PARAMS, ADMIN_SCRIPTS, ENTITY_FIELDS, LOG, ROLES, SAVED_SEARCHES, SCRIPTS, SETTINGS } from '../../src/ids';
import { bannersOf, clickRecordButton, consoleGet, consolePost, consoleSubmit, failedRows, fieldText, followRedirect, listRows, pageMessages, seedFailure } from './admin';
import { createCustomerWithContacts, createWorld, drainPush, queueSnapshot, queueStateOf, syncStatus, type World } from './world';

function queueState(world: World, recordId: number): string | null {
  return queueStateOf(world, 'contact', recordId);
}

function asViewer(world: World): void {
  world.account.signIn({ role: 1001, roleId: ROLES.viewer });
}

describe('console', () => {
  it('shows queue, runs, chart, reasons, failed records and connection, everything escaped, within governance', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    world.account.seedUpdate('contact', bad, { [ENTITY_FIELDS.lastError]: 'INVALID_EMAIL: <script>alert(1)</script> rejected' });
    const page = consoleGet(world);
    expect(page.code).toBe(200);
    expect(page.report.usage).toBeLessThan(300);
    const body = page.body;
    expect(body).not.toMatch(/<script/i);
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bad Email');
    // One line of the LIST sublist per failed record and system, its values escaped; a checkbox to tick it.
    const [row] = failedRows(body);
    expect(row).toMatchObject({ custpage_reason: 'INVALID_EMAIL', custpage_message: '<script>alert(1)</script> rejected', custpage_system: 'Salesforce', custpage_recordtype: 'contact', custpage_id: String(bad) });
    expect(row?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; rejected');
    expect(row?.html).toMatch(/<input type="checkbox" name="custpage_failed_custpage_select_0" value="T">/);
    expect(body).toContain('id="custpage_failed_markall" value="Mark All"');
    expect(fieldText(body, 'custpage_queue_depth')).toBe('0');
    expect(fieldText(body, 'custpage_connection_state')).toBe('Connected');
    expect(body).toMatch(/<svg[^>]*>.*class="bar-failed"/s);
    expect(listRows(body, 'custpage_reasons')[0]).toMatchObject({ custpage_code: 'INVALID_EMAIL', custpage_system: 'Salesforce', custpage_count: '1' });
    // The run's status and error count come from its outcomes: one record failed, so it is not "Completed, 0 errors".
    expect(listRows(body, 'custpage_runs')[0]).toMatchObject({
      custpage_kind: 'push', custpage_status: 'Failures', custpage_records: '4', custpage_counts: '3 / 0 / 1 / 0 / 0', custpage_by_system: 'Salesforce: 3 / 0 / 1 / 0 / 0', custpage_errors: '1',
    });
  });

  it('shows dates in the user\'s date format and time zone (Set Preferences), not ISO/UTC', () => {
    const world = createWorld({ format: { dateFormat: 'DD.MM.YYYY', timeFormat: 'HH:mm', timeZone: 'Europe/Berlin' } });
    seedFailure(world);
    const body = consoleGet(world).body;
    // 2026-03-02T09:00Z is 10:00 in Berlin.
    expect(fieldText(body, 'custpage_generated')).toMatch(/^02\.03\.2026 10:00/);
    expect(failedRows(body)[0]?.custpage_since).toMatch(/^02\.03\.2026 10:\d\d/);
    expect(listRows(body, 'custpage_runs')[0]?.custpage_started).toMatch(/^02\.03\.2026 10:\d\d/);
    expect(body).not.toMatch(/>2026-03-02T/);
    // Times inside the core's sentences too: the background retry's progress line.
    consolePost(world, { action: 'retry_all' });
    expect(fieldText(consoleGet(world).body, 'custpage_retry_task')).toMatch(/in the background since 02\.03\.2026 10:\d\d/);
  });

  it('the form posts the ticked lines of the error list: Submit with "Retry selected" queues exactly those', () => {
    const world = createWorld();
    const first = seedFailure(world);
    const second = seedFailure(world);
    const result = consoleSubmit(world, 'retry_selected', { tick: (row) => row.custpage_id === String(second.bad) });
    expect(pageMessages(result.body)[0]?.title).toMatch(/^Retry queued for 1 record\(s\) in the background/);
    world.account.runQueuedTasks({ maxRuns: 1 }); // the retry task carries exactly the ticked line
    expect(queueState(world, second.bad)).toBe('pending');
    expect(queueState(world, first.bad)).toBe('failed');
    // Submitted with no action, the form only redraws the list (its filter), and changes nothing.
    const view = consoleSubmit(world, '', { tick: () => true, fields: { custpage_f_status: 'all' } });
    expect(pageMessages(view.body)).toEqual([]);
    expect(queueState(world, first.bad)).toBe('failed');
    expect(view.body).toContain('<option value="all" selected>Failed and skipped</option>');
  });

  it('"Retry selected" re-arms the failed record in the background, and the push syncs it once the email is corrected', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    expect(queueState(world, bad)).toBe('failed');
    const result = consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });
    expect(result.body).toContain('Retry queued for 1 record(s) in the background.');
    world.account.runQueuedTasks({ maxRuns: 1 }); // the retry task
    // Queued again, the record shows Pending (not Failed) until the push has sent it.
    expect(world.account.get('contact', bad)?.[ENTITY_FIELDS.status]).toBe('Pending');
    expect(queueState(world, bad)).toBe('pending');
    world.account.seedUpdate('contact', bad, { email: 'first.last@example.com' });
    drainPush(world);
    expect(syncStatus(world, 'contact', bad).status).toBe('Completed');
    expect(consoleGet(world).body).toContain('Failed records (0)');
  });

  it('"Retry selected" of 30 records is queued by the background retry map/reduce, not by the Suitelet request, with progress', () => {
    const world = createWorld();
    const { customerId } = createCustomerWithContacts(world, 1);
    const bad = Array.from({ length: 30 }, (_, i) => world.account.seed('contact', { firstname: `Bad${i}`, lastname: 'Email', email: `first,last${i}@example.com`, company: customerId, subsidiary: world.subsidiary }));
    for (const id of bad) world.account.ui.inlineEdit('contact', id, { title: 'Imported' });
    drainPush(world);
    for (const id of bad) expect(queueState(world, id)).toBe('failed');
    const queueBefore = queueSnapshot(world);

    const selection = Object.fromEntries(bad.map((id) => [`retry_contact_${id}`, 'T']));
    const result = consolePost(world, { action: 'retry_selected', ...selection });
    expect(result.body).toContain('Retry queued for 30 record(s) in the background.');
    // The request re-armed nothing itself: every queue entry and status is as it was; one retry task carries the 30.
    expect(queueSnapshot(world)).toBe(queueBefore);
    for (const id of bad) expect(syncStatus(world, 'contact', id).status).toBe('Failed');
    const task = world.account.submittedTasks.at(-1);
    expect(task?.scriptId).toBe(ADMIN_SCRIPTS.mrRetry.scriptId);
    expect(String(task?.params[ADMIN_SCRIPT_PARAMS.retryRecords]).split(',').sort()).toEqual(bad.map((id) => `c${id}`).sort());
    expect(fieldText(consoleGet(world).body, 'custpage_retry_task')).toMatch(/^Retrying 30 record\(s\) in the background since/);

    const [run] = world.account.runQueuedTasks({ maxRuns: 1 });
    expect(run !== undefined && 'stages' in run ? run.scriptId : null).toBe(ADMIN_SCRIPTS.mrRetry.scriptId);
    for (const id of bad) expect([id, queueState(world, id)]).toEqual([id, 'pending']);
    expect(fieldText(consoleGet(world).body, 'custpage_retry_task')).toMatch(/queued 30 of 30 record\(s\)/);
    // The task asked for the push, which sends them (and Salesforce rejects them again: the emails are still bad).
    expect(world.account.submittedTasks.at(-1)?.scriptId).toBe(SCRIPTS.mrPush.scriptId);
  });

  it('"Retry all failures" re-arms every failed record in the background', () => {
    const world = createWorld();
    const first = seedFailure(world);
    const second = seedFailure(world);
    const result = consolePost(world, { action: 'retry_all' });
    expect(result.body).toContain('Retrying 2 record(s) in the background.');
    world.account.runQueuedTasks({ maxRuns: 1 }); // the retry task (the push it asks for is not run here)
    for (const id of [first.bad, second.bad]) expect(queueState(world, id)).toBe('pending');
  });

  it('rejects non-numeric, unknown and not-failed ids with a message and changes nothing for them', () => {
    const world = createWorld();
    const { bad, good } = seedFailure(world);
    const queueBeforeRetry = queueSnapshot(world);
    const result = consolePost(world, { action: 'retry_selected', 'retry_contact_1 OR 1=1': 'T', retry_contact_999999: 'T', [`retry_contact_${good[0] ?? 0}`]: 'T' });
    expect(result.body).toContain('Nothing was retried.');
    expect(result.body).toContain('Ignored an invalid selection (retry_contact_1 OR 1=1)');
    expect(result.body).toContain('contact 999999: no such record');
    expect(result.body).toContain('is not in Failed status');
    expect(queueSnapshot(world)).toBe(queueBeforeRetry);
    expect(queueState(world, bad)).toBe('failed');
    expect(consolePost(world, { action: 'retry_selected' }).body).toContain('Select at least one failed record');
    expect(consolePost(world, { action: 'nonsense' }).body).toContain('Unknown action');
  });

  it('a role that is not allowed can look but not retry, until the deployment parameter lists it', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    asViewer(world);
    const page = consoleGet(world).body;
    expect(page).not.toContain('custpage_select');
    expect(page).toContain('can look but not retry');
    const denied = consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });
    expect(denied.body).toContain('Your role may not retry syncs.');
    expect(queueState(world, bad)).toBe('failed');
    world.account.setDeploymentParams(ADMIN_SCRIPTS.slConsole.deploymentId, { [ADMIN_SCRIPT_PARAMS.retryRoles]: '1001' });
    expect(consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' }).body).toContain('Retry queued for 1 record(s)');
  });

  it('the shipped CRM Sync Administrator role retries without any deployment parameter', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    world.account.signIn({ role: 1050, roleId: ROLES.admin });
    expect(failedRows(consoleGet(world).body)[0]?.html).toContain('type="checkbox"');
    expect(consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' }).body).toContain('Retry queued for 1 record(s)');
    world.account.runQueuedTasks({ maxRuns: 1 }); // the retry task
    expect(queueState(world, bad)).toBe('pending');
  });

  it('installs the integration-log saved searches once', () => {
    const world = createWorld();
    const result = consolePost(world, { action: 'install_searches' });
    expect(result.body).toContain('Installed 4 saved search(es).');
    for (const id of Object.values(SAVED_SEARCHES)) expect(world.account.savedSearches.get(id)?.type).toBe(LOG.type);
    expect(consolePost(world, { action: 'install_searches' }).body).toContain('already installed');
    expect(consoleGet(world).body).toContain(`searchresults.nl?searchid=${SAVED_SEARCHES.failures24h}`);
  });

  it('shows a clear error instead of a broken page when Salesforce sign-in fails', () => {
    const world = createWorld();
    world.account.certificates.clear();
    world.account.evictCaches();
    const page = consoleGet(world);
    expect(page.code).toBe(200);
    expect(page.body).toContain('Not connected');
  });
});

describe('on the record', () => {
  it('"Sync now" POSTs from the record, the console re-arms it and asks for a push, and the record says so in a banner', () => {
    const world = createWorld();
    const { bad, customerId } = seedFailure(world);
    const view = world.account.ui.view('contact', bad);
    const button = view.form.buttons.find((b) => b.label === 'Sync now');
    // functionName names a function of the custom module client script attached to the form (Form.addButton).
    expect(button?.functionName).toBe('crmsyncSyncNow');
    expect(view.form.clientScriptModulePath).toBe('SuiteScripts/crmsync/crmsync_cs_record_buttons.js');
    expect(view.scripts.every((s) => s.usage <= 5)).toBe(true);
    expect(view.form.pageMessages).toEqual([]);
    expect(world.account.ui.view('customer', customerId).form.buttons.some((b) => b.label === 'Sync now')).toBe(true);

    // The user clicks: the client module POSTs the action with the user's request token; nothing goes by GET.
    const before = queueSnapshot(world);
    const { click, response, page } = clickRecordButton(world, 'contact', bad, 'Sync now');
    expect(click.navigatedTo).toBeNull();
    expect(click.submitted?.method).toBe('POST');
    expect(click.submitted?.action).toMatch(/^\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=\d+$/);
    expect(Object.keys(click.submitted?.fields ?? {}).sort()).toEqual(['action', 'crmsync_token', 'id', 'recordtype']);
    expect(click.submitted?.fields.action).toBe('syncnow');
    expect(response.report.usage).toBeLessThan(60);
    // The console acts and sends the browser back to the record (redirect.toRecord), with only a one-time key.
    expect(response.code).toBe(302);
    expect(response.headers.Location).toMatch(new RegExp(`^/app/common/entity/contact\\.nl\\?id=${bad}&custparam_crmsync_result=[0-9a-f]{32}$`));
    expect(before).not.toBe(queueSnapshot(world));
    expect(queueState(world, bad)).toBe('pending');
    // NetSuite's green page message on the record, in plain words, the record's name escaped.
    const banners = bannersOf(page.body);
    expect(banners).toHaveLength(1);
    expect(banners[0]?.type).toBe('CONFIRMATION');
    expect(banners[0]?.text).toContain('is queued; the push was asked to run now.');
    expect(banners[0]?.text).toContain('The CRM Sync Status on the record shows the outcome once the push has run.');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bad Email is queued');
    expect(page.body).not.toContain('<script>alert');

    // The key works once: reloading the record (or a copied URL) shows no banner, and neither does a forged key.
    const reload = followRedirect(world, response);
    expect(bannersOf(reload.body)).toEqual([]);
    expect(bannersOf(world.account.ui.view('contact', bad, { custparam_crmsync_result: 'Your record was deleted' }).html)).toEqual([]);
    expect(bannersOf(world.account.ui.view('contact', bad, { custparam_crmsync_result: 'f'.repeat(32) }).html)).toEqual([]);
  });

  it('a result meant for one record shows nothing on another, and "Sync now" while sending is paused says so in yellow', () => {
    const world = createWorld();
    const { bad, good } = seedFailure(world);
    const settingsId = Number(world.account.all(SETTINGS.type)[0]?.id);
    expect(world.account.ui.edit(SETTINGS.type, settingsId, { [SETTINGS.pausePush]: true }).error).toBeUndefined();
    const { response, page } = clickRecordButton(world, 'contact', bad, 'Sync now');
    const key = new URL(`https://x${response.headers.Location ?? ''}`).searchParams.get('custparam_crmsync_result') ?? '';
    expect(bannersOf(world.account.ui.view('contact', good[0] ?? 0, { custparam_crmsync_result: key }).html)).toEqual([]);
    const [banner] = bannersOf(page.body);
    expect(banner?.type).toBe('WARNING');
    expect(banner?.text).toContain('is queued; sending is paused in the CRM Sync settings ("Pause Sending")');
  });

  it('a role that may not sync gets a red banner on the record and nothing is queued; GET ?action=syncnow changes nothing', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    const queued = queueSnapshot(world);
    asViewer(world);
    const { page } = clickRecordButton(world, 'contact', bad, 'Sync now');
    const [banner] = bannersOf(page.body);
    expect(banner?.type).toBe('ERROR');
    expect(banner?.text).toContain('Your role may not start a sync.');
    expect(queueSnapshot(world)).toBe(queued);

    world.account.signIn({});
    const confirm = consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) });
    expect(confirm.code).toBe(200);
    expect(fieldText(confirm.body, 'custpage_question')).toMatch(/ now\?$/);
    expect(queueSnapshot(world)).toBe(queued);
    expect(consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: '99999' }).body).toContain('There is no contact with internal id 99999.');
    expect(consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: '<b>' }).body).toContain('must be a number');
    // A POST for a record that does not exist says so on the console's page: there is no record to go back to.
    for (const action of ['syncnow', 'pullnow']) {
      const missing = consolePost(world, { action, recordtype: 'contact', id: '99999' });
      expect([action, missing.code, missing.body.includes('There is no contact with internal id 99999.')]).toEqual([action, 200, true]);
    }
  });

  it('the integration log rows are children of the record, shown on the CRM Sync subtab', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    const rows = world.account.find(LOG.type, (r) => r[LOG.contact] === String(bad));
    expect(rows.map((r) => r[LOG.reason])).toContain('INVALID_EMAIL');
    const xml = readFileSync(join(__dirname, '..', '..', 'Objects', 'customrecord_crmsync_log.xml'), 'utf8');
    for (const field of [LOG.contact, LOG.customer]) {
      const block = xml.slice(xml.indexOf(`scriptid="${field}"`), xml.indexOf('</customrecordcustomfield>', xml.indexOf(`scriptid="${field}"`)));
      expect(block).toContain('<isparent>T</isparent>');
      expect(block).toContain('<parentsubtab>[scriptid=custtab_crmsync]</parentsubtab>');
    }
  });
});
