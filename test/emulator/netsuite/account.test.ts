/** Per-account state, who scripts run as, and versioned rows. */
import { join } from 'node:path';
import { ExecutionContext, PERMISSION } from './context';
import { fixtureAccount, probe } from './helpers';
import { EmulatedAccount, seeds } from '.';

const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('two accounts in one process', () => {
  test('budgets, features, ids, seed names and task ids are each account\'s own', () => {
    const a = fixtureAccount({ budgets: { scheduled: 3 }, features: [] });
    const b = fixtureAccount();
    const burn = `N.search.lookupFields({ type: 'contact', id: 1, columns: ['email'] });
      N.search.lookupFields({ type: 'contact', id: 1, columns: ['email'] });
      N.search.lookupFields({ type: 'contact', id: 1, columns: ['email'] });
      N.search.lookupFields({ type: 'contact', id: 1, columns: ['email'] });
      return N.runtime.isFeatureInEffect({ feature: 'SUBSIDIARIES' });`;
    expect(probe(a, burn).report.killed).toBe('SSS_USAGE_LIMIT_EXCEEDED');
    expect(probe(b, burn)).toMatchObject({ value: true, report: { usage: 4 } });
    a.budgets.scheduled = 10_000;
    expect(probe(a, burn).value).toBe(false);
    expect(b.budgets.scheduled).toBe(10_000);

    const inA = seeds.customerWithContacts(a, { contacts: 1 });
    seeds.orphanContacts(a, 5);
    const inB = seeds.customerWithContacts(b, { contacts: 1 });
    expect(inB).toEqual(inA);
    expect(b.get('customer', inB.customerId)).toMatchObject({ companyname: 'Acme 1 Inc' });
    expect(b.all('contact')).toHaveLength(1);

    const submit = `return N.task.create({ taskType: N.task.TaskType.MAP_REDUCE, scriptId: 'customscript_fx_mr', deploymentId: 'customdeploy_fx_mr' }).submit();`;
    const [c, d] = [fixtureAccount(), fixtureAccount()];
    expect(probe(c, submit).value).toBe(probe(d, submit).value);
  });

  test('each account reads its own project: record.Type comes from the typings its project root has', () => {
    const repo = new EmulatedAccount({ projectRoot: REPO_ROOT });
    const fixture = fixtureAccount();
    expect(repo.profile.recordTypes.JOURNAL_ENTRY).toBe('journalentry');
    expect(fixture.profile.recordTypes.JOURNAL_ENTRY).toBeUndefined();
    expect(fixture.profile.recordTypes.CONTACT).toBe('contact');
    expect(repo.schema.has('customrecord_fx_log')).toBe(false);
    expect(fixture.schema.has('customrecord_fx_log')).toBe(true);
  });

  test('a governed-call observer sees only its own account', () => {
    const a = fixtureAccount();
    const b = fixtureAccount();
    const seen: string[] = [];
    a.onGovernedCall = (_meter, api) => { seen.push(api); };
    probe(b, `N.search.lookupFields({ type: 'contact', id: 1, columns: ['email'] });`);
    expect(seen).toEqual([]);
    probe(a, `N.search.lookupFields({ type: 'contact', id: 1, columns: ['email'] });`);
    expect(seen).toEqual(['search.lookupFields']);
  });
});

describe('execution context', () => {
  const whoAmI = `const u = N.runtime.getCurrentUser();
    return [u.id, u.role, u.roleId, u.getPermission({ name: 'LIST_CONTACT' })];`;

  test('scheduled scripts run as the administrator unless told to run as someone; getPermission answers FULL', () => {
    const account = fixtureAccount();
    account.signIn({ id: 77, role: 1001, roleId: 'customrole_viewer' });
    expect(probe(account, whoAmI).value).toEqual([-5, 3, 'administrator', PERMISSION.FULL]);
    const report = account.runScheduled({ scriptId: 'customscript_fx_probe', params: { custscript_fx_code: whoAmI }, user: { id: 78, role: 1002, roleId: 'customrole_clerk' } });
    expect(JSON.parse(report.logs.find((l) => l.title === 'result')?.details ?? 'null')).toEqual([78, 1002, 'customrole_clerk', PERMISSION.FULL]);
    expect(report.ranAs).toEqual({ userId: 78, role: 'customrole_clerk' });
  });

  test('the UI acts as the signed-in user; user events a script\'s save fires run as that script\'s user', () => {
    const account = fixtureAccount();
    account.seed('employee', { firstname: 'Vera', lastname: 'Viewer' }, undefined, 77);
    account.signIn({ id: 77, role: 1001, roleId: 'customrole_viewer' });
    expect(() => { Object.assign(account.user, { role: 3 }); }).toThrow(TypeError);
    account.ui.create('customrecord_fx_log', { name: 'by hand' });
    probe(account, `N.record.create({ type: 'customrecord_fx_log' }).setValue('name', 'by script').save();`);
    const fired = account.runs.filter((r) => r.scriptId === 'customscript_fx_ue_log');
    // The UI save runs the user event with its deployment's Execute As Role; a script's save passes its own on.
    expect(fired.map((r) => r.ranAs)).toEqual([{ userId: 77, role: 'ADMINISTRATOR' }, { userId: -5, role: 'administrator' }]);
    expect(account.all('customrecord_fx_log').map((r) => r.owner)).toEqual(['77', '-5']);
  });

  test('the effective role is the Execute As Role when the deployment sets one', () => {
    const user = { id: 1, name: 'U', email: 'u@example.com', role: 1001, roleId: 'customrole_viewer', roleCenter: 'BASIC', subsidiary: 1, department: 0, location: 0, contact: 0 };
    expect(new ExecutionContext(user).effectiveRole).toBe('customrole_viewer');
    expect(new ExecutionContext(user, 'ADMINISTRATOR').effectiveRole).toBe('ADMINISTRATOR');
  });
});

describe('versioned rows', () => {
  test('record.load then save() after someone else changed the row throws RCRD_HAS_BEEN_CHANGED; submitFields is not checked', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    const { value } = probe(account, `const mine = N.record.load({ type: 'contact', id: ${id} });
      const theirs = N.record.load({ type: 'contact', id: ${id} });
      theirs.setValue('title', 'Theirs');
      theirs.save();
      mine.setValue('title', 'Mine');
      let stale;
      try { mine.save(); } catch (e) { stale = [e.name, e.message]; }
      N.record.submitFields({ type: 'contact', id: ${id}, values: { phone: '555-0199' } });
      theirs.setValue('title', 'Theirs again');
      let again;
      try { theirs.save(); } catch (e) { again = e.name; }
      return [stale, again];`);
    expect(value).toEqual([['RCRD_HAS_BEEN_CHANGED', 'Record has been changed'], 'RCRD_HAS_BEEN_CHANGED']);
    expect(account.get('contact', id)).toMatchObject({ title: 'Theirs', phone: '555-0199' });
  });

  test('a save after a save, a UI edit and a fresh load all go through; every write moves the version', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    expect(account.version('contact', id)).toBe(1);
    probe(account, `const c = N.record.load({ type: 'contact', id: ${id} });
      c.setValue('title', 'One'); c.save();
      c.setValue('title', 'Two'); c.save();`);
    expect(account.version('contact', id)).toBe(3);
    account.ui.edit('contact', id, { title: 'Three' });
    account.seedUpdate('contact', id, { title: 'Four' });
    expect(account.version('contact', id)).toBe(5);
    expect(probe(account, `const c = N.record.load({ type: 'contact', id: ${id} }); c.setValue('title', 'Five'); return c.save();`).value).toBe(id);
    expect(account.get('contact', id)).toMatchObject({ title: 'Five' });
  });
});

describe('account variants (AccountProfile features)', () => {
  const attempt = (body: string): string => `try { ${body}; return 'ok'; } catch (e) { return String(e.name); }`;
  test('without SUBSIDIARIES there is no subsidiary record or field; without MULTICURRENCY no currency record or field', () => {
    const single = fixtureAccount({ features: ['SERVERSIDESCRIPTING'] });
    const tries = {
      column: attempt(`N.search.create({ type: 'contact', columns: ['subsidiary'] }).run().getRange({ start: 0, end: 1 })`),
      currencyColumn: attempt(`N.search.create({ type: 'customer', columns: ['currency'] }).run().getRange({ start: 0, end: 1 })`),
      currencySearch: attempt(`N.search.create({ type: N.search.Type.CURRENCY, columns: ['symbol'] }).run().getRange({ start: 0, end: 1 })`),
      subsidiaryRecord: attempt(`N.record.create({ type: 'subsidiary' })`),
      setSubsidiary: attempt(`N.record.create({ type: 'customer' }).setValue({ fieldId: 'subsidiary', value: '1' })`),
      setCurrency: attempt(`N.record.create({ type: 'customer' }).setValue({ fieldId: 'currency', value: '1' })`),
    };
    expect(Object.fromEntries(Object.entries(tries).map(([k, v]) => [k, probe(single, `return (function () { ${v} })();`).value]))).toEqual({
      column: 'SSS_INVALID_SRCH_COL', currencyColumn: 'SSS_INVALID_SRCH_COL', currencySearch: 'INVALID_RCRD_TYPE',
      subsidiaryRecord: 'INVALID_RCRD_TYPE', setSubsidiary: 'SSS_INVALID_FIELD_ID', setCurrency: 'SSS_INVALID_FIELD_ID',
    });
    const oneWorld = fixtureAccount();
    expect(probe(oneWorld, `return (function () { ${tries.column} })();`).value).toBe('ok');
  });
});
