/**
 * Wires the two CRM clients to NetSuite: one token source per invocation (the token itself is cached across
 * scripts), which keeps the instance URL for the record links after each sign-in, and the settings each client
 * takes as arguments. The clients know nothing of NetSuite or of each other.
 */
import type { SalesforceApi, TokenSource } from '../core/ports';
import type { LoadedSettings } from '../core/settings';
import { rememberInstanceUrl } from '../netsuite/instance-url';
import { createPardotClient, type PardotClient, type PardotCounters } from '../pardot/client';
import { createTokenSource } from '../salesforce/auth';
import { createSalesforceClient, type ApiCounters } from '../salesforce/client';

export function salesforceTokens(settings: LoadedSettings): TokenSource {
  return createTokenSource(settings.connection, () => new Date(), rememberInstanceUrl);
}

export function salesforceClient(settings: LoadedSettings, tokens: TokenSource, counters: ApiCounters): SalesforceApi {
  return createSalesforceClient(tokens, settings.connection.apiVersion, counters, { allowDuplicateSave: settings.sync.duplicateRules === 'allow' });
}

export function pardotClient(settings: LoadedSettings, tokens: TokenSource, counters: PardotCounters): PardotClient {
  return createPardotClient(tokens, settings.pardot.host, settings.pardot.businessUnitId, counters);
}
