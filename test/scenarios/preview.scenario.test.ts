/**
 * Preview (dry run) of a full sync, end to end on the built bundle: it writes nothing anywhere it syncs, and the full
 * sync that follows does exactly what it predicted — the same outcome for every record, the same counts, and the
 * Salesforce calls within 5 %.
 */
import { ENTITY_FIELDS, LOG, QUEUE, REPORT_SCRIPTS, SCRIPT_PARAMS } from '../../src/ids';
import type { PlanRow } from '../../src/core/preview';
import type { PreviewSummary } from '../../src/jobs/preview';
import { createWorld, drainPush, linkedWorld, logRows, PARDOT_SETTINGS, reportRows, runPush, seedCustomer, sfIdOf, type World } from './world';

function runPreview(world: World) {
  return world.account.runMapReduce({ scriptId: REPORT_SCRIPTS.mrPreview.scriptId, deploymentId: REPORT_SCRIPTS.mrPreview.deploymentId });
}

function contact(world: World, company: number | null, values: Record<string, unknown>): number {
  return world.account.seed('contact', { firstname: 'Pat', ...(company === null ? {} : { company }), subsidiary: world.subsidiary, ...values });
}

/** A seeded account with one record for every outcome the planner can reach on a first full sync (plus one update). */
function seededWorld(): { world: World; existing: { linked: string; twiceOld: string; twiceNew: string } } {
  const world = createWorld();
  const fresh = seedCustomer(world, { companyname: 'Fresh Co' });
  for (let i = 1; i <= 3; i++) contact(world, fresh, { lastname: `Fresh ${i}`, email: `fresh${i}@fresh.example` });
  const known = seedCustomer(world, { companyname: 'Known Co' });
  contact(world, known, { lastname: 'Linked', email: 'linked@known.example', title: 'CFO' });
  contact(world, known, { lastname: 'Twice', email: 'twice@known.example' });
  contact(world, known, { lastname: 'Locked', email: 'locked@known.example', [ENTITY_FIELDS.lock]: true });
  contact(world, known, { lastname: 'NoEmail' });
  contact(world, known, { lastname: 'Captain', email: 'captain@known.example', salutation: 'Captain' });
  contact(world, null, { lastname: 'Orphan', email: 'orphan@nowhere.example' });
  const linked = world.salesforce.seedContact({ LastName: 'Linked', Email: 'linked@known.example', Title: 'Treasurer' });
  const twiceOld = world.salesforce.seedContact({ LastName: 'Twice', Email: 'twice@known.example' });
  world.advance(1000);
  const existing = { linked, twiceOld, twiceNew: world.salesforce.seedContact({ LastName: 'Twice again', Email: 'twice@known.example' }) };
  return { world, existing };
}

/** What the real run did to a record, in the preview's words. */
function realOutcome(world: World, row: PlanRow, before: ReadonlySet<string>): string {
  const type = row.recordType;
  const id = Number(row.recordId);
  const status = world.account.get(type, id)?.[ENTITY_FIELDS.status];
  const reasons = logRows(world).filter((r) => Number(r[LOG.recordId]) === id && r[LOG.recordType] === type).map((r) => String(r[LOG.reason]));
  if (status === 'Skipped') return `skip ${reasons[reasons.length - 1] ?? ''}`;
  if (status === 'Failed') return `fail ${reasons[reasons.length - 1] ?? ''}`;
  const sfId = sfIdOf(world, type, id);
  if (status === 'Completed' && sfId !== '') return before.has(sfId) ? 'link' : 'create';
  return `unknown ${String(status)}`;
}

const predicted = (row: PlanRow): string => (row.outcome === 'skip' || row.outcome === 'fail' ? `${row.outcome} ${row.code}` : row.outcome);

describe('preview of a full sync', () => {
  it('writes nothing to Salesforce, Pardot, the synced records or the queue', () => {
    const { world } = seededWorld();
    const versions = JSON.stringify(['contact', 'customer'].map((t) => world.account.all(t).map((r) => world.account.version(t, String(r.id)))));
    world.salesforce.resetCounters();
    runPreview(world);
    const kinds = world.salesforce.counters().requests.map((r) => r.kind);
    expect(kinds.filter((k) => /^(collections|single)(Create|Update|Upsert|Delete)/.test(k))).toEqual([]);
    expect(JSON.stringify(['contact', 'customer'].map((t) => world.account.all(t).map((r) => world.account.version(t, String(r.id)))))).toBe(versions);
    expect(world.account.all(QUEUE.type)).toEqual([]);
    expect(reportRows(world, 'preview', 'summary')).toHaveLength(1);
  });

  it('with Pardot on and a run large enough for the bulk path: no Pardot write and no Salesforce write of any kind', () => {
    const world = createWorld({ settings: PARDOT_SETTINGS });
    const company = seedCustomer(world);
    for (let i = 1; i <= 12; i++) world.account.ui.create('contact', { firstname: 'Bulk', lastname: `Preview ${i}`, email: `preview-${i}@example.com`, company, subsidiary: world.subsidiary });
    world.salesforce.resetCounters();
    world.pardot.resetCounters();
    runPreview(world);
    const writes = world.salesforce.counters().requests.filter((r) => /^(collections|single)(Create|Update|Upsert|Delete)/.test(r.kind)
      || (r.kind === 'composite' && (r.subrequests ?? []).some((sub) => /^(collections|single)/.test(sub.kind))));
    expect(writes).toEqual([]);
    const pardot = world.pardot.counters().byKind;
    expect(pardot.batch + pardot.upsert + pardot.update + pardot.create).toBe(0);
    expect(world.pardot.allProspects()).toEqual([]);
    expect(reportRows(world, 'preview', 'summary')).toHaveLength(1);
  });

  it('predicts the following full sync: the same outcome per record, the same counts, calls within 5 %', () => {
    const { world, existing } = seededWorld();
    runPreview(world);
    const summary = reportRows(world, 'preview', 'summary')[0]?.body as PreviewSummary;
    const rows = reportRows(world, 'preview', 'page').flatMap((p) => p.body as PlanRow[]);
    expect(summary.totals.counts).toEqual({
      Account: { create: 2 },
      Contact: { create: 3, link: 2, skip: 3, fail: 1 },
    });
    expect(summary.totals.reasons.Contact).toEqual({ RECORD_LOCKED: 1, NO_EMAIL: 1, ORPHAN_CONTACT: 1, INVALID_VALUE: 1 });
    const linked = rows.find((r) => r.code === 'MATCHED_BY_EMAIL' && r.externalId === existing.linked);
    expect(linked?.changes).toEqual(expect.arrayContaining([{ field: 'Title', from: 'Treasurer', to: 'CFO' }]));
    expect(summary.totals.ambiguous.map((r) => [r.externalId, r.alsoMatching])).toEqual([[existing.twiceOld, [existing.twiceNew]]]);
    const failed = rows.find((r) => r.outcome === 'fail');
    expect(failed?.message).toContain('Captain');
    expect(summary.totals.samples['Contact:create']?.[0]?.changes.length).toBeGreaterThan(3);
    // The plan file holds the whole plan: a header and one line per planned record, in the rows' order.
    const file = summary.plan === null ? undefined : world.account.fileCabinet.file(Number(summary.plan.id));
    const lines = file === undefined ? [] : world.account.fileCabinet.contents(file).split('\n');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(rows.map((r) => `${r.object},${r.recordType},${r.recordId},${r.outcome}`));
    expect(summary.plan?.lines).toBe(rows.length);

    const before = new Set(world.salesforce.allContacts().map((c) => String(c.Id)));
    world.account.evictCaches(); // the real run starts as cold as the preview did
    world.salesforce.resetCounters();
    runPush(world, { [SCRIPT_PARAMS.fullSync]: true });
    drainPush(world);
    const realCalls = world.salesforce.counters().apiCalls;

    for (const row of rows.filter((r) => r.object !== 'Prospect')) expect([row.recordType, row.recordId, realOutcome(world, row, before)]).toEqual([row.recordType, row.recordId, predicted(row)]);
    expect(Math.abs(realCalls - summary.totals.salesforceCalls)).toBeLessThanOrEqual(Math.ceil(realCalls * 0.05));
    expect(world.salesforce.getContact(existing.linked)?.Title).toBe('CFO');
  });

  it('on a linked account: an update with exactly the fields NetSuite changed, the rest unchanged — and the sync agrees', () => {
    const world = linkedWorld(3);
    const [edited = 0, ...others] = world.contactIds;
    world.account.seedUpdate('contact', edited, { title: 'Changed by import' });
    world.account.evictCaches(); // both runs start with the org health check's cache cold
    runPreview(world);
    const summary = reportRows(world, 'preview', 'summary')[0]?.body as PreviewSummary;
    expect(summary.totals.counts).toEqual({ Account: { unchanged: 1 }, Contact: { update: 1, unchanged: 2 } });
    const rows = reportRows(world, 'preview', 'page').flatMap((p) => p.body as PlanRow[]);
    expect(rows.find((r) => r.outcome === 'update')?.changes).toEqual([{ field: 'Title', from: '', to: 'Changed by import' }]);

    const stamps = () => others.map((id) => world.salesforce.getContact(sfIdOf(world, 'contact', id))?.SystemModstamp);
    const before = stamps();
    world.account.evictCaches();
    world.salesforce.resetCounters();
    runPush(world, { [SCRIPT_PARAMS.fullSync]: true });
    drainPush(world);
    expect(world.salesforce.counters().apiCalls).toBe(summary.totals.salesforceCalls);
    expect(world.salesforce.getContact(sfIdOf(world, 'contact', edited))?.Title).toBe('Changed by import');
    expect(stamps()).toEqual(before);
  });
});
