import { buildAccountPayload, buildContactPayload } from '../../src/core/mapping/build-payload';
import { buildMappings, DEFAULT_ACCOUNT_MAPPINGS, DEFAULT_CONTACT_MAPPINGS } from '../../src/core/mapping/field-map';
import { isValidEmail, normaliseEmail } from '../../src/core/mapping/email';
import type { NsContact, NsCustomer } from '../../src/core/model';
import { payloadHash } from '../../src/core/hash';

const customer: NsCustomer = {
  id: '100', isPerson: false, fields: { companyname: 'Acme Corp', phone: '555-0100', url: 'https://acme.example' },
  salesforceId: '001000000000001AAA', locked: false, inactive: false, currencyIso: 'USD', subsidiaryId: '1', syncedHash: null,
};

function contact(fields: NsContact['fields']): NsContact {
  return { id: '200', fields: { firstname: 'Ada', lastname: 'Lovelace', email: 'Ada@Example.COM', ...fields }, customerId: '100', salesforceId: null, locked: false, inactive: false, syncedHash: null };
}

describe('buildContactPayload (Oracle field mapping table)', () => {
  it('maps every row of the default table, lower-cases the email and links the Account', () => {
    const result = buildContactPayload(contact({ title: 'CTO', salutation: 'Dr.', mobilephone: '+1 555 0101', subsidiary: '3' }), customer, DEFAULT_CONTACT_MAPPINGS);
    expect(result).toMatchObject({
      ok: true,
      values: {
        Oracle_netsuiteid__c: '200', FirstName: 'Ada', LastName: 'Lovelace', Salutation: 'Dr.', Title: 'CTO',
        MobilePhone: '+1 555 0101', Email: 'ada@example.com', AccountId: '001000000000001AAA', CurrencyIsoCode: 'USD',
        Oracle_NetSuite_Subsidiary__c: '3', Phone: null, HomePhone: null, Fax: null,
      },
    });
  });

  it.each([
    [{ email: 'not-an-email' }, 'INVALID_EMAIL'],
    [{ lastname: '' }, 'MISSING_REQUIRED'],
    [{ firstname: 'x'.repeat(41) }, 'FIELD_TOO_LONG'],
    [{ title: 't'.repeat(129) }, 'FIELD_TOO_LONG'],
    [{ phone: '1'.repeat(41) }, 'FIELD_TOO_LONG'],
    [{ salutation: 'Sir' }, 'INVALID_VALUE'],
  ])('rejects %p with %s before anything is sent', (fields, code) => {
    expect(buildContactPayload(contact(fields), customer, DEFAULT_CONTACT_MAPPINGS)).toMatchObject({ ok: false, code });
  });

  it('gives the same hash for the same data whatever the key order', () => {
    const a = buildContactPayload(contact({ title: 'CTO' }), customer, DEFAULT_CONTACT_MAPPINGS);
    const b = buildContactPayload(contact({ title: 'CTO' }), customer, [...DEFAULT_CONTACT_MAPPINGS].reverse());
    expect(a.ok && b.ok && a.hash === b.hash).toBe(true);
    expect(payloadHash({ a: 1, b: 2 })).toBe(payloadHash({ b: 2, a: 1 }));
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
  });
});

describe('buildAccountPayload', () => {
  it('names an individual customer after the person', () => {
    const person: NsCustomer = { ...customer, isPerson: true, fields: { firstname: 'Grace', lastname: 'Hopper' } };
    expect(buildAccountPayload(person, DEFAULT_ACCOUNT_MAPPINGS)).toMatchObject({ ok: true, values: { Name: 'Grace Hopper', Oracle_netsuiteid__c: '100' } });
  });

  it('requires an account name', () => {
    expect(buildAccountPayload({ ...customer, fields: {} }, DEFAULT_ACCOUNT_MAPPINGS)).toMatchObject({ ok: false, code: 'MISSING_REQUIRED' });
  });
});

describe('buildMappings (admin-editable mapping rows)', () => {
  it('uses admin rows, always keeps the external id, and reports bad rows', () => {
    const { mappings, problems } = buildMappings([
      { recordType: 'contact', source: 'email', target: 'Email', owner: '' },
      { recordType: 'contact', source: 'custentity_region', target: 'Region__c', owner: 'salesforce' },
      { recordType: 'contact', source: 'bad field', target: 'X', owner: '' },
      { recordType: 'opportunity', source: 'title', target: 'Title', owner: '' },
    ]);
    expect(mappings.contact.map((m) => m.target)).toEqual(['Oracle_netsuiteid__c', 'Email', 'Region__c']);
    expect(mappings.contact[2]?.owner).toBe('salesforce');
    expect(mappings.customer).toBe(DEFAULT_ACCOUNT_MAPPINGS);
    expect(problems).toHaveLength(2);
  });
});

describe('email rules', () => {
  it.each(['a@b.co', 'first.last+tag@example.com', 'dédé@exemple.fr', 'x@mail.例え.jp'])('accepts %s', (email) => {
    expect(isValidEmail(email)).toBe(true);
  });
  it.each(['', 'plain', '@example.com', 'a@', 'a b@example.com', '.a@example.com', 'a@example', 'a@-x.com'])('rejects %p', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });
  it('normalises case and spaces', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
