/**
 * Reads the org health facts through both CRM clients (cached by src/netsuite/org-facts.ts) and judges them against
 * the mappings (src/core/health.ts). Push, pull and the console card all ask here.
 */
import { isCrmTransportError } from '../core/errors';
import { assessOrg, type DescribedField, type OrgFacts, type OrgHealth } from '../core/health';
import type { MappingSet } from '../core/mapping/field-map';
import type { SalesforceApi, SObjectType, TokenSource } from '../core/ports';
import type { LoadedSettings } from '../core/settings';
import { orgFacts } from '../netsuite/org-facts';
import { newPardotCounters } from '../pardot/client';
import { pardotClient } from './connections';

function describeOrNull(salesforce: SalesforceApi, type: SObjectType): DescribedField[] | null {
  try {
    return salesforce.describe(type);
  } catch (error) {
    if (isCrmTransportError(error)) return null;
    throw error;
  }
}

function pardotCheck(settings: LoadedSettings, tokens: TokenSource): OrgFacts['pardot'] {
  if (!settings.pardot.enabled) return null;
  try {
    const account = pardotClient(settings, tokens, newPardotCounters()).account();
    return { ok: true, detail: `Business unit ${settings.pardot.businessUnitId} answers (${account.apiCallsUsed} of ${account.maximumDailyApiCalls} API calls used today).` };
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    return { ok: false, detail: error.message };
  }
}

export function readOrgFacts(settings: LoadedSettings, salesforce: SalesforceApi, tokens: TokenSource): OrgFacts {
  return orgFacts(() => ({
    contact: describeOrNull(salesforce, 'Contact'),
    account: describeOrNull(salesforce, 'Account'),
    pardot: pardotCheck(settings, tokens),
    checkedAt: new Date().toISOString(),
  }));
}

export function orgHealth(settings: LoadedSettings, salesforce: SalesforceApi, tokens: TokenSource, mappings: MappingSet): OrgHealth {
  return assessOrg(readOrgFacts(settings, salesforce, tokens), mappings, settings.pardot.enabled);
}
