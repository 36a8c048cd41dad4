/**
 * A preview scoped to a saved search, end to end from the console's preview page: it plans only the search's records
 * (a contact search takes the contacts' customers too, for their Accounts; a customer search takes the customers'
 * contacts), "Start exactly this sync" syncs exactly those and no others, and the sync does what the preview predicted.
 * A saved search that is not a contact or customer search, or that does not exist, is refused and nothing starts.
 */
import { ENTITY_FIELDS, LOG, SCRIPT_PARAMS } from '../../src/ids';
import type { PlanRow } from '../../src/core/preview';
import type { PreviewSummary } from '../../src/jobs/preview';
/** The preview page's saved search field (src/jobs/preview-page.ts SCOPE_FIELD). */
const SCOPE_FIELD = 'custpage_scope_search';
import { consoleGet, fieldText, pageMessages, submitForm } from './admin';
import { createWorld, drainPush, logRows, reportRows, runPush, seedCustomer, sfIdOf, type World } from './world';

/** Two customers, five contacts; two of the first customer's contacts are VIPs (the saved contact search's records). */
function scopedWorld() {
  const world = createWorld();
  const first = seedCustomer(world, { companyname: 'First Co' });
  const second = seedCustomer(world, { companyname: 'Second Co' });
  const contact = (company: number, n: number, title: string) => world.account.seed('contact', { firstname: 'Pat', lastname: `Person ${n}`, email: `p${n}@scope.example`, title, company, subsidiary: world.subsidiary });
  const vips = [contact(first, 1, 'VIP'), contact(first, 2, 'VIP')];
  const others = [contact(first, 3, 'Buyer'), contact(second, 4, 'Buyer'), contact(second, 5, 'Buyer')];
  world.account.defineSavedSearch('customsearch_scope_vips', { type: 'contact', title: 'VIP contacts', filters: [['title', 'is', 'VIP']], columns: ['entityid'] });
  world.account.defineSavedSearch('customsearch_scope_second', { type: 'customer', title: 'Second customers', filters: [['companyname', 'is', 'Second Co']], columns: ['entityid'] });
  world.account.defineSavedSearch('customsearch_scope_log', { type: LOG.type, title: 'Integration log', filters: [], columns: [] });
  return { world, first, second, vips, others };
}

function latestSummary(world: World): PreviewSummary {
  const summaries = reportRows(world, 'preview', 'summary');
  return summaries[summaries.length - 1]?.body as PreviewSummary;
}

function planOf(world: World, runId: string): PlanRow[] {
  return reportRows(world, 'preview', 'page').filter((p) => p.runId === runId).flatMap((p) => p.body as PlanRow[]);
}

/** What the real run did to a record, in the preview's words (this account has no Salesforce records before it). */
function realOutcome(world: World, type: 'contact' | 'customer', id: number): string {
  const status = world.account.get(type, id)?.[ENTITY_FIELDS.status];
  const reasons = logRows(world).filter((r) => Number(r[LOG.recordId]) === id && r[LOG.recordType] === type).map((r) => String(r[LOG.reason]));
  if (status === 'Skipped' || status === 'Failed') return `${status === 'Skipped' ? 'skip' : 'fail'} ${reasons[reasons.length - 1] ?? ''}`;
  return status === 'Completed' && sfIdOf(world, type, id) !== '' ? 'create' : `not synced ${String(status)}`;
}

const key = (type: string, id: number | string) => `${type}:${String(id)}`;

describe('preview scoped to a saved search', () => {
  it('a saved contact search: plans only its contacts (and their customer), shows the scope, and the sync started from it does exactly that', () => {
    const { world, first, second, vips, others } = scopedWorld();
    const empty = consoleGet(world, { page: 'preview' }).body;
    const started = submitForm(world, empty, 'preview_run', { fields: { [SCOPE_FIELD]: 'customsearch_scope_vips' } });
    expect(pageMessages(started.body)[0]?.title).toMatch(/^The preview was asked to run now/);
    world.account.runQueuedTasks({ maxRuns: 5 });
    expect(world.salesforce.allContacts()).toHaveLength(0);

    const summary = latestSummary(world);
    expect(summary.scope).toEqual({ id: 'customsearch_scope_vips', title: 'VIP contacts', type: 'contact' });
    expect(summary.totals.counts).toEqual({ Account: { create: 1 }, Contact: { create: 2 } });
    const rows = planOf(world, summary.runId);
    expect(rows.map((r) => key(r.recordType, r.recordId)).sort()).toEqual([key('customer', first), ...vips.map((id) => key('contact', id))].sort());
    const page = consoleGet(world, { page: 'preview' }).body;
    expect(fieldText(page, 'custpage_scope')).toBe('Saved search VIP contacts (customsearch_scope_vips, a contact search)');

    world.account.evictCaches(); // the real run starts as cold as the preview did
    world.salesforce.resetCounters();
    expect(pageMessages(submitForm(world, page, 'preview_start').body)[0]?.title).toBe('The full sync the preview planned has started.');
    world.account.runQueuedTasks({ maxRuns: 10 });
    const realCalls = world.salesforce.counters().apiCalls;
    expect(Math.abs(realCalls - summary.totals.salesforceCalls)).toBeLessThanOrEqual(Math.ceil(realCalls * 0.05));
    expect(world.salesforce.allContacts().map((c) => c.Email).sort()).toEqual(['p1@scope.example', 'p2@scope.example']);
    expect(world.salesforce.allAccounts().map((a) => a.Name)).toEqual(['First Co']);
    // The prediction per record is what the sync did; nothing outside the scope was touched.
    for (const row of rows) expect([row.recordType, row.recordId, realOutcome(world, row.recordType, Number(row.recordId))]).toEqual([row.recordType, row.recordId, row.outcome]);
    for (const id of others) expect(sfIdOf(world, 'contact', id)).toBe('');
    expect(sfIdOf(world, 'customer', second)).toBe('');
    const touched = (['contact', 'customer'] as const).flatMap((type) => world.account.all(type).filter((r) => (r[ENTITY_FIELDS.status] ?? '') !== '').map((r) => key(type, String(r.id))));
    expect(touched.sort()).toEqual(rows.map((r) => key(r.recordType, r.recordId)).sort());
  });

  it('a saved customer search: plans its customers with their contacts; a blank field previews every record in scope', () => {
    const { world, second, others } = scopedWorld();
    submitForm(world, consoleGet(world, { page: 'preview' }).body, 'preview_run', { fields: { [SCOPE_FIELD]: 'customsearch_scope_second' } });
    world.account.runQueuedTasks({ maxRuns: 5 });
    const scoped = latestSummary(world);
    expect(scoped.totals.counts).toEqual({ Account: { create: 1 }, Contact: { create: 2 } });
    expect(planOf(world, scoped.runId).map((r) => key(r.recordType, r.recordId)).sort()).toEqual([key('customer', second), key('contact', others[1] ?? 0), key('contact', others[2] ?? 0)].sort());

    world.advance(1000);
    submitForm(world, consoleGet(world, { page: 'preview' }).body, 'preview_run', { fields: { [SCOPE_FIELD]: '' } });
    world.account.runQueuedTasks({ maxRuns: 5 });
    const all = latestSummary(world);
    expect(all.scope).toBeNull();
    expect(all.totals.counts).toEqual({ Account: { create: 2 }, Contact: { create: 5 } });
    expect(fieldText(consoleGet(world, { page: 'preview' }).body, 'custpage_scope')).toBe('All records in scope (every customer and contact)');
  });

  it('refuses a saved search of another record type, an unknown one, or one deleted since the preview, with a message, and starts nothing', () => {
    const { world } = scopedWorld();
    const page = consoleGet(world, { page: 'preview' }).body;
    const other = pageMessages(submitForm(world, page, 'preview_run', { fields: { [SCOPE_FIELD]: 'customsearch_scope_log' } }).body)[0];
    expect(other?.title).toBe('The preview was not started: that saved search cannot be its scope.');
    expect(other?.text).toContain(`is a search of ${LOG.type} records; a sync can be scoped only to a saved contact or customer search`);
    const unknown = pageMessages(submitForm(world, page, 'preview_run', { fields: { [SCOPE_FIELD]: 'customsearch_nowhere' } }).body)[0];
    expect(unknown?.text).toContain('There is no saved search "customsearch_nowhere"');
    expect(world.account.runQueuedTasks({ maxRuns: 5 })).toHaveLength(0);
    expect(reportRows(world, 'preview', 'summary')).toHaveLength(0);

    // A preview's saved search deleted before "Start exactly this sync": the sync is refused, never widened to every record.
    submitForm(world, page, 'preview_run', { fields: { [SCOPE_FIELD]: 'customsearch_scope_vips' } });
    world.account.runQueuedTasks({ maxRuns: 5 });
    world.account.savedSearches.delete('customsearch_scope_vips');
    const refused = pageMessages(submitForm(world, consoleGet(world, { page: 'preview' }).body, 'preview_start').body)[0];
    expect(refused?.title).toBe('The sync was not started: the preview\'s saved search can no longer be its scope.');
    expect(world.account.runQueuedTasks({ maxRuns: 5 })).toHaveLength(0);
    expect(world.salesforce.allContacts()).toHaveLength(0);
  });
});

describe('full sync scoped to a saved search, started without the page', () => {
  it('a scope that is gone is not widened: the push syncs no record of the full sync and its run summary says why', () => {
    const { world } = scopedWorld();
    runPush(world, { [SCRIPT_PARAMS.fullSync]: true, [SCRIPT_PARAMS.fullSyncSearch]: 'customsearch_nowhere' });
    drainPush(world);
    expect(world.salesforce.allContacts()).toHaveLength(0);
    expect(world.salesforce.allAccounts()).toHaveLength(0);
    const summary = logRows(world).find((r) => r[LOG.reason] === 'RUN_SUMMARY');
    expect(summary?.[LOG.status]).toBe('Warning');
    expect(String(summary?.[LOG.message])).toContain('The full sync was not run: There is no saved search "customsearch_nowhere"');
  });

  it('a saved contact search on the push alone: exactly its contacts and their customer', () => {
    const { world, first, vips } = scopedWorld();
    runPush(world, { [SCRIPT_PARAMS.fullSync]: true, [SCRIPT_PARAMS.fullSyncSearch]: 'customsearch_scope_vips' });
    drainPush(world);
    expect(world.salesforce.allContacts().map((c) => c.Email).sort()).toEqual(['p1@scope.example', 'p2@scope.example']);
    expect(vips.map((id) => sfIdOf(world, 'contact', id) !== '')).toEqual([true, true]);
    expect(sfIdOf(world, 'customer', first)).not.toBe('');
    expect(world.salesforce.allAccounts()).toHaveLength(1);
  });
});
