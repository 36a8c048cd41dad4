/**
 * The result of a record button ("Sync now", "Update from Salesforce") on its way back to the record. The console
 * Suitelet acts on the POST, keeps the result server-side as a one-time entry under a random key, and redirects to
 * the record with only that key in the URL; the record's beforeLoad takes the entry (once) and shows it as NetSuite's
 * page message. So the banner's words never come from the URL: a forged or replayed key finds nothing and shows
 * nothing, and a key meant for another record shows nothing on this one.
 */
import type { NsRecordType } from '../model';
import type { Notice } from './view-model';
import { escapeHtml } from './escape';

/** The URL parameter of redirect.toRecord that carries the key (custparam_, as NetSuite names script parameters in URLs). */
export const RESULT_PARAM = 'custparam_crmsync_result';

/** Hidden field on the record form that carries the console's request token to the button's client module. */
export const RECORD_TOKEN_FIELD = 'custpage_crmsync_token';

/** A key: 32 lowercase hex characters (a UUID without dashes). */
const KEY = /^[0-9a-f]{32}$/;

export function validResultKey(value: unknown): value is string {
  return typeof value === 'string' && KEY.test(value);
}

export interface ActionResult {
  recordType: NsRecordType;
  id: string;
  notice: Notice;
}

/** At most this many characters of the kept result (one session value). */
const MAX_STORED = 2_000;

export function serializeActionResult(result: ActionResult): string {
  const lines: string[] = [];
  let size = result.notice.title.length;
  for (const line of result.notice.lines) {
    if (size + line.length > MAX_STORED) break;
    lines.push(line);
    size += line.length;
  }
  return JSON.stringify({ t: result.recordType, i: result.id, k: result.notice.kind, h: result.notice.title.slice(0, MAX_STORED), l: lines });
}

/** The kept result if it is well formed and for this record; else null. */
export function parseActionResult(text: string | null, recordType: string, id: string): Notice | null {
  if (text === null || text === '') return null;
  try {
    const parsed = JSON.parse(text) as { t?: unknown; i?: unknown; k?: unknown; h?: unknown; l?: unknown };
    if (parsed.t !== recordType || parsed.i !== id) return null;
    if (parsed.k !== 'success' && parsed.k !== 'info' && parsed.k !== 'error') return null;
    if (typeof parsed.h !== 'string' || !Array.isArray(parsed.l) || !parsed.l.every((l) => typeof l === 'string')) return null;
    return { kind: parsed.k, title: parsed.h, lines: parsed.l };
  } catch {
    return null;
  }
}

/** The page message's type, by N/ui/message Type name: green when it worked, yellow when it waits, red when refused. */
export type BannerType = 'CONFIRMATION' | 'WARNING' | 'ERROR';

export interface Banner {
  type: BannerType;
  title: string;
  message: string;
}

/**
 * What Form.addPageInitMessage gets. Whether NetSuite escapes a page message's title and text is not documented
 * (scripts put markup such as <br> in them), so both are escaped here: a record name is user data.
 */
export function bannerFor(notice: Notice): Banner {
  const type: BannerType = notice.kind === 'success' ? 'CONFIRMATION' : notice.kind === 'info' ? 'WARNING' : 'ERROR';
  return { type, title: escapeHtml(notice.title), message: notice.lines.map(escapeHtml).join('<br>') };
}
