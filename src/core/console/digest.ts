/** The failure digest email: one per push run whose failures reach the threshold, never one per error. */
import { explainCode } from './view-model';
import { isValidEmail } from '../mapping/email';
import { splitEmails } from '../settings';

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

/** Null when the run stays under the threshold. The body is plain text (no HTML to escape). */
export function buildDigest(runId: string, failures: readonly FailureRow[], threshold: number, consolePath: string | null): Digest | null {
  if (failures.length === 0 || failures.length < threshold) return null;
  const byReason = new Map<string, number>();
  for (const f of failures) byReason.set(f.reason, (byReason.get(f.reason) ?? 0) + 1);
  const lines = [
    `CRM Sync run ${runId} ended with ${failures.length} failed record(s) (alert threshold ${threshold}).`,
    '',
    'By reason:',
    ...[...byReason].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `  ${n} × ${reason}: ${explainCode(reason)}`),
    '',
    'Records:',
    ...failures.slice(0, MAX_LISTED).map((f) => `  ${f.recordType} ${f.recordId ?? '?'} — ${f.reason}: ${f.message.replace(/\s+/g, ' ').slice(0, 300)}`),
    ...(failures.length > MAX_LISTED ? [`  … and ${failures.length - MAX_LISTED} more.`] : []),
    '',
    consolePath === null ? 'Open the CRM Sync console to retry them.' : `Retry them from the CRM Sync console: ${consolePath}`,
  ];
  return { subject: `CRM Sync: ${failures.length} record(s) failed in run ${runId}`.slice(0, 200), body: lines.join('\n') };
}
