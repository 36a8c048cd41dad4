import { generateKeyPairSync } from 'node:crypto';
import { fixtureAccount, probe } from './helpers';
import { seeds } from '.';
import type { EmulatedService } from '../http';

/** Remaining usage before/after each snippet, so each cost is measured in isolation. */
const cost = (snippets: string[]): string => `const meterScript = N.runtime.getCurrentScript(); const out = [];
  ${snippets.map((c) => `{ const b = meterScript.getRemainingUsage(); ${c}; out.push(b - meterScript.getRemainingUsage()); }`).join('\n')}
  return out;`;

describe('governance', () => {
  test('record costs: entity 5/10, custom record 2/4, lookupFields 1', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    const { value } = probe(account, cost([
      `var c = N.record.load({ type: 'contact', id: ${id} })`,
      `c.save()`,
      `N.record.submitFields({ type: 'contact', id: ${id}, values: { title: 'x' } })`,
      `var l = N.record.create({ type: 'customrecord_fx_log' }); l.setValue('name', 'n')`,
      `var lid = l.save()`,
      `N.record.delete({ type: 'customrecord_fx_log', id: lid })`,
      `N.search.lookupFields({ type: 'contact', id: ${id}, columns: ['email'] })`,
      `N.record.copy({ type: 'contact', id: ${id} })`,
    ]));
    expect(value).toEqual([5, 10, 5, 2, 4, 4, 1, 5]);
  });

  test('search, task, cache, signer, email and https costs', () => {
    const account = fixtureAccount();
    seeds.orphanContacts(account, 3);
    account.certificates.set('custcertificate_fx', { privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
    account.registerService('api.fx.example.com', { handle: () => ({ code: 200, headers: {}, body: 'ok' }) } satisfies EmulatedService);
    const { value } = probe(account, cost([
      `var s = N.search.create({ type: 'contact', columns: ['email'] })`,
      `s.run().each(() => true)`,
      `s.run().getRange({ start: 0, end: 10 })`,
      `var p = s.runPaged({ pageSize: 5 })`,
      `p.fetch({ index: 0 })`,
      `N.task.create({ taskType: N.task.TaskType.MAP_REDUCE, scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr' }).submit()`,
      `var k = N.cache.getCache({ name: 'c' }); k.put({ key: 'a', value: 'b' })`,
      `k.get({ key: 'a' })`,
      `k.get({ key: 'zz', loader: () => 'v' })`,
      `k.remove({ key: 'a' })`,
      `N.certificate.createSigner({ certId: 'custcertificate_fx', algorithm: 'SHA256' })`,
      `N.email.send({ author: -5, recipients: ['a@example.com'], subject: 's', body: 'b' })`,
      `N.https.get({ url: 'https://api.fx.example.com/x' })`,
    ]));
    expect(value).toEqual([0, 10, 10, 5, 5, 20, 1, 1, 2, 1, 10, 20, 10]);
  });

  test('budgets: scheduled 10,000; RESTlet 5,000; exceeding throws SSS_USAGE_LIMIT_EXCEEDED', () => {
    const account = fixtureAccount();
    const { value, report } = probe(account, `const s = N.runtime.getCurrentScript(); const start = s.getRemainingUsage(); let n = 0;
      try { for (;;) { N.record.load({ type: 'employee', id: -5 }); n++; } } catch (e) { return [start, n, e.name]; }`);
    expect(value).toBeUndefined();
    expect(report.error?.name).toBe('SSS_USAGE_LIMIT_EXCEEDED');
    expect(report.usage).toBe(10_000);
    expect(JSON.parse(account.runRestlet({ scriptId: 'customscript_fx_rl', method: 'GET' }).body).remaining).toBe(5_000);
  });

  test('catching SSS_USAGE_LIMIT_EXCEEDED does not let a user event carry on, and the save is aborted', () => {
    const account = fixtureAccount();
    const result = account.ui.create('partner', { companyname: 'Burner' });
    expect(result.error?.name).toBe('SSS_USAGE_LIMIT_EXCEEDED');
    expect(result.id).toBeUndefined();
    expect(account.all('partner')).toHaveLength(0);
    const ue = result.scripts.find((s) => s.scriptId === 'customscript_fx_ue_burn')!;
    expect(ue.usage).toBe(1_000);
    expect(ue.killed).toBe('SSS_USAGE_LIMIT_EXCEEDED');
    expect(ue.logs.map((l) => l.title)).not.toContain('still running');
  });

  test('usageReport aggregates runs per script and entry point', () => {
    const account = fixtureAccount();
    probe(account, `N.record.load({ type: 'employee', id: -5 });`);
    probe(account, `N.search.lookupFields({ type: 'employee', id: -5, columns: 'email' });`);
    expect(account.usageReport().find((r) => r.scriptId === 'customscript_fx_probe')).toMatchObject({ runs: 2, total: 6, max: 5 });
  });
});
