import { call, makeEmulator } from './support';

const ASK = { 'X-Return-Api-Usage': '1' };

/** The response header, looked up case-insensitively (Pardot may answer in any case). */
function usageHeader(headers: Record<string, string>): string | undefined {
  return Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-api-usage')?.[1];
}

describe('Pardot emulator: x-api-usage (opt-in with X-Return-Api-Usage: 1)', () => {
  it('is absent unless the request asks for it with the value 1', () => {
    const em = makeEmulator();
    expect(usageHeader(call(em, 'GET', '/prospects?fields=id').headers)).toBeUndefined();
    expect(usageHeader(call(em, 'GET', '/prospects?fields=id', { headers: { 'X-Return-Api-Usage': '0' } }).headers)).toBeUndefined();
    expect(usageHeader(call(em, 'GET', '/prospects?fields=id', { headers: { 'X-Return-Api-Usage': 'true' } }).headers)).toBeUndefined();
    // The request header name is case-insensitive like any HTTP header.
    expect(usageHeader(call(em, 'GET', '/prospects?fields=id', { headers: { 'x-return-api-usage': '1' } }).headers)).toBe('4/100000');
  });

  it('reports calls made today (this one included) over the daily maximum, the same count /objects/account and code 122 use', () => {
    const em = makeEmulator({ dailyLimit: 25_000 });
    expect(call(em, 'GET', '/prospects?fields=id', { headers: ASK }).headers['x-api-usage']).toBe('1/25000');
    call(em, 'POST', '/prospects?fields=id', { body: { email: 'a@example.com' } });
    const created = call(em, 'POST', '/prospects/do/upsertLatestByEmail', { body: { matchEmail: 'b@example.com', prospect: { email: 'b@example.com' } }, headers: ASK });
    expect(created.status).toBe(201);
    expect(created.headers['x-api-usage']).toBe('3/25000');
    em.consumeDailyCalls(20_000);
    expect(call(em, 'GET', '/account?fields=maximumDailyApiCalls,apiCallsUsed', { headers: ASK })).toMatchObject({
      headers: expect.objectContaining({ 'x-api-usage': '20004/25000' }),
      json: { maximumDailyApiCalls: 25_000, apiCallsUsed: 20_004 },
    });
    expect(em.apiCallsUsedToday()).toBe(20_004);
  });

  it('comes with per-record errors and limit errors too, without counting refused calls; it restarts at local midnight', () => {
    const em = makeEmulator({ dailyLimit: 2, timeZoneOffsetMinutes: -240 });
    const missing = call(em, 'GET', '/prospects/999?fields=id', { headers: ASK });
    expect(missing.json.code).toBe(192);
    expect(missing.headers['x-api-usage']).toBe('1/2');
    expect(call(em, 'GET', '/prospects?fields=id', { headers: ASK }).headers['x-api-usage']).toBe('2/2');
    const refused = call(em, 'GET', '/prospects?fields=id', { headers: ASK });
    expect(refused.json.code).toBe(122);
    expect(refused.headers['x-api-usage']).toBe('2/2');
    em.simulateConcurrent(5);
    const busy = call(em, 'GET', '/prospects?fields=id', { headers: ASK });
    expect(busy.json.code).toBe(66);
    expect(busy.headers['x-api-usage']).toBe('2/2');
    // START is 08:00 at UTC-4; local midnight is 16 h later.
    em.advanceTime(16 * 3600_000);
    expect(call(em, 'GET', '/prospects?fields=id', { headers: ASK }).headers['x-api-usage']).toBe('1/2');
  });

  it('is not sent before the account is known (bad token, bad business unit) nor with injected faults', () => {
    const em = makeEmulator();
    expect(usageHeader(call(em, 'GET', '/prospects?fields=id', { headers: { ...ASK, Authorization: 'Bearer expired' } }).headers)).toBeUndefined();
    expect(usageHeader(call(em, 'GET', '/prospects?fields=id', { headers: { ...ASK, 'Pardot-Business-Unit-Id': '0Uv000000000000XYZ' } }).headers)).toBeUndefined();
    em.injectFault({ respond: { code: 503, headers: {}, body: '' } });
    expect(usageHeader(call(em, 'GET', '/prospects?fields=id', { headers: ASK }).headers)).toBeUndefined();
    expect(em.apiCallsUsedToday()).toBe(0);
  });
});
