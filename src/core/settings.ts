/**
 * The CRM Sync Settings record, described once: each setting's field id, the value a run uses (the default when
 * the stored value is blank or unusable — a bad stored value never stops the sync) and, for the settings form,
 * why a stored value is not allowed. The cached reader, the settings user event and every job read this table.
 */
import { ADMIN_SETTINGS, SETTING_LISTS, SETTINGS } from '../ids';
import { clampBatchSize } from './batching';
import { asBoolean, asText } from './field-values';
import { isValidEmail } from './mapping/email';
import { DEFAULT_SETTINGS, type Settings } from './model';
import { intervalMinutes, intervalProblem } from './schedule';
import { MAX_RESERVE_PERCENT } from './quota';
import { isPardotUrl, isSalesforceUrl } from './hosts';

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
  /** The business unit's Salesforce connector creates prospects from new Contacts: CRM Sync links to them, creates none. */
  connectorCreates: boolean;
}

export interface AdminSettings {
  /** Days the integration log and finished queue entries are kept. */
  logDays: number;
  /** Days Failed log rows and failed queue entries are kept (the retention job never keeps them less than logDays). */
  failureLogDays: number;
  /** Failure digest recipients as typed (comma-separated); parseRecipients splits them. */
  alertEmails: string | null;
  /** Failed records in one run that trigger the digest. */
  alertThreshold: number;
}

export interface ReconcileSettings {
  /** How often the scheduled reconcile (drift report) runs; 'off' leaves only the console's "Run reconcile now". */
  every: 'weekly' | 'daily' | 'off';
  /** Scheduled runs repair what they find without an administrator's click. */
  autoRepair: boolean;
}

export interface LoadedSettings {
  sync: Settings;
  connection: ConnectionSettings;
  pardot: PardotSettings;
  admin: AdminSettings;
  reconcile: ReconcileSettings;
}

/** A stored value as N/search or N/record gives it (text, number, boolean or 'T'/'F'). */
export type RawValue = unknown;

export interface SettingSpec<T> {
  readonly field: string;
  /** The value a run uses. */
  readonly read: (raw: RawValue) => T;
  /** Why a non-blank stored value is not allowed (for the settings form); null when it is fine. */
  readonly problem: (raw: RawValue) => string | null;
  /** A SELECT from a custom list: the run reads its text (the value's name), not its internal id. */
  readonly select?: true;
}

const noProblem = (): null => null;

function checkbox(field: string, fallback: boolean): SettingSpec<boolean> {
  return {
    field,
    read: (raw) => (raw === false || raw === 'F' ? false : raw === true || raw === 'T' ? true : fallback),
    problem: noProblem,
  };
}

function text(field: string, fallback: string, rule?: { pattern: RegExp; message: string }): SettingSpec<string> {
  return {
    field,
    read: (raw) => asText(raw) ?? fallback,
    problem: (raw) => {
      const value = asText(raw);
      return rule === undefined || value === null || rule.pattern.test(value) ? null : rule.message;
    },
  };
}

function optionalText(field: string): SettingSpec<string | null> {
  return { field, read: (raw) => asText(raw), problem: noProblem };
}

/** One value of a settings list: the word the code uses and the value's name in the list (Objects/customlist_*.xml). */
export interface ListValue<T extends string> {
  readonly key: T;
  readonly label: string;
}

/**
 * The values of each settings list, in the order the list's XML creates them (test/core/settings.test.ts compares
 * this table with the XML, so the two cannot drift). The first value is the default.
 */
export const SETTING_LIST_CHOICES = {
  [SETTING_LISTS.duplicateRules]: [{ key: 'report', label: 'Report' }, { key: 'allow', label: 'Allow' }],
  [SETTING_LISTS.authFlow]: [{ key: 'jwt', label: 'JWT (certificate)' }, { key: 'client_credentials', label: 'Client Credentials (API secret)' }],
  [SETTING_LISTS.deletePolicy]: [{ key: 'ignore', label: 'Ignore' }, { key: 'unlink', label: 'Unlink' }, { key: 'delete', label: 'Delete' }],
  [SETTING_LISTS.salesforceDeletePolicy]: [{ key: 'unlink', label: 'Unlink' }, { key: 'inactivate', label: 'Inactivate' }],
  [SETTING_LISTS.reconcileEvery]: [{ key: 'weekly', label: 'Weekly' }, { key: 'daily', label: 'Daily' }, { key: 'off', label: 'Off' }],
} as const satisfies Record<string, readonly ListValue<string>[]>;

type ListKey<L extends keyof typeof SETTING_LIST_CHOICES> = (typeof SETTING_LIST_CHOICES)[L][number]['key'];

/**
 * A list/record field (SELECT from a custom list). The run reads the value's text (src/netsuite/config.ts reads
 * SELECT settings with getText); an internal id (what record.getValue gives) is the value's position in the list,
 * whose values are created in this order. The word the code uses (a stored text of the field's earlier, free-text
 * form, e.g. "client_credentials") reads too. NetSuite offers only the list's values, but an administrator can add
 * one to the list: a value the code does not know is refused on save, and a run uses the default.
 */
function listChoice<L extends keyof typeof SETTING_LIST_CHOICES>(field: string, list: L, fallback: ListKey<L>, label: string): SettingSpec<ListKey<L>> & { readonly list: L } {
  const values: readonly ListValue<ListKey<L>>[] = SETTING_LIST_CHOICES[list];
  const find = (raw: RawValue): ListKey<L> | undefined => {
    const value = asText(raw)?.toLowerCase();
    return values.find((v, i) => v.key === value || v.label.toLowerCase() === value || String(i + 1) === value)?.key;
  };
  const names = values.map((v) => v.label);
  const message = `${label} must be ${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''} (a value added to its list is not one CRM Sync knows).`;
  return { field, list, select: true, read: (raw) => find(raw) ?? fallback, problem: (raw) => (asText(raw) === null || find(raw) !== undefined ? null : message) };
}

function number(raw: RawValue): number | null {
  const value = asText(raw);
  return value !== null && Number.isFinite(Number(value)) ? Number(value) : null;
}

function integer(field: string, use: (n: number | null) => number, problem: (n: number) => string | null): SettingSpec<number> {
  return {
    field,
    read: (raw) => use(number(raw)),
    problem: (raw) => (asText(raw) === null ? null : problem(number(raw) ?? Number.NaN)),
  };
}

const wholeNumberAtLeastOne = (n: number | null, fallback: number): number => (n !== null && Number.isInteger(n) && n >= 1 ? n : fallback);

/** Longest a log row may be kept: ten years. */
export const MAX_KEEP_DAYS = 3650;

/** A whole number from `min` to `max`, said in the field's own label (a stored -5 is refused, never quietly clamped). */
const range = (label: string, min: number, max: number, unit: string) => (n: number): string | null =>
  (Number.isInteger(n) && n >= min && n <= max ? null : `${label} must be a whole number of ${unit} from ${String(min)} to ${max.toLocaleString('en-US')}.`);

const interval = (label: string) => (n: number): string | null => {
  const problem = intervalProblem(n);
  return problem === null ? null : `${label} ${problem}`;
};

export const DEFAULT_LOG_DAYS = 30;
/** Failures keep their log rows longer by default: they are what an admin investigates. */
export const DEFAULT_FAILURE_LOG_DAYS = 90;

export const SETTING_SPECS: {
  readonly [G in keyof LoadedSettings]: { readonly [K in keyof LoadedSettings[G]]-?: SettingSpec<LoadedSettings[G][K]> };
} = {
  sync: {
    createOnly: checkbox(SETTINGS.createOnly, DEFAULT_SETTINGS.createOnly),
    syncParentFirst: checkbox(SETTINGS.parentFirst, DEFAULT_SETTINGS.syncParentFirst),
    skipInactive: checkbox(SETTINGS.skipInactive, DEFAULT_SETTINGS.skipInactive),
    deletePolicy: listChoice(SETTINGS.deletePolicy, SETTING_LISTS.deletePolicy, DEFAULT_SETTINGS.deletePolicy, 'When Deleted in NetSuite'),
    salesforceDeletePolicy: listChoice(SETTINGS.salesforceDeletePolicy, SETTING_LISTS.salesforceDeletePolicy, DEFAULT_SETTINGS.salesforceDeletePolicy, 'When Deleted in Salesforce'),
    batchSize: integer(SETTINGS.batchSize, (n) => clampBatchSize(n ?? DEFAULT_SETTINGS.batchSize),
      (n) => (Number.isInteger(n) && n >= 1 && n <= 15 ? null : 'Contacts per Request must be a whole number from 1 to 15 (Oracle\'s connector times out past 15).')),
    maxAttempts: integer(SETTINGS.maxAttempts, (n) => Math.max(1, n ?? DEFAULT_SETTINGS.maxAttempts), range('Max Attempts', 1, 50, 'attempts')),
    importOrphans: checkbox(SETTINGS.importOrphans, DEFAULT_SETTINGS.importOrphans),
    blanksOverwrite: checkbox(SETTINGS.blanksOverwrite, DEFAULT_SETTINGS.blanksOverwrite),
    matchAccountsByName: checkbox(SETTINGS.matchAccountsByName, DEFAULT_SETTINGS.matchAccountsByName),
    pausePush: checkbox(SETTINGS.pausePush, DEFAULT_SETTINGS.pausePush),
    pausePull: checkbox(SETTINGS.pausePull, DEFAULT_SETTINGS.pausePull),
    pushEveryMinutes: integer(SETTINGS.pushEvery, intervalMinutes, interval('Push Every')),
    pullEveryMinutes: integer(SETTINGS.pullEvery, intervalMinutes, interval('Pull Every')),
    apiReservePercent: integer(SETTINGS.apiReserve, (n) => (n !== null && Number.isInteger(n) && n >= 0 && n <= MAX_RESERVE_PERCENT ? n : DEFAULT_SETTINGS.apiReservePercent),
      (n) => (Number.isInteger(n) && n >= 0 && n <= MAX_RESERVE_PERCENT ? null : `Keep in Reserve must be a whole percentage from 0 to ${MAX_RESERVE_PERCENT}.`)),
    duplicateRules: listChoice(SETTINGS.duplicateRules, SETTING_LISTS.duplicateRules, DEFAULT_SETTINGS.duplicateRules, 'Duplicate Rules'),
  },
  connection: {
    loginUrl: {
      ...text(SETTINGS.loginUrl, 'https://login.salesforce.com'),
      problem: (raw) => {
        const value = asText(raw);
        return value === null || (isSalesforceUrl(value) && /^https:\/\/[^/]+\/?$/.test(value)) ? null
          : 'Salesforce Login URL must be https://login.salesforce.com, https://test.salesforce.com or your My Domain URL (https://yourdomain.my.salesforce.com): credentials are sent only to Salesforce\'s own hosts.';
      },
    },
    apiVersion: text(SETTINGS.apiVersion, '62.0', { pattern: /^\d{2,3}\.0$/, message: 'Salesforce API Version must look like 62.0.' }),
    clientId: text(SETTINGS.clientId, ''),
    authFlow: listChoice(SETTINGS.authFlow, SETTING_LISTS.authFlow, 'jwt', 'Salesforce Auth Flow'),
    username: text(SETTINGS.username, ''),
    secretId: text(SETTINGS.secretId, ''),
    certificateId: text(SETTINGS.certificateId, ''),
  },
  pardot: {
    enabled: checkbox(SETTINGS.pardotEnabled, false),
    businessUnitId: text(SETTINGS.pardotBusinessUnit, ''),
    host: {
      field: SETTINGS.pardotHost,
      read: (raw) => (asText(raw) ?? 'https://pi.pardot.com').replace(/\/+$/, ''),
      // Checked whether or not Pardot is on: the host is where the Salesforce token goes once it is.
      problem: (raw) => {
        const value = asText(raw);
        return value === null || (isPardotUrl(value) && /^https:\/\/[^/]+\/?$/.test(value)) ? null : 'Pardot API Host must be https://pi.pardot.com or https://pi.demo.pardot.com.';
      },
    },
    autoCreate: checkbox(SETTINGS.pardotAutoCreate, false),
    autoCreateSince: optionalText(SETTINGS.pardotAutoCreateSince),
    stopPackageFields: checkbox(SETTINGS.pardotStopPackageFields, false),
    excludePartners: checkbox(SETTINGS.pardotExcludePartners, true),
    excludePortal: checkbox(SETTINGS.pardotExcludePortal, true),
    cascadeRep: checkbox(SETTINGS.pardotCascadeRep, false),
    subsidiaryId: optionalText(SETTINGS.pardotSubsidiary),
    connectorCreates: checkbox(SETTINGS.pardotConnectorCreates, false),
  },
  admin: {
    logDays: integer(ADMIN_SETTINGS.logDays, (n) => wholeNumberAtLeastOne(n, DEFAULT_LOG_DAYS), range('Keep Log Entries (days)', 1, MAX_KEEP_DAYS, 'days')),
    failureLogDays: integer(ADMIN_SETTINGS.failureLogDays, (n) => wholeNumberAtLeastOne(n, DEFAULT_FAILURE_LOG_DAYS), range('Keep Failure Log Entries (days)', 1, MAX_KEEP_DAYS, 'days')),
    alertEmails: {
      field: ADMIN_SETTINGS.alertEmails,
      read: asText,
      problem: (raw) => {
        const bad = splitEmails(asText(raw)).filter((e) => !isValidEmail(e));
        return bad.length === 0 ? null : bad.map((e) => `Alert Recipients: "${e}" is not an email address.`).join(' ');
      },
    },
    alertThreshold: integer(ADMIN_SETTINGS.alertThreshold, (n) => wholeNumberAtLeastOne(n, 1), range('Alert Threshold (failures per run)', 1, 100_000, 'failed records')),
  },
  reconcile: {
    every: listChoice(SETTINGS.reconcileEvery, SETTING_LISTS.reconcileEvery, 'weekly', 'Reconcile Every'),
    autoRepair: checkbox(SETTINGS.reconcileAutoRepair, false),
  },
};

/** Settings fields read by their text (SELECT from a custom list). */
export const SELECT_SETTING_FIELDS: ReadonlySet<string> = new Set(Object.values(SETTING_SPECS).flatMap((group) => Object.values(group).flatMap((spec: SettingSpec<unknown>) => (spec.select === true ? [spec.field] : []))));

/** Every settings field id (the columns of the one settings search). */
export const SETTING_FIELDS: readonly string[] = Object.values(SETTING_SPECS).flatMap((group) => Object.values(group).map((spec: SettingSpec<unknown>) => spec.field));

/** Reads a group of settings with `raw` giving each stored value by field id. */
function readGroup<G extends keyof LoadedSettings>(group: G, raw: (field: string) => RawValue): LoadedSettings[G] {
  const specs = SETTING_SPECS[group] as Record<string, SettingSpec<unknown>>;
  // SETTING_SPECS' type gives every key of the group a spec of the right type, so the object built here is complete.
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, spec.read(raw(spec.field))])) as unknown as LoadedSettings[G];
}

/** The settings a run uses; `raw` answers undefined for every field when no settings record exists (all defaults). */
export function readSettings(raw: (field: string) => RawValue): LoadedSettings {
  return { sync: readGroup('sync', raw), connection: readGroup('connection', raw), pardot: readGroup('pardot', raw), admin: readGroup('admin', raw), reconcile: readGroup('reconcile', raw) };
}

/** Recipients as typed: separated by commas, semicolons or white space. */
export function splitEmails(value: string | null): string[] {
  return (value ?? '').split(/[\s,;]+/).map((p) => p.trim()).filter((p) => p !== '');
}

/** Every problem with a settings record, in words an administrator can act on (empty when it is valid). */
export function settingsProblems(raw: (field: string) => RawValue): string[] {
  const problems: string[] = [];
  for (const group of Object.values(SETTING_SPECS)) {
    for (const spec of Object.values(group) as SettingSpec<unknown>[]) {
      const problem = spec.problem(raw(spec.field));
      if (problem !== null) problems.push(problem);
    }
  }
  const value = (field: string): string | null => asText(raw(field));
  // The flow chosen (null when blank or a list value the code does not know, which is refused above).
  const authFlow = SETTING_SPECS.connection.authFlow;
  const flow = authFlow.problem(raw(SETTINGS.authFlow)) === null && value(SETTINGS.authFlow) !== null ? authFlow.read(raw(SETTINGS.authFlow)) : null;
  if (flow === 'client_credentials' && !/^custsecret_\w+$/.test(value(SETTINGS.secretId) ?? '')) problems.push('Client credentials need the id of an API Secret (custsecret_…), never the secret itself.');
  // Salesforce Help, "OAuth 2.0 Client Credentials Flow for Server-to-Server Integration": the token request goes to
  // the org's My Domain; login.salesforce.com and test.salesforce.com do not serve this flow.
  const login = (value(SETTINGS.loginUrl) ?? 'https://login.salesforce.com').toLowerCase();
  if (flow === 'client_credentials' && /^https:\/\/(login|test)\.salesforce\.com\/?$/.test(login)) {
    problems.push('Client credentials sign in at your My Domain URL (https://yourdomain.my.salesforce.com, or …sandbox.my.salesforce.com for a sandbox), not at login.salesforce.com or test.salesforce.com: set Salesforce Login URL to it.');
  }
  if (flow === 'jwt' && (value(SETTINGS.certificateId) === null || value(SETTINGS.username) === null)) problems.push('JWT sign-in needs a Certificate ID (custcertificate_…) and the Salesforce integration username.');
  if (flow !== null && value(SETTINGS.clientId) === null) problems.push('The Salesforce Consumer Key is required.');
  if (asBoolean(raw(SETTINGS.pardotEnabled))) {
    if (!/^0Uv[A-Za-z0-9]{15}$/.test(value(SETTINGS.pardotBusinessUnit) ?? '')) problems.push('Pardot Business Unit ID must be the 18-character id starting with 0Uv.');
  }
  return problems;
}

/**
 * "Automatically create prospects" is not retroactive (seed 003): only records created after it was turned
 * on create prospects. Turning it on stamps the time, turning it off clears it, saving otherwise keeps it.
 */
export function autoCreateSince(wasOn: boolean, isOn: boolean, current: string | null, now: Date): string | null {
  if (!isOn) return null;
  if (!wasOn || current === null) return now.toISOString();
  return current;
}
