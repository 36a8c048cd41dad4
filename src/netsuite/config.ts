/**
 * Settings, field mappings and currency codes, read from their custom records once and kept in N/cache
 * (1 unit per read instead of a 10-unit search in every user event and map/reduce invocation).
 */
import * as cache from 'N/cache';
import * as search from 'N/search';
import { CACHE, FIELD_MAP, SETTINGS } from '../ids';
import { DEFAULT_SETTINGS, type Settings } from '../core/model';
import { clampBatchSize } from '../core/batching';
import { intervalMinutes } from '../core/schedule';
import { buildMappings, type MappingRow, type MappingSet } from '../core/mapping/field-map';

const TTL_SECONDS = 300;

export interface ConnectionSettings {
  loginUrl: string;
  apiVersion: string;
  clientId: string;
  authFlow: 'jwt' | 'client_credentials';
  username: string;
  secretId: string;
  certificateId: string;
}

export interface PardotSettings {
  enabled: boolean;
  businessUnitId: string;
  host: string;
  autoCreate: boolean;
  autoCreateSince: string | null;
  stopPackageFields: boolean;
  excludePartners: boolean;
  excludePortal: boolean;
  cascadeRep: boolean;
  subsidiaryId: string | null;
}

export interface LoadedSettings {
  sync: Settings;
  connection: ConnectionSettings;
  pardot: PardotSettings;
}

function syncCache(): cache.Cache {
  return cache.getCache({ name: CACHE.name, scope: cache.Scope.PROTECTED });
}

function text(result: search.Result, field: string): string {
  const value = result.getValue({ name: field });
  return typeof value === 'string' ? value.trim() : '';
}

function flag(result: search.Result, field: string, fallback: boolean): boolean {
  const value = result.getValue({ name: field });
  if (value === true || value === 'T') return true;
  if (value === false || value === 'F') return false;
  return fallback;
}

function readSettings(): LoadedSettings {
  const columns = Object.values(SETTINGS).filter((id) => id !== SETTINGS.type);
  const rows = search.create({ type: SETTINGS.type, filters: [['isinactive', 'is', 'F']], columns }).run().getRange({ start: 0, end: 1 });
  const row = rows[0];
  // Without a settings record every option has its default.
  const has = (field: string, fallback: boolean): boolean => (row === undefined ? fallback : flag(row, field, fallback));
  const textOf = (field: string): string => (row === undefined ? '' : text(row, field));
  const number = (field: string, fallback: number): number => {
    const raw = textOf(field);
    return raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : fallback;
  };
  const policy = textOf(SETTINGS.deletePolicy).toLowerCase();
  const sync: Settings = {
    createOnly: has(SETTINGS.createOnly, DEFAULT_SETTINGS.createOnly),
    syncParentFirst: has(SETTINGS.parentFirst, DEFAULT_SETTINGS.syncParentFirst),
    skipInactive: has(SETTINGS.skipInactive, DEFAULT_SETTINGS.skipInactive),
    deletePolicy: policy === 'unlink' || policy === 'delete' ? policy : 'ignore',
    batchSize: clampBatchSize(number(SETTINGS.batchSize, DEFAULT_SETTINGS.batchSize)),
    maxAttempts: Math.max(1, number(SETTINGS.maxAttempts, DEFAULT_SETTINGS.maxAttempts)),
    importOrphans: has(SETTINGS.importOrphans, DEFAULT_SETTINGS.importOrphans),
    blanksOverwrite: has(SETTINGS.blanksOverwrite, DEFAULT_SETTINGS.blanksOverwrite),
    matchAccountsByName: has(SETTINGS.matchAccountsByName, DEFAULT_SETTINGS.matchAccountsByName),
    pausePush: has(SETTINGS.pausePush, DEFAULT_SETTINGS.pausePush),
    pausePull: has(SETTINGS.pausePull, DEFAULT_SETTINGS.pausePull),
    pushEveryMinutes: intervalMinutes(number(SETTINGS.pushEvery, DEFAULT_SETTINGS.pushEveryMinutes)),
    pullEveryMinutes: intervalMinutes(number(SETTINGS.pullEvery, DEFAULT_SETTINGS.pullEveryMinutes)),
  };
  const connection: ConnectionSettings = {
    loginUrl: textOf(SETTINGS.loginUrl) || 'https://login.salesforce.com',
    apiVersion: textOf(SETTINGS.apiVersion) || '62.0',
    clientId: textOf(SETTINGS.clientId),
    authFlow: textOf(SETTINGS.authFlow).toLowerCase() === 'client_credentials' ? 'client_credentials' : 'jwt',
    username: textOf(SETTINGS.username),
    secretId: textOf(SETTINGS.secretId),
    certificateId: textOf(SETTINGS.certificateId),
  };
  const pardot: PardotSettings = {
    enabled: has(SETTINGS.pardotEnabled, false),
    businessUnitId: textOf(SETTINGS.pardotBusinessUnit),
    host: (textOf(SETTINGS.pardotHost) || 'https://pi.pardot.com').replace(/\/+$/, ''),
    autoCreate: has(SETTINGS.pardotAutoCreate, false),
    autoCreateSince: textOf(SETTINGS.pardotAutoCreateSince) || null,
    stopPackageFields: has(SETTINGS.pardotStopPackageFields, false),
    excludePartners: has(SETTINGS.pardotExcludePartners, true),
    excludePortal: has(SETTINGS.pardotExcludePortal, true),
    cascadeRep: has(SETTINGS.pardotCascadeRep, false),
    subsidiaryId: textOf(SETTINGS.pardotSubsidiary) || null,
  };
  return { sync, connection, pardot };
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
  return cached(CACHE.settingsKey, readSettings);
}

export function loadMappings(): { mappings: MappingSet; problems: string[] } {
  return cached(CACHE.mappingsKey, () => buildMappings(readMappingRows()));
}

export function loadCurrencyCodes(): Record<string, string> {
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
