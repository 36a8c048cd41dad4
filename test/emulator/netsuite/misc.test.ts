import { fixtureAccount, probe } from './helpers';
import { Form } from './modules/ui-server-widget';
import { MessageType, PageMessage } from './modules/ui-message';

describe('N/cache', () => {
  test('values expire by TTL against the account clock; loaders fill misses', () => {
    const account = fixtureAccount();
    const code = `const c = N.cache.getCache({ name: 'tokens', scope: N.cache.Scope.PROTECTED });
      const hit = c.get({ key: 'sf' });
      if (!hit) c.put({ key: 'sf', value: { token: 't1' }, ttl: 600 });
      return [hit, c.get({ key: 'other', loader: () => 'loaded' })];`;
    expect(probe(account, code).value).toEqual([null, 'loaded']);
    account.clock.advance(599_000);
    expect(probe(account, code).value).toEqual(['{"token":"t1"}', 'loaded']);
    account.clock.advance(2_000);
    expect(probe(account, code).value).toEqual([null, 'loaded']);
  });
});

describe('Suitelet and RESTlet runners', () => {
  test('a Suitelet GET renders its form; POST writes a body', () => {
    const account = fixtureAccount();
    const get = account.runSuitelet({ scriptId: 'customscript_fx_sl', method: 'GET', parameters: { name: 'Ada' } });
    expect(get.code).toBe(200);
    expect(get.body).toContain('value="Ada"');
    expect(get.body).toContain('FX Settings');
    const post = account.runSuitelet({ scriptId: 'customscript_fx_sl', method: 'POST', parameters: { a: '1' }, body: 'payload' });
    expect(JSON.parse(post.body)).toEqual({ got: { a: '1' }, body: 'payload' });
    expect(post.headers['Content-Type']).toBe('application/json');
  });

  test('a RESTlet GET gets the query parameters, runs as RESTLET, and unknown methods are refused', () => {
    const account = fixtureAccount();
    const res = account.runRestlet({ scriptId: 'customscript_fx_rl', method: 'GET', parameters: { q: 'x' } });
    expect(JSON.parse(res.body)).toMatchObject({ params: { q: 'x' }, ctx: 'RESTLET' });
    expect(account.runRestlet({ scriptId: 'customscript_fx_rl', method: 'PUT', body: '{}' }).code).toBe(405);
  });
});

describe('N/format, N/url, N/email', () => {
  test('format and parse dates and numbers with the user preferences', () => {
    const { value } = probe(fixtureAccount(), `const d = new Date(Date.UTC(2025, 0, 5, 23, 4));
      const back = N.format.parse({ value: '1/5/2025 3:04 pm', type: N.format.Type.DATETIME });
      return [N.format.format({ value: d, type: N.format.Type.DATE }), N.format.format({ value: d, type: N.format.Type.DATETIME }), back.toISOString(), N.format.parse({ value: '1,234', type: 'integer' }), N.format.format({ value: 2.5, type: 'currency' })];`);
    expect(value).toEqual(['1/5/2025', '1/5/2025 3:04 pm', '2025-01-05T23:04:00.000Z', 1234, '2.50']);
  });

  test('Form.addField takes as container only a tab, subtab or field group the form has', () => {
    const form = new Form('Contact');
    expect(() => form.addField({ id: 'custpage_a', type: 'inlinehtml', label: 'A', container: 'custtab_crmsync' })).toThrow(expect.objectContaining({ name: 'EMULATOR_UNKNOWN_CONTAINER' }) as Error);
    form.addFieldGroup({ id: 'custpage_group', label: 'Group' });
    form.addTab({ id: 'custpage_tab', label: 'Tab' });
    expect(form.addField({ id: 'custpage_b', type: 'inlinehtml', label: 'B', container: 'custpage_group' }).container).toBe('custpage_group');
    expect(form.getTabs()).toEqual(['custpage_tab']);
  });

  test('serverWidget refuses what NetSuite refuses: page messages without a type, unknown field and sublist types, sublist-only limits', () => {
    const form = new Form('Page');
    const named = (name: string) => expect.objectContaining({ name }) as Error;
    // Form.addPageInitMessage: options.type (a message.Type) is required.
    expect(() => { form.addPageInitMessage({ title: 'Hi', message: 'there' }); }).toThrow(named('SSS_MISSING_REQD_ARGUMENT'));
    expect(() => { form.addPageInitMessage({ type: 'red', title: 'Hi' }); }).toThrow(named('SSS_INVALID_TYPE_ARG'));
    expect(() => { form.addPageInitMessage('Hi'); }).toThrow(named('WRONG_PARAMETER_TYPE'));
    form.addPageInitMessage({ type: 3, title: 'Down', message: '<b>why</b>' });
    form.addPageInitMessage({ message: { type: 0, title: 'Done' } });
    expect(form.pageMessages.map((m) => m.type)).toEqual([3, 0]);
    // Field types come from serverWidget.FieldType; ids are lowercase without spaces.
    expect(() => form.addField({ id: 'custpage_x', label: 'X', type: 'number' })).toThrow(named('SSS_INVALID_FIELD_TYPE'));
    expect(() => form.addField({ id: 'custpage_x', label: 'X' })).toThrow(named('SSS_MISSING_REQD_ARGUMENT'));
    expect(() => form.addField({ id: 'Custpage X', label: 'X', type: 'text' })).toThrow(named('SSS_INVALID_INTERNAL_ID'));
    // Form.addSublist needs a serverWidget.SublistType; Sublist.addField refuses INLINEHTML and the other listed types.
    expect(() => form.addSublist({ id: 'custpage_s', label: 'S', type: 'grid' })).toThrow(named('SSS_INVALID_SUBLIST_TYPE'));
    const editor = form.addSublist({ id: 'custpage_e', label: 'E', type: 'inlineeditor' });
    expect(() => editor.addMarkAllButtons()).toThrow(named('SSS_INVALID_SUBLIST_OPERATION'));
    const list = form.addSublist({ id: 'custpage_l', label: 'L', type: 'list' });
    expect(() => list.addField({ id: 'custpage_h', label: 'H', type: 'inlinehtml' })).toThrow(named('SSS_INVALID_FIELD_TYPE'));
    list.addField({ id: 'custpage_pick', label: 'Pick', type: 'checkbox' });
    list.addField({ id: 'custpage_name', label: 'Name', type: 'text' });
    expect(() => { list.setSublistValue({ id: 'custpage_other', line: 0, value: 'x' }); }).toThrow(named('SSS_INVALID_SUBLIST_OPERATION'));
    list.setSublistValue({ id: 'custpage_name', line: 0, value: 'Ann' });
    list.addMarkAllButtons();
    const page = form.render();
    expect(page).toContain('<div class="uir-page-message" data-message-type="error" role="alert"><div class="uir-page-message-title">Down</div>');
    expect(page).toContain('<input type="button" id="custpage_l_markall" value="Mark All"');
    expect(page).toContain('<input type="hidden" name="custpage_l_custpage_pick_0" value="F"><input type="checkbox" name="custpage_l_custpage_pick_0" value="T">');
    expect(page).toContain('<input type="hidden" name="custpage_l_lines" value="1">');
    // A message.Message from message.create is taken as it is.
    form.addPageInitMessage({ message: new PageMessage(MessageType.CONFIRMATION, 'Done', 'It worked') });
    expect(form.pageMessages.at(-1)).toEqual({ type: 0, title: 'Done', message: 'It worked' });
  });

  test('redirect.toRecord needs a type and an id and carries its parameters', () => {
    const account = fixtureAccount();
    const { value } = probe(account, `
      const out = [];
      for (const o of [{ id: '5' }, { type: 'contact' }]) { try { N.redirect.toRecord(o); out.push('no error'); } catch (e) { out.push(e.name); } }
      N.redirect.toRecord({ type: 'contact', id: '5', parameters: { custparam_x: 'a b' } });
      return out;`);
    expect(value).toEqual(['SSS_MISSING_REQD_ARGUMENT', 'SSS_MISSING_REQD_ARGUMENT']);
    expect(account.redirects.at(-1)?.url).toBe('/app/common/entity/contact.nl?id=5&custparam_x=a%20b');
  });

  test('resolveScript of a Suitelet is a path; resolveDomain needs a hostType and gives the host only', () => {
    const { value } = probe(fixtureAccount(), `
      const out = [N.url.resolveDomain({ hostType: N.url.HostType.APPLICATION }), N.url.resolveDomain({ hostType: N.url.HostType.APPLICATION, accountId: '123456_SB1' })];
      try { N.url.resolveDomain({}); out.push('no error'); } catch (e) { out.push(e.name); }
      return out;`);
    expect(value).toEqual(['tstdrv0000001.app.netsuite.com', '123456-sb1.app.netsuite.com', 'SSS_MISSING_REQD_ARGUMENT']);
  });

  test('resolveScript builds scriptlet URLs; email.send is captured', () => {
    const account = fixtureAccount();
    const { value } = probe(account, `N.email.send({ author: -5, recipients: 'ops@example.com', subject: 'Sync failed', body: 'details' });
      return N.url.resolveScript({ scriptId: 'customscript_fx_sl', deploymentId: 'customdeploy_fx_sl', params: { a: 'b c' } });`);
    expect(value).toMatch(/^\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=\d+&a=b%20c$/);
    expect(account.emails).toMatchObject([{ recipients: ['ops@example.com'], subject: 'Sync failed' }]);
  });
});
