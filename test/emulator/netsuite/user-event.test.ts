import { fixtureAccount, probe } from './helpers';
import { seeds } from '.';
import type { ScriptRunReport } from '.';

const afterSubmitLog = (scripts: ScriptRunReport[]): Record<string, unknown> => {
  const report = scripts.find((s) => s.scriptId === 'customscript_fx_ue_contact' && s.entryPoint === 'afterSubmit')!;
  return JSON.parse(report.logs.find((l) => l.title === 'afterSubmit')!.details);
};

describe('user event runner', () => {
  test('a UI create runs beforeLoad, beforeSubmit (its changes are saved) and afterSubmit', () => {
    const account = fixtureAccount();
    const result = account.ui.create('contact', { firstname: 'Ann', lastname: 'Lee', email: 'ann@example.com' });
    expect(result.scripts.map((s) => s.entryPoint)).toEqual(['beforeLoad', 'beforeSubmit', 'afterSubmit']);
    expect(account.get('contact', result.id!)!.custentity_fx_hash).toBe('bs-create');
    expect(afterSubmitLog(result.scripts)).toMatchObject({ type: 'create', executionContext: 'USERINTERFACE', id: result.id, email: 'ann@example.com', oldEmail: null, isDate: true });
  });

  test('xedit: newRecord holds only the changed fields, oldRecord the whole prior record', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1, { email: 'old@example.com' })[0]!;
    const result = account.ui.inlineEdit('contact', id, { email: 'new@example.com' });
    const log = afterSubmitLog(result.scripts);
    expect(log).toMatchObject({ type: 'xedit', email: 'new@example.com', oldEmail: 'old@example.com' });
    expect(log.fields).toEqual(['email', 'custentity_fx_hash']);
    expect(account.get('contact', id)).toMatchObject({ email: 'new@example.com', firstname: expect.any(String) });
  });

  test('a beforeSubmit error aborts the save', () => {
    const account = fixtureAccount();
    account.setDeploymentParams('customdeploy_fx_ue_contact', { custscript_fx_mode: 'throw' });
    const result = account.ui.create('contact', { firstname: 'No', lastname: 'Save' });
    expect(result).toMatchObject({ id: undefined, error: { name: 'FX_REJECTED', message: 'rejected by beforeSubmit' } });
    expect(account.all('contact')).toHaveLength(0);
  });

  test('an afterSubmit error keeps the save but reaches the caller', () => {
    const account = fixtureAccount();
    account.setDeploymentParams('customdeploy_fx_ue_contact', { custscript_fx_mode: 'aftererror' });
    const result = account.ui.create('contact', { firstname: 'Still', lastname: 'Saved' });
    expect(result.error?.name).toBe('FX_AFTER');
    expect(account.get('contact', result.id!)).toBeDefined();
    const { value } = probe(account, `try { N.record.submitFields({ type: 'contact', id: ${result.id}, values: { title: 'T' } }); return 'none'; } catch (e) { return e.name; }`);
    expect(value).toBe('FX_AFTER');
    expect(account.get('contact', result.id!)!.title).toBe('T');
  });

  test('saves made inside a user event do not fire other user events', () => {
    const account = fixtureAccount();
    account.setDeploymentParams('customdeploy_fx_ue_contact', { custscript_fx_mode: 'log' });
    const result = account.ui.create('contact', { firstname: 'Log', lastname: 'Me' });
    expect(account.all('customrecord_fx_log')).toHaveLength(1);
    expect(account.all('customrecord_fx_log')[0]!.custrecord_fx_log_contact).toBe(String(result.id));
    expect(account.logs.map((l) => l.title)).not.toContain('log UE fired');
    probe(account, `const r = N.record.create({ type: 'customrecord_fx_log' }); r.setValue('name', 'direct'); r.save();`);
    expect(account.logs.filter((l) => l.title === 'log UE fired').map((l) => l.details)).toEqual(['create SCHEDULED']);
  });

  test('deployment execution-context filters are honoured', () => {
    const account = fixtureAccount();
    const ui = account.ui.create('employee', { firstname: 'Ui', lastname: 'Made' });
    expect(ui.scripts.map((s) => s.scriptId)).toContain('customscript_fx_ue_uionly');
    const { report } = probe(account, `const e = N.record.create({ type: 'employee' }); e.setValue('lastname', 'Script'); e.save();`);
    expect(report.triggered).toHaveLength(0);
  });

  test('view runs beforeLoad with a form the script can change', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    const { form, html, scripts } = account.ui.view('contact', id);
    expect(scripts.map((s) => s.type)).toEqual(['view']);
    expect(form.getField({ id: 'custpage_fx_note' })?.defaultValue).toBe('from beforeLoad view');
    expect(form.getField({ id: 'email' })?.displayType).toBe('inline');
    expect(html).toContain('FX Note');
  });

  test('a button click calls the named function of the attached client script module; code in functionName is refused', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1, { email: 'click@example.com' })[0]!;
    const go = account.ui.click('contact', id, 'Go');
    expect(go.report.error).toBeUndefined();
    expect(go.navigatedTo).toMatch(new RegExp(`^/app/site/hosting/scriptlet\\.nl\\?script=\\d+&deploy=\\d+&id=${id}$`));
    // Its N/log entries go to the parent script's deployment; it runs as the signed-in user in the UI.
    expect(go.report).toMatchObject({ scriptId: 'customscript_fx_ue_contact', executionContext: 'USERINTERFACE' });
    expect(go.report.logs.map((l) => l.details)).toEqual([`contact ${id} click@example.com`]);
    const inline = account.ui.click('contact', id, 'custpage_fx_inline');
    expect(inline.navigatedTo).toBeNull();
    expect(inline.report.error?.name).toBe('CLIENT_FUNCTION_NOT_FOUND');
  });

  test('a click may build and submit a form; N/currentRecord reads the custpage fields beforeLoad added', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    const post = account.ui.click('contact', id, 'Post');
    expect(post.report.error).toBeUndefined();
    expect(post.navigatedTo).toBeNull();
    expect(post.submitted).toEqual({ method: 'POST', action: expect.stringMatching(/^\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=\d+$/) as unknown, fields: { note: 'from beforeLoad view' } });
  });

  test('beforeLoad gets the URL parameters as context.request and shows a page message (Form.addPageInitMessage)', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1)[0]!;
    expect(account.ui.view('contact', id).form.pageMessages).toEqual([]);
    const { form, html } = account.ui.view('contact', id, { custparam_fx_say: '<i>hi</i>' });
    expect(form.pageMessages).toEqual([{ type: 2, title: 'Said', message: '<i>hi</i>' }]);
    // Rendered as markup (whether NetSuite escapes page messages is not documented): scripts must escape user data.
    expect(html).toContain('<div class="uir-page-message" data-message-type="warning" role="status"><div class="uir-page-message-title">Said</div><div class="uir-page-message-text"><i>hi</i></div></div>');
  });

  test('delete gives the full record as oldRecord', () => {
    const account = fixtureAccount();
    const id = seeds.orphanContacts(account, 1, { email: 'gone@example.com' })[0]!;
    const result = account.ui.delete('contact', id);
    expect(afterSubmitLog(result.scripts)).toMatchObject({ type: 'delete', oldEmail: 'gone@example.com' });
    expect(account.get('contact', id)).toBeUndefined();
  });
});
