import { fixtureAccount, probe } from './helpers';

describe('AMD loader and runtime sandbox', () => {
  test('a script sees ECMAScript built-ins plus define/log/util, and no Node globals', () => {
    const { value } = probe(fixtureAccount(), `return ['require','process','Buffer','setTimeout','setInterval','console','define','log','util','JSON'].map((n) => n + ':' + typeof globalThis[n]);`);
    expect(value).toEqual(['require:undefined', 'process:undefined', 'Buffer:undefined', 'setTimeout:undefined', 'setInterval:undefined', 'console:undefined', 'define:function', 'log:object', 'util:object', 'JSON:object']);
  });

  test('a top-level require() fails the load', () => {
    const report = fixtureAccount().runScheduled({ scriptId: 'customscript_fx_bad_require' });
    expect(report.error?.name).toBe('SSS_SYNTAX_ERROR');
    expect(report.error?.message).toMatch(/require is not defined/);
  });

  test('process is not defined at run time', () => {
    const report = fixtureAccount().runScheduled({ scriptId: 'customscript_fx_bad_process' });
    expect(report.error).toEqual({ name: 'ReferenceError', message: 'process is not defined' });
  });

  test('two define() calls are rejected', () => {
    expect(fixtureAccount().runScheduled({ scriptId: 'customscript_fx_two_defines' }).error?.name).toBe('SUITESCRIPT_MULTIPLE_DEFINE');
  });

  test('a file without define() is rejected', () => {
    expect(fixtureAccount().runScheduled({ scriptId: 'customscript_fx_no_define' }).error?.name).toBe('SUITESCRIPT_ENTRY_POINT_MISSING_DEFINE');
  });

  test('@NScriptType must match the SDF object type', () => {
    const report = fixtureAccount().runScheduled({ scriptId: 'customscript_fx_wrong_type' });
    expect(report.error?.name).toBe('SSS_INVALID_SCRIPT_TYPE');
  });

  test('governed APIs are unavailable inside the define callback', () => {
    expect(fixtureAccount().runScheduled({ scriptId: 'customscript_fx_define_gov' }).error?.name).toBe('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE');
  });

  test('errors and dates handed to scripts belong to the script realm', () => {
    const { value } = probe(fixtureAccount(), `
      let e; try { N.record.load({ type: 'contact', id: 99999 }); } catch (x) { e = x; }
      const emp = N.record.load({ type: 'employee', id: -5 });
      return [e instanceof Error, e.name, e.type, emp.getValue('datecreated') instanceof Date, N.error.create({ name: 'X', message: 'y' }) instanceof Error];`);
    expect(value).toEqual([true, 'RCRD_DSNT_EXIST', 'error.SuiteScriptError', true, true]);
  });

  test('new Date() in a script follows the account clock', () => {
    const account = fixtureAccount({ now: () => new Date('2024-03-01T12:00:00Z') });
    account.clock.advance(60_000);
    expect(probe(account, `return new Date().toISOString();`).value).toBe('2024-03-01T12:01:00.000Z');
  });

  test('script parameters come typed from deployment XML, defaults and per-run values', () => {
    const account = fixtureAccount();
    const { value } = probe(account, `const s = N.runtime.getCurrentScript(); return [s.getParameter({ name: 'custscript_fx_flag' }), s.getParameter({ name: 'custscript_fx_limit' }), s.getParameter({ name: 'custscript_fx_plain' }), s.getParameter({ name: 'custscript_nope' }), s.id, s.deploymentId, N.runtime.executionContext];`);
    expect(value).toEqual([true, 7, 'hello', null, 'customscript_fx_probe', 'customdeploy_fx_probe', 'SCHEDULED']);
    account.setDeploymentParams('customdeploy_fx_probe', { custscript_fx_plain: 'override' });
    expect(probe(account, `return N.runtime.getCurrentScript().getParameter({ name: 'custscript_fx_plain' });`).value).toBe('override');
  });

  test('N/log entries are captured with script and level, filtered by deployment log level', () => {
    const account = fixtureAccount();
    probe(account, `N.log.debug('d', { a: 1 }); N.log.audit({ title: 'a', details: 'x'.repeat(5000) }); log.error('global log', 'works');`);
    const mine = account.logs.filter((l) => l.scriptId === 'customscript_fx_probe');
    expect(mine.map((l) => [l.level, l.title])).toEqual([['DEBUG', 'd'], ['AUDIT', 'a'], ['ERROR', 'global log'], ['AUDIT', 'result']]);
    expect(mine[0]!.details).toBe('{"a":1}');
    expect(mine[1]!.details).toHaveLength(3999);
  });
});
