/**
 * What the security review found already holding, kept holding with the new request rules: the console escapes what
 * it shows (also on the new confirmation page), checks the role even when the request token is valid, and the
 * request token — a session secret's hash — is written nowhere. (Secrets in outputs: test/reliability/security.test.ts.)
 */
import { createHash } from 'node:crypto';
import { LOG, QUEUE, STATE } from '../../src/ids';
import { BAD_NAME, consoleGet, consolePost, fieldText, followRedirect, formFields, seedFailure } from '../scenarios/admin';
import { createWorld, queueSnapshot } from '../scenarios/world';

describe('held', () => {
  it('the confirmation page escapes the record name and the parameters', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    const page = consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) }).body;
    // Shown as text (the page's field, decoded as a browser would), never as markup.
    expect(fieldText(page, 'custpage_question')).toContain('<script>alert("x")</script> Bad');
    expect(page).not.toContain(BAD_NAME);
    expect(page).not.toMatch(/<script/i);
    for (const parameters of [{ action: 'syncnow', recordtype: 'contact', id: '1"><script>' }, { action: 'pullnow', recordtype: '"><svg onload=alert(1)>', id: '1' }]) {
      expect(consoleGet(world, parameters).body).not.toMatch(/<script|<svg onload/i);
    }
  });

  it('a role that may only look cannot retry or sync, even with its own valid token', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    world.account.signIn({ role: 1002, roleId: 'customrole_crmsync_viewer' });
    const before = queueSnapshot(world);
    const page = consoleGet(world).body;
    const token = formFields(page).crmsync_token;
    expect(consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) }).body).toContain('Your role may not start a sync.');
    // The token this role's session accepts (the page carries it too): the role check stands on its own.
    const secret = [...world.account.session.values()][0] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const { id, role, roleId } = world.account.user;
    const valid = createHash('sha256').update(`crmsync-console|${secret}|${String(id)}|${String(role)}|${roleId}`).digest('hex');
    expect(token).toBe(valid);
    for (const parameters of [{ action: 'retry_all' }, { action: 'install_searches' }, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' }]) {
      expect(consolePost(world, parameters, { token: valid }).body).toContain('Your role may not retry syncs.');
    }
    expect(followRedirect(world, consolePost(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) }, { token: valid })).body).toContain('Your role may not start a sync.');
    expect(queueSnapshot(world)).toBe(before);
    expect(world.account.savedSearches.size).toBe(0);
  });

  it('the request token and its session secret appear in no log, record or email', () => {
    const world = createWorld();
    const { bad } = seedFailure(world);
    const token = formFields(consoleGet(world).body).crmsync_token ?? '';
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });
    consolePost(world, { action: 'retry_all' }, { token: null });
    const secrets = [token, ...world.account.session.values()].filter((s) => s.length >= 32);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const outputs = [
      ...world.account.logs.map((l) => `${l.title} ${l.details}`),
      ...[LOG.type, QUEUE.type, STATE.type, 'contact', 'customer'].flatMap((type) => world.account.all(type).map((r) => JSON.stringify(r))),
      ...world.account.emails.map((e) => JSON.stringify(e)),
    ];
    expect(outputs.filter((o) => secrets.some((s) => o.includes(s)))).toEqual([]);
  });
});
