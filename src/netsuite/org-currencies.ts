/**
 * The org's active currencies (CurrencyIsoCode is a restricted picklist), read from the Contact describe once
 * per cache lifetime, so a customer in a currency the org lacks fails alone with INVALID_VALUE instead of
 * being sent, rejected and retried.
 */
import * as cache from 'N/cache';
import { CACHE } from '../ids';
import { isCrmTransportError } from '../core/errors';

/** `describe` reads the picklist (a Salesforce call) only when the cache has none; null when unknown. */
export function orgCurrencies(describe: () => string[]): string[] | null {
  const store = cache.getCache({ name: CACHE.name, scope: cache.Scope.PROTECTED });
  try {
    const json = store.get({ key: CACHE.currenciesSfKey, ttl: 300, loader: () => JSON.stringify(describe()) });
    const values = JSON.parse(json ?? '[]') as string[];
    return values.length === 0 ? null : values;
  } catch (error) {
    // Unknown is fine: Salesforce still validates. A transport failure here must not fail the batch.
    if (isCrmTransportError(error)) return null;
    throw error;
  }
}
