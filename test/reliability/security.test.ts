/**
 * Security (issue 8): secrets live only in API Secrets and the certificate store (settings hold their ids);
 * no access token, client secret or private key appears in N/log output, integration-log rows, queue or state
 * records, record fields, emails or the benchmark's results; the console escapes what it shows and checks roles.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG, QUEUE, SETTINGS, STATE } from '../../src/ids';
import { consoleGet, consolePost } from '../scenarios/admin';
import { CERTIFICATE_ID, choose, createWorld, drainPush, queueSnapshot, runPull, SF_INSTANCE, type World } from '../scenarios/world';
import { isToken } from './fault-cases';
import { linkedBaseline, nsCreateContact, nsEdit, PARDOT_SETTINGS, quiesce, show, reliabilityWorld, sfEdit, sfIdOf, type RWorld } from './harness';

const CLIENT_SECRET = 'CS-9f1d7c3e-RELIABILITY-SECRET-5b2a';
const SECRET_ID = 'custsecret_crmsync_sf_client_secret';
const ROOT = join(__dirname, '..', '..');

/** Every access token Salesforce issued (read from the emulated wire, which the bundle's outputs must never echo). */
function issuedTokens(world: World): string[] {
  return world.account.httpLog.filter((h) => isToken({ method: 'POST', url: h.url, headers: {}, body: '' }) && h.response?.code === 200)
    .map((h) => String((JSON.parse(h.response?.body ?? '{}') as { access_token?: string }).access_token));
}

function privateKeyChunks(world: World): string[] {
  const pem = world.account.certificates.get(CERTIFICATE_ID)?.privateKeyPem ?? '';
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----')).slice(1, 4);
}

/** Everything the bundle writes that a person or another system can read. */
function outputs(world: World): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const l of world.account.logs) out.push({ where: `N/log ${l.scriptId} ${l.title}`, text: `${l.title}\n${l.details}` });
  for (const type of [LOG.type, QUEUE.type, STATE.type, SETTINGS.type, 'contact', 'customer']) {
    for (const row of world.account.all(type)) out.push({ where: `${type} ${String(row.id)}`, text: JSON.stringify(row) });
  }
  for (const e of world.account.emails) out.push({ where: 'email', text: JSON.stringify(e) });
  for (const r of world.account.runs) out.push({ where: `run report ${r.scriptId}`, text: JSON.stringify({ error: r.error, logs: r.logs }) });
  return out;
}

function leaks(world: World, secrets: readonly string[]): string[] {
  return outputs(world).flatMap((o) => secrets.filter((s) => s.length > 8 && o.text.includes(s)).map((s) => `${o.where} holds ${s.slice(0, 12)}…`));
}

/** A busy life: syncs, failures (sign-in refused, 401, 503), a pull, Pardot. */
function exercise(world: RWorld): void {
  const base = linkedBaseline(world, [2, 3]);
  nsCreateContact(world, base.customers[0] ?? null, { email: 'first,last@example.com' });
  world.account.evictCaches();
  world.salesforce.injectFault({ match: isToken, respond: { code: 400, headers: {}, body: JSON.stringify({ error: 'invalid_client', error_description: 'invalid client credentials' }) } });
  nsEdit(world, 'contact', base.contacts[0] ?? 0, { title: 'After a refused sign-in' });
  drainPush(world);
  world.salesforce.expireAllTokens();
  world.salesforce.unavailable(2);
  sfEdit(world, 'Contact', sfIdOf(world, 'contact', base.contacts[1] ?? 0), { Title: 'From Salesforce' });
  nsEdit(world, 'contact', base.contacts[2] ?? 0, { title: 'During an outage' });
  drainPush(world);
  runPull(world);
  quiesce(world);
}

describe('secrets', () => {
  it('client credentials: the settings hold the API Secret id; the secret and the tokens appear in no output', () => {
    const world = reliabilityWorld({
      clientSecret: CLIENT_SECRET, pardot: true,
      settings: { [SETTINGS.loginUrl]: `https://${SF_INSTANCE}`, [SETTINGS.authFlow]: choose(SETTINGS.authFlow, 'client_credentials'), [SETTINGS.secretId]: SECRET_ID, [SETTINGS.certificateId]: '', ...PARDOT_SETTINGS },
    });
    world.account.secrets.set(SECRET_ID, CLIENT_SECRET);
    exercise(world);
    const settings = world.account.all(SETTINGS.type)[0] ?? {};
    expect(settings[SETTINGS.secretId]).toMatch(/^custsecret_/);
    const tokens = issuedTokens(world);
    expect(tokens.length).toBeGreaterThan(1);
    expect(world.salesforce.allContacts().length).toBeGreaterThan(4);
    expect(leaks(world, [CLIENT_SECRET, ...tokens])).toEqual([]);
    // The secret travels in a Basic Authorization header built from the placeholder (N/https resolves it), never in a body.
    const signIns = world.account.httpLog.filter((h) => h.url.endsWith('/services/oauth2/token'));
    expect(signIns.length).toBeGreaterThan(0);
    for (const h of signIns) {
      expect(h.headers.Authorization).toContain(`{${SECRET_ID}}`);
      expect(h.headers.Authorization).toMatch(/^Basic /);
      expect(h.body).toBe('grant_type=client_credentials');
    }
  });

  it('JWT: the settings hold the certificate id; the private key and the tokens appear in no output', () => {
    const world = reliabilityWorld({ pardot: true });
    exercise(world);
    expect((world.account.all(SETTINGS.type)[0] ?? {})[SETTINGS.certificateId]).toMatch(/^custcertificate_/);
    const chunks = privateKeyChunks(world);
    expect(chunks.length).toBe(3);
    const tokens = issuedTokens(world);
    expect(tokens.length).toBeGreaterThan(1);
    expect(leaks(world, [...chunks, ...tokens])).toEqual([]);
    for (const row of world.account.all(LOG.type)) {
      expect(show(row[LOG.excerpt])).not.toMatch(/Bearer|access_token|assertion=|client_secret/i);
      expect(show(row[LOG.message])).not.toMatch(/Bearer [A-Za-z0-9]/);
    }
  });

  it('the benchmark results hold no secret or token', () => {
    // A small real bench run (no reliability part) into a temp file: what the bench writes is what is checked.
    const file = join(mkdtempSync(join(tmpdir(), 'crmsync-bench-')), 'bench-results.json');
    execFileSync('npx', ['tsx', 'test/bench/bench.ts', '--sizes', '40', '--skip-reliability', '--out', file], { cwd: ROOT, stdio: 'ignore' });
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ runs: [{ contacts: 40 }] });
    expect(text).not.toMatch(/Bearer |access_token|BEGIN PRIVATE KEY|custsecret_[a-z_]+"?\s*:\s*"[^{]/i);
    expect(text).not.toContain(CLIENT_SECRET);
  });
});

describe('console Suitelet', () => {
  const XSS = '<script>alert("rel")</script>';

  it('escapes injected markup from records, errors and parameters', () => {
    const world = createWorld();
    const customer = Number(world.account.ui.create('customer', { companyname: `${XSS} Co`, subsidiary: world.subsidiary }).id);
    const bad = world.account.seed('contact', { firstname: XSS, lastname: 'X', email: 'first,last@example.com', company: customer, subsidiary: world.subsidiary });
    world.account.ui.inlineEdit('contact', bad, { title: XSS });
    drainPush(world);
    for (const parameters of [{}, { action: XSS }, { action: 'syncnow', recordtype: XSS, id: XSS }]) {
      const page = consoleGet(world, parameters);
      expect(page.body).not.toMatch(/<script/i);
      expect(page.body).not.toMatch(/onerror=/i);
    }
    expect(consolePost(world, { action: XSS }).body).not.toMatch(/<script/i);
  });

  it('a role without permission cannot retry', () => {
    const world = createWorld();
    const customer = Number(world.account.ui.create('customer', { companyname: 'Role Co', subsidiary: world.subsidiary }).id);
    const bad = world.account.seed('contact', { firstname: 'R', lastname: 'X', email: 'first,last@example.com', company: customer, subsidiary: world.subsidiary });
    world.account.ui.inlineEdit('contact', bad, { title: 'x' });
    drainPush(world);
    world.account.signIn({ role: 1002, roleId: 'customrole_reliability_viewer' });
    const before = queueSnapshot(world);
    for (const action of ['retry_selected', 'retry_all']) consolePost(world, { action, [`retry_contact_${bad}`]: 'T' });
    expect(queueSnapshot(world)).toBe(before);
  });
});
