/** What the console shows besides the searches: the sync directions and the Salesforce connection. */
import { DEFAULT_SETTINGS } from '../core/model';
import { errorMessage } from '../core/errors';
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

/** Signs in (or reuses the cached token): 0–20 units. Never shows the token. */
export function connectionHealth(): { ok: boolean; detail: string } {
  try {
    const settings = loadSettings();
    const { connection } = settings;
    const token = salesforceTokens(settings).get();
    const host = /^https?:\/\/([^/]+)/.exec(token.instanceUrl)?.[1] ?? token.instanceUrl;
    return { ok: true, detail: `Signed in to ${host} (${connection.authFlow === 'jwt' ? 'JWT certificate' : 'client credentials'}, API v${connection.apiVersion}).` };
  } catch (error) {
    return { ok: false, detail: errorMessage(error) };
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
