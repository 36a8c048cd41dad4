/**
 * A pull run records its API use like a push run does: the console's usage lines and the last-runs table stay
 * current in an account where only pulls ran (nothing changed in NetSuite), and a pull that reads many pages
 * is counted page by page.
 */
import { LOG, SETTINGS } from '../../src/ids';
import { consoleGet, fieldText, listRows } from './admin';
import { createWorld, logRows, PARDOT_BUSINESS_UNIT, runPull, type World } from './world';

function pullSummaries(world: World): { message: string; stats: Record<string, unknown> }[] {
  return logRows(world)
    .filter((r) => r[LOG.reason] === 'RUN_SUMMARY' && String(r[LOG.runId]).startsWith('pull-'))
    .map((r) => ({ message: String(r[LOG.message]), stats: JSON.parse(String(r[LOG.stats])) as Record<string, unknown> }));
}

/** The newest run of this kind in the console's Last runs list. */
function runsRow(page: string, kind: string): Record<string, string> {
  return listRows(page, 'custpage_runs').find((r) => r.custpage_kind === kind) ?? {};
}

describe('pull runs and API usage', () => {
  it('keeps the Salesforce and Pardot usage a pull saw, and the console shows it with the over-80 % warning', () => {
    const world = createWorld({
      settings: {
        [SETTINGS.pardotEnabled]: true,
        [SETTINGS.pardotBusinessUnit]: PARDOT_BUSINESS_UNIT,
        [SETTINGS.pardotHost]: 'https://pi.pardot.com',
      },
    });
    world.salesforce.setApiUsage(90_000);
    world.pardot.consumeDailyCalls(500);
    const sfBefore = world.salesforce.counters().apiCalls;
    const pardotBefore = world.pardot.counters().apiCalls;
    runPull(world);
    const sfCalls = world.salesforce.counters().apiCalls - sfBefore;
    const pardotCalls = world.pardot.counters().apiCalls - pardotBefore;
    expect(sfCalls).toBeGreaterThanOrEqual(2);
    expect(pardotCalls).toBeGreaterThanOrEqual(1);

    const [summary] = pullSummaries(world);
    expect(summary?.stats).toMatchObject({
      apiCalls: sfCalls,
      pardotCalls,
      limitInfo: `api-usage=${world.salesforce.apiUsage().used}/100000`,
      pardotUsage: `${world.pardot.apiCallsUsedToday()}/100000`,
    });
    expect(summary?.message).toContain(`${sfCalls} Salesforce and ${pardotCalls} Pardot API call(s).`);

    const page = consoleGet(world).body;
    expect(fieldText(page, 'custpage_salesforce_usage')).toMatch(/^9000\d of 100000 daily API requests \(\d+ %, run pull-[^)]+\) — over 80 % of the daily limit$/);
    expect(fieldText(page, 'custpage_pardot_usage')).toContain(`${world.pardot.apiCallsUsedToday()} / 100000 today`);
    // Columns after Run: status, records, c/s/f/r, seconds, units, API calls, errors.
    expect(runsRow(page, 'pull').custpage_api_calls).toBe(String(sfCalls));
  });

  it('counts every page of a long pull (query and queryMore)', () => {
    const world = createWorld();
    for (let i = 0; i < 2_100; i += 1) world.salesforce.seedAccount({ Name: `Pulled ${i}` });
    const before = world.salesforce.counters().apiCalls;
    runPull(world);
    const calls = world.salesforce.counters().apiCalls - before;
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(pullSummaries(world)[0]?.stats.apiCalls).toBe(calls);
  });
});
