/**
 * Preview of "Import from Salesforce" (the pull's initial load), end to end on the built bundle: it reads what the
 * import reads, decides with the pull's own planner, writes nothing — and the import that follows does exactly what it
 * predicted, record by record.
 */
import { ENTITY_FIELDS, LOG, REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS, SETTINGS, STATE } from '../../src/ids';
import type { PlanRow } from '../../src/core/preview';
import type { ImportPreviewSummary } from '../../src/jobs/import-preview';
import { consoleGet, consolePost, listRows } from './admin';
import { linkedWorld, logRows, pendingQueue, seedCustomer, sfIdOf, type World } from './world';

function runImportPreview(world: World) {
  return world.account.runMapReduce({ scriptId: REPORT_SCRIPTS.mrPreview.scriptId, deploymentId: REPORT_SCRIPTS.mrPreview.deploymentId, params: { [REPORT_SCRIPT_PARAMS.previewOf]: 'import' } });
}

function importReports(world: World, kind: string): unknown[] {
  return world.account.all('customrecord_crmsync_report').filter((r) => r.custrecord_crmsync_rp_job === 'import-preview' && r.custrecord_crmsync_rp_kind === kind)
    .map((r) => JSON.parse(String(r.custrecord_crmsync_rp_body)) as unknown);
}

/** A linked account plus one Salesforce record for each thing an import can do. */
function seeded() {
  const world = linkedWorld(2, { [SETTINGS.matchAccountsByName]: true });
  const [edited = 0] = world.contactIds;
  const account = sfIdOf(world, 'customer', world.customerId);
  world.advance(60_000);
  world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', edited), { Title: 'Head of Imports' });
  world.salesforce.seedContact({ LastName: 'Fresh', Email: 'fresh@import.example', AccountId: account });
  const una = world.account.seed('contact', { firstname: 'Una', lastname: 'Linked', email: 'una@import.example', company: world.customerId, subsidiary: world.subsidiary });
  world.salesforce.seedContact({ FirstName: 'Una', LastName: 'Linked', Email: 'UNA@import.example', AccountId: account, Title: 'From Salesforce' });
  // An Account the import's Account stage links by name: its contact is created under that customer.
  const named = seedCustomer(world, { companyname: 'Named Co' });
  const namedAccount = world.salesforce.seedAccount({ Name: 'Named Co' });
  world.salesforce.seedContact({ LastName: 'Under Named', Email: 'under@named.example', AccountId: namedAccount });
  const nobody = world.salesforce.seedAccount({ Name: 'Nobody Inc' });
  world.salesforce.seedContact({ LastName: 'Nobody', Email: 'n@nobody.example', AccountId: nobody });
  world.salesforce.seedContact({ LastName: 'Orphan', Email: 'orphan@import.example' });
  const gone = world.salesforce.seedContact({ LastName: 'Gone', Email: 'gone@import.example', AccountId: account });
  world.salesforce.deleteAsUser('Contact', gone);
  world.advance(120_000);
  return { world, edited, una, named };
}

/** Which NetSuite record each Salesforce id is linked to, now. */
function links(world: World): Map<string, string> {
  const map = new Map<string, string>();
  for (const type of ['contact', 'customer'] as const) {
    for (const r of world.account.all(type)) {
      const sf = r[ENTITY_FIELDS.salesforceId];
      if (typeof sf === 'string' && sf !== '') map.set(sf, `${type}:${String(r.id)}`);
    }
  }
  return map;
}

/** What the import did with a Salesforce record, in the preview's words, from the log and NetSuite's links. */
function realOutcome(world: World, row: PlanRow, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, logs: Record<string, unknown>[]): string {
  const sf = String(row.externalId);
  const skipped = logs.find((r) => r[LOG.externalId] === sf && r[LOG.operation] === 'skip');
  if (skipped !== undefined) return `skip ${String(skipped[LOG.reason])}`;
  const applied = logs.flatMap((r) => { const records = r[LOG.records]; return typeof records === 'string' ? records.split('\n') : []; }).find((line) => line.includes(`=${sf}:`));
  if (applied !== undefined) {
    const [, target = '', action = ''] = /^(\w+:\w+)=\w+:(\w+)$/.exec(applied) ?? [];
    if (action === 'create') return `create ${after.get(sf) ?? '?'}`;
    return `${before.get(sf) === target ? 'update' : 'link'} ${target}`;
  }
  const deleted = world.salesforce.allContacts({ includeDeleted: true }).some((c) => c.Id === sf && c.IsDeleted === true);
  if (deleted) return before.has(sf) ? 'delete' : 'skip SF_REMOVED_NOT_LINKED';
  return before.has(sf) ? `unchanged ${before.get(sf) ?? ''}` : 'skip ECHO_OF_OWN_WRITE';
}

function predicted(row: PlanRow, after: ReadonlyMap<string, string>): string {
  if (row.outcome === 'skip' || row.outcome === 'fail') return `${row.outcome} ${row.code}`;
  if (row.outcome === 'create') return `create ${after.get(String(row.externalId)) ?? '(not created)'}`;
  return `${row.outcome} ${row.recordType}:${row.recordId}`;
}

describe('preview of Import from Salesforce', () => {
  it('predicts the import that follows: the same outcome for every Salesforce record and the same counts; it wrote nothing', () => {
    const { world, edited, una, named } = seeded();
    const versions = (): string => JSON.stringify(['contact', 'customer'].map((t) => world.account.all(t).map((r) => world.account.version(t, String(r.id)))));
    const beforeVersions = versions();
    const state = JSON.stringify(world.account.all(STATE.type));
    const logCount = logRows(world).length;
    world.salesforce.resetCounters();

    const report = runImportPreview(world);
    expect([report.status, report.summarizeError, report.stages.map.errors]).toEqual(['COMPLETE', undefined, []]);
    // Nothing written: no NetSuite record, queue entry, log row or pull mark; no Salesforce write.
    expect(versions()).toBe(beforeVersions);
    expect(pendingQueue(world)).toEqual([]);
    expect(logRows(world)).toHaveLength(logCount);
    expect(JSON.stringify(world.account.all(STATE.type))).toBe(state);
    const requests = world.salesforce.counters().requests;
    expect(requests.filter((r) => /^(collections|single)(Create|Update|Upsert|Delete)/.test(r.kind))).toEqual([]);

    const summary = importReports(world, 'summary')[0] as ImportPreviewSummary;
    const rows = importReports(world, 'page').flatMap((p) => p as PlanRow[]);
    expect(summary.totals.counts).toEqual({
      Account: { unchanged: 1, link: 1, skip: 1 },
      Contact: { update: 1, unchanged: 1, create: 2, link: 1, skip: 3 },
    });
    expect(summary.totals.reasons).toEqual({ Account: { CUSTOMER_NOT_FOUND: 1 }, Contact: { ACCOUNT_NOT_LINKED: 1, ORPHAN_NOT_IMPORTED: 1, SF_REMOVED_NOT_LINKED: 1 } });
    expect(rows.find((r) => r.outcome === 'update')).toMatchObject({ recordId: String(edited), changes: [{ field: 'title', from: '', to: 'Head of Imports' }] });
    expect(rows.find((r) => r.object === 'Contact' && r.outcome === 'link')).toMatchObject({ recordId: String(una), message: expect.stringContaining('by email') as string });
    expect(rows.find((r) => r.object === 'Account' && r.outcome === 'link')).toMatchObject({ recordId: String(named), message: expect.stringContaining('by company name') as string });
    // The reads: one /queryAll per object (Query More pages hold 2,000 rows), nothing per record.
    expect(requests.filter((r) => r.kind === 'queryAll')).toHaveLength(2);
    // The whole plan as a CSV file, one line per Salesforce record.
    const file = summary.plan === null ? undefined : world.account.fileCabinet.file(Number(summary.plan.id));
    expect(file === undefined ? [] : world.account.fileCabinet.contents(file).split('\n').slice(1)).toHaveLength(rows.length);

    // The page shows it and starts exactly that import.
    const page = consoleGet(world, { page: 'preview' }).body;
    expect(listRows(page, 'custpage_imp_counts').find((r) => r.custpage_object === 'Contact')).toMatchObject({ custpage_create: '2', custpage_link: '1', custpage_update: '1', custpage_unchanged: '1', custpage_skip: '3' });
    const before = links(world);
    const logsBefore = logRows(world).length;
    expect(consolePost(world, { page: 'preview', action: 'import_start' }).body).toContain('Import from Salesforce started');
    world.account.runQueuedTasks({ maxRuns: 10 });
    const after = links(world);
    const logs = logRows(world).slice(logsBefore).filter((r) => r[LOG.direction] === 'inbound');
    expect(logs.some((r) => r[LOG.reason] === 'IMPORT_FROM_SALESFORCE')).toBe(true);
    for (const row of rows) expect([row.object, row.externalId, realOutcome(world, row, before, after, logs)]).toEqual([row.object, row.externalId, predicted(row, after)]);
    expect(world.account.get('contact', edited)?.title).toBe('Head of Imports');
    expect(world.account.get('contact', una)?.title).toBe('From Salesforce');
  });

  it('the console offers the import preview to an administrator; a forged request starts nothing', () => {
    const { world } = seeded();
    const page = consoleGet(world, { page: 'preview' }).body;
    expect(page).toContain('No import preview has run yet.');
    expect(page).toContain('value="import_preview_run"');
    expect(consolePost(world, { page: 'preview', action: 'import_preview_run' }, { token: null }).body).toContain('Nothing was changed');
    expect(world.account.runQueuedTasks({ maxRuns: 5 })).toHaveLength(0);
    expect(consolePost(world, { page: 'preview', action: 'import_preview_run' }).body).toContain('The preview of Import from Salesforce was asked to run now');
    world.account.runQueuedTasks({ maxRuns: 5 });
    expect(importReports(world, 'summary')).toHaveLength(1);
    expect(listRows(consoleGet(world, { page: 'preview' }).body, 'custpage_imp_counts').length).toBeGreaterThan(0);
  });
});
