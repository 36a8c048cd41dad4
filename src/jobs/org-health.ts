/**
 * Reads the org health facts through both CRM clients (cached by src/netsuite/org-facts.ts) and judges them against
 * the mappings (src/core/health.ts). Push, pull and the console card all ask here.
 */
import { isCrmTransportError } from '../core/errors';
import { assessOrg, type DescribedField, type OrgFacts, type OrgHealth } from '../core/health';
import type { MappingSet } from '../core/mapping/field-map';
import type { SalesforceApi, SObjectType, TokenSource } from '../core/ports';
import type { LoadedSettings } from '../core/settings';
import { cachedOrgFacts, orgFacts } from '../netsuite/org-facts';
import { newPardotCounters, type PardotCounters } from '../pardot/client';
import { pardotClient } from './connections';

function describeOrNull(salesforce: SalesforceApi, type: SObjectType): DescribedField[] | null {
  try {
    return salesforce.describe(type);
  } catch (error) {
    if (isCrmTransportError(error)) return null;
    throw error;
  }
}

function pardotCheck(settings: LoadedSettings, tokens: TokenSource, counters: PardotCounters): OrgFacts['pardot'] {
  if (!settings.pardot.enabled) return null;
  try {
    const account = pardotClient(settings, tokens, counters).account();
    return { ok: true, detail: `Business unit ${settings.pardot.businessUnitId} answers (${account.apiCallsUsed} of ${account.maximumDailyApiCalls} API calls used today).` };
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    return { ok: false, detail: error.message };
  }
}

/** `pardotCounters`: the run's, so the check's Pardot call shows in its figures like every other call. */
export function orgHealth(settings: LoadedSettings, salesforce: SalesforceApi, tokens: TokenSource, mappings: MappingSet, pardotCounters: PardotCounters = newPardotCounters()): OrgHealth {
  const facts = orgFacts(() => ({
    contact: describeOrNull(salesforce, 'Contact'),
    account: describeOrNull(salesforce, 'Account'),
    pardot: pardotCheck(settings, tokens, pardotCounters),
    checkedAt: new Date().toISOString(),
  }));
  return assessOrg(facts, mappings, settings.pardot.enabled);
}

/** What the last run found, for the console card; null before any run checked the org. */
export function lastOrgHealth(settings: LoadedSettings, mappings: MappingSet): OrgHealth | null {
  const facts = cachedOrgFacts();
  return facts === null ? null : assessOrg(facts, mappings, settings.pardot.enabled);
}
