/** The failure digest email: one per push run whose failures reach the threshold, never one per error. */
import { explainCode } from './view-model';
import { isValidEmail } from '../mapping/email';
import { splitEmails } from '../settings';
import { shortRedacted } from '../redact';

export interface FailureRow {
  recordType: string;
  recordId: string | null;
  reason: string;
  message: string;
}

export interface Digest {
  subject: string;
  body: string;
}

const MAX_RECIPIENTS = 10;
const MAX_LISTED = 50;
export function parseRecipients(text: string | null): { valid: string[]; invalid: string[] } {
  const parts = splitEmails(text);
  const valid = [...new Set(parts.filter((p) => isValidEmail(p)))].slice(0, MAX_RECIPIENTS);
  return { valid, invalid: parts.filter((p) => !isValidEmail(p)) };
}

/**
 * One value from outside (a Salesforce or Pardot message, a log field) made safe for the digest whichever way the
 * mail client shows it: one line (no header or fake paragraph can start), at most 300 characters, emails and phone
 * numbers redacted, no markup (angle brackets become look-alikes, so an HTML view shows them as text and a
 * plain-text view stays readable) and no clickable link (URL schemes and www. are defanged, as security advisories
 * do, so nothing a Salesforce user typed turns into a link the recipient might click).
 */
export function digestText(text: string, max = 300): string {
  return shortRedacted(text, max)
    .replace(/</g, '‹').replace(/>/g, '›')
    .replace(/\b([a-z][a-z0-9+.-]{1,15}):\/\//gi, '$1[:]//')
    .replace(/\b(javascript|data|vbscript|mailto):/gi, '$1[:]')
    .replace(/\bwww\./gi, 'www[.]');
}

/**
 * Null when the run stays under the threshold. The body is plain text; every value that came from a record, the
 * log or a CRM goes through digestText, so the only link in it is the console's own address.
 */
export function buildDigest(runId: string, failures: readonly FailureRow[], threshold: number, consolePath: string | null): Digest | null {
  if (failures.length === 0 || failures.length < threshold) return null;
  const byReason = new Map<string, number>();
  for (const f of failures) byReason.set(f.reason, (byReason.get(f.reason) ?? 0) + 1);
  const lines = [
    `CRM Sync run ${runId} ended with ${failures.length} failed record(s) (alert threshold ${threshold}).`,
    '',
    'By reason:',
    ...[...byReason].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `  ${n} × ${digestText(reason, 60)}: ${explainCode(reason)}`),
    '',
    'Records:',
    ...failures.slice(0, MAX_LISTED).map((f) => `  ${digestText(f.recordType, 20)} ${digestText(f.recordId ?? '?', 20)} — ${digestText(f.reason, 60)}: ${digestText(f.message)}`),
    ...(failures.length > MAX_LISTED ? [`  … and ${failures.length - MAX_LISTED} more.`] : []),
    '',
    consolePath === null ? 'Open the CRM Sync console to retry them.' : `Retry them from the CRM Sync console: ${consolePath}`,
  ];
  return { subject: `CRM Sync: ${failures.length} record(s) failed in run ${runId}`.slice(0, 200), body: lines.join('\n') };
}
