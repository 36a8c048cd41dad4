/**
 * Connection problems are the connection's, not the records': a sign-in or configuration failure names the setting
 * at fault, holds sending to that service without using any record's attempts (the run's breaker, src/core/quota.ts),
 * and the records wait Pending with "Waiting: Salesforce connection".
 *
 * Which setting an OAuth answer points to. Sources: Salesforce Help, "OAuth 2.0 Authorization Errors"
 * (remoteaccess_oauth_flow_errors: the token endpoint answers `{error, error_description}`; `invalid_client_id`
 * "client identifier invalid", `invalid_client` "invalid client credentials", `invalid_grant` for an assertion or
 * user the app does not accept, `inactive_user`, `inactive_org`, `unsupported_grant_type`); "OAuth 2.0 JWT Bearer
 * Flow for Server-to-Server Integration" (`iss` is the consumer key, `sub` the username, `aud` the login host, the
 * assertion signed with the certificate uploaded to the app, users pre-authorised: "user hasn't approved this
 * consumer" otherwise); "OAuth 2.0 Client Credentials Flow for Server-to-Server Integration" (the flow must be enabled
 * with a Run As user: "no client credentials user enabled", and the request goes to the My Domain host). Pardot:
 * Account Engagement API v5 "Error Codes" (184 invalid access token, 181 missing header, 201 business unit not
 * found, 1 unknown error on sign-in) and the pardot_api scope the connected app needs.
 */
import type { ReasonCode } from './reasons';
import type { ConnectionSettings } from './settings';

export type ConnectionService = 'salesforce' | 'pardot';

/** The setting (or the place outside NetSuite) to fix. Labels are the settings record's field labels. */
export const CONNECTION_SETTINGS = {
  loginUrl: 'Salesforce Login URL',
  clientId: 'Salesforce Consumer Key',
  authFlow: 'Salesforce Auth Flow',
  username: 'Salesforce Integration Username',
  secretId: 'Client Secret (API Secret ID)',
  certificateId: 'Certificate ID',
  connectedApp: 'the connected app in Salesforce',
  integrationUser: 'the Salesforce integration user',
  pardotBusinessUnit: 'Pardot Business Unit ID',
  pardotScope: 'the connected app\'s pardot_api scope',
} as const;

export type ConnectionSetting = keyof typeof CONNECTION_SETTINGS;

export interface ConnectionFault {
  service: ConnectionService;
  setting: ConnectionSetting | null;
  /** The OAuth `error` (or Pardot code) the service answered, when it said one. */
  error: string | null;
  /** What to do, in one sentence. */
  fix: string;
}

const CONNECTION_CODES: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['SF_AUTH_FAILED', 'PD_AUTH_FAILED', 'SF_NOT_CONFIGURED']);

/** Codes that are the connection's: they stop sending to the service and never use a record's attempt. */
export function isConnectionStop(code: ReasonCode): boolean {
  return CONNECTION_CODES.has(code);
}

export function serviceOfCode(code: ReasonCode): ConnectionService {
  return code.startsWith('PD_') ? 'pardot' : 'salesforce';
}

const FIX: Record<ConnectionSetting, string> = {
  loginUrl: 'Set Salesforce Login URL to https://login.salesforce.com, https://test.salesforce.com (sandbox) or your My Domain URL (needed for client credentials).',
  clientId: 'Copy the Consumer Key of the connected app (Setup > App Manager > View > Manage Consumer Details) into Salesforce Consumer Key.',
  authFlow: 'Choose the Salesforce Auth Flow the connected app has enabled (JWT bearer, or client credentials with a Run As user).',
  username: 'Set Salesforce Integration Username to the integration user, and pre-authorise that user for the connected app (Manage > Edit Policies > Admin approved users, then add the profile or permission set).',
  secretId: 'Store the connected app\'s Consumer Secret in Setup > Company > API Secrets and put that secret\'s id (custsecret_…) in Client Secret (API Secret ID).',
  certificateId: 'Upload the public certificate of the NetSuite certificate (Setup > Company > Certificates) to the connected app ("Use digital signatures"), and check Certificate ID names that certificate.',
  connectedApp: 'Check the connected app in Salesforce: the flow is enabled and the app is approved for the integration user.',
  integrationUser: 'Check the Salesforce integration user: active, API Enabled, and allowed to use the connected app.',
  pardotBusinessUnit: 'Set Pardot Business Unit ID to the 18-character id starting with 0Uv (Account Engagement Settings > Business Unit ID) and Pardot API Host to pi.pardot.com (pi.demo.pardot.com for a demo org).',
  pardotScope: 'Add the pardot_api scope to the connected app and give the integration user access to Account Engagement.',
};

function fault(service: ConnectionService, setting: ConnectionSetting | null, error: string | null, fix?: string): ConnectionFault {
  return { service, setting, error, fix: fix ?? (setting === null ? 'Check the connection settings.' : FIX[setting]) };
}

/** A fault rebuilt from what the state record keeps (the setting and the error, no words). */
export function faultFor(service: ConnectionService, setting: ConnectionSetting | null, error: string | null): ConnectionFault {
  return fault(service, setting, error);
}

/** The OAuth error and description in a sign-in failure's message ("Salesforce sign-in failed (invalid_grant: …)."). */
function oauthError(message: string): { error: string; description: string } | null {
  const match = /sign-in failed \(([a-z_]+)(?::\s*([^)]*))?\)/.exec(message);
  return match === null ? null : { error: match[1] ?? '', description: (match[2] ?? '').toLowerCase() };
}

/**
 * The setting at fault for a connection failure, from its code and message; null for a code that is not the
 * connection's. Unknown answers still name the connection (setting null) rather than a record.
 */
export function connectionFault(code: ReasonCode, message: string): ConnectionFault | null {
  if (!isConnectionStop(code)) return null;
  const service = serviceOfCode(code);
  if (service === 'pardot') {
    if (/business unit id|HTTP 4\d\d without a JSON error|error 201\b/i.test(message)) return fault('pardot', 'pardotBusinessUnit', /error 201\b/.test(message) ? '201' : null);
    const pardotCode = /Pardot error (\d+)/.exec(message)?.[1] ?? null;
    return fault('pardot', 'pardotScope', pardotCode);
  }
  if (/consumer key/i.test(message)) return fault(service, 'clientId', null);
  if (/API Secret id|client secret/i.test(message)) return fault(service, 'secretId', null);
  if (/certificate id and an integration username/i.test(message)) return fault(service, /certificate/i.test(message) ? 'certificateId' : 'username', null);
  const oauth = oauthError(message);
  if (oauth === null) {
    // A data call refused after a fresh sign-in (401/403): the token is issued but the user may not use the API.
    return fault(service, 'integrationUser', /INVALID_SESSION_ID|API_DISABLED|INSUFFICIENT_ACCESS|HTTP 40[13]/.exec(message)?.[0] ?? null);
  }
  const { error, description } = oauth;
  switch (error) {
    case 'invalid_client_id': return fault(service, 'clientId', error);
    case 'invalid_client': return fault(service, 'secretId', error);
    case 'unsupported_grant_type': return fault(service, 'authFlow', error);
    case 'inactive_user': return fault(service, 'integrationUser', error);
    case 'inactive_org': return fault(service, 'loginUrl', error);
    case 'invalid_request': return fault(service, 'loginUrl', error);
    case 'invalid_grant':
      if (description.includes('audience')) return fault(service, 'loginUrl', error);
      if (description.includes('approved')) return fault(service, 'username', error);
      if (description.includes('client credentials user')) return fault(service, 'authFlow', error, 'Enable the client credentials flow on the connected app with a Run As user, or choose JWT as the Salesforce Auth Flow.');
      if (description.includes('expired')) return fault(service, null, error, 'The sign-in was stamped as expired: NetSuite\'s clock and Salesforce\'s disagree, or the request took too long; it is retried by the next run.');
      if (description.includes('assertion') || description.includes('signature')) return fault(service, 'certificateId', error);
      return fault(service, 'username', error);
    default: return fault(service, null, error);
  }
}

/** Whether the settings can sign in at all; the setting that is missing when not. Nothing is sent before they can. */
export function missingConnectionSetting(connection: ConnectionSettings): ConnectionSetting | null {
  if (connection.clientId === '') return 'clientId';
  if (connection.authFlow === 'client_credentials') return /^custsecret_\w+$/.test(connection.secretId) ? null : 'secretId';
  if (connection.certificateId === '') return 'certificateId';
  if (connection.username === '') return 'username';
  return null;
}

const SERVICE: Record<ConnectionService, string> = { salesforce: 'Salesforce', pardot: 'Pardot' };

/** What a waiting record says (its last error): the connection it waits for. */
export function waitingForConnection(code: ReasonCode, message: string): string {
  return `Waiting: ${SERVICE[serviceOfCode(code)]} connection (${code}). ${message}`;
}

/** A later batch's words for a stop an earlier batch of the run recorded (the stored state keeps no words). */
export function storedConnectionStop(f: ConnectionFault): string {
  const what = f.setting === null ? 'the connection settings' : CONNECTION_SETTINGS[f.setting];
  return `${SERVICE[f.service]} sign-in or access failed earlier in this run${f.error === null ? '' : ` (${f.error})`}: check ${what}. No further call was made.`;
}

/** The banner's title: which service and which setting. */
export function faultTitle(f: ConnectionFault): string {
  const what = f.setting === null ? 'the connection settings' : CONNECTION_SETTINGS[f.setting];
  const answered = f.error === null ? '' : ` (${f.service === 'pardot' ? 'Pardot error' : 'Salesforce answered'} ${f.error})`;
  return `${SERVICE[f.service]} connection failed: check ${what}${answered}. Sending to ${SERVICE[f.service]} is held; records wait without using attempts.`;
}
