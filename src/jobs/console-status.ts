/** What the console shows besides the searches: the sync directions and the Salesforce connection. */
import { DEFAULT_SETTINGS } from '../core/model';
import { errorMessage, isCrmTransportError } from '../core/errors';
import { connectionFault, faultFor, missingConnectionSetting, type ConnectionFault } from '../core/connection';
import type { DirectionSettings } from '../core/schedule';
import { loadSettings } from '../netsuite/config';
import type { Prerequisite } from '../core/health';
import { loadMappings } from '../netsuite/config';
import { salesforceTokens } from './connections';
import { lastOrgHealth } from './org-health';

/** "Sync With Pardot" from the cached settings (1 unit); unreadable settings count as off. */
export function pardotEnabled(): boolean {
  try {
    return loadSettings().pardot.enabled;
  } catch {
    return false;
  }
}

/** Pauses and intervals from the cached settings (1 unit); unreadable settings show the defaults. */
export function directionSettings(): DirectionSettings {
  try {
    return loadSettings().sync;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/**
 * Signs in (or reuses the cached token): 0–20 units. Never shows the token. A failure names the setting at fault;
 * settings that cannot sign in at all are not tried (nothing is sent before the connection is configured).
 */
export function connectionHealth(): { ok: boolean; detail: string; fault: ConnectionFault | null; configured: boolean } {
  try {
    const settings = loadSettings();
    const { connection } = settings;
    const missing = missingConnectionSetting(connection);
    if (missing !== null) {
      const fault = faultFor('salesforce', missing, null);
      return { ok: false, detail: 'The Salesforce connection is not set up yet: nothing is sent or read until it is.', fault, configured: false };
    }
    const token = salesforceTokens(settings).get();
    const host = /^https?:\/\/([^/]+)/.exec(token.instanceUrl)?.[1] ?? token.instanceUrl;
    return { ok: true, detail: `Signed in to ${host} (${connection.authFlow === 'jwt' ? 'JWT certificate' : 'client credentials'}, API v${connection.apiVersion}).`, fault: null, configured: true };
  } catch (error) {
    const fault = isCrmTransportError(error) ? connectionFault(error.code, error.message) : null;
    return { ok: false, detail: errorMessage(error), fault, configured: true };
  }
}

/** The org health card from what the last push or pull found (cached; no Salesforce call from the console). */
export function orgPrerequisites(): Prerequisite[] {
  try {
    const health = lastOrgHealth(loadSettings(), loadMappings().mappings);
    return health?.prerequisites ?? [{ key: 'not-checked', label: 'Org checked', ok: true, detail: 'Not checked yet: the next push or pull checks the Salesforce org and fills this card.', fix: '' }];
  } catch (error) {
    return [{ key: 'connection', label: 'Salesforce can be reached', ok: false, detail: errorMessage(error), fix: 'Fix the connection settings (see the Salesforce connection card).' }];
  }
}
