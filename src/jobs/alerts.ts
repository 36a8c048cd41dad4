/**
 * The failure digest: after a push run, one email listing the run's failed records to the recipients in the
 * settings, when the run's failures reach the threshold. Never throws (the run summary must not fail for it).
 * Cost: nothing when the run had no failure, else 1 (cached settings) + 10 (log search) + 20 (email).
 */
import * as email from 'N/email';
import * as log from 'N/log';
import * as runtime from 'N/runtime';
import * as search from 'N/search';
import * as url from 'N/url';
import { ADMIN_SCRIPTS, LOG } from '../ids';
import { buildDigest, parseRecipients, type FailureRow } from '../core/console/digest';
import { loadSettings } from '../netsuite/config';
import { asText } from '../netsuite/values';

/** The employee the digest is sent as: the user the script runs as, else the account's first administrator (-5). */
function author(): number {
  const id = runtime.getCurrentUser().id;
  return id > 0 ? id : -5;
}

function runFailures(runId: string): FailureRow[] {
  const rows: FailureRow[] = [];
  search.create({
    type: LOG.type,
    filters: [[LOG.runId, 'is', runId], 'AND', [LOG.status, 'is', 'Failed']],
    columns: [LOG.recordType, LOG.recordId, LOG.reason, LOG.message],
  }).run().getRange({ start: 0, end: 1000 }).forEach((result) => {
    const value = (field: string): string | null => asText(result.getValue({ name: field }));
    rows.push({ recordType: value(LOG.recordType) ?? '', recordId: value(LOG.recordId), reason: value(LOG.reason) ?? '', message: value(LOG.message) ?? '' });
  });
  return rows;
}

/** Sends at most one email for the run. `failedCount` (the run's Failed total) skips the log search when it is 0. */
export function sendFailureDigest(runId: string, failedCount?: number): boolean {
  try {
    if (failedCount === 0) return false;
    const settings = loadSettings().admin;
    const recipients = parseRecipients(settings.alertEmails);
    if (recipients.valid.length === 0) return false;
    const threshold = settings.alertThreshold;
    if (failedCount !== undefined && failedCount < threshold) return false;
    const digest = buildDigest(runId, runFailures(runId), threshold, url.resolveScript({ scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId }));
    if (digest === null) return false;
    email.send({ author: author(), recipients: recipients.valid, subject: digest.subject, body: digest.body });
    if (recipients.invalid.length > 0) log.audit({ title: 'crmsync alert recipients ignored', details: recipients.invalid.join(', ').slice(0, 300) });
    return true;
  } catch (error) {
    log.error({ title: 'crmsync failure digest not sent', details: String((error as { message?: string }).message ?? error) });
    return false;
  }
}
