import { Harness } from './harness';
import { checksumSuffix, to18 } from './ids';

const contact = (fields: Record<string, unknown>) => ({ LastName: 'Lovelace', ...fields });

describe('ids', () => {
  test('18-character ids use the case-folding checksum (api-facts §1.2 example id)', () => {
    expect(checksumSuffix('001D000000IqhSL')).toBe('IAZ');
    expect(to18('001D000000IqhSL')).toBe('001D000000IqhSLIAZ');
    expect(to18('001D000000IqhSLiaz')).toBe('001D000000IqhSLIAZ');
    expect(to18('001D000000IqhSLXXX')).toBeUndefined();
  });

  test('created ids are deterministic, 18 chars, with the object key prefix', () => {
    const ids = [new Harness().login(), new Harness().login()].map((h) => h.call('POST', '/sobjects/Contact/', contact({})).json.id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toMatch(/^003\w{15}$/);
    expect(new Harness().login().call('POST', '/sobjects/Account/', { Name: 'Acme' }).json.id).toMatch(/^001/);
  });
});

describe('describe', () => {
  test('Contact describe has real names, types, lengths and flags', () => {
    const h = new Harness().login();
    const res = h.call('GET', '/sobjects/Contact/describe');
    expect(res.code).toBe(200);
    expect(res.json.name).toBe('Contact');
    const field = (name: string) => res.json.fields.find((f: { name: string }) => f.name === name);
    expect(field('LastName')).toMatchObject({ type: 'string', length: 80, nillable: false, createable: true });
    expect(field('FirstName')).toMatchObject({ length: 40 });
    expect(field('Email')).toMatchObject({ type: 'email', length: 80 });
    expect(field('Oracle_netsuiteid__c')).toMatchObject({ externalId: true, unique: true, custom: true, length: 50 });
    expect(field('SystemModstamp')).toMatchObject({ type: 'datetime', createable: false, updateable: false });
    expect(field('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' });
    expect(field('Salutation').picklistValues.map((p: { value: string }) => p.value)).toEqual(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']);
    const account = h.call('GET', '/sobjects/Account/describe').json;
    expect(account.fields.find((f: { name: string }) => f.name === 'Name')).toMatchObject({ length: 255, nillable: false });
  });

  test('unknown sObject → 404 NOT_FOUND', () => {
    const res = new Harness().login().call('GET', '/sobjects/Lead/describe');
    expect(res.code).toBe(404);
    expect(res.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });
});

describe('single-record create/read/update/delete', () => {
  test('POST creates (201), GET returns the record, email is stored lower-case, "" becomes null', () => {
    const h = new Harness().login();
    const res = h.call('POST', '/sobjects/Contact/', contact({ Email: 'Ada.Lovelace@Example.COM', Title: '' }));
    expect(res.code).toBe(201);
    expect(res.json).toEqual({ id: res.json.id, success: true, errors: [] });
    const got = h.call('GET', `/sobjects/Contact/${res.json.id}`);
    expect(got.json).toMatchObject({
      attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${res.json.id}` },
      Email: 'ada.lovelace@example.com',
      Title: null,
      CurrencyIsoCode: 'USD',
      IsDeleted: false,
      CreatedById: h.sf.integrationUserId,
      CreatedDate: '2026-03-02T09:00:00.000+0000',
    });
  });

  test('GET with ?fields returns only those fields', () => {
    const h = new Harness().login();
    const id = h.sf.seedContact({ LastName: 'Hopper', Email: 'grace@navy.mil' });
    const got = h.call('GET', `/sobjects/Contact/${id}?fields=LastName,email`).json;
    expect(Object.keys(got)).toEqual(['attributes', 'LastName', 'Email']);
  });

  test('STRING_TOO_LONG names the field label, value and max length', () => {
    const h = new Harness().login();
    const long = 'x'.repeat(41);
    const res = h.call('POST', '/sobjects/Contact/', contact({ FirstName: long }));
    expect(res.code).toBe(400);
    expect(res.json).toEqual([
      { errorCode: 'STRING_TOO_LONG', message: `First Name: data value too large: ${long} (max length=40)`, fields: ['FirstName'] },
    ]);
  });

  test('invalid email → INVALID_EMAIL_ADDRESS with fields ["Email"]', () => {
    const res = new Harness().login().call('POST', '/sobjects/Contact/', contact({ Email: 'not-an-email' }));
    expect(res.code).toBe(400);
    expect(res.json[0]).toMatchObject({ errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] });
  });

  test('email rules: ".." allowed mid/end of local part, not at the start; EAI accepted', () => {
    const h = new Harness().login();
    const status = (Email: string) => h.call('POST', '/sobjects/Contact/', contact({ Email })).code;
    expect(status('a..b@example.com')).toBe(201);
    expect(status('ab..@example.com')).toBe(201);
    expect(status('..ab@example.com')).toBe(400);
    expect(status('josé@bücher.de')).toBe(201);
    expect(status('a@b')).toBe(400);
  });

  test('missing LastName → REQUIRED_FIELD_MISSING', () => {
    const res = new Harness().login().call('POST', '/sobjects/Contact/', { FirstName: 'Ada' });
    expect(res.json).toEqual([
      { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] },
    ]);
  });

  test('unknown field → INVALID_FIELD "No such column"', () => {
    const res = new Harness().login().call('POST', '/sobjects/Contact/', contact({ Foo__c: 'x' }));
    expect(res.code).toBe(400);
    expect(res.json[0].errorCode).toBe('INVALID_FIELD');
    expect(res.json[0].message).toMatch(/^No such column 'Foo__c' on entity 'Contact'\./);
  });

  test('system field in a write → INVALID_FIELD_FOR_INSERT_UPDATE', () => {
    const res = new Harness().login().call('POST', '/sobjects/Contact/', contact({ CreatedDate: '2020-01-01T00:00:00Z' }));
    expect(res.json[0]).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['CreatedDate'] });
  });

  test('Id in a create body → INVALID_FIELD (documented message)', () => {
    const res = new Harness().login().call('POST', '/sobjects/Contact/', contact({ Id: '003000000000001AAA' }));
    expect(res.json[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: 'The Id field should not be specified in the sobject data.' });
  });

  test('wrong JSON type → 400 JSON_PARSER_ERROR', () => {
    const res = new Harness().login().call('POST', '/sobjects/Contact/', contact({ Phone: 5551234 }));
    expect(res.code).toBe(400);
    expect(res.json[0].errorCode).toBe('JSON_PARSER_ERROR');
    expect(res.json[0].message).toMatch(/^Cannot deserialize instance of string from VALUE_NUMBER_INT value 5551234/);
  });

  test('restricted picklists: Salutation and CurrencyIsoCode', () => {
    const h = new Harness().login();
    const bad = h.call('POST', '/sobjects/Contact/', contact({ Salutation: 'Sir' }));
    expect(bad.json[0]).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      message: 'Salutation: bad value for restricted picklist field: Sir',
    });
    expect(h.call('POST', '/sobjects/Contact/', contact({ CurrencyIsoCode: 'JPY' })).json[0].errorCode).toBe(
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
    );
    const open = new Harness({ restrictedSalutation: false }).login();
    expect(open.call('POST', '/sobjects/Contact/', contact({ Salutation: 'Sir' })).code).toBe(201);
  });

  test('AccountId: malformed → MALFORMED_ID, unknown → INVALID_CROSS_REFERENCE_KEY, existing → ok', () => {
    const h = new Harness().login();
    const accountId = h.sf.seedAccount({ Name: 'Acme' });
    expect(h.call('POST', '/sobjects/Contact/', contact({ AccountId: 'garbage' })).json[0]).toMatchObject({
      errorCode: 'MALFORMED_ID',
      fields: ['AccountId'],
    });
    const unknown = `${accountId.slice(0, 14)}Z`;
    // The error does not name the bad reference (a client cannot tell it from its own record being gone).
    expect(h.call('POST', '/sobjects/Contact/', contact({ AccountId: unknown })).json[0]).toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: [] });
    expect(h.call('POST', '/sobjects/Contact/', contact({ AccountId: accountId.slice(0, 15) })).code).toBe(201);
  });

  test('duplicate contacts by email are allowed; duplicate Oracle_netsuiteid__c is DUPLICATE_VALUE', () => {
    const h = new Harness().login();
    expect(h.call('POST', '/sobjects/Contact/', contact({ Email: 'a@x.com', Oracle_netsuiteid__c: 'NS-1' })).code).toBe(201);
    expect(h.call('POST', '/sobjects/Contact/', contact({ Email: 'a@x.com' })).code).toBe(201);
    const dup = h.call('POST', '/sobjects/Contact/', contact({ Oracle_netsuiteid__c: 'ns-1' }));
    expect(dup.json[0].errorCode).toBe('DUPLICATE_VALUE');
    expect(dup.json[0].message).toMatch(/^duplicate value found: Oracle_netsuiteid__c duplicates value on record with id: 003/);
  });

  test('PATCH → 204 and bumps LastModifiedDate/SystemModstamp', () => {
    const h = new Harness().login();
    const id = h.sf.seedContact({ LastName: 'Hopper' });
    h.clock.advance(5000);
    const res = h.call('PATCH', `/sobjects/Contact/${id}`, { Title: 'Rear Admiral' });
    expect(res.code).toBe(204);
    expect(res.body).toBe('');
    expect(h.sf.getContact(id)).toMatchObject({
      Title: 'Rear Admiral',
      LastModifiedDate: '2026-03-02T09:00:05.000+0000',
      SystemModstamp: '2026-03-02T09:00:05.000+0000',
      LastModifiedById: h.sf.integrationUserId,
    });
  });

  test('DELETE → 204; the record then answers ENTITY_IS_DELETED', () => {
    const h = new Harness().login();
    const id = h.sf.seedContact({ LastName: 'Hopper' });
    expect(h.call('DELETE', `/sobjects/Contact/${id}`).code).toBe(204);
    const get = h.call('GET', `/sobjects/Contact/${id}`);
    expect(get.code).toBe(404);
    expect(get.json[0]).toMatchObject({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' });
    expect(h.call('PATCH', `/sobjects/Contact/${id}`, { Title: 'x' }).json[0].errorCode).toBe('ENTITY_IS_DELETED');
    expect(h.sf.getContact(id)?.IsDeleted).toBe(true);
  });

  test('unknown id → 404 NOT_FOUND', () => {
    const h = new Harness().login();
    expect(h.call('GET', '/sobjects/Contact/003000000000999AAA').json[0].errorCode).toBe('NOT_FOUND');
  });
});

describe('single-record upsert by external id', () => {
  const path = '/sobjects/Contact/Oracle_netsuiteid__c/NS-42';

  test('201 created:true, then 200 created:false (API ≥ 46.0)', () => {
    const h = new Harness().login();
    const created = h.call('PATCH', path, { LastName: 'Turing', Email: 'alan@example.com' });
    expect(created.code).toBe(201);
    expect(created.json).toEqual({ id: created.json.id, success: true, errors: [], created: true });
    const updated = h.call('PATCH', path, { Title: 'Mathematician' });
    expect(updated.code).toBe(200);
    expect(updated.json).toEqual({ id: created.json.id, success: true, errors: [], created: false });
    expect(h.sf.getContact(created.json.id)).toMatchObject({ Oracle_netsuiteid__c: 'NS-42', Title: 'Mathematician' });
  });

  test('update answers 204 with no body on API 45.0', () => {
    const h = new Harness().login();
    expect(h.call('PATCH', `/services/data/v45.0${path}`, { LastName: 'Turing' }).json).not.toHaveProperty('created');
    const updated = h.call('PATCH', `/services/data/v45.0${path}`, { Title: 'x' });
    expect(updated.code).toBe(204);
    expect(updated.body).toBe('');
  });

  test('several matches → 300 listing them, nothing written', () => {
    const h = new Harness().login();
    const a = h.sf.seedContact({ LastName: 'A', Oracle_netsuiteid__c: 'NS-42' });
    const b = h.sf.seedContact({ LastName: 'B', Oracle_netsuiteid__c: 'ns-42' });
    const res = h.call('PATCH', path, { Title: 'x' });
    expect(res.code).toBe(300);
    expect(res.json).toEqual([`/services/data/v62.0/sobjects/Contact/${a}`, `/services/data/v62.0/sobjects/Contact/${b}`]);
    expect(h.sf.getContact(a)?.Title).toBeNull();
  });

  test('unknown or non-external-id field → 404 NOT_FOUND', () => {
    const h = new Harness().login();
    expect(h.call('PATCH', '/sobjects/Contact/Nope__c/1', { LastName: 'x' }).json).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
    expect(h.call('PATCH', '/sobjects/Contact/Email/a@b.com', { LastName: 'x' }).code).toBe(404);
  });
});
