/**
 * The console's request token and this account's UI host (the pure rules are in core/console/request-guard.ts).
 *
 * The token is a keyed hash: SHA-256 over a random per-session secret (kept server-side in the NetSuite user
 * session, runtime.Session — Oracle's N/runtime docs: "set and get user-defined objects for the current user
 * session") and the user's id and role. N/crypto's createHmac would need an API Secret the admin must create,
 * so the session secret itself is the key; it never leaves the server, so no other site can compute the token.
 * A new sign-in (a new session) or a role switch gives a new token. The secret comes from N/crypto/random
 * (Oracle: "cryptographically-secure, pseudorandom generator methods", SuiteScript 2.1 server scripts).
 * Assumed, not documented by Oracle: that runtime.Session values live as long as the user's sign-in and are not
 * shared between users.
 */
import * as crypto from 'N/crypto';
import * as random from 'N/crypto/random';
import * as encode from 'N/encode';
import * as runtime from 'N/runtime';
import * as url from 'N/url';

const SESSION_KEY = 'crmsync_console_secret';

function sessionSecret(): string {
  const session = runtime.getCurrentSession();
  const stored = session.get({ name: SESSION_KEY }) as string | null;
  if (typeof stored === 'string' && stored.length >= 32) return stored;
  const secret = `${random.generateUUID()}${random.generateUUID()}`;
  session.set({ name: SESSION_KEY, value: secret });
  return secret;
}

/** The token this user's session expects on every state-changing request (0 units). */
export function requestToken(): string {
  const user = runtime.getCurrentUser();
  const hash = crypto.createHash({ algorithm: crypto.HashAlg.SHA256 });
  hash.update({ input: `crmsync-console|${sessionSecret()}|${String(user.id)}|${String(user.role)}|${user.roleId}` });
  return hash.digest({ outputEncoding: encode.Encoding.HEX });
}

/** This account's NetSuite UI host, e.g. 1234567.app.netsuite.com (url.resolveDomain, 0 units). */
export function applicationHost(): string {
  return url.resolveDomain({ hostType: url.HostType.APPLICATION });
}
