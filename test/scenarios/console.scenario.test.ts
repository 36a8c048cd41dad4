/** The console Suitelet and the record's "Sync now", end to end on the built bundle in the emulated account. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_SCRIPT_PARAMS, ADMIN_SCRIPTS, ENTITY_FIELDS, LOG, QUEUE, ROLES, SAVED_SEARCHES } from '../../src/ids';
import { consoleConfirm, consoleGet, consolePost, consoleSubmit, failedRows, fieldText, listRows, pageMessages, seedFailure } from './admin';
import { createWorld, drainPush, syncStatus, type World } from './world';

function queueEntry(world: World, recordId: number): Record<string, unknown> | undefined {
  const queueId = world.account.get('contact', recordId)?.[ENTITY_FIELDS.queueId];
  return world.account.get(QUEUE.type, Number(queueId));
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
    expect(pageMessages(result.body)[0]?.title).toMatch(/^Retry queued for 1 record\(s\)/);
    expect(queueEntry(world, second.bad)?.[QUEUE.state]).toBe('pending');
    expect(queueEntry(world, first.bad)?.[QUEUE.state]).toBe('failed');
    // Submitted with no action, the form only redraws the list (its filter), and changes nothing.
    const view = consoleSubmit(world, '', { tick: () => true, fields: { custpage_f_status: 'all' } });
    expect(pageMessages(view.body)).toEqual([]);
    expect(queueEntry(world, first.bad)?.[QUEUE.state]).toBe('failed');
    expect(view.body).toContain('<option value="all" selected>Failed and skipped</option>');
  });

  it('"Retry selected" re-arms the failed record, and the push syncs it once the email is corrected', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    expect(queueEntry(world, bad)?.[QUEUE.state]).toBe('failed');
    const tasksBefore = world.account.submittedTasks.length;
    const result = consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });
    expect(result.body).toContain('Retry queued for 1 record(s)');
    // Queued again, the record shows Pending (not Failed) until the push has sent it.
    expect(world.account.get('contact', bad)?.[ENTITY_FIELDS.status]).toBe('Pending');
    expect(queueEntry(world, bad)?.[QUEUE.state]).toBe('pending');
    expect(world.account.submittedTasks.length).toBe(tasksBefore + 1);
    world.account.seedUpdate('contact', bad, { email: 'first.last@example.com' });
    drainPush(world);
    expect(syncStatus(world, 'contact', bad).status).toBe('Completed');
    expect(consoleGet(world).body).toContain('Failed records (0)');
  });

  it('"Retry all failures" re-arms every failed record in the background', () => {
    const world = createWorld();
    const first = seedFailure(world);
    const second = seedFailure(world);
    const result = consolePost(world, { action: 'retry_all' });
    expect(result.body).toContain('Retrying 2 record(s) in the background.');
    world.account.runQueuedTasks({ maxRuns: 1 }); // the retry task (the push it asks for is not run here)
    for (const id of [first.bad, second.bad]) expect(queueEntry(world, id)?.[QUEUE.state]).toBe('pending');
  });

  it('rejects non-numeric, unknown and not-failed ids with a message and changes nothing for them', () => {
    const world = createWorld();
    const { bad, good } = seedFailure(world);
    const goodEntry = queueEntry(world, good[0] ?? 0);
    const result = consolePost(world, { action: 'retry_selected', 'retry_contact_1 OR 1=1': 'T', retry_contact_999999: 'T', [`retry_contact_${good[0] ?? 0}`]: 'T' });
    expect(result.body).toContain('Nothing was retried.');
    expect(result.body).toContain('Ignored an invalid selection (retry_contact_1 OR 1=1)');
    expect(result.body).toContain('contact 999999: no such record');
    expect(result.body).toContain('is not in Failed status');
    expect(queueEntry(world, good[0] ?? 0)).toEqual(goodEntry);
    expect(queueEntry(world, bad)?.[QUEUE.state]).toBe('failed');
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
    expect(queueEntry(world, bad)?.[QUEUE.state]).toBe('failed');
    world.account.setDeploymentParams(ADMIN_SCRIPTS.slConsole.deploymentId, { [ADMIN_SCRIPT_PARAMS.retryRoles]: '1001' });
    expect(consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' }).body).toContain('Retry queued for 1 record(s)');
  });

  it('the shipped CRM Sync Administrator role retries without any deployment parameter', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    world.account.signIn({ role: 1050, roleId: ROLES.admin });
    expect(failedRows(consoleGet(world).body)[0]?.html).toContain('type="checkbox"');
    expect(consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' }).body).toContain('Retry queued for 1 record(s)');
    expect(queueEntry(world, bad)?.[QUEUE.state]).toBe('pending');
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
  it('view and edit show "Sync now"; it asks first, then re-arms the record and asks for a push', () => {
    const world = createWorld();
    const { bad, customerId } = seedFailure(world);
    const view = world.account.ui.view('contact', bad);
    const button = view.form.buttons.find((b) => b.label === 'Sync now');
    // functionName names a function of the custom module client script attached to the form (Form.addButton).
    expect(button?.functionName).toBe('crmsyncSyncNow');
    expect(view.form.clientScriptModulePath).toBe('SuiteScripts/crmsync/crmsync_cs_record_buttons.js');
    expect(view.scripts.every((s) => s.usage <= 5)).toBe(true);
    expect(world.account.ui.view('customer', customerId).form.buttons.some((b) => b.label === 'Sync now')).toBe(true);

    // The user clicks: the client module opens the console's confirmation for this record.
    const click = world.account.ui.click('contact', bad, 'Sync now');
    expect(click.report.error).toBeUndefined();
    expect(click.navigatedTo).toMatch(/^\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=\d+&action=syncnow&recordtype=contact&id=\d+$/);
    const params = Object.fromEntries(new URL(`https://x${click.navigatedTo ?? ''}`).searchParams);
    delete params.script;
    delete params.deploy;
    const before = JSON.stringify(world.account.all(QUEUE.type));
    const { confirm, result } = consoleConfirm(world, params);
    expect(confirm.body).toContain('<h2>Sync ');
    expect(confirm.body).toContain(' now?</h2>');
    expect(confirm.report.triggered).toEqual([]);
    expect(result.body).toContain('is queued; the push was asked to run now.');
    expect(before).not.toBe(JSON.stringify(world.account.all(QUEUE.type)));
    expect(result.body).toContain(`contact.nl?id=${bad}`);
    expect(queueEntry(world, bad)?.[QUEUE.state]).toBe('pending');
    expect(result.report.usage).toBeLessThan(60);

    expect(consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: '99999' }).body).toContain('There is no contact with internal id 99999.');
    expect(consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: '<b>' }).body).toContain('must be a number');
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
