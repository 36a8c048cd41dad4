import { fixtureAccount, probe } from './helpers';
import { seeds } from '.';
import type { EmulatedAccount } from '.';

function world(): { account: EmulatedAccount; acme: number; globex: number; ids: number[] } {
  const account = fixtureAccount({ now: () => new Date('2025-03-10T18:00:00Z') });
  const acme = seeds.customerWithContacts(account, { customer: { companyname: 'Acme' }, contacts: 0 }).customerId;
  const globex = seeds.customerWithContacts(account, { customer: { companyname: 'Globex', isinactive: true }, contacts: 0 }).customerId;
  const ids = [
    account.seed('contact', { firstname: 'Ann', lastname: 'Able', email: 'ann@acme.com', company: acme, custentity_fx_count: 1, custentity_fx_status: 1 }),
    account.seed('contact', { firstname: 'Bob', lastname: 'Baker', email: 'BOB@globex.com', company: globex, custentity_fx_count: 5, custentity_fx_lock: true }),
    account.seed('contact', { firstname: 'Cy', lastname: 'Cole', custentity_fx_count: 9, custentity_fx_last_sync: new Date('2025-03-09T20:00:00Z') }),
  ];
  return { account, acme, globex, ids };
}

const ids = (account: EmulatedAccount, filters: string): unknown =>
  probe(account, `const out = []; N.search.create({ type: 'contact', filters: ${filters}, columns: ['internalid'] }).run().each((r) => { out.push(Number(r.id)); return true; }); return out;`).value;

describe('N/search', () => {
  test('text, select, checkbox and number operators', () => {
    const { account, acme, ids: [a, b, c] } = world();
    expect(ids(account, `[['email', 'is', 'bob@globex.com']]`)).toEqual([b]);
    expect(ids(account, `[['email', 'isempty', '']]`)).toEqual([c]);
    expect(ids(account, `[['email', 'contains', 'acme']]`)).toEqual([a]);
    expect(ids(account, `[['firstname', 'startswith', 'b']]`)).toEqual([b]);
    expect(ids(account, `[['email', 'doesnotcontain', 'acme']]`)).toEqual([b, c]);
    expect(ids(account, `[['company', 'anyof', '${acme}']]`)).toEqual([a]);
    expect(ids(account, `[['company', 'anyof', '@NONE@']]`)).toEqual([c]);
    expect(ids(account, `[['company', 'noneof', '${acme}']]`)).toEqual([b, c]);
    expect(ids(account, `[['custentity_fx_lock', 'is', 'T']]`)).toEqual([b]);
    expect(ids(account, `[['custentity_fx_count', 'greaterthan', 1]]`)).toEqual([b, c]);
    expect(ids(account, `[['custentity_fx_count', 'lessthanorequalto', 5]]`)).toEqual([a, b]);
    expect(ids(account, `[['internalid', 'anyof', [${a}, ${c}]]]`)).toEqual([a, c]);
  });

  test('date operators use the user date format and time zone', () => {
    const { account, ids: [, , c] } = world();
    // 2025-03-09T20:00Z is 3/9/2025 1:00 pm in Los Angeles.
    expect(ids(account, `[['custentity_fx_last_sync', 'on', '3/9/2025']]`)).toEqual([c]);
    expect(ids(account, `[['custentity_fx_last_sync', 'before', '3/9/2025']]`)).toEqual([]);
    expect(ids(account, `[['custentity_fx_last_sync', 'onorafter', 'yesterday']]`)).toEqual([c]);
    expect(ids(account, `[['custentity_fx_last_sync', 'within', '3/1/2025', '3/9/2025']]`)).toEqual([c]);
    expect(ids(account, `[['custentity_fx_last_sync', 'after', '3/9/2025 12:59 pm']]`)).toEqual([c]);
  });

  test('joins in filters and columns', () => {
    const { account, ids: [a, b] } = world();
    expect(ids(account, `[['company.companyname', 'is', 'Acme']]`)).toEqual([a]);
    expect(ids(account, `[N.search.createFilter({ name: 'isinactive', join: 'customer', operator: 'is', values: ['T'] })]`)).toEqual([b]);
    const { value } = probe(account, `return N.search.create({ type: 'contact', filters: [['internalid', 'anyof', ${a}]], columns: [N.search.createColumn({ name: 'companyname', join: 'company' }), 'company', 'company.email'] })
      .run().getRange({ start: 0, end: 5 }).map((r) => [r.getValue({ name: 'companyname', join: 'company' }), r.getValue('company'), r.getText('company'), r.getValue({ name: 'email', join: 'company' })]);`);
    expect(value).toEqual([['Acme', expect.any(String), 'Acme', expect.stringContaining('@acme')]]);
  });

  test('filter expressions with OR, NOT and nesting', () => {
    const { account, ids: [a, , c] } = world();
    expect(ids(account, `[['firstname', 'is', 'Ann'], 'OR', ['firstname', 'is', 'Cy']]`)).toEqual([a, c]);
    expect(ids(account, `[['custentity_fx_count', 'greaterthan', 0], 'AND', ['NOT', ['firstname', 'is', 'Bob']]]`)).toEqual([a, c]);
    expect(ids(account, `[[['firstname', 'is', 'Ann'], 'OR', ['firstname', 'is', 'Bob']], 'AND', ['custentity_fx_lock', 'is', 'F']]`)).toEqual([a]);
  });

  test('sorting, summary columns and result JSON', () => {
    const { account } = world();
    const { value } = probe(account, `
      const sorted = N.search.create({ type: 'contact', columns: [N.search.createColumn({ name: 'custentity_fx_count', sort: N.search.Sort.DESC })] }).run().getRange({ start: 0, end: 10 }).map((r) => r.getValue('custentity_fx_count'));
      const grouped = N.search.create({ type: 'contact', columns: [N.search.createColumn({ name: 'custentity_fx_lock', summary: 'GROUP' }), N.search.createColumn({ name: 'internalid', summary: 'COUNT' })] })
        .run().getRange({ start: 0, end: 10 }).map((r) => [r.getValue({ name: 'custentity_fx_lock', summary: 'GROUP' }), r.getValue({ name: 'internalid', summary: 'COUNT' })]);
      const json = JSON.parse(JSON.stringify(N.search.create({ type: 'contact', filters: [['firstname', 'is', 'Ann']], columns: ['email', 'company', 'custentity_fx_lock', 'custentity_fx_status'] }).run().getRange({ start: 0, end: 1 })[0]));
      return { sorted, grouped, json };`) as { value: { sorted: string[]; grouped: unknown[]; json: { recordType: string; values: Record<string, unknown> } } };
    expect(value.sorted).toEqual(['9', '5', '1']);
    expect(value.grouped).toEqual([[false, '2'], [true, '1']]);
    expect(value.json.recordType).toBe('contact');
    expect(value.json.values).toEqual({ email: 'ann@acme.com', company: { value: expect.any(String), text: 'Acme' }, custentity_fx_lock: 'F', custentity_fx_status: { value: '1', text: 'New' } });
  });

  test('runPaged and fetch; getRange is limited to 1,000', () => {
    const { account } = world();
    seeds.orphanContacts(account, 9);
    const { value } = probe(account, `const paged = N.search.create({ type: 'contact', columns: ['email'] }).runPaged({ pageSize: 5 });
      const pages = paged.pageRanges.map((r) => paged.fetch({ index: r.index }).data.length);
      let err; try { N.search.create({ type: 'contact' }).run().getRange({ start: 0, end: 1001 }); } catch (e) { err = e.name; }
      return [paged.count, pages, paged.fetch({ index: 2 }).isLast, err];`);
    expect(value).toEqual([12, [5, 5, 2], true, 'SSS_INVALID_SRCH_RESULT_RANGE']);
  });

  test('lookupFields returns NetSuite shapes', () => {
    const { account, ids: [a] } = world();
    const { value } = probe(account, `return N.search.lookupFields({ type: 'contact', id: ${a}, columns: ['email', 'company', 'custentity_fx_lock', 'custentity_fx_count', 'custentity_fx_rep', 'company.companyname'] });`);
    expect(value).toEqual({ email: 'ann@acme.com', company: [{ value: expect.any(String), text: 'Acme' }], custentity_fx_lock: false, custentity_fx_count: '1', custentity_fx_rep: [], 'company.companyname': 'Acme' });
  });

  test('invalid columns, filters and operators throw the NetSuite errors', () => {
    const { account } = world();
    const { value } = probe(account, `const out = [];
      const t = (fn) => { try { fn(); out.push('none'); } catch (e) { out.push(e.name); } };
      t(() => N.search.create({ type: 'contact', filters: [['nosuchfield', 'is', 'x']] }));
      t(() => N.search.create({ type: 'contact', filters: [['company', 'is', 'x']] }));
      t(() => N.search.create({ type: 'contact', columns: ['nosuchcol'] }).run().getRange({ start: 0, end: 1 }));
      return out;`);
    expect(value).toEqual(['SSS_INVALID_SRCH_FILTER', 'SSS_INVALID_SRCH_OPERATOR', 'SSS_INVALID_SRCH_COL']);
  });
});
