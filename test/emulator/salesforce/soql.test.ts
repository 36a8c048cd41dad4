import { Harness } from './harness';

function seeded(): Harness {
  const h = new Harness().login();
  const acme = h.sf.seedAccount({ Name: 'Acme Corp', Oracle_netsuiteid__c: 'C-1' });
  h.sf.seedContact({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'Ada@Example.com', AccountId: acme, Oracle_netsuiteid__c: '101' });
  h.clock.advance(1000);
  h.sf.seedContact({ FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@navy.mil', Oracle_netsuiteid__c: '102' });
  h.clock.advance(1000);
  h.sf.seedContact({ FirstName: null, LastName: "O'Brien", Email: null, Title: 'CTO' });
  return h;
}

const names = (res: { json: { records: { LastName: string }[] } }) => res.json.records.map((r) => r.LastName);

describe('SOQL', () => {
  test('records carry attributes plus only the selected fields', () => {
    const res = seeded().query('SELECT Id, Email FROM Contact WHERE LastName = \'Lovelace\'');
    expect(res.code).toBe(200);
    expect(res.json).toMatchObject({ totalSize: 1, done: true });
    const [record] = res.json.records;
    expect(Object.keys(record)).toEqual(['attributes', 'Id', 'Email']);
    expect(record.attributes).toEqual({ type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${record.Id}` });
  });

  test('email comparison is case-insensitive (stored lower-case, compared without case)', () => {
    const h = seeded();
    expect(names(h.query("SELECT LastName FROM Contact WHERE Email = 'ADA@example.COM'"))).toEqual(['Lovelace']);
    expect(names(h.query("SELECT LastName FROM Contact WHERE Email IN ('GRACE@NAVY.MIL', 'x@y.z')"))).toEqual(['Hopper']);
  });

  test('comparison operators, IN / NOT IN, LIKE, null, escapes', () => {
    const h = seeded();
    expect(names(h.query("SELECT LastName FROM Contact WHERE Oracle_netsuiteid__c > '101'"))).toEqual(['Hopper']);
    expect(names(h.query("SELECT LastName FROM Contact WHERE Oracle_netsuiteid__c <= '101'"))).toEqual(['Lovelace']);
    expect(names(h.query("SELECT LastName FROM Contact WHERE Oracle_netsuiteid__c != '101'"))).toEqual(['Hopper', "O'Brien"]);
    expect(names(h.query("SELECT LastName FROM Contact WHERE Oracle_netsuiteid__c NOT IN ('101','102')"))).toEqual(["O'Brien"]);
    expect(names(h.query("SELECT LastName FROM Contact WHERE LastName LIKE '%o%'"))).toEqual(['Lovelace', 'Hopper', "O'Brien"]);
    expect(names(h.query("SELECT LastName FROM Contact WHERE LastName LIKE 'h_pper'"))).toEqual(['Hopper']);
    expect(names(h.query('SELECT LastName FROM Contact WHERE Email = null'))).toEqual(["O'Brien"]);
    expect(names(h.query('SELECT LastName FROM Contact WHERE FirstName != null AND IsDeleted = false'))).toEqual(['Lovelace', 'Hopper']);
    expect(names(h.query("SELECT LastName FROM Contact WHERE LastName = 'O\\'Brien'"))).toEqual(["O'Brien"]);
  });

  test('AND / OR with parentheses', () => {
    const h = seeded();
    const res = h.query("SELECT LastName FROM Contact WHERE (FirstName = 'Ada' OR FirstName = 'Grace') AND NOT Email LIKE '%navy%'");
    expect(names(res)).toEqual(['Lovelace']);
  });

  test('datetime literals in both Salesforce forms compare against system stamps', () => {
    const h = seeded();
    expect(names(h.query('SELECT LastName FROM Contact WHERE CreatedDate > 2026-03-02T09:00:00.500Z'))).toEqual(['Hopper', "O'Brien"]);
    expect(names(h.query('SELECT LastName FROM Contact WHERE SystemModstamp >= 2026-03-02T09:00:02.000+0000'))).toEqual(["O'Brien"]);
    expect(h.query("SELECT LastName FROM Contact WHERE CreatedDate > '2026-03-02T09:00:00Z'").json[0].errorCode).toBe('MALFORMED_QUERY');
  });

  test('ORDER BY with DESC, NULLS LAST and multiple keys; LIMIT and OFFSET', () => {
    const h = seeded();
    expect(names(h.query('SELECT LastName FROM Contact ORDER BY FirstName'))).toEqual(["O'Brien", 'Lovelace', 'Hopper']);
    expect(names(h.query('SELECT LastName FROM Contact ORDER BY FirstName DESC NULLS LAST'))).toEqual(['Hopper', 'Lovelace', "O'Brien"]);
    expect(names(h.query('SELECT LastName FROM Contact ORDER BY Title ASC NULLS LAST, LastName DESC LIMIT 2'))).toEqual(["O'Brien", 'Lovelace']);
    expect(names(h.query('SELECT LastName FROM Contact ORDER BY LastName LIMIT 1 OFFSET 1'))).toEqual(['Lovelace']);
  });

  test('relationship field Account.Name', () => {
    const res = seeded().query('SELECT LastName, Account.Name FROM Contact ORDER BY LastName');
    expect(res.json.records[1]).toMatchObject({ LastName: 'Lovelace', Account: { attributes: { type: 'Account' }, Name: 'Acme Corp' } });
    expect(res.json.records[0].Account).toBeNull();
  });

  test('SELECT COUNT() returns totalSize only', () => {
    expect(seeded().query('SELECT COUNT() FROM Contact').json).toEqual({ totalSize: 3, done: true, records: [] });
  });

  test('paging: Sforce-Query-Options batchSize, nextRecordsUrl and Query More until done', () => {
    const h = new Harness().login();
    for (let i = 0; i < 450; i++) h.sf.seedContact({ LastName: `L${String(i).padStart(3, '0')}` });
    const first = h.query('SELECT LastName FROM Contact ORDER BY LastName', { 'Sforce-Query-Options': 'batchSize=200' });
    expect(first.json).toMatchObject({ totalSize: 450, done: false });
    expect(first.json.records).toHaveLength(200);
    expect(first.json.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-200$/);
    const second = h.call('GET', first.json.nextRecordsUrl);
    expect(second.json.records[0].LastName).toBe('L200');
    const third = h.call('GET', second.json.nextRecordsUrl);
    expect(third.json).toMatchObject({ totalSize: 450, done: true });
    expect(third.json.records).toHaveLength(50);
    expect(third.json.nextRecordsUrl).toBeUndefined();
    expect(h.sf.counters().byKind.queryMore).toBe(2);
  });

  test('a forced page size pages small result sets; the default page is 2000', () => {
    const h = new Harness({ queryPageSize: 2 }).login();
    for (let i = 0; i < 5; i++) h.sf.seedContact({ LastName: `L${i}` });
    expect(h.query('SELECT Id FROM Contact').json.records).toHaveLength(2);
    h.sf.setQueryPageSize(undefined);
    expect(h.query('SELECT Id FROM Contact').json).toMatchObject({ done: true, totalSize: 5 });
  });

  test('query locators expire after inactivity → INVALID_QUERY_LOCATOR', () => {
    const h = new Harness({ queryPageSize: 1, queryLocatorTtlSeconds: 60 }).login();
    h.sf.seedContact({ LastName: 'A' });
    h.sf.seedContact({ LastName: 'B' });
    const first = h.query('SELECT Id FROM Contact');
    h.clock.advance(61_000);
    h.login();
    const stale = h.call('GET', first.json.nextRecordsUrl);
    expect(stale.code).toBe(400);
    expect(stale.json).toEqual([{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
  });

  test('queryAll includes deleted rows, query does not', () => {
    const h = seeded();
    const [first] = h.sf.allContacts();
    h.sf.deleteAsUser('Contact', first!.Id as string);
    expect(h.query('SELECT Id FROM Contact').json.totalSize).toBe(2);
    const all = h.call('GET', `/queryAll?q=${encodeURIComponent('SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true')}`);
    expect(all.json.records).toEqual([expect.objectContaining({ Id: first!.Id, IsDeleted: true })]);
  });

  test('SystemModstamp is strictly increasing with a frozen clock, so a high-water mark never misses a write', () => {
    const h = new Harness().login();
    const ids = [1, 2, 3].map((i) => h.call('POST', '/sobjects/Contact/', { LastName: `L${i}` }).json.id);
    const stamps = ids.map((id) => h.sf.getContact(id)!.SystemModstamp as string);
    expect(new Set(stamps).size).toBe(3);
    expect([...stamps].sort()).toEqual(stamps);
    const res = h.query(`SELECT Id FROM Contact WHERE SystemModstamp > ${stamps[0]!} ORDER BY SystemModstamp`);
    expect(res.json.records.map((r: { Id: string }) => r.Id)).toEqual(ids.slice(1));
  });

  test('bad syntax → 400 MALFORMED_QUERY with the Salesforce position layout', () => {
    const h = seeded();
    const res = h.query('SELECT Id FROM Contact WHERE');
    expect(res.code).toBe(400);
    expect(res.json[0].errorCode).toBe('MALFORMED_QUERY');
    expect(res.json[0].message).toContain('ERROR at Row:1:Column:29');
    expect(res.json[0].message).toContain('unexpected token: <EOF>');
    // SOQL forbids mixing AND and OR without parentheses.
    expect(h.query("SELECT Id FROM Contact WHERE LastName = 'a' AND FirstName = 'b' OR Email = null").json[0].errorCode).toBe(
      'MALFORMED_QUERY',
    );
    expect(h.query("SELECT Id FROM Contact WHERE Email = 5").json[0].errorCode).toBe('MALFORMED_QUERY');
  });

  test('unknown column → INVALID_FIELD; unknown object → INVALID_TYPE; long text not filterable', () => {
    const h = seeded();
    const res = h.query('SELECT Id, Nope__c FROM Contact');
    expect(res.json[0].errorCode).toBe('INVALID_FIELD');
    expect(res.json[0].message).toContain("No such column 'Nope__c' on entity 'Contact'");
    expect(h.query('SELECT Id FROM Lead').json[0].errorCode).toBe('INVALID_TYPE');
    expect(h.query("SELECT Id FROM Contact WHERE Description = 'x'").json[0].errorCode).toBe('INVALID_FIELD');
  });
});

describe('request line limits', () => {
  test('a SOQL of 200 ids fits; a URI over 16,384 bytes is refused with 414, before it counts as a call', () => {
    const h = seeded();
    const id = h.sf.allContacts()[0]?.Id as string;
    const ids = (n: number): string => Array.from({ length: n }, () => `'${id}'`).join(', ');
    expect(h.query(`SELECT Id FROM Contact WHERE Id IN (${ids(200)})`).code).toBe(200);
    const calls = h.sf.counters().apiCalls;
    const tooLong = h.sf.handle({
      method: 'GET', url: `https://acme.my.salesforce.com/services/data/v62.0/query?q=${encodeURIComponent(`SELECT Id FROM Contact WHERE Id IN (${ids(1000)})`)}`,
      headers: { Authorization: 'Bearer x' }, body: '',
    });
    expect(tooLong.code).toBe(414);
    expect(h.sf.counters().apiCalls).toBe(calls);
  });
});
