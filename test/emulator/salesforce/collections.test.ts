import { Harness } from './harness';

const rec = (fields: Record<string, unknown>, type = 'Contact') => ({ attributes: { type }, ...fields });
const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

describe('sObject Collections create', () => {
  test('partial success: HTTP 200, results in input order, errors keyed statusCode, failed items have no id', () => {
    const h = new Harness().login();
    const res = h.call('POST', '/composite/sobjects', {
      records: [rec({ LastName: 'One' }), rec({ LastName: 'Two', Email: 'bad' }), rec({ Name: 'Acme' }, 'Account')],
    });
    expect(res.code).toBe(200);
    expect(res.json).toHaveLength(3);
    expect(res.json[0]).toEqual({ id: expect.stringMatching(/^003/), success: true, errors: [] });
    expect(res.json[1]).toEqual({
      success: false,
      errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: bad', fields: ['Email'] }],
    });
    expect(res.json[2].id).toMatch(/^001/);
    expect(h.sf.allContacts()).toHaveLength(1);
  });

  test('allOrNone:true rolls everything back; innocent records report ALL_OR_NONE_OPERATION_ROLLED_BACK', () => {
    const h = new Harness().login();
    const res = h.call('POST', '/composite/sobjects', {
      allOrNone: true,
      records: [rec({ LastName: 'One' }), rec({ FirstName: 'NoLastName' }), rec({ LastName: 'Three' })],
    });
    expect(res.code).toBe(200);
    expect(res.json[0]).toEqual({ success: false, errors: [ROLLED_BACK] });
    expect(res.json[1].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(res.json[2]).toEqual({ success: false, errors: [ROLLED_BACK] });
    expect(h.sf.allContacts()).toHaveLength(0);
  });

  test('more than 200 records → 400 EXCEEDED_ID_LIMIT', () => {
    const h = new Harness().login();
    const res = h.call('POST', '/composite/sobjects', { records: Array.from({ length: 201 }, (_, i) => rec({ LastName: `L${i}` })) });
    expect(res.code).toBe(400);
    expect(res.json).toEqual([
      { errorCode: 'EXCEEDED_ID_LIMIT', message: 'record limit reached. cannot submit more than 200 records into this call' },
    ]);
  });

  test('a record carrying an id fails on its own; an unknown field fails the whole request', () => {
    const h = new Harness().login();
    const withId = h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', id: '003000000000001AAA' }), rec({ LastName: 'B' })] });
    expect(withId.json[0].errors[0]).toMatchObject({ statusCode: 'INVALID_FIELD' });
    expect(withId.json[1].success).toBe(true);
    const unknown = h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A' }), rec({ LastName: 'B', Bogus: 1 })] });
    expect(unknown.code).toBe(400);
    expect(unknown.json[0].errorCode).toBe('INVALID_FIELD');
    expect(h.sf.allContacts()).toHaveLength(1);
  });

  test('missing attributes.type → 400 INVALID_TYPE', () => {
    const res = new Harness().login().call('POST', '/composite/sobjects', { records: [{ LastName: 'x' }] });
    expect(res.code).toBe(400);
    expect(res.json[0].errorCode).toBe('INVALID_TYPE');
  });
});

describe('sObject Collections update / delete / retrieve', () => {
  test('update needs an id per record; valid ones are saved', () => {
    const h = new Harness().login();
    const id = h.sf.seedContact({ LastName: 'Old' });
    const res = h.call('PATCH', '/composite/sobjects', {
      records: [rec({ id, LastName: 'New' }), rec({ LastName: 'NoId' }), rec({ id: 'nonsense', LastName: 'X' })],
    });
    expect(res.code).toBe(200);
    expect(res.json[0]).toEqual({ id, success: true, errors: [] });
    expect(res.json[1].errors[0].statusCode).toBe('MISSING_ARGUMENT');
    expect(res.json[2].errors[0].statusCode).toBe('MALFORMED_ID');
    expect(h.sf.getContact(id)?.LastName).toBe('New');
  });

  test('delete ?ids=&allOrNone= keeps ids on failures and rolls back with allOrNone=true', () => {
    const h = new Harness().login();
    const a = h.sf.seedContact({ LastName: 'A' });
    const b = h.sf.seedContact({ LastName: 'B' });
    h.sf.deleteAsUser('Contact', b);
    const rolled = h.call('DELETE', `/composite/sobjects?ids=${a},${b}&allOrNone=true`);
    expect(rolled.json).toEqual([
      { id: a, success: false, errors: [ROLLED_BACK] },
      { id: b, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] },
    ]);
    expect(h.sf.getContact(a)?.IsDeleted).toBe(false);
    const partial = h.call('DELETE', `/composite/sobjects?ids=${a},${b}`);
    expect(partial.json[0]).toEqual({ id: a, success: true, errors: [] });
    expect(h.sf.getContact(a)?.IsDeleted).toBe(true);
  });

  test('deleting an Account deletes its Contacts', () => {
    const h = new Harness().login();
    const acct = h.sf.seedAccount({ Name: 'Acme' });
    const c = h.sf.seedContact({ LastName: 'A', AccountId: acct });
    h.call('DELETE', `/composite/sobjects?ids=${acct}`);
    expect(h.sf.getContact(c)?.IsDeleted).toBe(true);
  });

  test('retrieve GET ?ids=&fields= returns records in order, null for unknown ids', () => {
    const h = new Harness().login();
    const a = h.sf.seedContact({ LastName: 'A', Email: 'a@x.com' });
    const res = h.call('GET', `/composite/sobjects/Contact?ids=${a},003000000000999AAA&fields=Id,Email`);
    expect(res.json).toEqual([
      { attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${a}` }, Id: a, Email: 'a@x.com' },
      null,
    ]);
  });

  test('a collection request is one API call; recordsPerRequest records its size', () => {
    const h = new Harness().login();
    h.call('POST', '/composite/sobjects', { records: Array.from({ length: 150 }, (_, i) => rec({ LastName: `L${i}` })) });
    const counters = h.sf.counters();
    expect(counters.apiCalls).toBe(1);
    expect(counters.byKind.collectionsCreate).toBe(1);
    expect(counters.recordsPerRequest).toEqual([150]);
  });
});

describe('sObject Collections upsert', () => {
  const url = '/composite/sobjects/Contact/Oracle_netsuiteid__c';

  test('creates and updates by external id, reporting created per record', () => {
    const h = new Harness().login();
    const existing = h.sf.seedContact({ LastName: 'Existing', Oracle_netsuiteid__c: 'NS-1' });
    const res = h.call('PATCH', url, {
      allOrNone: false,
      records: [rec({ Oracle_netsuiteid__c: 'NS-1', Title: 'Updated' }), rec({ Oracle_netsuiteid__c: 'NS-2', LastName: 'New' })],
    });
    expect(res.code).toBe(200);
    expect(res.json[0]).toEqual({ id: existing, success: true, errors: [], created: false });
    expect(res.json[1]).toEqual({ id: expect.stringMatching(/^003/), success: true, errors: [], created: true });
    expect(h.sf.getContact(existing)?.Title).toBe('Updated');
  });

  test('the same external id twice in one request → DUPLICATE_VALUE on both', () => {
    const h = new Harness().login();
    const res = h.call('PATCH', url, {
      records: [rec({ Oracle_netsuiteid__c: 'NS-9', LastName: 'A' }), rec({ Oracle_netsuiteid__c: 'ns-9', LastName: 'B' }), rec({ Oracle_netsuiteid__c: 'NS-10', LastName: 'C' })],
    });
    expect(res.json[0].errors[0]).toEqual({ statusCode: 'DUPLICATE_VALUE', message: 'Duplicate external id specified: NS-9', fields: ['Oracle_netsuiteid__c'] });
    expect(res.json[1].errors[0].message).toBe('Duplicate external id specified: ns-9');
    expect(res.json[2].created).toBe(true);
  });

  test('an external id matching several rows → DUPLICATE_EXTERNAL_ID', () => {
    const h = new Harness().login();
    h.sf.seedContact({ LastName: 'A', Oracle_netsuiteid__c: 'NS-5' });
    h.sf.seedContact({ LastName: 'B', Oracle_netsuiteid__c: 'NS-5' });
    const res = h.call('PATCH', url, { records: [rec({ Oracle_netsuiteid__c: 'NS-5', Title: 'x' })] });
    expect(res.json[0].success).toBe(false);
    expect(res.json[0].errors[0].statusCode).toBe('DUPLICATE_EXTERNAL_ID');
  });

  test('records without the external id fail with MISSING_ARGUMENT; the resource needs API 46.0', () => {
    const h = new Harness().login();
    expect(h.call('PATCH', url, { records: [rec({ LastName: 'A' })] }).json[0].errors[0].statusCode).toBe('MISSING_ARGUMENT');
    expect(h.call('PATCH', `/services/data/v45.0${url}`, { records: [] }).code).toBe(404);
  });

  test('locked rows fail per record with UNABLE_TO_LOCK_ROW, including contacts under a locked account', () => {
    const h = new Harness().login();
    const acct = h.sf.seedAccount({ Name: 'Acme' });
    const c1 = h.sf.seedContact({ LastName: 'A', Oracle_netsuiteid__c: 'NS-1' });
    h.sf.lockRows([c1, acct], { attempts: 1 });
    const res = h.call('PATCH', url, {
      records: [rec({ Oracle_netsuiteid__c: 'NS-1', Title: 'x' }), rec({ Oracle_netsuiteid__c: 'NS-2', LastName: 'B', AccountId: acct }), rec({ Oracle_netsuiteid__c: 'NS-3', LastName: 'C' })],
    });
    expect(res.code).toBe(200);
    expect(res.json[0].errors[0]).toEqual({
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: `unable to obtain exclusive access to this record or 1 records: ${c1}`,
      fields: [],
    });
    expect(res.json[1].errors[0].message).toBe(`unable to obtain exclusive access to this record or 1 records: ${acct}`);
    expect(res.json[2].success).toBe(true);
    // attempts: 1 → the retry succeeds.
    const retry = h.call('PATCH', url, { records: [rec({ Oracle_netsuiteid__c: 'NS-1', Title: 'x' })] });
    expect(retry.json[0].success).toBe(true);
  });
});
