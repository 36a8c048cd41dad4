import { Harness } from './harness';

const rec = (fields: Record<string, unknown>, type = 'Contact') => ({ attributes: { type }, ...fields });
const upsertUrl = '/composite/sobjects/Contact/Oracle_netsuiteid__c';
const describedField = (h: Harness, type: string, name: string) =>
  (h.call('GET', `/sobjects/${type}/describe`).json.fields as { name: string }[]).find((f) => f.name === name);

describe('org variants', () => {
  test('single-currency org: no CurrencyIsoCode in describe, bodies or SOQL', () => {
    const h = new Harness({ multiCurrency: false }).login();
    expect(describedField(h, 'Contact', 'CurrencyIsoCode')).toBeUndefined();
    expect(describedField(h, 'Account', 'CurrencyIsoCode')).toBeUndefined();
    const res = h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', CurrencyIsoCode: 'USD' })] });
    expect(res.code).toBe(400);
    expect(res.json[0].errorCode).toBe('INVALID_FIELD');
    expect(h.query('SELECT CurrencyIsoCode FROM Contact').json[0].errorCode).toBe('INVALID_FIELD');
    // Without the field everything else works.
    expect(h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A' })] }).json[0].success).toBe(true);
  });

  test('no Oracle custom fields: the fields are unknown and the upsert resource is NOT_FOUND', () => {
    const h = new Harness({ oracleFields: 'absent' }).login();
    expect(describedField(h, 'Contact', 'Oracle_netsuiteid__c')).toBeUndefined();
    const upsert = h.call('PATCH', upsertUrl, { records: [rec({ Oracle_netsuiteid__c: '1', LastName: 'A' })] });
    expect(upsert.code).toBe(404);
    expect(upsert.json[0]).toEqual({ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
    const create = h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', Oracle_NetSuite_Subsidiary__c: '1' })] });
    expect(create.json[0].errorCode).toBe('INVALID_FIELD');
  });

  test('Oracle_netsuiteid__c without the External ID box: described externalId false, upserts by it are NOT_FOUND', () => {
    const h = new Harness({ oracleFields: 'not-external-id' }).login();
    expect(describedField(h, 'Contact', 'Oracle_netsuiteid__c')).toMatchObject({ externalId: false, unique: false, createable: true });
    expect(h.call('PATCH', upsertUrl, { records: [rec({ Oracle_netsuiteid__c: '1', LastName: 'A' })] }).code).toBe(404);
    // A plain field still takes values on create and update.
    expect(h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', Oracle_netsuiteid__c: '1' })] }).json[0].success).toBe(true);
  });

  test('field-level security: a hidden field does not exist for the integration user, a read-only one is refused per record', () => {
    const h = new Harness({ fieldSecurity: { 'Contact.Title': 'hidden', 'Contact.Fax': 'read-only' } }).login();
    expect(describedField(h, 'Contact', 'Title')).toBeUndefined();
    expect(describedField(h, 'Contact', 'Fax')).toMatchObject({ createable: false, updateable: false });
    expect(h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', Title: 'CEO' })] }).json[0].errorCode).toBe('INVALID_FIELD');
    const readOnly = h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', Fax: '1' }), rec({ LastName: 'B' })] });
    expect(readOnly.code).toBe(200);
    expect(readOnly.json[0].errors[0]).toMatchObject({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Fax'] });
    expect(readOnly.json[1].success).toBe(true);
    // People in Salesforce still see the field, and an API update leaves its value alone.
    const id = h.sf.seedContact({ LastName: 'C', Title: 'CTO' });
    h.call('PATCH', '/composite/sobjects', { records: [rec({ id, LastName: 'D' })] });
    expect(h.sf.getContact(id)).toMatchObject({ LastName: 'D', Title: 'CTO' });
  });

  test('validation rule: FIELD_CUSTOM_VALIDATION_EXCEPTION with the admin message, per record', () => {
    const h = new Harness({
      validationRules: [{ object: 'Contact', name: 'Phone_Digits', field: 'Phone', message: 'Phone must start with +', rejects: (r) => typeof r.Phone === 'string' && !r.Phone.startsWith('+') }],
    }).login();
    const res = h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', Phone: '555' }), rec({ LastName: 'B', Phone: '+1 555' })] });
    expect(res.json[0]).toEqual({ success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Phone must start with +', fields: ['Phone'] }] });
    expect(res.json[1].success).toBe(true);
  });

  describe('duplicate rules', () => {
    const rules = (action: 'alert' | 'block') => ({
      duplicateRules: [
        { object: 'Contact' as const, name: 'Standard_Contact_Duplicate_Rule', action, matchFields: ['Email'] },
        { object: 'Account' as const, name: 'Standard_Account_Duplicate_Rule', action, matchFields: ['Name'] },
      ],
    });

    test('an Alert rule blocks an API save with DUPLICATES_DETECTED naming the matching records', () => {
      const h = new Harness(rules('alert')).login();
      const existing = h.sf.seedContact({ LastName: 'Old', Email: 'ada@example.com' });
      const res = h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'New', Email: 'ADA@example.com' })] });
      const error = res.json[0].errors[0];
      expect(error).toMatchObject({ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] });
      expect(error.duplicateResult).toMatchObject({ allowSave: true, duplicateRule: 'Standard_Contact_Duplicate_Rule', duplicateRuleEntityType: 'Contact' });
      expect(error.duplicateResult.matchResults[0].matchRecords.map((m: { record: { Id: string } }) => m.record.Id)).toEqual([existing]);
      expect(h.sf.allContacts()).toHaveLength(1);
    });

    test('Sforce-Duplicate-Rule-Header allowSave=true saves past an Alert rule, never past a Block rule', () => {
      const header = { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' };
      const alert = new Harness(rules('alert')).login();
      alert.sf.seedAccount({ Name: 'Acme' });
      expect(alert.call('POST', '/composite/sobjects', { records: [rec({ Name: 'acme' }, 'Account')] }, header).json[0].success).toBe(true);
      const block = new Harness(rules('block')).login();
      block.sf.seedAccount({ Name: 'Acme' });
      const res = block.call('POST', '/composite/sobjects', { records: [rec({ Name: 'Acme' }, 'Account')] }, header);
      expect(res.json[0].errors[0]).toMatchObject({ statusCode: 'DUPLICATES_DETECTED', duplicateResult: { allowSave: false } });
    });

    test('the header is read as documented: "; "-separated name=value pairs, API 52.0 and later', () => {
      for (const [value, saved] of [['allowSave=true; includeRecordDetails=true; runAsCurrentUser=true', true], ['allowSave=false', false], ['allowSave: true', false], ['allowsave=true', false]] as const) {
        const h = new Harness(rules('alert')).login();
        h.sf.seedAccount({ Name: 'Acme' });
        expect(h.call('POST', '/composite/sobjects', { records: [rec({ Name: 'Acme' }, 'Account')] }, { 'Sforce-Duplicate-Rule-Header': value }).json[0].success).toBe(saved);
      }
    });

    test('rules also run on edit, and a single-record save answers 400 with the duplicate result', () => {
      const h = new Harness(rules('block')).login();
      h.sf.seedContact({ LastName: 'A', Email: 'a@example.com' });
      const b = h.sf.seedContact({ LastName: 'B', Email: 'b@example.com' });
      const res = h.call('PATCH', `/sobjects/Contact/${b}`, { Email: 'a@example.com' });
      expect(res.code).toBe(400);
      expect(res.json[0]).toMatchObject({ errorCode: 'DUPLICATES_DETECTED', duplicateResult: { duplicateRule: 'Standard_Contact_Duplicate_Rule' } });
    });
  });

  test('daily allocation runs out (403 REQUEST_LIMIT_EXCEEDED) and comes back as the 24-hour window rolls', () => {
    const h = new Harness({ dailyApiLimit: 3 }).login();
    for (let i = 0; i < 3; i++) expect(h.query('SELECT Id FROM Contact').code).toBe(200);
    const refused = h.query('SELECT Id FROM Contact');
    expect(refused.code).toBe(403);
    expect(refused.json[0]).toEqual({ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(refused.headers['Sforce-Limit-Info']).toBe('api-usage=3/3');
    h.clock.advance(24 * 60 * 60 * 1000 + 1);
    h.login();
    const back = h.query('SELECT Id FROM Contact');
    expect(back.code).toBe(200);
    expect(back.headers['Sforce-Limit-Info']).toBe('api-usage=1/3');
  });

  test('onRecordCreated reports the records API writes create (the Account Engagement connector hook)', () => {
    const h = new Harness().login();
    const seen: string[] = [];
    h.sf.onRecordCreated((type, record) => seen.push(`${type}:${String(record.Email ?? record.Name)}`));
    h.sf.seedContact({ LastName: 'Seeded', Email: 'seed@example.com' });
    h.call('POST', '/composite/sobjects', { records: [rec({ LastName: 'A', Email: 'a@example.com' }), rec({ Name: 'Acme' }, 'Account')] });
    expect(seen).toEqual(['Contact:a@example.com', 'Account:Acme']);
  });
});
