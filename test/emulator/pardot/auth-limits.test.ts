import { BUSINESS_UNIT, GOOD_TOKEN, call, makeEmulator } from './support';

describe('Pardot emulator: authentication headers', () => {
  it('requires Pardot-Business-Unit-Id and answers its absence in text/xml (400, code 181)', () => {
    const em = makeEmulator();
    const r = call(em, 'GET', '/prospects?fields=id', { rawHeaders: { Authorization: `Bearer ${GOOD_TOKEN}` } });
    expect(r.status).toBe(400);
    expect(r.headers['Content-Type']).toContain('text/xml');
    expect(r.text).toContain('<rsp stat="fail"');
    expect(r.text).toContain('<err code="181">');
    expect(r.json).toBeUndefined();
  });

  it('answers a wrong business unit in text/xml with the configured status (default 403, code 201)', () => {
    const em = makeEmulator();
    const r = call(em, 'GET', '/prospects?fields=id', { headers: { 'Pardot-Business-Unit-Id': '0Uv000000000000XYZ' } });
    expect(r.status).toBe(403);
    expect(r.headers['Content-Type']).toContain('text/xml');
    expect(r.text).toContain('<err code="201">');

    const json400 = makeEmulator({ businessUnitErrors: { format: 'json', invalidStatus: 400 } });
    const r2 = call(json400, 'GET', '/prospects?fields=id', {
      rawHeaders: { authorization: `Bearer ${GOOD_TOKEN}`, 'pardot-business-unit-id': '0Uv000000000000XYZ' },
    });
    expect(r2.status).toBe(400);
    expect(r2.json).toEqual({ code: 201, message: expect.stringContaining('Business Unit') });
  });

  it('treats the wrong host (pi.demo vs pi) like a bad business unit', () => {
    const em = makeEmulator();
    const r = call(em, 'GET', 'https://pi.demo.pardot.com/api/v5/objects/prospects?fields=id');
    expect(r.status).toBe(403);
    expect(r.text).toContain('<err code="201">');
  });

  it('rejects an invalid or expired token with JSON code 184 and HTTP 401', () => {
    const em = makeEmulator();
    const r = call(em, 'GET', '/prospects?fields=id', { headers: { Authorization: 'Bearer expired' } });
    expect(r.status).toBe(401);
    expect(r.headers['Content-Type']).toBe('application/json');
    expect(r.json).toEqual({ code: 184, message: 'access_token is invalid, unknown, or malformed: Inactive token' });

    const missing = call(em, 'GET', '/prospects?fields=id', { rawHeaders: { 'Pardot-Business-Unit-Id': BUSINESS_UNIT } });
    expect(missing.status).toBe(401);
    expect(missing.json.code).toBe(184);
  });
});

describe('Pardot emulator: rate limits', () => {
  it('returns code 66 when the call would exceed the concurrent-request limit', () => {
    const em = makeEmulator();
    em.simulateConcurrent(4);
    expect(call(em, 'GET', '/prospects?fields=id').status).toBe(200);
    em.simulateConcurrent(5);
    const r = call(em, 'GET', '/prospects?fields=id');
    expect(r.status).toBe(429);
    expect(r.json).toEqual({ code: 66, message: 'You have exceeded your concurrent request limit. Please wait, before trying again' });
    // The simulation covers one call only.
    expect(call(em, 'GET', '/prospects?fields=id').status).toBe(200);
  });

  it('returns code 122 once the daily allocation is used, and resets at the account-time-zone midnight', () => {
    const em = makeEmulator({ dailyLimit: 2, timeZoneOffsetMinutes: -240 });
    expect(call(em, 'GET', '/prospects?fields=id').status).toBe(200);
    expect(call(em, 'GET', '/prospects?fields=id').status).toBe(200);
    const r = call(em, 'GET', '/prospects?fields=id');
    expect(r.status).toBe(429);
    expect(r.json).toEqual({ code: 122, message: 'Daily API rate limit met' });
    expect(em.apiCallsUsedToday()).toBe(2);

    // START is 08:00 at UTC-4; local midnight is 16 h later.
    em.advanceTime(16 * 3600_000);
    expect(call(em, 'GET', '/prospects?fields=id').status).toBe(200);
  });

  it('reports usage through GET /objects/account', () => {
    const em = makeEmulator({ dailyLimit: 25_000 });
    em.consumeDailyCalls(10);
    const r = call(em, 'GET', '/account?fields=maximumDailyApiCalls,apiCallsUsed');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ maximumDailyApiCalls: 25_000, apiCallsUsed: 11 });
    expect(call(em, 'GET', '/account').json.code).toBe(13);
  });
});
