/**
 * Where credentials may go: the integration's tokens and secrets are sent only to Salesforce's and Account
 * Engagement's own hosts, whatever a settings record or an API answer says.
 *
 * Salesforce: login.salesforce.com and test.salesforce.com, and My Domain hosts, all under salesforce.com
 * (`MyDomainName.my.salesforce.com` for production and Developer Edition, `MyDomainName--SandboxName.sandbox.my.salesforce.com`
 * for sandboxes and scratch orgs: Salesforce Help, "My Domain URL Formats"). Account Engagement API v5: pi.pardot.com,
 * and pi.demo.pardot.com for training and developer orgs (Pardot API v5 docs, "Authentication").
 */
const HTTPS_URL = /^https:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::443)?(?:[/?#].*)?$/i;

function hostOf(url: string): string | null {
  return HTTPS_URL.exec(url.trim())?.[1]?.toLowerCase() ?? null;
}

export function isSalesforceUrl(url: string): boolean {
  const host = hostOf(url);
  return host !== null && host.endsWith('.salesforce.com');
}

export const PARDOT_HOSTS: readonly string[] = ['pi.pardot.com', 'pi.demo.pardot.com'];

export function isPardotUrl(url: string): boolean {
  const host = hostOf(url);
  return host !== null && PARDOT_HOSTS.includes(host);
}

/** A Salesforce `nextRecordsUrl` is a path on the instance (`/services/data/vXX.X/query/…`), never another host. */
export function isSalesforceApiPath(path: string): boolean {
  return /^\/services\/data\/v\d+\.\d+\/[^\s]*$/.test(path) && !path.includes('//') && !path.includes('..');
}
