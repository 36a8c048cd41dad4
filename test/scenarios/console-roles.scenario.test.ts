/**
 * Every console action as the roles we ship (CRM Sync Administrator, CRM Sync Viewer) and a plain role: each works or
 * says plainly why not, never NetSuite's error page. The console runs as the CRM Sync Integration role, and the
 * emulated task.submit needs Administrator or SuiteScript Scheduling (ADMI_SS_SCHEDULING) for that role, as NetSuite's
 * does (ScheduledScriptTask.submit(); "Submitting an On-Demand Map/Reduce Script Deployment from a Script").
 */
import { ROLES, SCRIPTS } from '../../src/ids';
import { consoleConfirm, consoleGet, consolePost, seedFailure } from './admin';
import { createWorld, queueStateOf, type World } from './world';

const AS = {
  admin: { role: 1050, roleId: ROLES.admin },
  viewer: { role: 1001, roleId: ROLES.viewer },
  plain: { role: 1077, roleId: 'customrole_sales_assistant' },
} as const;

function queueState(world: World, recordId: number): unknown {
  return queueStateOf(world, 'contact', recordId);
}

function pushTasks(world: World): number {
  return world.account.submittedTasks.filter((t) => t.scriptId === SCRIPTS.mrPush.scriptId).length;
}

/** Every action the console offers, with what its page said. */
type Page = { code: number; body: string };
type Actions = 'view' | 'retrySelected' | 'retryAll' | 'syncNow' | 'pullNow' | 'installSearches';

function everyAction(world: World, bad: number, linked: number): Record<Actions, Page> {
  const view = consoleGet(world);
  return {
    view,
    retrySelected: consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' }),
    retryAll: consolePost(world, { action: 'retry_all' }),
    syncNow: consoleConfirm(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) }).result,
    pullNow: consoleConfirm(world, { action: 'pullnow', recordtype: 'contact', id: String(linked) }).result,
    installSearches: consolePost(world, { action: 'install_searches' }),
  };
}

describe('console actions by role', () => {
  it('CRM Sync Administrator: every action works, and the retry says the push was started only because it was', () => {
    const world = createWorld();
    const { bad, good } = seedFailure(world);
    world.account.signIn(AS.admin);
    const before = pushTasks(world);
    const pages = everyAction(world, bad, good[0] ?? 0);
    // The record buttons' POSTs go back to the record (302 to it); the rest answer with the console page.
    for (const [name, page] of Object.entries(pages)) expect([name, page.code]).toEqual([name, name === 'syncNow' || name === 'pullNow' ? 302 : 200]);
    expect(pages.retrySelected.body).toContain('Retry queued for 1 record(s) in the background.');
    expect(pages.installSearches.body).toMatch(/Installed 4 saved search\(es\)|already installed/);
    expect(pages.pullNow.body).not.toContain('The action failed');
    expect(queueState(world, bad)).toBe('pending');
    expect(pushTasks(world)).toBeGreaterThan(before);
  });

  it('CRM Sync Viewer and a plain role: the page shows, every change is refused in plain words, nothing changes', () => {
    for (const who of [AS.viewer, AS.plain]) {
      const world = createWorld();
      const { bad, good } = seedFailure(world);
      world.account.signIn(who);
      const before = pushTasks(world);
      const pages = everyAction(world, bad, good[0] ?? 0);
      for (const page of Object.values(pages)) expect(page.code).toBe(200);
      expect(pages.view.body).toContain('CRM Sync');
      expect(pages.retrySelected.body).toContain('Your role may not retry syncs.');
      expect(pages.retryAll.body).toContain('Your role may not retry syncs.');
      expect(pages.installSearches.body).toContain('Your role may not retry syncs.');
      expect(pages.syncNow.body).toContain('Your role may not start a sync.');
      expect(pages.pullNow.body).toContain('Your role may not start a sync.');
      expect(queueState(world, bad)).toBe('failed');
      expect(pushTasks(world)).toBe(before);
    }
  });

  it('when NetSuite refuses to start the push, retry and "Sync now" say so instead of "asked to run now"', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    // The integration role as an admin might have trimmed it: no SuiteScript Scheduling.
    world.account.objects.roles.get(ROLES.integration)?.delete('ADMI_SS_SCHEDULING');
    world.account.signIn(AS.admin);
    // Nor can the page start the background retry task: it re-arms the selection itself and says why.
    const retry = consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });
    expect(retry.code).toBe(200);
    expect(retry.body).toContain('Retry queued for 1 record(s);');
    expect(retry.body).toContain('This page re-armed them itself: NetSuite did not start the background retry (INSUFFICIENT_PERMISSION).');
    expect(retry.body).not.toContain('the push was asked to run now');
    expect(retry.body).toContain('needs the SuiteScript Scheduling permission');
    expect(queueState(world, bad)).toBe('pending');
    world.account.evictCaches();
    const sync = consoleConfirm(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) }).result;
    expect(sync.redirectedTo).toMatch(/^\/app\/common\/entity\/contact\.nl\?id=/);
    expect(sync.body).not.toContain('the push was asked to run now');
    expect(sync.body).toContain('SuiteScript Scheduling');
  });
});
