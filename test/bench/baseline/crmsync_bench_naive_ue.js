/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
// The naive per-record connector the benchmark compares against (not part of the bundle): every save of a
// contact or customer calls Salesforce from the user event — one lookup by email, one upsert — the pattern
// that times out on big customers. Hand-written AMD so it runs in the emulated account like any script.
define(['N/https', 'N/cache', 'N/search'], function (https, cache, search) {
  var HOST = 'https://acme.my.salesforce.com';
  var BASE = HOST + '/services/data/v62.0';

  function token() {
    var tokens = cache.getCache({ name: 'naive', scope: cache.Scope.PRIVATE });
    var cached = tokens.get({ key: 'token' });
    if (cached) return cached;
    // The client secret goes in a Basic Authorization header built inside a SecureString (a SecureString is not a body).
    var credentials = https.createSecureString({ input: '3MVG9-crmsync-consumer-key:{custsecret_bench_naive}' });
    credentials.convertEncoding({ fromEncoding: https.Encoding.UTF_8, toEncoding: https.Encoding.BASE_64 });
    var authorization = https.createSecureString({ input: 'Basic ' }).appendSecureString({ secureString: credentials, keepEncoding: true });
    var response = https.post({
      url: HOST + '/services/oauth2/token',
      body: 'grant_type=client_credentials',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization },
    });
    var value = JSON.parse(response.body).access_token;
    tokens.put({ key: 'token', value: value, ttl: 900 });
    return value;
  }

  function call(method, path, body) {
    return https.request({
      method: method, url: BASE + path, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { Authorization: 'Bearer ' + token(), 'Content-Type': 'application/json' },
    });
  }

  function afterSubmit(context) {
    if (context.type !== 'create' && context.type !== 'edit' && context.type !== 'xedit') return;
    var rec = context.newRecord;
    var id = String(rec.id);
    if (rec.type === 'customer') {
      var name = rec.getValue({ fieldId: 'companyname' });
      if (!name) return;
      call('PATCH', '/sobjects/Account/Oracle_netsuiteid__c/' + id, { Name: name });
      return;
    }
    var fields = search.lookupFields({ type: 'contact', id: id, columns: ['firstname', 'lastname', 'email', 'company'] });
    var company = fields.company && fields.company[0] ? fields.company[0].value : null;
    if (!company || !fields.email) return;
    var email = String(fields.email).toLowerCase();
    call('GET', '/query?q=' + encodeURIComponent("SELECT Id FROM Contact WHERE Email = '" + email.replace(/'/g, "\\'") + "'"));
    call('PATCH', '/sobjects/Contact/Oracle_netsuiteid__c/' + id, { FirstName: fields.firstname || null, LastName: fields.lastname, Email: email });
  }

  return { afterSubmit: afterSubmit };
});
