/**
 * Salesforce's instance URL (`instance_url` of the token response), kept between runs so the record's CRM Sync
 * subtab can link to Salesforce without signing in on a form load. The state record is the durable copy; a
 * PROTECTED cache entry (shared by the bundle's scripts) makes the usual read 1 unit. It is not a secret: it is
 * the org's own host.
 */
import * as cache from 'N/cache';
import { CACHE } from '../ids';
import { readState, writeState } from './state';

/** Also the state record's name. */
const KEY = CACHE.instanceUrlKey;

function sharedCache(): cache.Cache {
  return cache.getCache({ name: CACHE.name, scope: cache.Scope.PROTECTED });
}

/** The last instance URL Salesforce gave, or null before the first sign-in: 1 unit, or 12 when the cache lost it. */
export function storedInstanceUrl(): string | null {
  const value = sharedCache().get({ key: KEY, loader: () => JSON.stringify(readState(KEY)) });
  const parsed: unknown = JSON.parse(value ?? 'null');
  return typeof parsed === 'string' && parsed !== '' ? parsed : null;
}

/**
 * Called after each sign-in. Unchanged (the usual case) costs the 1-unit cache read; the state record is written
 * only the first time and when Salesforce moves the org (My Domain change, instance refresh).
 */
export function rememberInstanceUrl(instanceUrl: string): void {
  if (instanceUrl === '' || storedInstanceUrl() === instanceUrl) return;
  writeState(KEY, instanceUrl);
  sharedCache().put({ key: KEY, value: JSON.stringify(instanceUrl) });
}
