/**
 * Server-to-server sign-in (api-facts §1.6): JWT bearer signed with a certificate from NetSuite's
 * certificate store, or client credentials with the secret in API Secrets. Neither secret is ever read by
 * this code: the certificate signs inside NetSuite and the `{custsecret_…}` placeholder is resolved by
 * N/https. The access token is kept in a PRIVATE cache, never in a field or a log.
 */
import * as cache from 'N/cache';
import * as certificate from 'N/crypto/certificate';
import * as encode from 'N/encode';
import * as https from 'N/https';
import * as log from 'N/log';
import { CACHE } from '../ids';
import { CrmTransportError, errorText } from '../core/errors';
import { classifySalesforce } from '../core/failures';
import { isSalesforceUrl } from '../core/hosts';
import type { AccessToken, TokenSource } from '../core/ports';
import type { ConnectionSettings } from '../core/settings';
import type { TokenError, TokenResponse } from './types';

const TOKEN_TTL_SECONDS = 900;
const JWT_LIFETIME_SECONDS = 170;

function tokenCache(): cache.Cache {
  return cache.getCache({ name: `${CACHE.name}-auth`, scope: cache.Scope.PRIVATE });
}

/** The token cache key: the login host, consumer key, flow and user the token was issued for (none of them secret). */
export function tokenCacheKey(settings: ConnectionSettings): string {
  const login = settings.loginUrl.toLowerCase().replace(/\/+$/, '');
  return `${CACHE.tokenKey}|${login}|${settings.authFlow}|${settings.clientId}|${settings.username}`;
}

function base64Url(text: string): string {
  return encode.convert({ string: text, inputEncoding: encode.Encoding.UTF_8, outputEncoding: encode.Encoding.BASE_64_URL_SAFE }).replace(/=+$/, '');
}

/** The JWT audience is the login host, never a My Domain host (Salesforce rejects it otherwise). */
function audience(loginUrl: string): string {
  return /test\.salesforce\.com|sandbox/.test(loginUrl) ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
}

function jwtAssertion(settings: ConnectionSettings, now: Date): string {
  const header = base64Url(JSON.stringify({ alg: 'RS256' }));
  const claims = base64Url(JSON.stringify({
    iss: settings.clientId,
    sub: settings.username,
    aud: audience(settings.loginUrl),
    exp: Math.floor(now.getTime() / 1000) + JWT_LIFETIME_SECONDS,
  }));
  const signer = certificate.createSigner({ certId: settings.certificateId, algorithm: certificate.HashAlg.SHA256 });
  signer.update({ input: `${header}.${claims}` });
  const signature = signer.sign({ outputEncoding: encode.Encoding.BASE_64 }).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${header}.${claims}.${signature}`;
}

/**
 * `Basic base64(client_id:{custsecret_…})`, built inside a SecureString so the secret is never readable here. This is
 * the pattern of Oracle's sample "Create an Authentication Header Using a Secure String" (N/https script samples:
 * createSecureString with `{custsecret_…}` placeholders, convertEncoding UTF_8 → BASE_64, appended to "Basic ");
 * https.request documents a SecureString for headers and credentials, not as the body. Salesforce's client
 * credentials flow accepts the client id and secret as HTTP Basic (Salesforce Platform APIs Postman collection,
 * "Client Credentials Flow - basic authorization header"; RFC 6749 §2.3.1).
 */
function basicAuthorization(clientId: string, secretId: string): https.SecureString {
  const credentials = https.createSecureString({ input: `${encodeURIComponent(clientId)}:{${secretId}}` });
  credentials.convertEncoding({ fromEncoding: https.Encoding.UTF_8, toEncoding: https.Encoding.BASE_64 });
  return https.createSecureString({ input: 'Basic ' }).appendSecureString({ secureString: credentials, keepEncoding: true });
}

function requestToken(settings: ConnectionSettings, now: Date): AccessToken {
  if (settings.clientId === '') throw new CrmTransportError('SF_AUTH_FAILED', 'No Salesforce consumer key is set in the CRM Sync settings.', { transient: true });
  // Checked again here, whatever the settings form allowed: a signed assertion or the secret goes only to Salesforce.
  if (!isSalesforceUrl(settings.loginUrl)) {
    throw new CrmTransportError('HOST_NOT_ALLOWED', `The Salesforce Login URL (${settings.loginUrl.slice(0, 100)}) is not a Salesforce host, so CRM Sync did not sign in there.`, { transient: true });
  }
  const url = `${settings.loginUrl.replace(/\/+$/, '')}/services/oauth2/token`;
  let body: string;
  const headers: Record<string, string | https.SecureString> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (settings.authFlow === 'client_credentials') {
    if (!/^custsecret_\w+$/.test(settings.secretId)) {
      throw new CrmTransportError('SF_AUTH_FAILED', 'The client secret must be an API Secret id (custsecret_…) in the CRM Sync settings.', { transient: true });
    }
    body = 'grant_type=client_credentials';
    headers.Authorization = basicAuthorization(settings.clientId, settings.secretId);
  } else {
    if (settings.certificateId === '' || settings.username === '') {
      throw new CrmTransportError('SF_AUTH_FAILED', 'JWT sign-in needs a certificate id and an integration username in the CRM Sync settings.', { transient: true });
    }
    body = `grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&assertion=${jwtAssertion(settings, now)}`;
  }
  let response: https.ClientResponse;
  try {
    response = https.post({ url, body, headers });
  } catch (error) {
    const { code, transient } = classifySalesforce({ signIn: true, noAnswer: 'timeout' });
    throw new CrmTransportError(code, `Salesforce sign-in did not answer: ${errorText(error)}`, { transient });
  }
  if (response.code !== 200) {
    let detail = `HTTP ${response.code}`;
    try {
      const parsed = JSON.parse(response.body) as TokenError;
      detail = `${parsed.error}${parsed.error_description === undefined ? '' : `: ${parsed.error_description}`}`;
    } catch {
      // Not JSON: keep the status only (the body may echo request data).
    }
    const { code, transient } = classifySalesforce({ signIn: true, httpStatus: response.code });
    throw new CrmTransportError(code, `Salesforce sign-in failed (${detail}).`, { transient, status: response.code });
  }
  const token = JSON.parse(response.body) as TokenResponse;
  // A missing instance_url is as unusable as a foreign one.
  const instanceUrl: unknown = token.instance_url;
  if (typeof instanceUrl !== 'string' || !isSalesforceUrl(instanceUrl)) {
    throw new CrmTransportError('HOST_NOT_ALLOWED', `Salesforce answered the sign-in with an instance URL that is not a Salesforce host (${String(instanceUrl).slice(0, 100)}); the token was not used.`, { transient: true });
  }
  const userId = token.id?.split('/').pop() ?? null;
  return { accessToken: token.access_token, instanceUrl: token.instance_url, userId: userId === '' ? null : userId };
}

/**
 * `signedIn` hears each new sign-in's instance URL (the record's "Open in Salesforce" link needs it); what it does
 * must never fail a sign-in.
 */
export function createTokenSource(settings: ConnectionSettings, now: () => Date, signedIn: (instanceUrl: string) => void = () => undefined): TokenSource {
  let memo: AccessToken | null = null;
  // One cached token per org, app and user: after the settings point at another org, no write goes to the old one.
  const key = tokenCacheKey(settings);
  return {
    get() {
      if (memo !== null) return memo;
      const cachedValue = tokenCache().get({ key });
      if (cachedValue !== null) {
        memo = JSON.parse(cachedValue) as AccessToken;
        return memo;
      }
      memo = requestToken(settings, now());
      tokenCache().put({ key, value: JSON.stringify(memo), ttl: TOKEN_TTL_SECONDS });
      try {
        signedIn(memo.instanceUrl);
      } catch (error) {
        log.error({ title: 'crmsync could not keep the Salesforce instance URL', details: errorText(error) });
      }
      return memo;
    },
    invalidate() {
      memo = null;
      tokenCache().remove({ key });
    },
  };
}
