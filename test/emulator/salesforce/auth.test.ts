import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { CLIENT_ID, CLIENT_SECRET, Harness, INSTANCE } from './harness';

const USERNAME = 'integration@acme.example';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

function jwt(claims: Record<string, unknown>, key: KeyObject = keys.privateKey): string {
  const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'RS256' })}.${enc(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

function jwtHarness(): Harness {
  return new Harness({ jwtPublicKeyPem: publicPem, username: USERNAME });
}

function claims(h: Harness, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: CLIENT_ID, sub: USERNAME, aud: 'https://login.salesforce.com', exp: Math.floor(h.clock.ms / 1000) + 120, ...overrides };
}

function jwtLogin(h: Harness, assertion: string, host = 'login.salesforce.com') {
  return h.tokenRequest(host, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
}

describe('OAuth token endpoint', () => {
  test('client credentials on My Domain returns the documented token body', () => {
    const h = new Harness();
    const res = h.tokenRequest(INSTANCE, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    expect(res.code).toBe(200);
    expect(res.json).toMatchObject({
      instance_url: `https://${INSTANCE}`,
      id: `https://login.salesforce.com/id/${h.sf.orgId}/${h.sf.integrationUserId}`,
      token_type: 'Bearer',
      issued_at: String(h.clock.ms),
      scope: 'api',
    });
    expect(res.json.access_token).toMatch(/^00D\w{12}!/);
    expect(typeof res.json.signature).toBe('string');
    expect(res.headers['Sforce-Limit-Info']).toBeUndefined();
  });

  test('client credentials: wrong secret → invalid_client, unknown client → invalid_client_id', () => {
    const h = new Harness();
    const bad = h.tokenRequest(INSTANCE, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'nope' });
    expect(bad.code).toBe(400);
    expect(bad.json).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
    const unknown = h.tokenRequest(INSTANCE, { grant_type: 'client_credentials', client_id: 'other', client_secret: CLIENT_SECRET });
    expect(unknown.json.error).toBe('invalid_client_id');
  });

  test('client credentials on a login host is refused unless configured (assumption)', () => {
    const form = { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
    expect(new Harness().tokenRequest('login.salesforce.com', form).json.error).toBe('invalid_request');
    expect(new Harness({ clientCredentialsOnLoginHosts: true }).tokenRequest('login.salesforce.com', form).code).toBe(200);
  });

  test('unsupported grant type', () => {
    const res = new Harness().tokenRequest(INSTANCE, { grant_type: 'password', username: 'u', password: 'p' });
    expect(res.json).toEqual({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });

  test('JWT bearer with a valid RS256 assertion for login and test audiences', () => {
    const h = jwtHarness();
    const res = jwtLogin(h, jwt(claims(h)));
    expect(res.code).toBe(200);
    expect(res.json.instance_url).toBe(`https://${INSTANCE}`);
    const sandbox = jwtLogin(h, jwt(claims(h, { aud: 'https://test.salesforce.com' })), 'test.salesforce.com');
    expect(sandbox.code).toBe(200);
    expect(sandbox.json.id).toMatch(/^https:\/\/test\.salesforce\.com\/id\//);
  });

  test('JWT signed with another key → invalid_grant', () => {
    const h = jwtHarness();
    const res = jwtLogin(h, jwt(claims(h), otherKeys.privateKey));
    expect(res.code).toBe(400);
    expect(res.json).toEqual({ error: 'invalid_grant', error_description: 'invalid assertion' });
  });

  test('JWT claim checks: iss, aud, sub, expired and too-distant exp', () => {
    const h = jwtHarness();
    const nowS = Math.floor(h.clock.ms / 1000);
    expect(jwtLogin(h, jwt(claims(h, { iss: 'someone-else' }))).json.error).toBe('invalid_client_id');
    expect(jwtLogin(h, jwt(claims(h, { aud: 'https://evil.example' }))).json.error_description).toBe('audience is invalid');
    expect(jwtLogin(h, jwt(claims(h, { sub: 'other@acme.example' }))).json.error).toBe('invalid_grant');
    expect(jwtLogin(h, jwt(claims(h, { exp: nowS - 1 }))).json.error_description).toBe('expired authorization code');
    expect(jwtLogin(h, jwt(claims(h, { exp: nowS + 3600 }))).json.error).toBe('invalid_grant');
  });

  test('JWT flow is disabled without a configured public key', () => {
    const h = new Harness();
    expect(jwtLogin(h, jwt(claims(h))).json.error).toBe('invalid_grant');
  });
});

describe('sessions', () => {
  test('no or unknown token → 401 INVALID_SESSION_ID, not counted', () => {
    const h = new Harness();
    const res = h.query('SELECT Id FROM Contact');
    expect(res.code).toBe(401);
    expect(res.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect(h.sf.counters().apiCalls).toBe(0);
  });

  test('tokens expire after the configured lifetime', () => {
    const h = new Harness({ tokenLifetimeSeconds: 60 }).login();
    expect(h.query('SELECT Id FROM Contact').code).toBe(200);
    h.clock.advance(60_000);
    expect(h.query('SELECT Id FROM Contact').json[0].errorCode).toBe('INVALID_SESSION_ID');
  });

  test('expireAllTokens() invalidates every issued token', () => {
    const h = new Harness().login();
    h.sf.expireAllTokens();
    expect(h.query('SELECT Id FROM Contact').code).toBe(401);
    h.login();
    expect(h.query('SELECT Id FROM Contact').code).toBe(200);
  });
});
