/** The retention scheduled script in the emulated account: what it deletes, what it keeps, and governance. */
import { ADMIN_SCRIPTS, ADMIN_SETTINGS, LOG, QUEUE, REPORT, REPORT_SCRIPTS, SETTINGS } from '../../src/ids';
import type { PreviewSummary } from '../../src/jobs/preview';
import { createWorld, reportRows, seedCustomer, type World } from './world';

const DAY = 86_400_000;

function seedAt(world: World, at: Date, type: string, values: Record<string, unknown>): number {
  const now = world.account.clock.now();
  world.account.clock.set(at);
  const id = world.account.seed(type, values);
  world.account.clock.set(now);
  return id;
}

function logRow(world: World, daysAgo: number, status: string, reason = 'SYNCED'): number {
  return seedAt(world, new Date(world.now().getTime() - daysAgo * DAY), LOG.type, { name: `${status} row`, [LOG.status]: status, [LOG.reason]: reason, [LOG.runId]: 'push-old' });
}

function queueRow(world: World, daysAgo: number, state: string): number {
  return seedAt(world, new Date(world.now().getTime() - daysAgo * DAY), QUEUE.type, { name: 'contact 1', [QUEUE.recordType]: 'contact', [QUEUE.recordId]: 1, [QUEUE.state]: state });
}

function runRetention(world: World) {
  return world.account.runScheduled({ scriptId: ADMIN_SCRIPTS.scRetention.scriptId, deploymentId: ADMIN_SCRIPTS.scRetention.deploymentId });
}

describe('retention', () => {
  it('by default deletes every log row and done queue entry older than 30 days, failures older than 90; keeps recent rows and pending entries', () => {
    const world = createWorld();
    const oldOk = logRow(world, 31, 'Completed');
    const recentOk = logRow(world, 29, 'Completed');
    const failed = logRow(world, 60, 'Failed', 'INVALID_EMAIL');
    const oldFailed = logRow(world, 91, 'Failed', 'INVALID_EMAIL');
    const oldSkipped = logRow(world, 31, 'Skipped', 'ORPHAN_CONTACT');
    const oldWarning = logRow(world, 31, 'Warning', 'AMBIGUOUS_EMAIL_MATCH');
    const oldDone = queueRow(world, 40, 'done');
    const oldPending = queueRow(world, 400, 'pending');
    const failedEntry = queueRow(world, 40, 'failed');
    const oldFailedEntry = queueRow(world, 91, 'failed');
    const recentDone = queueRow(world, 3, 'done');
    const report = runRetention(world);
    expect(report.error).toBeUndefined();
    const logIds = world.account.all(LOG.type).map((r) => r.id);
    expect(logIds).toEqual(expect.not.arrayContaining([oldOk, oldFailed, oldSkipped, oldWarning]));
    expect(logIds).toEqual(expect.arrayContaining([recentOk, failed]));
    const queueIds = world.account.all(QUEUE.type).map((r) => r.id);
    expect(queueIds).toEqual(expect.not.arrayContaining([oldDone, oldFailedEntry]));
    expect(queueIds).toEqual(expect.arrayContaining([oldPending, failedEntry, recentDone]));
  });

  it('deletes reports older than "Keep Log Days" and each old preview\'s plan file with it; keeps recent ones and their files', () => {
    const world = createWorld();
    const company = seedCustomer(world, { companyname: 'Retained Co' });
    world.account.seed('contact', { firstname: 'R', lastname: 'One', email: 'r1@retained.example', company, subsidiary: world.subsidiary });
    const preview = (): PreviewSummary => {
      world.account.runMapReduce({ scriptId: REPORT_SCRIPTS.mrPreview.scriptId, deploymentId: REPORT_SCRIPTS.mrPreview.deploymentId });
      const summaries = reportRows(world, 'preview', 'summary').map((r) => r.body as PreviewSummary);
      return summaries[summaries.length - 1] as PreviewSummary;
    };
    const old = preview();
    world.advance(31 * DAY);
    const recent = preview();
    const file = (s: PreviewSummary) => world.account.fileCabinet.file(Number(s.plan?.id));
    expect(file(old)).toBeDefined();
    expect(file(recent)).toBeDefined();
    const report = runRetention(world);
    expect(report.error).toBeUndefined();
    expect(file(old)).toBeUndefined();
    expect(file(recent)).toBeDefined();
    const left = world.account.all(REPORT.type).map((r) => String(r[REPORT.runId]));
    expect(left).not.toContain(old.runId);
    expect(new Set(left)).toEqual(new Set([recent.runId]));
  });

  it('follows the "Keep Log Days" setting', () => {
    const world = createWorld();
    const settings = world.account.all(SETTINGS.type)[0];
    world.account.seedUpdate(SETTINGS.type, Number(settings?.id), { [ADMIN_SETTINGS.logDays]: 7 });
    const eightDays = logRow(world, 8, 'Completed');
    const sixDays = logRow(world, 6, 'Completed');
    runRetention(world);
    const ids = world.account.all(LOG.type).map((r) => r.id);
    expect(ids).not.toContain(eightDays);
    expect(ids).toContain(sixDays);
  });

  it('stops before the 10,000-unit limit, reschedules itself, and the continuation finishes the job', () => {
    const world = createWorld();
    for (let i = 0; i < 2600; i += 1) logRow(world, 45, 'Completed');
    const first = runRetention(world);
    expect(first.error).toBeUndefined();
    expect(first.killed).toBeFalsy();
    expect(first.usage).toBeLessThanOrEqual(10_000);
    const left = world.account.all(LOG.type).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(2600);
    expect(world.account.submittedTasks.filter((t) => t.scriptId === ADMIN_SCRIPTS.scRetention.scriptId && t.status === 'PENDING')).toHaveLength(1);
    const runs = world.account.runQueuedTasks({ maxRuns: 5 });
    expect(runs.every((r) => !('killed' in r) || !r.killed)).toBe(true);
    expect(world.account.all(LOG.type)).toHaveLength(0);
  });

  describe('continuation on its own Not Scheduled deployment', () => {
    const { scriptId, deploymentId, onDemandDeploymentId } = ADMIN_SCRIPTS.scRetention;
    const pendingRuns = (world: World) => world.account.submittedTasks.filter((t) => t.scriptId === scriptId && t.status === 'PENDING');
    const retentionAudit = (report: { logs: { title: string; details: string }[] }) =>
      JSON.parse(report.logs.find((l) => l.title === 'crmsync retention')?.details ?? '{}') as { rescheduled?: boolean; notRescheduled?: string };
    // A small budget makes each run stop after ~100 deletes, so the job needs several continuations.
    const smallWorld = (rows: number): World => {
      const world = createWorld();
      world.account.budgets.scheduled = 600;
      for (let i = 0; i < rows; i += 1) logRow(world, 45, 'Completed');
      return world;
    };

    it('the daily run queues the on-demand deployment, which resubmits itself until the job is done', () => {
      const world = smallWorld(320);
      const first = runRetention(world);
      expect(retentionAudit(first)).toMatchObject({ rescheduled: true });
      expect(pendingRuns(world).map((t) => t.deploymentId)).toEqual([onDemandDeploymentId]);
      const runs = world.account.runQueuedTasks({ maxRuns: 10 });
      // Each continuation ran on the on-demand deployment (never the Scheduled one) and queued the next behind itself.
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.map((r) => ('deploymentId' in r ? r.deploymentId : ''))).toEqual(runs.map(() => onDemandDeploymentId));
      expect(world.account.all(LOG.type)).toHaveLength(0);
      expect(pendingRuns(world)).toHaveLength(0);
    });

    it('when that deployment already has a queued task, the refusal is recorded (not thrown) and the queued run deletes the rest', () => {
      const world = smallWorld(160);
      // An admin's "Save and Execute" of the on-demand deployment is waiting in NetSuite's queue.
      world.account.submittedTasks.push({ taskId: 'SCHEDSCRIPT_admin', taskType: 'SCHEDULED_SCRIPT', scriptId, deploymentId: onDemandDeploymentId, params: {}, status: 'PENDING', submittedBy: 'ui' });
      const first = runRetention(world);
      expect(first.error).toBeUndefined();
      expect(retentionAudit(first)).toMatchObject({ rescheduled: false, notRescheduled: 'FAILED_TO_SUBMIT_JOB_REQUEST_1' });
      expect(pendingRuns(world).map((t) => t.taskId)).toEqual(['SCHEDSCRIPT_admin']);
      world.account.runQueuedTasks({ maxRuns: 10 });
      expect(world.account.all(LOG.type)).toHaveLength(0);
      expect(world.account.submittedTasks.some((t) => t.deploymentId === deploymentId && t.status === 'PENDING')).toBe(false);
    });
  });
});

