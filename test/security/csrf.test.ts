/**
 * Requests that change something: the console Suitelet acts only on a POST that comes from this account's own
 * pages (Origin/Referer) and carries the user's per-session request token. A GET (a link, an image, a record
 * button) never changes anything. Every page says the browser must not frame it on another site.
 * All on the built Suitelet in the emulated account; the attacks are the requests another site could make the
 * signed-in admin's browser send.
 */
import { SCRIPTS } from '../../src/ids';
import { appOrigin, consoleConfirm, consoleGet, consolePost, fieldText, followRedirect, formFields, seedFailure } from '../scenarios/admin';
import { createWorld, queueSnapshot, syncStatus, type World } from '../scenarios/world';
import { linkedBaseline, reliabilityWorld, sfEdit, sfIdOf } from '../reliability/harness';

function queueState(world: World): string {
  return queueSnapshot(world);
}

function pushTasks(world: World): number {
  return world.account.submittedTasks.filter((t) => t.scriptId === SCRIPTS.mrPush.scriptId).length;
}

function failedWorld(): { world: World; bad: number } {
  const world = createWorld();
  const { bad } = seedFailure(world);
  return { world, bad };
}

describe('GET changes nothing', () => {
  it('"Sync now" by link (?action=syncnow) only asks "Sync … now?"; the record is queued when the form is posted', () => {
    const { world, bad } = failedWorld();
    const before = queueState(world);
    const tasks = pushTasks(world);
    const page = consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) });
    expect(fieldText(page.body, 'custpage_question')).toMatch(/^Sync .* now\?$/);
    expect(page.body).toContain('<form method="POST"');
    expect(queueState(world)).toBe(before);
    expect(pushTasks(world)).toBe(tasks);
    expect(followRedirect(world, consolePost(world, formFields(page.body), { token: null })).body).toContain('is queued; the push was asked to run now.');
    expect(queueState(world)).not.toBe(before);
  });

  it('"Update from Salesforce" by link (?action=pullnow) reads nothing from Salesforce and writes nothing', () => {
    const world = reliabilityWorld();
    const base = linkedBaseline(world, [1]);
    const contactId = base.contacts[0] ?? 0;
    sfEdit(world, 'Contact', sfIdOf(world, 'contact', contactId), { Title: 'Planted in Salesforce' });
    const calls = world.salesforce.counters().apiCalls;
    const page = consoleGet(world, { action: 'pullnow', recordtype: 'contact', id: String(contactId) });
    expect(fieldText(page.body, 'custpage_question')).toMatch(/^Update .* from Salesforce now\?$/);
    expect(world.salesforce.counters().apiCalls).toBe(calls);
    expect(world.account.get('contact', contactId)?.title).not.toBe('Planted in Salesforce');
  });

  it('console actions named in a GET (retry, install searches) are not performed', () => {
    const { world, bad } = failedWorld();
    const before = queueState(world);
    consoleGet(world, { action: 'retry_all' });
    consoleGet(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });
    consoleGet(world, { action: 'install_searches' });
    expect(queueState(world)).toBe(before);
    expect(world.account.savedSearches.size).toBe(0);
  });
});

describe('a forged POST is refused', () => {
  const retry = (bad: number): Record<string, string> => ({ action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });

  it('without the token (a form on another site), nothing is retried', () => {
    const { world, bad } = failedWorld();
    const before = queueState(world);
    const page = consolePost(world, retry(bad), { token: null });
    expect(page.body).toContain('Nothing was changed');
    expect(page.body).toContain('security token');
    expect(queueState(world)).toBe(before);
    expect(consolePost(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) }, { token: 'f'.repeat(64) }).body).toContain('Nothing was changed');
    expect(queueState(world)).toBe(before);
    expect(world.account.logs.some((l) => l.title.includes('INVALID_REQUEST_TOKEN'))).toBe(true);
  });

  it('with a token from another session or another role', () => {
    const { world, bad } = failedWorld();
    const before = queueState(world);
    const old = formFields(consoleGet(world).body).crmsync_token ?? '';
    expect(old).toMatch(/^[0-9a-f]{64}$/);
    world.account.session.clear(); // signed out and in again
    expect(consolePost(world, retry(bad), { token: old }).body).toContain('Nothing was changed');
    const fresh = formFields(consoleGet(world).body).crmsync_token ?? '';
    expect(fresh).not.toBe(old);
    world.account.signIn({ role: 1099, roleId: 'customrole_crmsync_admin' }); // switched role
    expect(consolePost(world, retry(bad), { token: fresh }).body).toContain('Nothing was changed');
    expect(queueState(world)).toBe(before);
    // The same user with the page the current session rendered is let through.
    expect(consolePost(world, retry(bad)).body).toContain('Retry queued for 1 record(s)');
  });

  it('from a foreign Origin or Referer, even with a valid token', () => {
    const { world, bad } = failedWorld();
    const before = queueState(world);
    for (const headers of [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: `${appOrigin(world)}.evil.example` },
      { Origin: '', Referer: 'https://evil.example/page' },
    ]) {
      const page = consolePost(world, retry(bad), { headers });
      expect(page.body).toContain('Nothing was changed: the request came from another web site.');
    }
    expect(queueState(world)).toBe(before);
    expect(consolePost(world, retry(bad), { headers: { Origin: appOrigin(world).toUpperCase() } }).body).toContain('Retry queued for 1 record(s)');
  });

  it('the record-button POST from a foreign origin pulls nothing', () => {
    const world = reliabilityWorld();
    const base = linkedBaseline(world, [1]);
    const contactId = base.contacts[0] ?? 0;
    sfEdit(world, 'Contact', sfIdOf(world, 'contact', contactId), { Title: 'Planted in Salesforce' });
    const fields = formFields(consoleGet(world, { action: 'pullnow', recordtype: 'contact', id: String(contactId) }).body);
    expect(consolePost(world, fields, { token: null, headers: { Origin: 'https://evil.example' } }).body).toContain('another web site');
    expect(world.account.get('contact', contactId)?.title).not.toBe('Planted in Salesforce');
    expect(consoleConfirm(world, { action: 'pullnow', recordtype: 'contact', id: String(contactId) }).result.body).toContain('Updated from Salesforce.');
    expect(world.account.get('contact', contactId)?.title).toBe('Planted in Salesforce');
    expect(syncStatus(world, 'contact', contactId).status).toBe('Completed');
  });
});

describe('framing and caching', () => {
  it('every console response forbids framing by other sites and caching', () => {
    const { world, bad } = failedWorld();
    const responses = [
      consoleGet(world),
      consoleGet(world, { action: 'syncnow', recordtype: 'contact', id: String(bad) }),
      consolePost(world, { action: 'retry_all' }),
      consolePost(world, { action: 'retry_all' }, { token: null }),
    ];
    for (const response of responses) {
      expect(response.headers['X-Frame-Options']).toBe('SAMEORIGIN');
      expect(response.headers['Content-Security-Policy']).toContain("frame-ancestors 'self'");
      // A page the console writes itself allows nothing else; a NetSuite page (writePage) lets NetSuite's own chrome run.
      const formPage = response.body.includes('<form method="POST" id="main_form">');
      expect(response.headers['Content-Security-Policy']).toContain(formPage ? "base-uri 'self'" : "default-src 'none'");
      expect(response.headers['Content-Security-Policy']).toContain("form-action 'self'");
      expect(response.headers['Cache-Control']).toBe('no-store');
      expect(response.body).not.toMatch(/<script|<iframe|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    }
  });
});
