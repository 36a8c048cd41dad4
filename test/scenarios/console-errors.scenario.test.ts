/**
 * Error management: one list of Salesforce and Pardot failures (System column, skipped too), details with the
 * request/response excerpt (redacted), Resolve with a note kept in the log, auto-resolve by a later success, CSV
 * export, and "Retry these 1,250" as a background task over 5,000 failures seeded directly (not through 5,000 syncs).
 */
import { ADMIN_SCRIPT_PARAMS, ADMIN_SCRIPTS, ENTITY_FIELDS, LOG, QUEUE } from '../../src/ids';
import { consoleGet, consolePost, consoleSubmit, failedRows, fieldText, listLabel, listRows, pageMessages, seedFailure } from './admin';
import { createWorld, drainPush, logRows, PARDOT_SETTINGS, pendingQueue, seedCustomer, type World } from './world';

function rowsOf(page: string): string[] {
  return failedRows(page).map((r) => `${(r.custpage_system ?? '').toLowerCase()}:${r.custpage_recordtype ?? ''}:${r.custpage_id ?? ''}`);
}

describe('a Pardot failure\'s details', () => {
  const REJECTED = 'pd.reject@example.com';
  const PHONE = '555-201-9876';
  const detailOf = (world: World, id: number): string => consoleGet(world, { action: 'detail', recordtype: 'contact', id: String(id), system: 'pardot' }).body;

  it('per record and in bulk: what was sent and what Pardot answered, with the email and phone redacted', () => {
    // One save: the per-record path (upsertLatestByEmail), which Pardot refuses with error 4.
    const world = createWorld({ settings: PARDOT_SETTINGS, pardotOptions: { rejectedEmails: [REJECTED] } });
    const company = seedCustomer(world);
    const one = Number(world.account.ui.create('contact', { firstname: 'Pat', lastname: 'Refused', email: REJECTED, phone: PHONE, company, subsidiary: world.subsidiary }).id);
    drainPush(world);
    expect(world.account.get('contact', one)?.[ENTITY_FIELDS.pardotStatus]).toBe('Failed');
    expect(rowsOf(consoleGet(world).body)).toContain(`pardot:contact:${one}`);
    const detail = detailOf(world, one);
    expect(listRows(detail, 'custpage_log')[0]?.custpage_excerpt).toMatch(/^Request: \{"call":"POST \/prospects\/do\/upsertLatestByEmail"[^]*Response: [^]*Invalid prospect email address/);
    expect(detail).toMatch(/<pre class="excerpt"[^>]*>Request: \{&quot;call&quot;/); // escaped
    expect(detail).toContain('[email]');
    expect(detail).toContain('[phone]');
    for (const secret of [REJECTED, PHONE, '5552019876']) expect(detail).not.toContain(secret);

    // A run of 6: the bulk path (v4 batchCreate), which refuses the row; its excerpt names the call and the row's error.
    const bulk = createWorld({ settings: PARDOT_SETTINGS, pardotOptions: { rejectedEmails: [REJECTED] } });
    const customer = seedCustomer(bulk);
    const ids = Array.from({ length: 6 }, (_, i) => Number(bulk.account.ui.create('contact', {
      firstname: 'Bulk', lastname: `Row ${i}`, email: i === 3 ? REJECTED : `bulk.row${i}@example.com`, phone: PHONE, company: customer, subsidiary: bulk.subsidiary,
    }).id));
    drainPush(bulk);
    expect(bulk.account.httpLog.some((h) => h.url.includes('/api/prospect/version/4/do/batchCreate'))).toBe(true);
    const refused = ids[3] ?? 0;
    expect(bulk.account.get('contact', refused)?.[ENTITY_FIELDS.pardotStatus]).toBe('Failed');
    const bulkDetail = detailOf(bulk, refused);
    expect(listRows(bulkDetail, 'custpage_log')[0]?.custpage_excerpt).toMatch(/^Request: \{"call":"POST \/api\/prospect\/version\/4\/do\/batchCreate"[^]*Response: \{"error":"Invalid prospect email address/);
    for (const secret of [REJECTED, PHONE]) expect(bulkDetail).not.toContain(secret);
  });
});

describe('the error list', () => {
  it('shows details with the redacted excerpt, resolves with a note kept in the log, and a later success resolves by itself', () => {
    const world = createWorld({ org: { validationRules: [{ object: 'Contact', name: 'Title_Not_Test', field: 'Title', message: 'Title may not be "test".', rejects: (r) => r.Title === 'test' }] } });
    const { bad } = seedFailure(world);
    const customer = Number(world.account.get('contact', bad)?.company);
    const rejected = Number(world.account.ui.create('contact', { firstname: 'Val', lastname: 'Rule', email: 'val.rule@example.com', title: 'test', company: customer, subsidiary: world.subsidiary }).id);
    drainPush(world);
    let page = consoleGet(world).body;
    expect(listLabel(page, 'custpage_failed')).toBe('Failed records (2)');
    expect(rowsOf(page).sort()).toEqual([`salesforce:contact:${bad}`, `salesforce:contact:${rejected}`].sort());
    expect(failedRows(page).find((r) => r.custpage_id === String(rejected))).toMatchObject({ custpage_system: 'Salesforce', custpage_status: 'Failed', custpage_reason: 'SF_VALIDATION_RULE' });

    // Details: what was sent and what Salesforce answered, with the email redacted.
    const detail = consoleGet(world, { action: 'detail', recordtype: 'contact', id: String(rejected), system: 'salesforce' }).body;
    const [newest] = listRows(detail, 'custpage_log');
    expect(newest?.custpage_excerpt).toMatch(/^Request: \{.*"sObject":"Contact".*Response: .*FIELD_CUSTOM_VALIDATION_EXCEPTION/s);
    expect(newest?.html).toMatch(/<pre class="excerpt"[^>]*>Request: \{[^<]*&quot;sObject&quot;:&quot;Contact&quot;/); // escaped
    expect(detail).not.toContain('val.rule@example.com');

    // CSV export of the matching rows.
    const csv = consoleGet(world, { export: 'csv', f_reason: 'SF_VALIDATION_RULE' });
    expect(csv.headers['Content-Type']).toBe('text/csv; charset=utf-8');
    expect(csv.body.split('\r\n')).toHaveLength(3); // header, one row, the final line break
    expect(csv.body.split('\r\n')[1]).toMatch(new RegExp(`^contact,${rejected},Val Rule,val.rule@example.com,Salesforce,Failed,SF_VALIDATION_RULE,`));
    world.account.seedUpdate('contact', rejected, { [ENTITY_FIELDS.status]: 'Completed', [ENTITY_FIELDS.lastError]: '' }); // out of the way

    // Resolve with a note: the record leaves the list and the log keeps who and why.
    // As the form sends it: the ticked line, the action and the note.
    const resolved = consoleSubmit(world, 'resolve_selected', { tick: (r) => r.custpage_id === String(bad), fields: { custpage_note: 'Known bad import; fixed in the source system' } });
    expect(pageMessages(resolved.body)[0]).toMatchObject({ type: 'confirmation', title: 'Resolved 1 record(s); the note is kept in the integration log.' });
    expect(world.account.get('contact', bad)?.[ENTITY_FIELDS.status]).toBe('Resolved');
    const note = logRows(world).find((r) => r[LOG.reason] === 'RESOLVED_BY_ADMIN');
    expect(String(note?.[LOG.message])).toContain('Known bad import; fixed in the source system');
    expect(Number(note?.[LOG.contact])).toBe(bad);
    expect(consoleGet(world).body).toContain('Failed records (0)');

    // Auto-resolve: a second failure is fixed at the source and retried; the success takes it off the list.
    const second = seedFailure(world).bad;
    page = consoleGet(world).body;
    expect(rowsOf(page)).toEqual([`salesforce:contact:${second}`]);
    world.account.seedUpdate('contact', second, { email: 'fixed@example.com' });
    consolePost(world, { action: 'retry_selected', [`retry_contact_${second}`]: 'T' });
    drainPush(world);
    expect(world.account.get('contact', second)?.[ENTITY_FIELDS.status]).toBe('Completed');
    expect(consoleGet(world).body).toContain('Failed records (0)');
  });
});

/** 5,000 failed contacts written straight into the account (as many syncs would leave them), 1,250 of them duplicates. */
function seedFailures(world: World): void {
  const customer = world.account.seed('customer', { companyname: 'Bulk Co', isperson: false, subsidiary: world.subsidiary });
  const start = world.now().getTime();
  for (let i = 0; i < 5000; i++) {
    const duplicate = i % 4 === 0;
    world.account.seed('contact', {
      firstname: 'Bulk', lastname: `Contact ${i}`, email: `bulk${i}@example.com`, company: customer, subsidiary: world.subsidiary,
      [ENTITY_FIELDS.status]: 'Failed',
      [ENTITY_FIELDS.lastError]: duplicate ? 'SF_DUPLICATE: Use one of these records?' : 'SF_INVALID_EMAIL: Email: invalid email address: [email]',
      lastmodifieddate: new Date(start - (i % 40) * 86_400_000),
    });
  }
}

describe('5,000 failures', () => {
  it('pages, filters by reason, and "Retry these 1,250" queues 1,250 in the background with progress', () => {
    const world = createWorld();
    seedFailures(world);
    const page = consoleGet(world);
    expect(listLabel(page.body, 'custpage_failed')).toBe('Failed records (5000)');
    expect(fieldText(page.body, 'custpage_paging')).toContain('Page 1 of 100 (5000 matching)');
    expect(rowsOf(page.body)).toHaveLength(50);
    expect(page.report.usage).toBeLessThan(1000);

    // Filter by reason, with Mark All: every row of the page is selected.
    const duplicates = consoleGet(world, { f_reason: 'SF_DUPLICATE', markall: 'T' }).body;
    expect(fieldText(duplicates, 'custpage_paging')).toContain('Page 1 of 25 (1250 matching)');
    expect(duplicates).toContain('<option value="retry_matching">Retry these 1,250</option>');
    expect(duplicates.match(/type="checkbox" name="custpage_failed_custpage_select_\d+" value="T" checked>/g)).toHaveLength(50);
    // Search by name.
    expect(rowsOf(consoleGet(world, { f_q: 'contact 4999' }).body)).toHaveLength(1);

    // "Retry these 1,250" as the form posts it, with its filter fields.
    const started = consoleSubmit(world, 'retry_matching', { page: duplicates });
    expect(started.body).toContain('Retrying 1,250 record(s) in the background.');
    expect(started.body).toContain('Retrying 1,250 record(s) in the background since'); // the progress line
    const task = world.account.submittedTasks.find((t) => t.scriptId === ADMIN_SCRIPTS.mrRetry.scriptId && t.status === 'PENDING');
    expect(task?.params[ADMIN_SCRIPT_PARAMS.retryFilter]).toBe(JSON.stringify({ f_reason: 'SF_DUPLICATE' }));
    world.account.runMapReduce({ scriptId: ADMIN_SCRIPTS.mrRetry.scriptId, deploymentId: ADMIN_SCRIPTS.mrRetry.deploymentId, params: task?.params ?? {} });
    const queued = pendingQueue(world);
    expect(queued).toHaveLength(1250);
    expect(queued.every((q) => Number(q[QUEUE.attempts]) === 0)).toBe(true);
    expect(consoleGet(world).body).toMatch(/queued 1250 of 1,250 record\(s\)/);
  });
});
