import * as vm from 'node:vm';
import { cloneValue } from './schema';
import { fixtureAccount, probe } from './helpers';
import { seeds } from '.';

const err = (code: string): string => `try { ${code}; return 'no error'; } catch (e) { return e.name + ': ' + e.message; }`;

describe('N/record and the record schema', () => {
  test('getValue returns NetSuite types: select string, checkbox boolean, integer number, date Date, list text', () => {
    const account = fixtureAccount();
    const { customerId, contactIds } = seeds.customerWithContacts(account, { contacts: 1 });
    account.seedUpdate('contact', contactIds[0]!, { custentity_fx_count: 3, custentity_fx_status: 2, custentity_fx_last_sync: new Date('2025-01-01T00:00:00Z') });
    const { value } = probe(account, `const c = N.record.load({ type: N.record.Type.CONTACT, id: ${contactIds[0]} });
      return [c.getValue('company'), c.getValue('isinactive'), c.getValue('custentity_fx_count'), c.getValue('custentity_fx_last_sync') instanceof Date, c.getText('custentity_fx_status'), c.getText('company'), c.id, c.type, c.getValue('salutation')];`);
    expect(value).toEqual([String(customerId), false, 3, true, 'Synced', account.get('customer', customerId)!.entityid, contactIds[0], 'contact', '']);
  });

  test('unknown field ids throw', () => {
    expect(probe(fixtureAccount(), err(`N.record.create({ type: 'contact' }).setValue({ fieldId: 'custentity_typo', value: 'x' })`)).value).toMatch(/^SSS_INVALID_FIELD_ID/);
  });

  test('a string into a checkbox is an invalid field value', () => {
    expect(probe(fixtureAccount(), err(`N.record.create({ type: 'contact' }).setValue({ fieldId: 'isinactive', value: 'T' })`)).value)
      .toBe('INVALID_FLD_VALUE: You have entered an Invalid Field Value T for the following field: isinactive');
  });

  test('a non-Date into a date field and text into an integer field are invalid', () => {
    const account = fixtureAccount();
    expect(probe(account, err(`N.record.create({ type: 'contact' }).setValue({ fieldId: 'custentity_fx_last_sync', value: '2025-01-01' })`)).value).toMatch(/^INVALID_FLD_VALUE/);
    expect(probe(account, err(`N.record.create({ type: 'contact' }).setValue({ fieldId: 'custentity_fx_count', value: 'three' })`)).value).toMatch(/^INVALID_FLD_VALUE/);
  });

  test('an invalid custom list value fails the save with INVALID_KEY_OR_REF', () => {
    const { value } = probe(fixtureAccount(), err(`const c = N.record.create({ type: 'contact' }); c.setValue('lastname', 'X'); c.setValue('custentity_fx_status', 42); c.save()`));
    expect(value).toBe('INVALID_KEY_OR_REF: Invalid custentity_fx_status reference key 42.');
  });

  test('text longer than the field allows is refused', () => {
    expect(probe(fixtureAccount(), err(`N.record.create({ type: 'contact' }).setValue('custentity_fx_sf_id', 'x'.repeat(19))`)).value)
      .toBe('USER_ERROR: The field custentity_fx_sf_id contained more than the maximum number ( 18 ) of characters allowed.');
  });

  test('mandatory fields: company customers need a company name, individuals a first and last name', () => {
    const account = fixtureAccount();
    expect(probe(account, err(`N.record.create({ type: 'customer' }).save()`)).value).toBe('USER_ERROR: Please enter value(s) for: Company Name');
    expect(probe(account, err(`const c = N.record.create({ type: 'customer' }); c.setValue('isperson', true); c.save()`)).value).toBe('USER_ERROR: Please enter value(s) for: First Name, Last Name');
    expect(probe(account, err(`N.record.create({ type: 'contact' }).save()`)).value).toBe('USER_ERROR: Please enter value(s) for: Name');
  });

  test('loading a missing record throws RCRD_DSNT_EXIST; an unknown type INVALID_RCRD_TYPE', () => {
    const account = fixtureAccount();
    expect(probe(account, err(`N.record.load({ type: 'contact', id: 424242 })`)).value).toBe('RCRD_DSNT_EXIST: That record does not exist.');
    expect(probe(account, err(`N.record.load({ type: 'contcat', id: 1 })`)).value).toMatch(/^INVALID_RCRD_TYPE/);
  });

  test('lastmodifieddate moves on every save; datecreated stays', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    const created = account.get('contact', id)!.datecreated as Date;
    account.clock.advance(3_600_000);
    probe(account, `const c = N.record.load({ type: 'contact', id: ${id} }); c.setValue('title', 'CTO'); c.save();`);
    const row = account.get('contact', id)!;
    expect((row.lastmodifieddate as Date).getTime() - created.getTime()).toBe(3_600_000);
    expect(row.datecreated).toEqual(created);
  });

  test('salesteam sublist in standard and dynamic mode', () => {
    const account = fixtureAccount();
    const rep1 = seeds.salesRep(account);
    const rep2 = seeds.salesRep(account);
    const { customerId } = seeds.customerWithContacts(account, { contacts: 0 });
    const { value } = probe(account, `
      const c = N.record.load({ type: 'customer', id: ${customerId} });
      c.setSublistValue({ sublistId: 'salesteam', fieldId: 'employee', line: 0, value: ${rep1} });
      c.setSublistValue({ sublistId: 'salesteam', fieldId: 'isprimary', line: 0, value: true });
      c.save();
      const d = N.record.load({ type: 'customer', id: ${customerId}, isDynamic: true });
      d.selectNewLine({ sublistId: 'salesteam' });
      d.setCurrentSublistValue({ sublistId: 'salesteam', fieldId: 'employee', value: ${rep2} });
      d.setCurrentSublistValue({ sublistId: 'salesteam', fieldId: 'contribution', value: 50 });
      d.commitLine({ sublistId: 'salesteam' });
      d.save();
      let dynErr; try { d.setSublistValue({ sublistId: 'salesteam', fieldId: 'employee', line: 0, value: ${rep1} }); } catch (e) { dynErr = e.name; }
      const again = N.record.load({ type: 'customer', id: ${customerId} });
      return [again.getLineCount({ sublistId: 'salesteam' }), again.getSublistValue({ sublistId: 'salesteam', fieldId: 'employee', line: 1 }), again.getSublistValue({ sublistId: 'salesteam', fieldId: 'isprimary', line: 0 }), dynErr];`);
    expect(value).toEqual([2, String(rep2), true, 'SSS_INVALID_API_USAGE']);
  });

  test('setText picks the list value by label; submitFields writes only the given fields', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1, { title: 'Keep' })[0]!;
    probe(account, `const c = N.record.load({ type: 'contact', id: ${id} }); c.setText({ fieldId: 'custentity_fx_status', text: 'Error' }); c.save();
      N.record.submitFields({ type: 'contact', id: ${id}, values: { custentity_fx_sf_id: '003ABC' } });`);
    expect(account.get('contact', id)).toMatchObject({ custentity_fx_status: '3', custentity_fx_sf_id: '003ABC', title: 'Keep' });
  });

  test('a date/time field takes a Date, in setValue and in submitFields alike; a formatted string is refused', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    const { value } = probe(account, `
      const out = [];
      N.record.submitFields({ type: 'contact', id: ${id}, values: { custentity_fx_last_sync: new Date(Date.UTC(2025, 0, 15, 17, 0)) } });
      try { N.record.submitFields({ type: 'contact', id: ${id}, values: { custentity_fx_last_sync: '1/16/2025 9:00 am' } }); out.push('no error'); } catch (e) { out.push(e.name); }
      return out;`);
    expect(value).toEqual(['INVALID_FLD_VALUE']);
    expect((account.get('contact', id)?.custentity_fx_last_sync as Date).toISOString()).toBe('2025-01-15T17:00:00.000Z');
  });

  test("a contact's subsidiary is sourced from its company only with enableSourcing (standard mode) or in dynamic mode", () => {
    const account = fixtureAccount();
    const sub = account.seed('subsidiary', { name: 'Europe' });
    const company = account.seed('customer', { companyname: 'Acme EU', subsidiary: sub });
    const { value } = probe(account, `
      const make = (opts, dynamic) => {
        const c = N.record.create({ type: 'contact', isDynamic: dynamic });
        c.setValue({ fieldId: 'lastname', value: 'Src' });
        c.setValue({ fieldId: 'company', value: ${company} });
        const id = c.save(opts);
        return String(N.search.lookupFields({ type: 'contact', id, columns: ['subsidiary'] }).subsidiary[0].value);
      };
      return [make({}, false), make({ enableSourcing: true }, false), make({}, true)];`);
    expect(value).toEqual(['1', String(sub), String(sub)]);
  });

  test('seed helpers: duplicate emails, individuals, locks, integration logs', () => {
    const account = fixtureAccount();
    const dup = seeds.duplicateEmail(account, 'same@example.com', { contacts: 2, individuals: 1 });
    seeds.lock(account, 'contact', dup.contactIds[0]!, 'custentity_fx_lock');
    expect(account.find('contact', (r) => r.email === 'same@example.com')).toHaveLength(2);
    expect(account.get('customer', dup.individualIds[0]!)).toMatchObject({ isperson: true, email: 'same@example.com' });
    expect(account.get('contact', dup.contactIds[0]!)!.custentity_fx_lock).toBe(true);
    expect(seeds.integrationLogs(account, 'customrecord_fx_log')).toEqual([]);
  });
});

describe('stored values', () => {
  it('a Date from a script realm is stored as a host Date, so the record does not keep that realm alive', () => {
    const realmDate = vm.runInContext('new Date(Date.UTC(2026, 10, 22, 9, 30))', vm.createContext({})) as Date;
    expect(realmDate instanceof Date).toBe(false);
    const stored = cloneValue(realmDate);
    expect(stored instanceof Date).toBe(true);
    expect((stored as Date).toISOString()).toBe('2026-11-22T09:30:00.000Z');
    const realmArray = vm.runInContext('[1, 2]', vm.createContext({})) as unknown[];
    expect(Object.getPrototypeOf(cloneValue(realmArray))).toBe(Array.prototype);
  });
});
