/** Which setting a connection failure points to (Salesforce Help, "OAuth 2.0 Authorization Errors"), and its banner. */
import { connectionFault, faultTitle, missingConnectionSetting } from '../../src/core/connection';
import { openBreaker, guarded, closeBreaker, emptyQuotaState, parseQuotaState, serializeQuotaState, isQuotaStop } from '../../src/core/quota';
import { CrmTransportError } from '../../src/core/errors';
import { retrying } from '../../src/core/outcomes';
import type { WorkItem } from '../../src/core/model';

describe('the setting at fault', () => {
  it.each([
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_client_id: client identifier invalid).', 'clientId', 'invalid_client_id'],
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_client: invalid client credentials).', 'secretId', 'invalid_client'],
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_grant: invalid assertion).', 'certificateId', 'invalid_grant'],
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_grant: audience is invalid).', 'loginUrl', 'invalid_grant'],
    ['SF_AUTH_FAILED', "Salesforce sign-in failed (invalid_grant: user hasn't approved this consumer).", 'username', 'invalid_grant'],
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_grant: no client credentials user enabled).', 'authFlow', 'invalid_grant'],
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (unsupported_grant_type: grant type not supported).', 'authFlow', 'unsupported_grant_type'],
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (inactive_user: user is inactive).', 'integrationUser', 'inactive_user'],
    ['SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_request: request not supported on this domain).', 'loginUrl', 'invalid_request'],
    ['SF_AUTH_FAILED', 'No Salesforce consumer key is set in the CRM Sync settings.', 'clientId', null],
    ['SF_AUTH_FAILED', 'The client secret must be an API Secret id (custsecret_…) in the CRM Sync settings.', 'secretId', null],
    ['PD_AUTH_FAILED', 'The Pardot business unit id in the CRM Sync settings must be 18 characters starting with 0Uv.', 'pardotBusinessUnit', null],
    ['PD_AUTH_FAILED', 'Pardot answered HTTP 403 without a JSON error (check the business unit id and host).', 'pardotBusinessUnit', null],
    ['PD_AUTH_FAILED', 'Pardot error 184: access_token is invalid, unknown, or malformed: Inactive token', 'pardotScope', '184'],
  ] as const)('%s "%s" → %s', (code, message, setting, error) => {
    expect(connectionFault(code, message)).toMatchObject({ setting, error });
  });

  it('is null for a record\'s own failure, and the title names the setting', () => {
    expect(connectionFault('SF_INVALID_EMAIL', 'bad')).toBeNull();
    const fault = connectionFault('SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_client_id: client identifier invalid).');
    expect(fault === null ? '' : faultTitle(fault)).toBe('Salesforce connection failed: check Salesforce Consumer Key (Salesforce answered invalid_client_id). Sending to Salesforce is held; records wait without using attempts.');
  });

  it('knows settings that cannot sign in at all', () => {
    const base = { loginUrl: 'https://login.salesforce.com', apiVersion: '62.0', clientId: 'k', authFlow: 'jwt' as const, username: 'u@x.example', secretId: '', certificateId: 'custcertificate_x' };
    expect(missingConnectionSetting(base)).toBeNull();
    expect(missingConnectionSetting({ ...base, clientId: '' })).toBe('clientId');
    expect(missingConnectionSetting({ ...base, certificateId: '' })).toBe('certificateId');
    expect(missingConnectionSetting({ ...base, authFlow: 'client_credentials' })).toBe('secretId');
    expect(missingConnectionSetting({ ...base, authFlow: 'client_credentials', secretId: 'custsecret_sf' })).toBeNull();
  });
});

describe('a connection failure stops the run like a quota stop', () => {
  const item: WorkItem = { recordType: 'contact', recordId: '7', customerId: '3', operation: 'upsert', externalId: null, queueId: '1', attempts: 4, changedAt: '2026-03-02T09:00:00.000Z' };
  const now = new Date('2026-03-02T09:00:00.000Z');

  it('uses no attempt: the record waits for the connection, even on its last attempt', () => {
    expect(isQuotaStop('SF_AUTH_FAILED')).toBe(true);
    const outcome = retrying(item, 'SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_client_id: client identifier invalid).', now, 5);
    expect(outcome.status).toBe('Waiting');
    expect(outcome.message).toMatch(/^Waiting: Salesforce connection \(SF_AUTH_FAILED\)\. Salesforce sign-in failed/);
  });

  it('makes one call, then none; keeps the setting at fault in the stored state', () => {
    let calls = 0;
    const api = { send(): string { calls += 1; throw new CrmTransportError('SF_AUTH_FAILED', 'Salesforce sign-in failed (invalid_grant: invalid assertion).', { transient: true }); } };
    const breaker = openBreaker('salesforce', emptyQuotaState().salesforce, { runId: 'push-1', keepReserve: false, reservePercent: 20 }, now);
    const client = guarded(api, breaker, () => null, () => now);
    expect(() => client.send()).toThrow('invalid assertion');
    expect(() => client.send()).toThrow(CrmTransportError);
    expect(calls).toBe(1);
    const stored = parseQuotaState(serializeQuotaState({ ...emptyQuotaState(), salesforce: closeBreaker(emptyQuotaState().salesforce, breaker) }));
    expect(stored.salesforce.stop).toMatchObject({ code: 'SF_AUTH_FAILED', fault: { setting: 'certificateId', error: 'invalid_grant' } });
    expect(stored.salesforce.stop?.message).toContain('check Certificate ID');
  });
});
