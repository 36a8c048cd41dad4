/**
 * Reconcile (drift report with repair), end to end on the built bundle: drift seeded on each side is found field by
 * field and repaired the way ownership says, through the normal queue and pull; an account in sync costs one SOQL per
 * object and writes nothing.
 */
import { ENTITY_FIELDS, LOG, PARDOT_OWNED_FIELDS, QUEUE, SETTINGS } from '../../src/ids';
import type { DriftEntry } from '../../src/core/drift';
import type { ReconcileSummary } from '../../src/jobs/reconcile';
import { drainPush, linkedWorld, logRows, pardotWorld, createCustomerWithContacts, pendingQueue, prospectIdOf, queueSnapshot, reportRows, runPull, runPush, runReconcile, sfIdOf, type World } from './world';

const OTHER_USER = '005000000000MASSAA';
const PARDOT_SCORE = PARDOT_OWNED_FIELDS.score;

function drifts(world: World): DriftEntry[] {
  return reportRows(world, 'reconcile').filter((r) => r.kind !== 'summary').flatMap((r) => r.body as DriftEntry[]);
}

function lastSummary(world: World): ReconcileSummary {
  const summaries = reportRows(world, 'reconcile', 'summary');
  const last = summaries[summaries.length - 1];
  if (last === undefined) throw new Error('no reconcile summary');
  return last.body as ReconcileSummary;
}

function writes(world: World): number {
  return world.salesforce.counters().requests.filter((r) => /^(collections(Create|Update|Upsert|Delete)|single(Create|Update|Delete|Upsert|DeleteByExternalId))$/.test(r.kind)).length;
}

function setPausePush(world: World, paused: boolean): void {
  const settings = world.account.all(SETTINGS.type)[0];
  world.account.seedUpdate(SETTINGS.type, String(settings?.id), { [SETTINGS.pausePush]: paused });
  world.account.evictCaches();
}

function entityVersions(world: World): string {
  return JSON.stringify(['contact', 'customer'].map((type) => world.account.all(type).map((r) => world.account.version(type, String(r.id)))));
}

describe('reconcile', () => {
  it('an account in sync: one SOQL per object, no write anywhere, an empty report', () => {
    const world = linkedWorld(3);
    const versions = entityVersions(world);
    const queue = queueSnapshot(world);
    const logCount = logRows(world).length;
    world.salesforce.resetCounters();
    runReconcile(world);
    const requests = world.salesforce.counters().requests;
    expect(requests.filter((r) => r.kind === 'query')).toHaveLength(2); // one Account batch, one Contact batch
    expect(writes(world)).toBe(0);
    expect(entityVersions(world)).toBe(versions);
    expect(queueSnapshot(world)).toBe(queue);
    expect(logRows(world)).toHaveLength(logCount);
    expect(drifts(world)).toEqual([]);
    expect(lastSummary(world)).toMatchObject({ checked: 4, differs: 0, missing: 0, linkedTwice: 0, repaired: 0 });
  });

  it('a Salesforce mass update by another user: found, nothing repaired without the click, then repaired from Salesforce', () => {
    const world = linkedWorld(3);
    const ids = world.contactIds.map((id) => sfIdOf(world, 'contact', id));
    for (const sfId of ids) world.salesforce.updateAsUser('Contact', sfId, { Title: 'Mass updated' }, { userId: OTHER_USER });
    runReconcile(world);
    const found = drifts(world);
    expect(found).toHaveLength(3);
    expect(found.every((d) => d.kind === 'differs' && d.fields.length === 1 && d.fields[0]?.field === 'Title' && d.fields[0].from === 'salesforce' && d.fields[0].crm === 'Mass updated')).toBe(true);
    // A report changes nothing.
    expect(world.account.get('contact', world.contactIds[0] ?? 0)?.title ?? '').not.toBe('Mass updated');

    runReconcile(world, 'all');
    for (const id of world.contactIds) expect(world.account.get('contact', id)?.title).toBe('Mass updated');
    expect(logRows(world).filter((r) => r[LOG.reason] === 'DRIFT_REPAIRED')).toHaveLength(3);
    runReconcile(world);
    expect(lastSummary(world)).toMatchObject({ differs: 0 });
  });

  it('drift while sending was paused: NetSuite-owned edits go to Salesforce, a Salesforce-only change comes back, a both-sides change follows the owner', () => {
    const world = linkedWorld(2);
    setPausePush(world, true);
    const [first = 0, second = 0] = world.contactIds;
    const sfFirst = sfIdOf(world, 'contact', first);
    // An import with scripts off: no user event, so nothing is queued.
    world.account.seedUpdate('contact', first, { title: 'Imported title', phone: '+1 555 0001' });
    world.salesforce.updateAsUser('Contact', sfFirst, { Title: 'Salesforce title', MobilePhone: '+1 555 0199' }, { userId: OTHER_USER });
    runReconcile(world);
    const drift = drifts(world).find((d) => d.recordId === String(first));
    const from = Object.fromEntries((drift?.fields ?? []).map((f) => [f.field, f.from]));
    expect(from).toEqual({ Title: 'netsuite', Phone: 'netsuite', MobilePhone: 'salesforce' });
    expect(drifts(world).some((d) => d.recordId === String(second))).toBe(false);

    runReconcile(world, `contact:${first}`);
    expect(world.account.get('contact', first)?.mobilephone).toBe('+1 555 0199');
    setPausePush(world, false);
    runPush(world);
    drainPush(world);
    expect(world.salesforce.getContact(sfFirst)).toMatchObject({ Title: 'Imported title', Phone: '+1 555 0001', MobilePhone: '+1 555 0199' });
    expect(logRows(world).filter((r) => r[LOG.reason] === 'DRIFT_REPAIRED').map((r) => String(r[LOG.recordId]))).toEqual([String(first)]);
    runReconcile(world);
    expect(lastSummary(world)).toMatchObject({ differs: 0, missing: 0 });
  });

  it('repair of many drifted records: one read per 200 linked records, repairs in the reduce stage within its governance', () => {
    const world = linkedWorld(60);
    for (const id of world.contactIds) world.account.seedUpdate('contact', id, { title: `Imported ${id}` });
    world.salesforce.resetCounters();
    const report = runReconcile(world, 'all');
    expect([report.stages.map.errors, report.stages.reduce.errors]).toEqual([[], []]);
    // Repairing reads no more than reporting: one SOQL per object for 61 linked records (the map stage's), none again
    // to repair (the reduce stage repairs with the rows the map stage read).
    expect(world.salesforce.counters().requests.filter((r) => r.kind === 'query')).toHaveLength(2);
    // About 8 units per repair, 25 repairs to a reduce invocation: far below its 5,000 units; the map stage only compares.
    expect(report.stages.reduce.invocations).toBeGreaterThanOrEqual(3);
    expect(report.stages.reduce.usageMax).toBeLessThan(1_000);
    expect(report.stages.map.usageMax).toBeLessThan(400);
    expect(lastSummary(world)).toMatchObject({ differs: 60, repaired: 60 });
    expect(pendingQueue(world)).toHaveLength(60);
  });

  it('repairs one record when asked for one, and leaves the others reported', () => {
    const world = linkedWorld(2);
    const [first = 0, second = 0] = world.contactIds;
    for (const id of [first, second]) world.account.seedUpdate('contact', id, { title: `Changed ${id}` });
    runReconcile(world, `contact:${second}`);
    expect(pendingQueue(world).map((q) => Number(q[QUEUE.recordId]))).toEqual([second]);
  });

  it('a counterpart deleted in Salesforce is missing; two records linked to one counterpart are both listed; repair relinks the missing one', () => {
    const world = linkedWorld(3);
    const [first = 0, second = 0, third = 0] = world.contactIds;
    world.salesforce.deleteAsUser('Contact', sfIdOf(world, 'contact', first), { userId: OTHER_USER });
    world.account.seedUpdate('contact', third, { [ENTITY_FIELDS.salesforceId]: sfIdOf(world, 'contact', second) });
    runReconcile(world);
    const found = drifts(world);
    expect(found.filter((d) => d.kind === 'missing').map((d) => d.recordId)).toEqual([String(first)]);
    expect(found.filter((d) => d.kind === 'linked_twice').map((d) => [d.recordId, d.others]).sort()).toEqual([[String(second), [String(third)]], [String(third), [String(second)]]]);

    runReconcile(world, 'all');
    expect(sfIdOf(world, 'contact', first)).toBe('');
    drainPush(world);
    runPush(world);
    const relinked = sfIdOf(world, 'contact', first);
    expect(relinked).not.toBe('');
    expect(world.salesforce.getContact(relinked)?.Oracle_netsuiteid__c).toBe(String(first));
    // Linked twice is for the admin to decide: both links are untouched.
    expect(sfIdOf(world, 'contact', third)).toBe(sfIdOf(world, 'contact', second));
  });

  it('Pardot: NetSuite-owned prospect fields are repaired from NetSuite, Pardot-owned ones from Pardot', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    const contactId = contactIds[0] ?? 0;
    drainPush(world);
    runPull(world);
    world.advance(60_000);
    const prospectId = prospectIdOf(world, 'contact', contactId);
    expect(prospectId).toBeGreaterThan(0);
    world.pardot.updateAsMarketer(prospectId, { firstName: 'Renamed in Pardot', score: 77 });
    world.pardot.resetCounters();
    runReconcile(world);
    const drift = drifts(world).find((d) => d.system === 'pardot');
    expect(Object.fromEntries((drift?.fields ?? []).map((f) => [f.field, f.from]))).toEqual({ firstName: 'netsuite', [PARDOT_SCORE]: 'pardot' });
    expect(world.pardot.counters().requests.filter((r) => r.method !== 'GET')).toHaveLength(0);

    runReconcile(world, 'all');
    runPush(world);
    expect(world.pardot.getProspect(prospectId)?.firstName).toBe('Contact');
    expect(Number(world.account.get('contact', contactId)?.[PARDOT_SCORE])).toBe(77);
  });
});
