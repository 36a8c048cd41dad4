/**
 * The "Open in Salesforce" / "Open in Account Engagement" links on the record's CRM Sync subtab (issue 7).
 * Pure: the user event hands in the stored ids, the instance URL Salesforce gave at the last sign-in and the
 * settings' hosts. Ids and hosts are checked before they go into a URL, and everything printed is escaped.
 */
import { html, type Html } from './console/escape';
import type { NsRecordType } from './model';

/** 15- or 18-character Salesforce ids; Pardot prospect ids are numbers. */
export const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
export const PARDOT_ID = /^\d+$/;

export const DEFAULT_PARDOT_HOST = 'pi.pardot.com';
export const LINK_PENDING_NOTE = 'link appears after the first sync';

export interface RecordLinkInput {
  recordType: NsRecordType;
  salesforceId: string | null;
  pardotId: string | null;
  /** `instance_url` of the last token response (kept by the sign-in), or null before the first sign-in. */
  instanceUrl: string | null;
  /** The settings' Salesforce login URL: used only when it is a My Domain host. */
  loginUrl: string;
  /** The settings' Pardot API host (`https://pi.pardot.com`, `https://pi.demo.pardot.com`). */
  pardotHost: string;
}

export interface RecordLink {
  system: 'salesforce' | 'pardot';
  label: string;
  id: string;
  /** Null when no safe URL can be built; `note` then says why. */
  url: string | null;
  note: string | null;
}

const LINK_LABELS = { salesforce: 'Open in Salesforce', pardot: 'Open in Account Engagement' } as const;
const SYSTEM_NAMES = { salesforce: 'Salesforce', pardot: 'Account Engagement' } as const;

/** `https://host[:port]` with nothing after it, lower-cased; anything else is null. */
export function httpsOrigin(value: string | null): string | null {
  const match = /^https:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)\/*$/i.exec((value ?? '').trim());
  return match?.[1] === undefined ? null : `https://${match[1].toLowerCase()}`;
}

/**
 * Where Salesforce records open: the stored instance URL, else the login URL when it is already the org's
 * My Domain (`*.my.salesforce.com`); login.salesforce.com and test.salesforce.com are not an org.
 */
export function salesforceBase(instanceUrl: string | null, loginUrl: string): string | null {
  const stored = httpsOrigin(instanceUrl);
  if (stored !== null) return stored;
  const login = httpsOrigin(loginUrl);
  return login !== null && /\.my\.salesforce\.com(?::\d+)?$/.test(login) ? login : null;
}

/** The Pardot UI host, taken from the API host setting when it is a pardot.com host (demo units use pi.demo.pardot.com). */
export function pardotUiHost(setting: string): string {
  const match = /^(?:https?:\/\/)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::\d+)?(?:\/.*)?$/i.exec(setting.trim());
  const host = match?.[1]?.toLowerCase();
  return host !== undefined && host.endsWith('.pardot.com') ? host : DEFAULT_PARDOT_HOST;
}

function present(value: string | null): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

/** One entry per id that is set, in the order Salesforce, Account Engagement. */
export function recordLinks(input: RecordLinkInput): RecordLink[] {
  const links: RecordLink[] = [];
  const salesforceId = present(input.salesforceId);
  if (salesforceId !== null) {
    const base = salesforceBase(input.instanceUrl, input.loginUrl);
    const object = input.recordType === 'customer' ? 'Account' : 'Contact';
    if (!SALESFORCE_ID.test(salesforceId)) {
      links.push({ system: 'salesforce', label: LINK_LABELS.salesforce, id: salesforceId, url: null, note: 'not a valid Salesforce id, so no link' });
    } else if (base === null) {
      links.push({ system: 'salesforce', label: LINK_LABELS.salesforce, id: salesforceId, url: null, note: LINK_PENDING_NOTE });
    } else {
      links.push({ system: 'salesforce', label: LINK_LABELS.salesforce, id: salesforceId, url: `${base}/lightning/r/${object}/${salesforceId}/view`, note: null });
    }
  }
  const pardotId = present(input.pardotId);
  if (pardotId !== null) {
    links.push(PARDOT_ID.test(pardotId)
      ? { system: 'pardot', label: LINK_LABELS.pardot, id: pardotId, url: `https://${pardotUiHost(input.pardotHost)}/prospect/read/id/${pardotId}`, note: null }
      : { system: 'pardot', label: LINK_LABELS.pardot, id: pardotId, url: null, note: 'not a valid prospect id, so no link' });
  }
  return links;
}

/** The inline HTML: one line per link, opening in a new tab; ids without a safe URL are shown as text with a muted note. */
export function renderRecordLinks(links: readonly RecordLink[]): string {
  if (links.length === 0) return '';
  const rows: Html[] = links.map((link) => {
    const target = link.url === null
      ? html`<code>${link.id}</code> <span style="color:#6b6b6b">(${link.note ?? ''})</span>`
      : html`<a href="${link.url}" target="_blank" rel="noopener noreferrer">${link.label}</a> <code>${link.id}</code>`;
    return html`<div class="crmsync-link crmsync-link-${link.system}">${SYSTEM_NAMES[link.system]}: ${target}</div>`;
  });
  return html`<div id="crmsync-links">${rows}</div>`.html;
}
