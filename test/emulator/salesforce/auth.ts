/**
 * The OAuth 2.0 token endpoint (api-facts §1.6): client-credentials and JWT-bearer grants, and the access
 * tokens they issue. Token bodies and error bodies follow §1.6; descriptions not documented there are marked
 * as assumptions in README.md.
 */
import { createHmac, randomBytes, verify } from 'node:crypto';
import type { EmulatedHttpResponse } from '../http';
import type { StampClock } from './clock';
import { jsonResponse, parseForm } from './wire';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface AuthConfig {
  instanceHost: string;
  loginHosts: readonly string[];
  clientId: string;
  clientSecret: string | undefined;
  jwtPublicKeyPem: string | undefined;
  username: string;
  orgId: string;
  userId: string;
  tokenLifetimeSeconds: number;
  /** How far in the future a JWT `exp` may be ("within 3 minutes", plus clock-skew allowance). */
  jwtMaxFutureSeconds: number;
  jwtAudiences: readonly string[];
  clientCredentialsOnLoginHosts: boolean;
  scope: string;
}

function oauthError(error: string, description: string): EmulatedHttpResponse {
  return jsonResponse(400, { error, error_description: description });
}

function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

/**
 * OAuth 2.0 client authentication (RFC 6749 §2.3.1): the client id and secret either as `client_id`/`client_secret` in
 * the form or as HTTP Basic `base64(client_id:client_secret)` in the Authorization header. Salesforce's own Postman
 * collection (Salesforce Platform APIs, "Auth / Client Credentials Flow - basic authorization header") sends the Basic
 * form; Salesforce Help "OAuth 2.0 Client Credentials Flow for Server-to-Server Integration" accepts either.
 */
function withBasicCredentials(form: Map<string, string>, authorization: string | undefined): Map<string, string> {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return form;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return form;
  const out = new Map(form);
  out.set('client_id', decodeURIComponent(decoded.slice(0, colon)));
  out.set('client_secret', decodeURIComponent(decoded.slice(colon + 1)));
  return out;
}

export class AuthServer {
  private readonly config: AuthConfig;
  private readonly clock: StampClock;
  /** access token → expiry (epoch ms). */
  private readonly tokens = new Map<string, number>();

  constructor(config: AuthConfig, clock: StampClock) {
    this.config = config;
    this.clock = clock;
  }

  /** POST /services/oauth2/token on a login host or the My Domain host. */
  token(host: string, body: string, authorization?: string): EmulatedHttpResponse {
    const form = parseForm(body);
    const grant = form.get('grant_type');
    if (grant === 'client_credentials') return this.clientCredentials(host, withBasicCredentials(form, authorization));
    if (grant === JWT_BEARER_GRANT) return this.jwtBearer(host, form.get('assertion') ?? '');
    return oauthError('unsupported_grant_type', 'grant type not supported');
  }

  /** True when the Authorization header carries a live token ("Bearer" or the legacy "OAuth" scheme). */
  isValid(authorization: string | undefined): boolean {
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return false;
    const expiresAt = this.tokens.get(match[1]!);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.clock.current()) {
      this.tokens.delete(match[1]!);
      return false;
    }
    return true;
  }

  expireAll(): void {
    this.tokens.clear();
  }

  private clientCredentials(host: string, form: Map<string, string>): EmulatedHttpResponse {
    const { config } = this;
    // The documented sample posts to the My Domain host; whether login hosts refuse the grant is unverified.
    if (config.loginHosts.includes(host) && !config.clientCredentialsOnLoginHosts) {
      return oauthError('invalid_request', 'request not supported on this domain');
    }
    if (form.get('client_id') !== config.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
    if (config.clientSecret === undefined) return oauthError('invalid_grant', 'no client credentials user enabled');
    if (form.get('client_secret') !== config.clientSecret) return oauthError('invalid_client', 'invalid client credentials');
    return this.issue(host);
  }

  private jwtBearer(host: string, assertion: string): EmulatedHttpResponse {
    const { config } = this;
    const parts = assertion.split('.');
    if (parts.length !== 3) return oauthError('invalid_grant', 'invalid assertion');
    const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
    let header: unknown;
    let claims: unknown;
    try {
      header = decodeSegment(headerPart);
      claims = decodeSegment(claimsPart);
    } catch {
      return oauthError('invalid_grant', 'invalid assertion');
    }
    if (typeof header !== 'object' || header === null || (header as { alg?: unknown }).alg !== 'RS256') {
      return oauthError('invalid_grant', 'invalid assertion');
    }
    if (typeof claims !== 'object' || claims === null) return oauthError('invalid_grant', 'invalid assertion');
    const { iss, sub, aud, exp } = claims as { iss?: unknown; sub?: unknown; aud?: unknown; exp?: unknown };

    // Salesforce finds the connected app by `iss` first, then checks the signature with that app's certificate.
    if (iss !== config.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
    if (config.jwtPublicKeyPem === undefined || !this.signatureValid(`${headerPart}.${claimsPart}`, signaturePart)) {
      return oauthError('invalid_grant', 'invalid assertion');
    }
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.some((a) => typeof a === 'string' && config.jwtAudiences.includes(a.replace(/\/$/, '')))) {
      return oauthError('invalid_grant', 'audience is invalid');
    }
    if (sub !== config.username) return oauthError('invalid_grant', "user hasn't approved this consumer");
    const nowSeconds = this.clock.current() / 1000;
    if (typeof exp !== 'number' || exp <= nowSeconds) return oauthError('invalid_grant', 'expired authorization code');
    if (exp > nowSeconds + config.jwtMaxFutureSeconds) {
      return oauthError('invalid_grant', 'invalid assertion: exp is too far in the future');
    }
    return this.issue(host);
  }

  private signatureValid(signingInput: string, signature: string): boolean {
    try {
      return verify('RSA-SHA256', Buffer.from(signingInput), this.config.jwtPublicKeyPem!, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }

  private issue(host: string): EmulatedHttpResponse {
    const { config } = this;
    const issuedAt = this.clock.current();
    const accessToken = `${config.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
    this.tokens.set(accessToken, issuedAt + config.tokenLifetimeSeconds * 1000);
    const idHost = config.loginHosts.includes(host) ? host : (config.loginHosts[0] ?? host);
    const id = `https://${idHost}/id/${config.orgId}/${config.userId}`;
    const body: Record<string, string> = {
      access_token: accessToken,
      scope: config.scope,
      instance_url: `https://${config.instanceHost}`,
      id,
      token_type: 'Bearer',
      issued_at: String(issuedAt),
    };
    // Salesforce signs id + issued_at with the consumer secret so the client can check the response's origin.
    if (config.clientSecret !== undefined) {
      body.signature = createHmac('sha256', config.clientSecret).update(id + String(issuedAt)).digest('base64');
    }
    return jsonResponse(200, body);
  }
}
