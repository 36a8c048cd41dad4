/** The console's Pardot API usage line, end to end: the push asks Pardot for x-api-usage and the console shows it. */
import { LOG } from '../../src/ids';
import { consoleGet, fieldText } from './admin';
import { createCustomerWithContacts, createWorld, drainPush, logRows, pardotWorld, type World } from './world';

/** The Pardot line of the API usage field group, as shown. */
function pardotLine(page: string): string {
  return fieldText(page, 'custpage_pardot_usage') ?? '';
}

/** Stats JSON of the push run summaries, oldest first. */
function pushSummaries(world: World): Record<string, unknown>[] {
  return logRows(world)
    .filter((r) => r[LOG.reason] === 'RUN_SUMMARY' && String(r[LOG.runId]).startsWith('push-'))
    .map((r) => JSON.parse(String(r[LOG.stats])) as Record<string, unknown>);
}

describe('console: Pardot API usage', () => {
  it('shows the calls used today over the daily maximum that Pardot reported to the last push, without calling Pardot itself', () => {
    const world = pardotWorld();
    expect(pardotLine(consoleGet(world).body)).toContain('No usage recorded yet');

    createCustomerWithContacts(world, 3);
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(3);
    const pardotRequests = world.account.httpLog.filter((entry) => entry.url.startsWith('https://pi.pardot.com/'));
    expect(pardotRequests.length).toBeGreaterThan(0);
    for (const entry of pardotRequests) expect(entry.headers['X-Return-Api-Usage']).toBe('1');
    const used = world.pardot.apiCallsUsedToday();
    expect(used).toBeGreaterThan(0);
    // The run summary keeps the header as Pardot sent it, next to Salesforce's limitInfo.
    expect(pushSummaries(world).map((s) => s.pardotUsage)).toContain(`${used}/100000`);

    const callsBefore = world.pardot.counters().apiCalls;
    const page = consoleGet(world);
    expect(world.pardot.counters().apiCalls).toBe(callsBefore);
    expect(page.report.usage).toBeLessThan(300);
    const percent = Math.round((used / 100_000) * 10_000) / 100;
    expect(pardotLine(page.body)).toBe(`${used} / 100000 today (${percent} %)`);
    expect(page.body).toMatch(/<div class="uir-field-group" id="custpage_usage_fg"><div class="fgroup_title">API usage<\/div>.*\d+ of \d+ daily API requests.*id="custpage_pardot_usage_fs"/s);
  });

  it('turns into a warning above 80 % of the daily limit', () => {
    const world = pardotWorld();
    world.pardot.consumeDailyCalls(85_000);
    createCustomerWithContacts(world, 1);
    drainPush(world);
    const used = world.pardot.apiCallsUsedToday();
    expect(used).toBeGreaterThan(85_000);
    const percent = Math.round((used / 100_000) * 10_000) / 100;
    expect(pardotLine(consoleGet(world).body)).toBe(`${used} / 100000 today (${percent} %) — over 80 % of the daily limit`);
  });

  it('says Pardot is not used when Sync With Pardot is off, and sends Pardot nothing', () => {
    const world = createWorld();
    createCustomerWithContacts(world, 2);
    drainPush(world);
    expect(world.pardot.counters().apiCalls).toBe(0);
    const summaries = pushSummaries(world);
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.every((s) => s.pardotUsage === null)).toBe(true);
    expect(pardotLine(consoleGet(world).body)).toContain('Not used (Sync With Pardot is off');
  });
});
