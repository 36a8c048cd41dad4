/**
 * Counts that add up: in a seeded account, the console's numbers equal what the records and the integration log hold
 * (runs count records, not log rows, split by system; the chart counts records per day; the failed list, the top
 * reasons and the chart agree on one bad contact that failed in three runs).
 */
import { ENTITY_FIELDS, LOG } from '../../src/ids';
import { consoleGet, seedFailure, fieldText, listLabel, listRows } from './admin';
import { drainPush, logRows, pardotWorld, type World } from './world';

function recordsWithStatus(world: World, field: string, status: string): string[] {
  return (['contact', 'customer'] as const).flatMap((type) => world.account.all(type).filter((r) => r[field] === status).map((r) => `${type}:${String(r.id)}`));
}

/** From the log alone: per record, its last outcome today (Completed rows list their records). */
function lastOutcomesToday(world: World): Map<string, string> {
  const last = new Map<string, { runId: string; status: string }>();
  const rank: Record<string, number> = { Failed: 3, Completed: 2, Skipped: 1 };
  for (const row of logRows(world)) {
    const status = String(row[LOG.status]);
    const runId = String(row[LOG.runId]);
    if (row[LOG.direction] !== 'outbound' || row[LOG.reason] === 'RUN_SUMMARY' || rank[status] === undefined) continue;
    const listed = typeof row[LOG.records] === 'string' && row[LOG.records] !== '' ? String(row[LOG.records]).split('\n').map((l) => l.split('=')[0] ?? '') : [`${String(row[LOG.recordType])}:${String(row[LOG.recordId])}`];
    for (const key of listed) {
      const before = last.get(key);
      if (before === undefined || runId > before.runId || (runId === before.runId && (rank[status] ?? 0) > (rank[before.status] ?? 0))) last.set(key, { runId, status });
    }
  }
  return new Map([...last].map(([k, v]) => [k, v.status]));
}

describe('the console\'s numbers equal the records and the log', () => {
  it('one bad contact failing in three runs is one failed record everywhere; runs add up per system', () => {
    const world = pardotWorld();
    const { bad } = seedFailure(world);
    for (const title of ['Edited once', 'Edited twice']) { // two more runs in which the bad contact fails again
      world.account.ui.inlineEdit('contact', bad, { title });
      drainPush(world);
    }
    const orphan = Number(world.account.ui.create('contact', { firstname: 'No', lastname: 'Customer', email: 'orphan@example.com', subsidiary: world.subsidiary }).id);
    drainPush(world);
    expect(logRows(world).filter((r) => Number(r[LOG.recordId]) === bad && r[LOG.status] === 'Failed').length).toBeGreaterThanOrEqual(3);

    const page = consoleGet(world).body;
    // The failed list: every record Failed in Salesforce or Pardot, once.
    const failed = new Set([...recordsWithStatus(world, ENTITY_FIELDS.status, 'Failed'), ...recordsWithStatus(world, ENTITY_FIELDS.pardotStatus, 'Failed')]);
    expect(failed).toEqual(new Set([`contact:${bad}`]));
    expect(listLabel(page, 'custpage_failed')).toBe(`Failed records (${failed.size})`);
    const skipped = new Set([...recordsWithStatus(world, ENTITY_FIELDS.status, 'Skipped'), ...recordsWithStatus(world, ENTITY_FIELDS.pardotStatus, 'Skipped')]);
    expect(skipped.has(`contact:${orphan}`)).toBe(true);
    expect(fieldText(page, 'custpage_paging')).toContain(`${skipped.size} skipped record(s)`);

    // Top reasons: records per reason and system, never log rows.
    const sfCode = String(world.account.get('contact', bad)?.[ENTITY_FIELDS.lastError]).split(':')[0] ?? '';
    expect(listRows(page, 'custpage_reasons')).toContainEqual(expect.objectContaining({ custpage_code: sfCode, custpage_system: 'Salesforce', custpage_count: '1' }));

    // The chart: records per day, from the log's last outcome of each record today.
    const outcomes = lastOutcomesToday(world);
    const count = (status: string): number => [...outcomes.values()].filter((s) => s === status).length;
    expect(count('Failed')).toBe(1);
    const today = world.now().toISOString().slice(0, 10);
    const bar = (kind: string): number => Number(new RegExp(`<title>${today}: (\\d+) ${kind}</title>`).exec(page)?.[1] ?? 0);
    expect(bar('failed')).toBe(count('Failed'));
    expect(bar('completed')).toBe(count('Completed'));
    expect(bar('skipped')).toBe(count('Skipped'));

    // Last runs: each run's statuses per system add up to at most its records, and Salesforce's to exactly them.
    const runRows = listRows(page, 'custpage_runs').filter((r) => r.custpage_kind === 'push').map((r) => [r.html, r.custpage_records, r.custpage_by_system] as const);
    expect(runRows.length).toBeGreaterThanOrEqual(4);
    for (const [, records, systems] of runRows) {
      for (const [, system, figures] of (systems ?? '').matchAll(/^(\w+): ([\d /]+)$/gm)) {
        const sum = (figures ?? '').split('/').reduce((n, x) => n + Number(x), 0);
        if (system === 'Salesforce') expect(sum).toBe(Number(records));
        else expect(sum).toBeLessThanOrEqual(Number(records));
      }
    }
  });
});
