import { Harness } from './harness';

const V = '/services/data/v62.0';
const rec = (fields: Record<string, unknown>, type = 'Contact') => ({ attributes: { type }, ...fields });
const query = (soql: string, referenceId: string) => ({ method: 'GET', url: `${V}/query?q=${encodeURIComponent(soql)}`, referenceId });

describe('Composite (/composite)', () => {
  test('a query, an update and an upsert in one request count as one API call; answers in order with their statuses', () => {
    const h = new Harness().login();
    const existing = h.sf.seedContact({ LastName: 'Old', Email: 'old@example.com' });
    h.sf.resetCounters();
    const before = h.sf.apiUsage().used;
    const res = h.call('POST', '/composite', {
      allOrNone: false,
      compositeRequest: [
        query("SELECT Id, Email FROM Contact WHERE Email = 'old@example.com'", 'match'),
        { method: 'PATCH', url: `${V}/composite/sobjects`, referenceId: 'upd', body: { allOrNone: false, records: [rec({ id: existing, Title: 'CEO' })] } },
        { method: 'PATCH', url: `${V}/composite/sobjects/Contact/Oracle_netsuiteid__c`, referenceId: 'ups', body: { allOrNone: false, records: [rec({ LastName: 'New', Oracle_netsuiteid__c: '77' }), rec({ LastName: 'Bad', Email: 'nope', Oracle_netsuiteid__c: '78' })] } },
      ],
    });
    expect(res.code).toBe(200);
    const [match, upd, ups] = res.json.compositeResponse;
    expect(match).toMatchObject({ referenceId: 'match', httpStatusCode: 200, body: { totalSize: 1, done: true } });
    expect(match.body.records[0].Id).toBe(existing);
    expect(upd).toMatchObject({ referenceId: 'upd', httpStatusCode: 200, body: [{ id: existing, success: true, errors: [] }] });
    expect(ups.body[0]).toMatchObject({ success: true, created: true });
    expect(ups.body[1]).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS' }] });
    expect(h.sf.getContact(existing)?.Title).toBe('CEO');
    expect(h.sf.apiUsage().used - before).toBe(1);
    const counters = h.sf.counters();
    expect(counters.apiCalls).toBe(1);
    expect(counters.byKind.composite).toBe(1);
    expect(counters.requests[0]?.subrequests?.map((s) => s.kind)).toEqual(['query', 'collectionsUpdate', 'collectionsUpsert']);
    // Each collection write inside is still a write of its own size.
    expect(counters.recordsPerRequest).toEqual([1, 2]);
  });

  test('a subrequest that fails as a whole answers its own error status; the others still run (allOrNone false)', () => {
    const h = new Harness().login();
    const res = h.call('POST', '/composite', {
      compositeRequest: [
        query('SELECT Nope FROM Contact', 'bad'),
        { method: 'PATCH', url: `${V}/composite/sobjects/Contact/Oracle_netsuiteid__c`, referenceId: 'ok', body: { records: [rec({ LastName: 'A', Oracle_netsuiteid__c: '1' })] } },
      ],
    });
    expect(res.code).toBe(200);
    expect(res.json.compositeResponse[0].httpStatusCode).toBe(400);
    expect(res.json.compositeResponse[0].body[0].errorCode).toBe('INVALID_FIELD');
    expect(res.json.compositeResponse[1].body[0].success).toBe(true);
  });

  test('more than 25 subrequests, or more than 5 collections/queries, refuse the whole request and write nothing', () => {
    const h = new Harness().login();
    const many = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: `${V}/sobjects/Contact/describe`, referenceId: `d${i}` }));
    expect(h.call('POST', '/composite', { compositeRequest: many }).code).toBe(400);
    const writes = Array.from({ length: 6 }, (_, i) => ({ method: 'PATCH', url: `${V}/composite/sobjects/Contact/Oracle_netsuiteid__c`, referenceId: `w${i}`, body: { records: [rec({ LastName: `N${i}`, Oracle_netsuiteid__c: String(i) })] } }));
    expect(h.call('POST', '/composite', { compositeRequest: writes }).code).toBe(400);
    expect(h.sf.allContacts()).toHaveLength(0);
    expect(h.call('POST', '/composite', { compositeRequest: writes.slice(0, 5) }).code).toBe(200);
    expect(h.sf.allContacts()).toHaveLength(5);
  });

  test('collections inside a composite need API 43.0; duplicate reference ids and references are refused', () => {
    const h = new Harness().login();
    const old = h.call('POST', '/composite', { compositeRequest: [{ method: 'PATCH', url: '/services/data/v42.0/composite/sobjects', referenceId: 'u', body: { records: [] } }] });
    expect(old.json.compositeResponse[0].httpStatusCode).toBe(404);
    expect(h.call('POST', '/composite', { compositeRequest: [query('SELECT Id FROM Contact', 'a'), query('SELECT Id FROM Contact', 'a')] }).code).toBe(400);
    expect(h.call('POST', '/composite', { compositeRequest: [{ method: 'GET', url: `${V}/sobjects/Contact/@{a.id}`, referenceId: 'b' }] }).code).toBe(400);
  });

  test('a GET whose URI passes 16,384 bytes answers 414 and is not counted; the same SOQL in a composite body runs', () => {
    const h = new Harness().login();
    const emails = Array.from({ length: 700 }, (_, i) => `'person${i}@example.com'`).join(', ');
    const soql = `SELECT Id FROM Contact WHERE Email IN (${emails})`;
    h.sf.resetCounters();
    expect(h.query(soql).code).toBe(414);
    expect(h.sf.counters().apiCalls).toBe(0);
    const res = h.call('POST', '/composite', { compositeRequest: [query(soql, 'long')] });
    expect(res.json.compositeResponse[0].httpStatusCode).toBe(200);
    expect(h.sf.counters().apiCalls).toBe(1);
  });
});
