/**
 * Settings, field mappings and currency codes, read from their custom records once and kept in N/cache
 * (1 unit per read instead of a 10-unit search in every user event and map/reduce invocation).
 */
import * as cache from 'N/cache';
import * as search from 'N/search';
import { CACHE, FIELD_MAP, SETTINGS } from '../ids';
import { readSettings, SELECT_SETTING_FIELDS, SETTING_FIELDS, type LoadedSettings } from '../core/settings';
import { buildMappings, type MappingRow, type MappingSet } from '../core/mapping/field-map';
import { applyAccountFeatures } from '../core/account-features';
import { accountFeatures } from './script-context';

const TTL_SECONDS = 300;

function syncCache(): cache.Cache {
  return cache.getCache({ name: CACHE.name, scope: cache.Scope.PROTECTED });
}

function text(result: search.Result, field: string): string {
  const value = result.getValue({ name: field });
  return typeof value === 'string' ? value.trim() : '';
}

/** One 10-unit search of the active settings record; without one every setting has its default. */
function readStoredSettings(): LoadedSettings {
  const [row] = search.create({ type: SETTINGS.type, filters: [['isinactive', 'is', 'F']], columns: [...SETTING_FIELDS] }).run().getRange({ start: 0, end: 1 });
  return readSettings((field) => (SELECT_SETTING_FIELDS.has(field) ? row?.getText({ name: field }) : row?.getValue({ name: field })));
}

function readMappingRows(): MappingRow[] {
  const rows: MappingRow[] = [];
  search.create({
    type: FIELD_MAP.type,
    filters: [['isinactive', 'is', 'F']],
    columns: [FIELD_MAP.recordType, FIELD_MAP.netsuiteField, FIELD_MAP.salesforceField, FIELD_MAP.owner],
  }).run().each((result) => {
    rows.push({
      recordType: text(result, FIELD_MAP.recordType),
      source: text(result, FIELD_MAP.netsuiteField),
      target: text(result, FIELD_MAP.salesforceField),
      owner: text(result, FIELD_MAP.owner),
    });
    return true;
  });
  return rows;
}

function readCurrencies(): Record<string, string> {
  const byId: Record<string, string> = {};
  search.create({ type: search.Type.CURRENCY, columns: ['symbol'] }).run().each((result) => {
    byId[result.id] = text(result, 'symbol');
    return true;
  });
  return byId;
}

function cached<T>(key: string, load: () => T): T {
  const value = syncCache().get({ key, loader: () => JSON.stringify(load()), ttl: TTL_SECONDS });
  return JSON.parse(value ?? 'null') as T;
}

export function loadSettings(): LoadedSettings {
  return cached(CACHE.settingsKey, readStoredSettings);
}

/** The mappings in effect: without those that need a feature this account lacks (each named in `problems`). */
export function loadMappings(): { mappings: MappingSet; problems: string[] } {
  const built = cached(CACHE.mappingsKey, () => buildMappings(readMappingRows()));
  const applied = applyAccountFeatures(built.mappings, accountFeatures());
  return { mappings: applied.mappings, problems: [...built.problems, ...applied.problems] };
}

/** Currency ids → ISO codes; none in a single-currency account, which has no currency record type to search. */
export function loadCurrencyCodes(): Record<string, string> {
  if (!accountFeatures().multiCurrency) return {};
  return cached(CACHE.currenciesKey, readCurrencies);
}

/** The user events ask for a push run at most once per cache lifetime; the push clears the flag. */
export function pushRequestedRecently(): boolean {
  return syncCache().get({ key: CACHE.pushRequestedKey }) !== null;
}

export function markPushRequested(): void {
  syncCache().put({ key: CACHE.pushRequestedKey, value: new Date().toISOString(), ttl: TTL_SECONDS });
}

export function clearPushRequested(): void {
  syncCache().remove({ key: CACHE.pushRequestedKey });
}

export function forgetCachedConfig(): void {
  const store = syncCache();
  for (const key of [CACHE.settingsKey, CACHE.mappingsKey, CACHE.currenciesKey, CACHE.pardotUsersKey]) store.remove({ key });
}
