/**
 * The failure digest: after a push run, one email listing the run's failed records to the recipients in the
 * settings, when the run's failures reach the threshold. Never throws (the run summary must not fail for it).
 * Cost: nothing when the run had no failure, else 1 (cached settings) + 10 (log search) + 20 (email).
 */
import * as email from 'N/email';
import * as log from 'N/log';
import * as url from 'N/url';
import { ADMIN_SCRIPTS } from '../ids';
import { buildDigest, parseRecipients } from '../core/console/digest';
import { errorMessage } from '../core/errors';
import { currentUser } from '../netsuite/script-context';
import { failedRowsOfRun } from '../netsuite/sync-log';
import { loadSettings } from '../netsuite/config';
import { applicationHost } from '../netsuite/request-token';

/** The employee the digest is sent as: the user the script runs as, else the account's first administrator (-5). */
function author(): number {
  const id = currentUser().id;
  return id > 0 ? id : -5;
}

/**
 * The console's absolute address for an email. url.resolveScript returns a Suitelet's internal URL, a path without a
 * host ("By default, the internal URL is returned", url.resolveScript(options), Oracle Help Center); an email needs
 * the host, which is the account's UI domain (url.resolveDomain with url.HostType.APPLICATION: "<accountID>.app.netsuite.com",
 * url.HostType, Oracle Help Center). returnExternalUrl is not used: the external (extforms) URL of a Suitelet works
 * only with "Available Without Login", which the console must never have.
 */
function consoleLink(): string {
  const path = url.resolveScript({ scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId });
  return /^https:\/\//.test(path) ? path : `https://${applicationHost()}${path.startsWith('/') ? '' : '/'}${path}`;
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
    const digest = buildDigest(runId, failedRowsOfRun(runId), threshold, consoleLink());
    if (digest === null) return false;
    email.send({ author: author(), recipients: recipients.valid, subject: digest.subject, body: digest.body });
    if (recipients.invalid.length > 0) log.audit({ title: 'crmsync alert recipients ignored', details: recipients.invalid.join(', ').slice(0, 300) });
    return true;
  } catch (error) {
    log.error({ title: 'crmsync failure digest not sent', details: errorMessage(error) });
    return false;
  }
}
