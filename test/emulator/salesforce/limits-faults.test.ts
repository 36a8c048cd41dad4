import { EmulatedTimeout } from '../http';
import { salesforceError } from './index';
import { Harness, INSTANCE } from './harness';

const Q = 'SELECT Id FROM Contact';

describe('API usage and limits', () => {
  test('every API response carries Sforce-Limit-Info; the versions resource is not counted', () => {
    const h = new Harness({ dailyApiLimit: 1000 }).login();
    expect(h.query(Q).headers['Sforce-Limit-Info']).toBe('api-usage=1/1000');
    expect(h.call('GET', '/services/data/').headers['Sforce-Limit-Info']).toBe('api-usage=1/1000');
    expect(h.call('POST', '/composite/sobjects', { records: [] }).headers['Sforce-Limit-Info']).toBe('api-usage=2/1000');
    expect(h.call('GET', '/limits').json).toEqual({ DailyApiRequests: { Max: 1000, Remaining: 997 } });
  });

  test('past the daily limit → 403 REQUEST_LIMIT_EXCEEDED; the 24 h window rolls', () => {
    const h = new Harness({ dailyApiLimit: 2 }).login();
    h.query(Q);
    h.clock.advance(60_000);
    h.query(Q);
    const refused = h.query(Q);
    expect(refused.code).toBe(403);
    expect(refused.json).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect(refused.headers['Sforce-Limit-Info']).toBe('api-usage=2/2');
    h.clock.advance(24 * 3600_000 - 60_000);
    h.login();
    expect(h.query(Q).code).toBe(200);
  });

  test('setApiUsage and limitExceededNext', () => {
    const h = new Harness().login();
    h.sf.setApiUsage(99_999);
    expect(h.query(Q).headers['Sforce-Limit-Info']).toBe('api-usage=100000/100000');
    expect(h.query(Q).code).toBe(403);
    h.sf.setApiUsage(0);
    h.sf.limitExceededNext();
    expect(h.query(Q).json[0].errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(h.query(Q).code).toBe(200);
  });
});

describe('fault injection', () => {
  test('failNext(kind) hits only that kind of call', () => {
    const h = new Harness().login();
    h.sf.failNext('collectionsUpsert', salesforceError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred.'));
    expect(h.query(Q).code).toBe(200);
    const failed = h.call('PATCH', '/composite/sobjects/Contact/Oracle_netsuiteid__c', { records: [] });
    expect(failed.code).toBe(500);
    expect(failed.headers['Sforce-Limit-Info']).toBeDefined();
    expect(h.call('PATCH', '/composite/sobjects/Contact/Oracle_netsuiteid__c', { records: [] }).code).toBe(200);
  });

  test('unavailable(n) → 503 SERVER_UNAVAILABLE n times, token calls unaffected', () => {
    const h = new Harness().login();
    h.sf.unavailable(2);
    h.login();
    expect(h.query(Q).json[0].errorCode).toBe('SERVER_UNAVAILABLE');
    expect(h.query(Q).code).toBe(503);
    expect(h.query(Q).code).toBe(200);
    expect(h.sf.counters().apiCalls).toBe(1);
  });

  test('timeoutNext() throws EmulatedTimeout', () => {
    const h = new Harness().login();
    h.sf.timeoutNext('query');
    expect(() => h.query(Q)).toThrow(EmulatedTimeout);
    expect(h.query(Q).code).toBe(200);
    expect(h.sf.counters().requests.map((r) => r.status)).toEqual([200, 'timeout', 200]);
  });

  test('injectFault honours match, nth and times', () => {
    const h = new Harness().login();
    h.sf.injectFault({
      match: (r) => r.method === 'GET',
      nth: 2,
      times: 2,
      respond: salesforceError(502, 'BAD_GATEWAY', 'upstream'),
    });
    expect([1, 2, 3, 4].map(() => h.query(Q).code)).toEqual([200, 502, 502, 200]);
  });
});

describe('counters and the ops API', () => {
  test('counters log kinds, paths and record counts; resetCounters clears them', () => {
    const h = new Harness().login();
    h.call('POST', '/sobjects/Contact/', { LastName: 'A' });
    h.query(Q);
    const c = h.sf.counters();
    expect(c.byKind).toMatchObject({ token: 1, singleCreate: 1, query: 1 });
    expect(c.httpRequests).toBe(3);
    expect(c.apiCalls).toBe(2);
    expect(c.recordsPerRequest).toEqual([1]);
    expect(c.requests[2]).toEqual({ method: 'GET', path: '/services/data/v62.0/query', kind: 'query', records: 1, status: 200, soql: Q });
    h.sf.resetCounters();
    expect(h.sf.counters()).toMatchObject({ apiCalls: 0, httpRequests: 0, requests: [] });
  });

  test('updateAsUser bumps stamps and LastModifiedById; seeding is not an API call', () => {
    const h = new Harness().login();
    const id = h.sf.seedContact({ LastName: 'A', LastModifiedDate: new Date('2025-01-01T00:00:00Z'), SystemModstamp: new Date('2025-01-01T00:00:00Z') });
    expect(h.sf.getContact(id)!.SystemModstamp).toBe('2025-01-01T00:00:00.000+0000');
    h.clock.advance(10_000);
    h.sf.updateAsUser('Contact', id, { Phone: '+1 555 0100' }, { userId: '0055g00000SALESAAA' });
    expect(h.sf.getContact(id)).toMatchObject({
      Phone: '+1 555 0100',
      LastModifiedById: '0055g00000SALESAAA',
      LastModifiedDate: '2026-03-02T09:00:10.000+0000',
      SystemModstamp: '2026-03-02T09:00:10.000+0000',
    });
    expect(() => {
      h.sf.updateAsUser('Contact', id, { LastName: null });
    }).toThrow(/REQUIRED_FIELD_MISSING/);
    expect(h.sf.findContacts((c) => c.Phone === '+1 555 0100')).toHaveLength(1);
    expect(h.sf.counters().apiCalls).toBe(0);
  });

  test('API calls on a login host, unknown resources and wrong methods are rejected', () => {
    const h = new Harness().login();
    const onLogin = h.call('GET', `https://login.salesforce.com/services/data/v62.0/query?q=x`);
    expect(onLogin.code).toBe(404);
    expect(h.call('GET', '/sobjects/Contact/describe/extra/bits').code).toBe(404);
    expect(h.call('PUT', '/sobjects/Contact/003000000000001AAA').code).toBe(405);
    expect(h.call('GET', `https://${INSTANCE}/services/data/v99.0/limits`).code).toBe(404);
  });
});
