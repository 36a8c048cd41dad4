/**
 * Cross-site request forgery defence for the console Suitelet. A NetSuite user who is signed in can be made to send
 * a request to the console from another web site (a link, an image, a self-submitting form); the browser adds the
 * NetSuite session cookie. So nothing changes on GET, and a request that changes something must
 *   1. not come from a foreign origin: the `Origin` header (else the `Referer`) names this account's NetSuite host;
 *   2. carry the per-user token the console put into its own form (the synchronizer-token pattern, OWASP's
 *      "Cross-Site Request Forgery Prevention Cheat Sheet"), which another site cannot read.
 * Pure: the Suitelet supplies the headers, the expected host and the expected token.
 */
import { explain, type ReasonCode } from '../reasons';

/** Name of the hidden form field (and POST parameter) that carries the token. */
export const TOKEN_FIELD = 'crmsync_token';

export interface StateChangeRequest {
  method: string;
  /** Request headers as NetSuite passes them (it may give both `origin` and `Origin`). */
  headers: Readonly<Record<string, string | undefined>>;
  /** The token the request carries (the POST parameter), if any. */
  sentToken: string | undefined;
  /** The token this user's session expects. */
  expectedToken: string;
  /** This account's NetSuite UI host, e.g. 1234567.app.netsuite.com. */
  appHost: string;
}

export interface Refusal {
  code: Extract<ReasonCode, 'FOREIGN_ORIGIN' | 'INVALID_REQUEST_TOKEN'>;
  title: string;
  lines: string[];
}

export function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted && value !== undefined) return value;
  return undefined;
}

/** scheme://host[:port] of a URL, lower case; null when it is not an absolute http(s) URL (or is "null"). */
function originOf(value: string): string | null {
  const match = /^(https?):\/\/([^/?#\s]+)/i.exec(value.trim());
  return match === null ? null : `${(match[1] ?? '').toLowerCase()}://${(match[2] ?? '').toLowerCase()}`;
}

/**
 * Where the request says it came from, checked against this account's host. Browsers send `Origin` on every
 * cross-origin POST (and on same-origin POSTs in current browsers); an absent `Origin` falls back to `Referer`;
 * with neither (privacy tools strip them) the token alone decides.
 */
export function foreignOrigin(headers: Readonly<Record<string, string | undefined>>, appHost: string): string | null {
  const expected = `https://${appHost.toLowerCase()}`;
  const origin = header(headers, 'origin');
  if (origin !== undefined && origin.trim() !== '') return originOf(origin) === expected ? null : origin.trim().slice(0, 100);
  const referer = header(headers, 'referer');
  if (referer !== undefined && referer.trim() !== '') return originOf(referer) === expected ? null : (originOf(referer) ?? referer.trim()).slice(0, 100);
  return null;
}

/** Compares without stopping at the first difference, so response time says nothing about the expected token. */
export function sameToken(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0 && a.length > 0;
}

/** Null when the request may change something; else why not, in the admin's words. */
export function refuseStateChange(request: StateChangeRequest): Refusal | null {
  if (request.method.toUpperCase() !== 'POST') {
    return { code: 'INVALID_REQUEST_TOKEN', title: 'Nothing was changed: only the buttons on the CRM Sync pages change anything.', lines: [explain('INVALID_REQUEST_TOKEN')] };
  }
  const foreign = foreignOrigin(request.headers, request.appHost);
  if (foreign !== null) {
    return { code: 'FOREIGN_ORIGIN', title: 'Nothing was changed: the request came from another web site.', lines: [explain('FOREIGN_ORIGIN'), `It came from ${foreign}.`] };
  }
  if (request.sentToken === undefined || !sameToken(request.sentToken, request.expectedToken)) {
    return { code: 'INVALID_REQUEST_TOKEN', title: 'Nothing was changed: the page you used has expired.', lines: [explain('INVALID_REQUEST_TOKEN')] };
  }
  return null;
}

/**
 * Headers every console response carries. Oracle's N/http docs ("HTTP Header Information") list the headers a
 * Suitelet response may not set (Allow, Content-Location, Date, Location, Server, Strict-Transport-Security, …);
 * these are not among them. That NetSuite passes them on to the browser unchanged is assumed (not documented).
 * The page has no script and no external asset: only inline styles and inline SVG, and forms that post to itself.
 * Framing is allowed from NetSuite's own pages only (clickjacking defence), in both the old and the CSP form.
 */
export const SECURITY_HEADERS: readonly { name: string; value: string }[] = [
  { name: 'Content-Security-Policy', value: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'self'; base-uri 'none'" },
  { name: 'X-Frame-Options', value: 'SAMEORIGIN' },
  { name: 'X-Content-Type-Options', value: 'nosniff' },
  { name: 'Referrer-Policy', value: 'same-origin' },
  { name: 'Cache-Control', value: 'no-store' },
];

/**
 * The Content-Security-Policy of a page NetSuite draws from a serverWidget Form (response.writePage): NetSuite's own
 * page chrome runs scripts and loads its assets (Mark All, menus), so no default-src 'none' there; framing and form
 * posts stay limited to NetSuite's own origin.
 */
export const FORM_PAGE_CSP = { name: 'Content-Security-Policy', value: "form-action 'self'; frame-ancestors 'self'; base-uri 'self'" } as const;
