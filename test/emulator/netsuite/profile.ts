/**
 * AccountProfile: what an emulated account is, fixed when it is created — its SDF objects and record schema, the
 * features it has, the records every account starts with, the defaults a save fills in, its governance budgets and
 * its administrator. Later variants (OneWorld or not, multi-currency or not, other features and roles) are other
 * profiles; nothing here is shared between accounts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FORMAT, type FormatPreferences } from './format-util';
import { BUDGETS, type BudgetKey } from './governance';
import { readObjects, type ObjectsIndex } from './objects';
import { Schema } from './schema';

export interface EmulatedUser {
  id: number;
  name: string;
  email: string;
  role: number;
  roleId: string;
  roleCenter: string;
  subsidiary: number;
  department: number;
  location: number;
  contact: number;
}

/** A record every account of this profile starts with (seeded with this id, validated like any seed). */
export interface BaselineRecord {
  type: string;
  id: number;
  values: Record<string, unknown>;
}

/** Values a create fills in when the script or user left them empty (select ids as strings). */
export interface RecordDefaults {
  subsidiary: string;
  currency: string;
  customerStatus: string;
}

export interface AccountProfile {
  readonly accountId: string;
  /** Holds Objects/ and FileCabinet/ (and, when installed, node_modules/@hitc/netsuite-types for record.Type). */
  readonly projectRoot: string;
  readonly objects: ObjectsIndex;
  readonly schema: Schema;
  /** record.Type and search.Type: enum key → record type id. */
  readonly recordTypes: Readonly<Record<string, string>>;
  /** runtime.isFeatureInEffect. */
  readonly features: ReadonlySet<string>;
  readonly format: FormatPreferences;
  /** Unknown field ids throw SSS_INVALID_FIELD_ID (see AccountOptions.strictFieldIds). */
  readonly strictFieldIds: boolean;
  /** Usage budget per invocation kind; the account copies them so a test can lower one for that account only. */
  readonly budgets: Readonly<Record<BudgetKey, number>>;
  readonly defaults: RecordDefaults;
  /** The employee scripts run as when no one is signed in (scheduled and map/reduce scripts, seeds). */
  readonly administrator: Readonly<EmulatedUser>;
  readonly baseline: readonly BaselineRecord[];
}

export interface ProfileOptions {
  projectRoot: string;
  accountId?: string;
  user?: Partial<EmulatedUser>;
  format?: Partial<FormatPreferences>;
  strictFieldIds?: boolean;
  features?: Iterable<string>;
  budgets?: Partial<Record<BudgetKey, number>>;
}

/** Features of the default profile: a OneWorld, multi-currency account with team selling. */
export const DEFAULT_FEATURES = ['SUBSIDIARIES', 'MULTICURRENCY', 'TEAMSELLING', 'SERVERSIDESCRIPTING'] as const;

/** The account variants scenario tests run in (features are runtime.isFeatureInEffect ids). */
export const ACCOUNT_VARIANTS = {
  /** OneWorld + Multiple Currencies: today's default. */
  oneWorldMultiCurrency: DEFAULT_FEATURES,
  /** OneWorld with one currency: no currency record type, no currency field. */
  oneWorldSingleCurrency: ['SUBSIDIARIES', 'TEAMSELLING', 'SERVERSIDESCRIPTING'],
  /** A non-OneWorld, single-currency account: neither subsidiaries nor currencies. */
  singleCompany: ['TEAMSELLING', 'SERVERSIDESCRIPTING'],
} as const satisfies Record<string, readonly string[]>;
export type AccountVariant = keyof typeof ACCOUNT_VARIANTS;

export function buildProfile(options: ProfileOptions): AccountProfile {
  const objects = readObjects(options.projectRoot);
  const features = new Set(options.features ?? DEFAULT_FEATURES);
  const administrator: EmulatedUser = {
    id: -5, name: 'Emulated Admin', email: 'admin@example.com', role: 3, roleId: 'administrator', roleCenter: 'BASIC',
    subsidiary: 1, department: 0, location: 0, contact: 0, ...(options.user ?? {}),
  };
  return {
    accountId: options.accountId ?? 'TSTDRV0000001',
    projectRoot: options.projectRoot,
    objects,
    schema: new Schema(objects, features),
    recordTypes: readRecordTypes(options.projectRoot),
    features,
    format: { ...DEFAULT_FORMAT, ...(options.format ?? {}) },
    strictFieldIds: options.strictFieldIds ?? true,
    budgets: { ...BUDGETS, ...(options.budgets ?? {}) },
    defaults: { subsidiary: '1', currency: '1', customerStatus: '13' },
    administrator: Object.freeze(administrator),
    baseline: baselineRecords(administrator).filter((r) => (r.type !== 'subsidiary' || features.has('SUBSIDIARIES')) && (r.type !== 'currency' || features.has('MULTICURRENCY')))
      .map((r) => (r.type === 'subsidiary' && !features.has('MULTICURRENCY') ? { ...r, values: { name: r.values.name } } : r)),
  };
}

function baselineRecords(administrator: EmulatedUser): BaselineRecord[] {
  const [first, ...rest] = administrator.name.split(' ');
  return [
    { type: 'currency', id: 1, values: { name: 'US Dollar', symbol: 'USD', exchangerate: 1 } },
    { type: 'subsidiary', id: 1, values: { name: 'Parent Company', currency: 1 } },
    { type: 'salesrole', id: -2, values: { name: 'Sales Rep' } },
    { type: 'customerstatus', id: 13, values: { name: 'CUSTOMER-Closed Won' } },
    { type: 'customerstatus', id: 6, values: { name: 'LEAD-Unqualified' } },
    { type: 'customerstatus', id: 10, values: { name: 'PROSPECT-In Discussion' } },
    {
      type: 'employee', id: administrator.id,
      values: { firstname: first ?? 'Admin', lastname: rest.join(' ') || 'Admin', email: administrator.email, issalesrep: true },
    },
  ];
}

/** record.Type, read from the typings installed in the project so it matches NetSuite's list; a small list otherwise. */
function readRecordTypes(projectRoot: string): Record<string, string> {
  const out: Record<string, string> = {
    CONTACT: 'contact', CUSTOMER: 'customer', EMPLOYEE: 'employee', PARTNER: 'partner', SUBSIDIARY: 'subsidiary', CURRENCY: 'currency',
    SALES_ORDER: 'salesorder', INVOICE: 'invoice', VENDOR: 'vendor', LEAD: 'lead', PROSPECT: 'prospect', SCRIPT_DEPLOYMENT: 'scriptdeployment',
  };
  const file = join(projectRoot, 'node_modules/@hitc/netsuite-types/N/record.d.ts');
  if (existsSync(file)) {
    const block = /export enum Type \{([\s\S]*?)\}/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
    for (const m of block.matchAll(/(\w+)\s*=\s*['"]([\w]+)['"]/g)) out[m[1]!] = m[2]!;
  }
  return out;
}
