import { generateKeyPairSync, createVerify } from 'node:crypto';
import { fixtureAccount, probe } from './helpers';
import { EmulatedTimeout, type EmulatedHttpRequest } from '../http';

describe('N/task', () => {
  test('submitting a queued deployment again fails; without deploymentId a free Not Scheduled deployment is picked, then none (the Scheduled one is never taken)', () => {
    const account = fixtureAccount();
    const { value } = probe(account, `
      const mk = (dep) => N.task.create({ taskType: N.task.TaskType.MAP_REDUCE, scriptId: 'customscript_fx_mr', deploymentId: dep, params: { custscript_fx_mr_mode: 'array' } });
      const out = [];
      const first = mk('customdeploy_fx_mr').submit();
      out.push(N.task.checkStatus({ taskId: first }).status);
      try { mk('customdeploy_fx_mr').submit(); } catch (e) { out.push(e.name); }
      const second = mk().submit();
      out.push(N.task.checkStatus({ taskId: second }).deploymentId);
      try { mk().submit(); } catch (e) { out.push(e.name); }
      return out;`);
    expect(value).toEqual(['PENDING', 'MAP_REDUCE_ALREADY_RUNNING', 'customdeploy_fx_mr_2', 'NO_DEPLOYMENTS_AVAILABLE']);
    const reports = account.runQueuedTasks();
    expect(reports).toHaveLength(2);
    expect(account.submittedTasks.filter((t) => t.taskType === 'MAP_REDUCE').map((t) => t.status)).toEqual(['COMPLETE', 'COMPLETE']);
  });

  test('a task parameter longer than its field (Free-Form Text: 300 characters) is refused, not cut', () => {
    const account = fixtureAccount();
    const { value } = probe(account, `
      const mk = (mode) => N.task.create({ taskType: N.task.TaskType.MAP_REDUCE, scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr', params: { custscript_fx_mr_mode: mode } });
      const out = [];
      try { mk('x'.repeat(301)).submit(); out.push('no error'); } catch (e) { out.push(e.name); }
      out.push(N.task.checkStatus({ taskId: mk('x'.repeat(300)).submit() }).status);
      return out;`);
    expect(value).toEqual(['EMULATOR_PARAMETER_TOO_LONG', 'PENDING']);
  });

  test('scheduled scripts: a second submit of a queued deployment fails with FAILED_TO_SUBMIT_JOB_REQUEST_1', () => {
    const { value } = probe(fixtureAccount(), `
      const mk = () => N.task.create({ taskType: N.task.TaskType.SCHEDULED_SCRIPT, scriptId: 'customscript_fx_bad_process', deploymentId: 'customdeploy_fx_bad_process' });
      mk().submit();
      try { mk().submit(); return 'no error'; } catch (e) { return e.name; }`);
    expect(value).toBe('FAILED_TO_SUBMIT_JOB_REQUEST_1');
  });

  test('a deployment whose status is Scheduled is not queued by a submit (it runs at its schedule times)', () => {
    const account = fixtureAccount();
    const { value } = probe(account, `
      const id = N.task.create({ taskType: N.task.TaskType.MAP_REDUCE, scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr_sched' }).submit();
      return typeof id;`);
    expect(value).toBe('string');
    expect(account.submittedTasks.filter((t) => t.deploymentId === 'customdeploy_fx_mr_sched')).toEqual([]);
    expect(account.runQueuedTasks()).toHaveLength(0);
  });
});

describe('N/https', () => {
  const echo = (seen: EmulatedHttpRequest[]) => ({
    handle: (req: EmulatedHttpRequest) => {
      seen.push(req);
      return { code: 201, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ echoed: JSON.parse(req.body || 'null'), auth: req.headers.Authorization }) };
    },
  });

  test('routes by host, resolves secrets inside the emulator only, and redacts the log', () => {
    const account = fixtureAccount();
    const seen: EmulatedHttpRequest[] = [];
    account.registerService('api.fx.example.com', echo(seen));
    account.secrets.set('custsecret_fx_token', 's3cr3t');
    const res = account.runRestlet({ scriptId: 'customscript_fx_rl', method: 'POST', body: JSON.stringify({ a: 1 }) });
    const body = JSON.parse(res.body);
    expect(seen[0]!.headers.Authorization).toBe('Bearer s3cr3t');
    expect(body.code).toBe(201);
    expect(body.body.echoed).toEqual({ a: 1 });
    expect(JSON.stringify(body.leaked)).not.toContain('s3cr3t');
    expect(JSON.stringify(account.httpLog)).not.toContain('s3cr3t');
    expect(account.httpLog[0]!.headers.Authorization).toBe('Bearer {custsecret_fx_token}');
  });

  test('placeholders in plain header strings are resolved; blocked headers are dropped', () => {
    const account = fixtureAccount();
    const seen: EmulatedHttpRequest[] = [];
    account.registerService('api.fx.example.com', echo(seen));
    account.secrets.set('custsecret_fx_token', 'tok');
    probe(account, `N.https.get({ url: 'https://api.fx.example.com/x', headers: { 'X-Key': '{custsecret_fx_token}', Host: 'evil', Connection: 'close' } });`);
    expect(seen[0]!.headers).toEqual({ 'X-Key': 'tok' });
  });

  test('task.submit needs Administrator or SuiteScript Scheduling (ADMI_SS_SCHEDULING) for the effective role', () => {
    const account = fixtureAccount();
    const code = `try { return N.task.create({ taskType: N.task.TaskType.MAP_REDUCE, scriptId: 'customscript_fx_mr' }).submit() ? 'submitted' : 'null'; }
      catch (e) { return e.name; }`;
    const as = (roleId: string): unknown => {
      const report = account.runScheduled({ scriptId: 'customscript_fx_probe', params: { custscript_fx_code: code }, user: { role: 1077, roleId } });
      const entry = report.logs.find((l) => l.title === 'result');
      return entry === undefined ? report.error : JSON.parse(entry.details);
    };
    expect(as('customrole_plain')).toBe('INSUFFICIENT_PERMISSION');
    expect(account.submittedTasks.filter((t) => t.scriptId === 'customscript_fx_mr')).toHaveLength(0);
    expect(probe(account, code).value).toBe('submitted');
  });

  test('a Basic header built from secrets in a SecureString is sent resolved; a SecureString body is refused', () => {
    const account = fixtureAccount();
    const seen: EmulatedHttpRequest[] = [];
    account.registerService('api.fx.example.com', echo(seen));
    account.secrets.set('custsecret_fx_token', 's3cr3t-value');
    const { value } = probe(account, `
      const cred = N.https.createSecureString({ input: 'id:{custsecret_fx_token}' });
      cred.convertEncoding({ fromEncoding: N.https.Encoding.UTF_8, toEncoding: N.https.Encoding.BASE_64 });
      const auth = N.https.createSecureString({ input: 'Basic ' }).appendSecureString({ secureString: cred, keepEncoding: true });
      N.https.post({ url: 'https://api.fx.example.com/x', body: '{}', headers: { Authorization: auth } });
      try { N.https.post({ url: 'https://api.fx.example.com/x', body: N.https.createSecureString({ input: 's={custsecret_fx_token}' }) }); return 'sent'; }
      catch (e) { return e.name; }`);
    expect(seen[0]!.headers.Authorization).toBe(`Basic ${Buffer.from('id:s3cr3t-value').toString('base64')}`);
    expect(account.httpLog[0]!.headers.Authorization).toBe('Basic convert(id:{custsecret_fx_token})');
    expect(value).toBe('SSS_INVALID_TYPE_ARG');
    expect(seen).toHaveLength(1);
  });

  test('a timeout becomes SSS_REQUEST_TIME_EXCEEDED; unknown hosts SSS_UNKNOWN_HOST; http:// SSS_INVALID_URL', () => {
    const account = fixtureAccount();
    account.registerService('slow.example.com', { handle: () => { throw new EmulatedTimeout(); } });
    const { value } = probe(account, `const out = [];
      for (const url of ['https://slow.example.com/', 'https://nowhere.example.com/', 'http://slow.example.com/']) {
        try { N.https.get({ url }); } catch (e) { out.push(e.name); }
      }
      return out;`);
    expect(value).toEqual(['SSS_REQUEST_TIME_EXCEEDED', 'SSS_UNKNOWN_HOST', 'SSS_INVALID_URL']);
  });
});

describe('N/crypto, N/crypto/certificate, N/encode', () => {
  test('the certificate signer produces an RS256 signature node:crypto verifies; the key stays hidden', () => {
    const account = fixtureAccount();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    account.certificates.set('custcertificate_fx', { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
    const { value } = probe(account, `
      const signer = N.certificate.createSigner({ certId: 'custcertificate_fx', algorithm: N.certificate.HashAlg.SHA256 });
      signer.update({ input: 'header.payload' });
      return [signer.sign({ outputEncoding: N.encode.Encoding.BASE_64 }), JSON.stringify(signer)];`) as { value: [string, string] };
    const ok = createVerify('RSA-SHA256').update('header.payload').verify(publicKey, Buffer.from(value[0], 'base64'));
    expect(ok).toBe(true);
    expect(value[1]).not.toContain('PRIVATE');
  });

  test('createHash and encode.convert', () => {
    const { value } = probe(fixtureAccount(), `
      const h = N.crypto.createHash({ algorithm: N.crypto.HashAlg.SHA256 }); h.update({ input: 'abc' });
      return [h.digest({ outputEncoding: N.encode.Encoding.HEX }), N.encode.convert({ string: 'hi?', inputEncoding: 'UTF_8', outputEncoding: 'BASE_64_URL_SAFE' }), N.encode.convert({ string: '6869', inputEncoding: 'HEX', outputEncoding: 'UTF_8' })];`);
    expect(value).toEqual(['ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'aGk_', 'hi']);
  });
});
