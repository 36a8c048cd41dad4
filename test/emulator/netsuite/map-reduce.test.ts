import { fixtureAccount } from './helpers';
import { EmulatedAccount, seeds } from '.';

const summary = (logs: { title: string; details: string }[]): { mapErrors: { key: string; name: string; executionNo: number }[]; out: [string, string][]; inputError: string | null; usage: number } =>
  JSON.parse(logs.find((l) => l.title === 'summary')!.details);

describe('map/reduce runner', () => {
  test('array input: string keys, JSON-stringified values, shuffle, reduce and output', () => {
    const account = fixtureAccount();
    const report = account.runMapReduce({ scriptId: 'customscript_fx_mr', params: { custscript_fx_mr_mode: 'array' } });
    expect(report.status).toBe('COMPLETE');
    expect(report.stages.map.invocations).toBe(3);
    const out = summary(report.logs).out;
    expect(out.map(([k]) => k)).toEqual(['0', '1', '2']);
    expect(JSON.parse(out[2]![1])).toEqual({ count: 1, restarted: false, errors: 0 });
  });

  test('search input: map receives the result JSON and saves fire user events with MAPREDUCE', () => {
    const account = fixtureAccount();
    const { customerId, contactIds } = seeds.customerWithContacts(account, { contacts: 2 });
    const orphan = seeds.orphanContacts(account, 1)[0]!;
    const report = account.runMapReduce({ scriptId: 'customscript_fx_mr' });
    expect(account.get('contact', contactIds[0]!)!.custentity_fx_sf_id).toBe(`SF${contactIds[0]}`);
    expect(summary(report.logs).out).toEqual([[String(customerId), JSON.stringify({ count: 2, restarted: false, errors: 0 })], ['none', JSON.stringify({ count: 1, restarted: false, errors: 0 })]]);
    const ue = report.stages.map.reports[0]!.triggered.find((t) => t.entryPoint === 'afterSubmit')!;
    expect(JSON.parse(ue.logs[0]!.details)).toMatchObject({ type: 'xedit', executionContext: 'MAPREDUCE', id: contactIds[0] });
    expect(report.stages.map.usageMax).toBe(5);
    expect(orphan).toBeGreaterThan(0);
  });

  test('betweenInvocations runs after every map and reduce invocation, so other users can save while the job runs', () => {
    const account = fixtureAccount();
    const seen: string[] = [];
    account.betweenInvocations = (stage, invocation) => { seen.push(`${stage}${invocation}`); };
    const report = account.runMapReduce({ scriptId: 'customscript_fx_mr', params: { custscript_fx_mr_mode: 'array' } });
    expect(seen.filter((s) => s.startsWith('map'))).toEqual(['map1', 'map2', 'map3']);
    expect(seen.filter((s) => s.startsWith('reduce'))).toHaveLength(report.stages.reduce.invocations);
    account.betweenInvocations = null;
  });

  test('a failing map key is retried per config.retryCount and reported in the error iterators', () => {
    const account = fixtureAccount();
    const report = account.runMapReduce({ scriptId: 'customscript_fx_mr', params: { custscript_fx_mr_mode: 'failmap' } });
    expect(report.config).toEqual({ retryCount: 1, exitOnError: false });
    expect(report.stages.map.errors.map((e) => [e.key, e.name, e.executionNo])).toEqual([['1', 'FX_MAP', 1], ['1', 'FX_MAP', 2]]);
    const s = summary(report.logs);
    expect(s.mapErrors).toEqual([{ key: '1', name: 'FX_MAP', executionNo: 1 }, { key: '1', name: 'FX_MAP', executionNo: 2 }]);
    expect(s.out.map(([k]) => k)).toEqual(['0', '2']);
  });

  test('an error in getInputData skips to summarize with inputSummary.error', () => {
    const report = fixtureAccount().runMapReduce({ scriptId: 'customscript_fx_mr', params: { custscript_fx_mr_mode: 'inputfail' } });
    expect(report.stages.map.invocations).toBe(0);
    expect(summary(report.logs).inputError).toBe('FX_INPUT');
    expect(report.status).toBe('FAILED');
  });

  test('keys over 3,000 characters are refused', () => {
    const report = fixtureAccount().runMapReduce({ scriptId: 'customscript_fx_mr', params: { custscript_fx_mr_mode: 'bigkey' } });
    expect(report.stages.map.errors[0]!.name).toBe('KEY_LENGTH_IS_OVER_3000_BYTES');
  });

  test('an injected app-server restart re-runs the invocation with isRestarted and SSS_APP_SERVER_RESTART', () => {
    const account = fixtureAccount();
    const ids = seeds.orphanContacts(account, 3);
    const report = account.runMapReduce({ scriptId: 'customscript_fx_mr', params: { custscript_fx_mr_mode: 'restart' }, faults: [{ stage: 'map', invocation: 2, afterGovernedCalls: 1 }] });
    expect(report.stages.map.restarts).toBe(1);
    expect(report.stages.map.invocations).toBe(3);
    expect(report.stages.map.reports).toHaveLength(4);
    expect(report.stages.map.errors).toEqual([{ key: String(ids[1]), name: 'SSS_APP_SERVER_RESTART', message: expect.any(String), executionNo: 1 }]);
    expect(ids.map((id) => account.get('contact', id)!.custentity_fx_sf_id)).toEqual(ids.map((id) => `SF${id}`));
    expect(summary(report.logs).out).toEqual([['none', JSON.stringify({ count: 3, restarted: false, errors: 0 })]]);
  });
  test('two deployments at once: invocations interleave in a seeded order, users save in between, one run per deployment', () => {
    const account = fixtureAccount();
    seeds.customerWithContacts(account, { contacts: 4 });
    seeds.customerWithContacts(account, { contacts: 3 });
    let saves = 0;
    const userActions = [() => { saves++; }, () => { saves++; }];
    const reports = account.runMapReducesTogether([
      { scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr' },
      { scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr_2' },
    ], { seed: 7, concurrency: 3, pauseChance: 1, userActions });
    expect(reports.map((r) => r.status)).toEqual(['COMPLETE', 'COMPLETE']);
    expect(saves).toBe(2);
    const order = account.runs.filter((r) => r.entryPoint === 'map').map((r) => r.deploymentId);
    const switches = order.filter((d, i) => i > 0 && d !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(1);
    // Nested pauses put more than one invocation of a run in flight, never more than its concurrency.
    const concurrency = reports.map((r) => (JSON.parse(r.logs.find((l) => l.title === 'summary')!.details) as { concurrency?: number }).concurrency);
    expect(concurrency.every((c) => c === undefined || c <= 3)).toBe(true);
    expect(() => account.runMapReducesTogether([
      { scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr' },
      { scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr' },
    ], { seed: 1 })).toThrow(/MAP_REDUCE_ALREADY_RUNNING|already running/);
  });

  test('a map/reduce deployment reads its concurrencylimit from the SDF XML', () => {
    const account = new EmulatedAccount({ projectRoot: process.cwd() });
    const push = account.script('customscript_crmsync_mr_push');
    expect(account.deployment(push, 'customdeploy_crmsync_mr_push').concurrencyLimit).toBe(2);
  });

});
