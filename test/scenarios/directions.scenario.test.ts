/**
 * Sync directions and schedules from the settings record (issue 7): "Pause Sending", "Pause Receiving",
 * "Push Every" and "Pull Every", end to end on the built bundle. A pause loses nothing; an interval holds
 * back scheduled runs only; held-back runs write no run summary.
 */
import { CACHE, LOG, SCRIPTS, SETTINGS } from '../../src/ids';
import { consoleConfirm, consoleGet, fieldText, pageMessages } from './admin';
import { createCustomerWithContacts, createWorld, drainPush, logRows, pendingQueue, runPull, runPush, syncStatus, type World } from './world';

const MINUTE = 60_000;

function settingsId(world: World): number {
  return Number(world.account.all(SETTINGS.type)[0]?.id);
}

function editSettings(world: World, values: Record<string, unknown>): void {
  const result = world.account.ui.edit(SETTINGS.type, settingsId(world), values);
  expect(result.error).toBeUndefined();
}

function scheduledPush(world: World) {
  return world.account.runMapReduce({ scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.deploymentId });
}

function scheduledPull(world: World) {
  return world.account.runMapReduce({ scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.deploymentId });
}

function summaries(world: World, kind: 'push' | 'pull'): string[] {
  return logRows(world).filter((r) => r[LOG.reason] === 'RUN_SUMMARY' && String(r[LOG.runId]).startsWith(`${kind}-`)).map((r) => String(r[LOG.runId]));
}

/** The Queue group's line for a direction (custpage_sending / custpage_receiving), as shown. */
function line(page: string, id: string): string {
  return fieldText(page, `custpage_${id}`) ?? '';
}

/** The yellow page messages (a paused direction). */
function warnings(page: string): string[] {
  return pageMessages(page).filter((m) => m.type === 'warning').map((m) => m.title);
}

describe('Pause Sending', () => {
  it('keeps every change queued, sends nothing, and sends it all once unchecked', () => {
    const world = createWorld({ settings: { [SETTINGS.pausePush]: true } });
    const { customerId, contactIds } = createCustomerWithContacts(world, 3);
    world.account.ui.edit('contact', contactIds[0] ?? 0, { title: 'Edited while paused' });
    // No save asked for a push run, and runs that happen anyway send nothing and log no summary.
    expect(world.account.submittedTasks.filter((t) => t.scriptId === SCRIPTS.mrPush.scriptId)).toHaveLength(0);
    scheduledPush(world);
    drainPush(world);
    expect(world.salesforce.counters().apiCalls).toBe(0);
    expect(summaries(world, 'push')).toEqual([]);
    expect(pendingQueue(world).length).toBe(4);

    const page = consoleGet(world).body;
    expect(line(page, 'sending')).toBe('Sending is paused ("Pause Sending" in CRM Sync Settings): 4 change(s) wait in the queue and go once it is unchecked.');
    expect(warnings(page)).toEqual([line(page, 'sending')]);
    const syncNow = consoleConfirm(world, { action: 'syncnow', recordtype: 'contact', id: String(contactIds[1]) }).result.body;
    expect(syncNow).toContain('is queued; sending is paused in the CRM Sync settings (&quot;Pause Sending&quot;), so it goes once that is unchecked.');
    expect(world.salesforce.counters().apiCalls).toBe(0);

    editSettings(world, { [SETTINGS.pausePush]: false });
    scheduledPush(world);
    drainPush(world);
    expect(pendingQueue(world)).toHaveLength(0);
    expect(syncStatus(world, 'customer', customerId).status).toBe('Completed');
    for (const id of contactIds) expect(syncStatus(world, 'contact', id).status).toBe('Completed');
    expect(world.salesforce.allContacts().map((c) => c.Title)).toContain('Edited while paused');
    expect(summaries(world, 'push').length).toBeGreaterThan(0);
    expect(line(consoleGet(world).body, 'sending')).toBe('Sending: right after each save, and every 15 minutes for retries.');
    expect(warnings(consoleGet(world).body)).toEqual([]);
  });
});

describe('Pause Receiving', () => {
  it('reads nothing from Salesforce and refuses "Update from Salesforce"; changes made meanwhile arrive once unchecked', () => {
    const world = createWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const contactId = contactIds[0] ?? 0;
    const sfId = String(syncStatus(world, 'contact', contactId).salesforceId);
    editSettings(world, { [SETTINGS.pausePull]: true });
    world.advance(MINUTE);
    world.salesforce.updateAsUser('Contact', sfId, { Title: 'Changed in Salesforce while paused' });

    const before = world.salesforce.counters().apiCalls;
    scheduledPull(world);
    runPull(world);
    expect(world.salesforce.counters().apiCalls).toBe(before);
    expect(summaries(world, 'pull')).toEqual([]);
    const refused = consoleConfirm(world, { action: 'pullnow', recordtype: 'contact', id: String(contactId) }).result.body;
    expect(refused).toContain('Receiving is paused in the CRM Sync settings.');
    expect(world.account.get('contact', contactId)?.title).not.toBe('Changed in Salesforce while paused');
    expect(line(consoleGet(world).body, 'receiving')).toMatch(/^Receiving is paused/);
    expect(warnings(consoleGet(world).body)).toEqual([expect.stringMatching(/^Receiving is paused/)]);

    editSettings(world, { [SETTINGS.pausePull]: false });
    scheduledPull(world);
    expect(world.account.get('contact', contactId)?.title).toBe('Changed in Salesforce while paused');
    expect(summaries(world, 'pull')).toHaveLength(1);
  });
});

describe('Pull Every / Push Every', () => {
  it('runs the scheduled pull on every fourth 15-minute firing at 60 minutes; an on-demand pull still runs at once', () => {
    const world = createWorld({ settings: { [SETTINGS.pullEvery]: 60 } });
    const calls = (): number => world.salesforce.counters().apiCalls;
    const worked: boolean[] = [];
    for (let firing = 0; firing < 9; firing += 1) {
      const before = calls();
      scheduledPull(world);
      worked.push(calls() > before);
      world.advance(15 * MINUTE + (firing % 2 === 0 ? 20_000 : -20_000));
    }
    expect(worked).toEqual([true, false, false, false, true, false, false, false, true]);
    expect(summaries(world, 'pull')).toHaveLength(3);
    const before = calls();
    runPull(world);
    expect(calls()).toBeGreaterThan(before);
    expect(line(consoleGet(world).body, 'receiving')).toBe('Receiving: every 60 minutes.');
  });

  it('a scheduled run whose getInputData restarts after stamping its start still does its work', () => {
    const world = createWorld({ settings: { [SETTINGS.pullEvery]: 60 } });
    // Cut after each governed call of getInputData up to the first Salesforce query, the stamp's write included.
    for (let cutAfter = 1; cutAfter <= 6; cutAfter += 1) {
      world.advance(60 * MINUTE);
      const before = world.salesforce.counters().apiCalls;
      const report = world.account.runMapReduce({
        scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.deploymentId,
        faults: [{ stage: 'getInputData', afterGovernedCalls: cutAfter }],
      });
      expect(report.stages.input.restarts).toBe(1);
      expect(world.salesforce.counters().apiCalls).toBeGreaterThan(before);
    }
    expect(summaries(world, 'pull')).toHaveLength(6);
  });

  it('holds back scheduled pushes within the interval, but a save still pushes at once', () => {
    const world = createWorld({ settings: { [SETTINGS.pushEvery]: 120 } });
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(syncStatus(world, 'contact', contactIds[0] ?? 0).status).toBe('Completed');
    const runsAfterSave = summaries(world, 'push').length;
    world.advance(30 * MINUTE);
    scheduledPush(world);
    expect(summaries(world, 'push')).toHaveLength(runsAfterSave);
    world.advance(90 * MINUTE);
    scheduledPush(world);
    expect(summaries(world, 'push')).toHaveLength(runsAfterSave + 1);
    world.account.ui.edit('contact', contactIds[0] ?? 0, { title: 'Saved between scheduled runs' });
    drainPush(world);
    expect(world.salesforce.allContacts().map((c) => c.Title)).toContain('Saved between scheduled runs');
  });

  it('a change saved while a push runs gets its follow-up run at once, not after Push Every', () => {
    const world = createWorld({ settings: { [SETTINGS.pushEvery]: 1440 } });
    const { contactIds } = createCustomerWithContacts(world, 2);
    world.account.submittedTasks.length = 0;
    let edits = 0;
    // After every reduce invocation (the last one comes after the contacts' batch was sent) a user saves again.
    world.account.betweenInvocations = (stage) => {
      if (stage !== 'reduce') return;
      edits += 1;
      // The save finds a push already requested (the user events ask at most once per 5 minutes), so it queues
      // its change without asking again: the run's own follow-up is what sends it.
      const shared = world.account.caches.get(`*::${CACHE.name}`) ?? new Map<string, { value: string; expiresAt: number | undefined }>();
      shared.set(CACHE.pushRequestedKey, { value: world.now().toISOString(), expiresAt: undefined });
      world.account.caches.set(`*::${CACHE.name}`, shared);
      world.account.ui.edit('contact', contactIds[0] ?? 0, { title: `Saved during the run ${edits}` });
    };
    runPush(world);
    world.account.betweenInvocations = null;
    expect(edits).toBeGreaterThan(0);
    const followUps = world.account.submittedTasks.filter((t) => t.submittedBy === SCRIPTS.mrPush.scriptId);
    expect(followUps.map((t) => t.deploymentId)).toEqual([SCRIPTS.mrPush.onDemandDeploymentId]);
    drainPush(world);
    expect(world.salesforce.allContacts().map((c) => c.Title)).toContain(`Saved during the run ${edits}`);
    expect(pendingQueue(world)).toHaveLength(0);
  });

  it('refuses an interval the deployments cannot keep, with the reason, and keeps the saved value', () => {
    const world = createWorld({ settings: { [SETTINGS.pullEvery]: 30 } });
    const result = world.account.ui.edit(SETTINGS.type, settingsId(world), { [SETTINGS.pullEvery]: 20 });
    expect(result.error?.message).toContain('Pull Every must be a whole number of minutes from 15 to 1440 in steps of 15');
    expect(world.account.get(SETTINGS.type, settingsId(world))?.[SETTINGS.pullEvery]).toBe(30);
  });
});
