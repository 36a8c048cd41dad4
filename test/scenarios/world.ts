/**
 * A complete test world: an emulated NetSuite account running the built bundle, wired to the Salesforce
 * and Pardot emulators, with the CRM Sync settings record and the JWT certificate in place. Scenarios,
 * the demo and the benchmark all start here.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import type { FormatPreferences } from '../emulator/netsuite/format-util';
import { EmulatedAccount } from '../emulator/netsuite/account';
import { ACCOUNT_VARIANTS, type AccountVariant } from '../emulator/netsuite/profile';
import { SalesforceEmulator, type SalesforceEmulatorOptions } from '../emulator/salesforce';
import { PardotEmulator, type PardotEmulatorOptions } from '../emulator/pardot';
import { ENTITY_FIELDS, LOG, QUEUE, REPORT, REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS, SCRIPTS, SETTINGS } from '../../src/ids';
import { SETTING_LIST_CHOICES, SETTING_SPECS, type SettingSpec } from '../../src/core/settings';

export const SF_INSTANCE = 'acme.my.salesforce.com';
export const SF_CLIENT_ID = '3MVG9-crmsync-consumer-key';
export const SF_USERNAME = 'integration@acme.example';
export const SF_INTEGRATION_USER = '005000000000INTAAA';
export const CERTIFICATE_ID = 'custcertificate_crmsync_sf';
export const PARDOT_BUSINESS_UNIT = '0Uv5g000000CRMSYNC';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

export interface WorldOptions {
  settings?: Record<string, unknown>;
  start?: Date;
  /** Another SDF project to run instead of this bundle (the benchmark's naive baseline). */
  projectRoot?: string;
  /** Enables Salesforce's client-credentials grant with this secret (stored as an API Secret, never in a field). */
  clientSecret?: string;
  /** Which kind of NetSuite account (default oneWorldMultiCurrency; see test/emulator/README.md, "Account variants"). */
  variant?: AccountVariant;
  /** Salesforce org variant (test/emulator/salesforce/README.md, "Org variants"). */
  org?: Partial<SalesforceEmulatorOptions>;
  /** Pardot business unit variant (daily/concurrent limits, email matching …). */
  pardotOptions?: Partial<PardotEmulatorOptions>;
  /**
   * The business unit runs Account Engagement's Salesforce connector with "Automatically create prospects … if they
   * are created as a Lead or Contact in Salesforce" (seed 003): every Contact with an email that Salesforce creates
   * becomes a prospect carrying its CRM id.
   */
  pardotConnector?: boolean;
  /** The user's date, time and time zone preferences (Set Preferences); default M/D/YYYY, h:mm a, America/Los_Angeles. */
  format?: Partial<FormatPreferences>;
}

export interface World {
  account: EmulatedAccount;
  salesforce: SalesforceEmulator;
  pardot: PardotEmulator;
  now: () => Date;
  advance: (ms: number) => void;
  variant: AccountVariant;
  /** Currency and subsidiary record ids; 0 where the variant has no such record type (single currency, not OneWorld). */
  usd: number;
  eur: number;
  subsidiary: number;
}

/**
 * The value to store in a settings list field for a choice, e.g. `choose(SETTINGS.authFlow, 'client_credentials')`:
 * the list value's internal id, its position in Objects/customlist_….xml (as NetSuite stores a SELECT).
 */
export function choose(field: string, key: string): string {
  const spec = Object.values(SETTING_SPECS).flatMap((group) => Object.values(group) as (SettingSpec<unknown> & { list?: keyof typeof SETTING_LIST_CHOICES })[]).find((s) => s.field === field);
  if (spec?.list === undefined) throw new Error(`${field} is not a settings list field`);
  const index = SETTING_LIST_CHOICES[spec.list].findIndex((v) => v.key === key);
  if (index < 0) throw new Error(`${key} is not a value of ${spec.list}`);
  return String(index + 1);
}

export function createWorld(options: WorldOptions = {}): World {
  const start = options.start ?? new Date('2026-03-02T09:00:00.000Z');
  const variant = options.variant ?? 'oneWorldMultiCurrency';
  const account = new EmulatedAccount({
    projectRoot: options.projectRoot ?? join(__dirname, '..', '..'), now: () => start, features: ACCOUNT_VARIANTS[variant], ...(options.format === undefined ? {} : { format: options.format }),
  });
  // One clock for every system: the account's (scripts' Date reads it too).
  const now = (): Date => account.clock.now();
  const salesforce = new SalesforceEmulator({
    instanceHost: SF_INSTANCE, clientId: SF_CLIENT_ID, jwtPublicKeyPem: keys.publicKey, username: SF_USERNAME,
    integrationUserId: SF_INTEGRATION_USER, now, ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    ...options.org,
  });
  account.registerService('login.salesforce.com', salesforce);
  account.registerService(SF_INSTANCE, salesforce);
  account.certificates.set(CERTIFICATE_ID, { privateKeyPem: keys.privateKey });
  const pardot = new PardotEmulator({ businessUnitId: PARDOT_BUSINESS_UNIT, validateToken: (token) => salesforce.isTokenValid(token), now, ...options.pardotOptions });
  if (options.pardotConnector === true) {
    salesforce.onRecordCreated((type, record) => {
      if (type !== 'Contact' || typeof record.Email !== 'string' || record.Email === '') return;
      pardot.seedProspect({ email: record.Email, firstName: record.FirstName, lastName: record.LastName, salesforceContactId: record.Id, salesforceId: record.Id });
    });
  }
  account.registerService('pi.pardot.com', pardot);
  const multiCurrency = account.features.has('MULTICURRENCY');
  const usd = multiCurrency ? account.seed('currency', { name: 'US Dollar', symbol: 'USD' }) : 0;
  const eur = multiCurrency ? account.seed('currency', { name: 'Euro', symbol: 'EUR' }) : 0;
  const subsidiary = account.features.has('SUBSIDIARIES') ? account.seed('subsidiary', { name: 'Acme US', ...(multiCurrency ? { currency: usd } : {}) }) : 0;
  account.seed(SETTINGS.type, {
    name: 'CRM Sync Settings',
    [SETTINGS.loginUrl]: 'https://login.salesforce.com',
    [SETTINGS.apiVersion]: '62.0',
    [SETTINGS.clientId]: SF_CLIENT_ID,
    [SETTINGS.authFlow]: choose(SETTINGS.authFlow, 'jwt'),
    [SETTINGS.username]: SF_USERNAME,
    [SETTINGS.certificateId]: CERTIFICATE_ID,
    [SETTINGS.parentFirst]: true,
    [SETTINGS.skipInactive]: true,
    ...options.settings,
  });
  return { account, salesforce, pardot, now, advance: (ms) => { account.clock.advance(ms); }, variant, usd, eur, subsidiary };
}

/** Settings that turn the Pardot (Account Engagement) sync on, against the Pardot emulator. */
export const PARDOT_SETTINGS = {
  [SETTINGS.pardotEnabled]: true,
  [SETTINGS.pardotBusinessUnit]: PARDOT_BUSINESS_UNIT,
  [SETTINGS.pardotHost]: 'https://pi.pardot.com',
  [SETTINGS.pardotAutoCreate]: true,
  [SETTINGS.pardotAutoCreateSince]: '2026-01-01T00:00:00.000Z',
} as const;

/** A world with the Pardot sync on (plus any other settings). */
export function pardotWorld(settings: Record<string, unknown> = {}, variant?: AccountVariant): World {
  return createWorld({ settings: { ...PARDOT_SETTINGS, ...settings }, ...(variant === undefined ? {} : { variant }) });
}

/** The subsidiary and currency a new customer gets in this world (none where the account has no such field). */
export function customerClassification(world: World): Record<string, number> {
  return { ...(world.subsidiary === 0 ? {} : { subsidiary: world.subsidiary }), ...(world.usd === 0 ? {} : { currency: world.usd }) };
}

export function seedCustomer(world: World, values: Record<string, unknown> = {}): number {
  return world.account.seed('customer', {
    companyname: `Customer ${Math.random().toString(36).slice(2, 8)}`, isperson: false, ...customerClassification(world), ...values,
  });
}

/** Creates a customer and its contacts as a user would (user events fire and queue them). */
export function createCustomerWithContacts(world: World, contacts: number, values: Record<string, unknown> = {}): { customerId: number; contactIds: number[] } {
  const { id } = world.account.ui.create('customer', { companyname: `Company ${Math.random().toString(36).slice(2, 8)}`, ...customerClassification(world), ...values });
  const customerId = Number(id);
  const contactIds = Array.from({ length: contacts }, (_, i) => Number(world.account.ui.create('contact', {
    firstname: 'Contact', lastname: `Number ${i + 1}`, email: `c${customerId}-${i + 1}@example.com`, company: customerId,
    ...(world.subsidiary === 0 ? {} : { subsidiary: world.subsidiary }),
  }).id));
  return { customerId, contactIds };
}

/** Runs the push the way NetSuite would: whatever the user events and the push itself queued, to the end. */
export function drainPush(world: World): void {
  world.account.runQueuedTasks({ maxRuns: 100 });
}

export function runPush(world: World, params: Record<string, unknown> = {}) {
  return world.account.runMapReduce({ scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.onDemandDeploymentId, params });
}

export function runPull(world: World) {
  return world.account.runMapReduce({ scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.onDemandDeploymentId });
}

export function logRows(world: World): Record<string, unknown>[] {
  return world.account.all(LOG.type);
}

export function logReasons(world: World, recordId?: number): string[] {
  return logRows(world)
    .filter((r) => recordId === undefined || Number(r[LOG.recordId]) === recordId)
    .map((r) => String(r[LOG.reason]));
}

const RECORD_QUEUE_FIELDS = [ENTITY_FIELDS.queuedChange, ENTITY_FIELDS.changedAt, ENTITY_FIELDS.nextAttempt, ENTITY_FIELDS.attempts] as const;

/**
 * Every change waiting for the push, as rows shaped like the queue custom record's: the changes queued on contacts and
 * customers (the record is its own entry, src/netsuite/queue.ts) and the pending entries of the queue custom record
 * (deletes). Tests read QUEUE.recordType, recordId, operation, attempts, changedAt and nextAttempt from either.
 */
export function pendingQueue(world: World): Record<string, unknown>[] {
  const onRecords = (['customer', 'contact'] as const).flatMap((type) => world.account.all(type)
    .filter((r) => typeof r[ENTITY_FIELDS.queuedChange] === 'string' && r[ENTITY_FIELDS.queuedChange] !== '')
    .map((r) => ({
      id: `${type}:${String(r.id)}`, [QUEUE.state]: 'pending', [QUEUE.recordType]: type, [QUEUE.recordId]: Number(r.id),
      [QUEUE.operation]: r[ENTITY_FIELDS.queuedChange], [QUEUE.attempts]: Number(r[ENTITY_FIELDS.attempts] ?? 0),
      [QUEUE.changedAt]: r[ENTITY_FIELDS.changedAt], [QUEUE.nextAttempt]: r[ENTITY_FIELDS.nextAttempt],
      [QUEUE.lastError]: [r[ENTITY_FIELDS.lastError], r[ENTITY_FIELDS.pardotError]].filter((e) => typeof e === 'string' && e !== '').join('\n'),
    })));
  return [...onRecords, ...world.account.all(QUEUE.type).filter((r) => r[QUEUE.state] === 'pending')];
}

/**
 * Where a record's change stands in the queue: 'pending' (queued on the record or in a pending entry), 'failed' (its
 * last push failed and nothing is queued), 'done' (sent), or null (never queued).
 */
export function queueStateOf(world: World, type: 'contact' | 'customer', id: number): 'pending' | 'failed' | 'done' | null {
  const rec = world.account.get(type, id);
  if (rec === undefined) return null;
  if (pendingQueue(world).some((q) => q[QUEUE.recordType] === type && Number(q[QUEUE.recordId]) === id)) return 'pending';
  if (rec[ENTITY_FIELDS.changedAt] === undefined || rec[ENTITY_FIELDS.changedAt] === null || rec[ENTITY_FIELDS.changedAt] === '') return null;
  return rec[ENTITY_FIELDS.status] === 'Failed' || rec[ENTITY_FIELDS.pardotStatus] === 'Failed' ? 'failed' : 'done';
}

/** The whole queue as text — the queue custom record and every record's queued-change fields — to show nothing was queued. */
export function queueSnapshot(world: World): string {
  const onRecords = (['customer', 'contact'] as const).flatMap((type) => world.account.all(type).map((r) => [type, r.id, ...RECORD_QUEUE_FIELDS.map((f) => r[f] ?? null)]));
  return JSON.stringify({ entries: world.account.all(QUEUE.type), onRecords });
}

/**
 * A user saves `values` on a contact while the push's first contact write is on the wire (after the batch read the
 * record, before its write-back); with `failWrite` that write then fails with a 503 (retried). Returns whether the save
 * happened.
 */
export function saveDuringContactWrite(world: World, contactId: number, values: Record<string, unknown>, failWrite: boolean): () => boolean {
  let saved = false;
  world.salesforce.injectFault({
    match: (request) => {
      if (saved || request.method !== 'PATCH' || !request.url.includes('/composite/sobjects/Contact/')) return false;
      saved = true;
      world.advance(1_000);
      world.account.ui.inlineEdit('contact', contactId, values);
      return failWrite;
    },
    respond: { code: 503, headers: {}, body: '' },
  });
  return () => saved;
}

/** The Salesforce id stored on a NetSuite record ('' when it has none). */
export function sfIdOf(world: World, type: 'contact' | 'customer', id: number): string {
  const value = world.account.get(type, id)?.[ENTITY_FIELDS.salesforceId];
  return typeof value === 'string' ? value : '';
}

/** The Pardot prospect id stored on a NetSuite record (0 when it has none). */
export function prospectIdOf(world: World, type: 'contact' | 'customer', id: number): number {
  return Number(world.account.get(type, id)?.[ENTITY_FIELDS.pardotId] ?? 0);
}

export function syncStatus(world: World, type: 'contact' | 'customer', id: number): { status: unknown; salesforceId: unknown; lastError: unknown } {
  const row = world.account.get(type, id) ?? {};
  return { status: row[ENTITY_FIELDS.status], salesforceId: row[ENTITY_FIELDS.salesforceId], lastError: row[ENTITY_FIELDS.lastError] };
}

/**
 * A customer with contacts, fully pushed and pulled once, so both sides are linked and the watermarks are set (the
 * first pull reads only our own writes); the clock then moves on a minute.
 */
export function linkedWorld(contacts: number, settings: Record<string, unknown> = {}): World & { customerId: number; contactIds: number[] } {
  const world = createWorld({ settings });
  const created = createCustomerWithContacts(world, contacts);
  drainPush(world);
  runPull(world);
  world.advance(60_000);
  return Object.assign(world, created);
}

/** Runs reconcile on demand; `repair`: "all" or record keys ("contact:12,customer:3"). */
export function runReconcile(world: World, repair?: string) {
  return world.account.runMapReduce({
    scriptId: REPORT_SCRIPTS.mrReconcile.scriptId, deploymentId: REPORT_SCRIPTS.mrReconcile.onDemandDeploymentId,
    params: repair === undefined ? {} : { [REPORT_SCRIPT_PARAMS.repair]: repair },
  });
}

/** Report rows (reconcile and preview) with their JSON bodies parsed. */
export function reportRows(world: World, job: 'reconcile' | 'preview', kind?: string): { runId: string; kind: string; body: unknown }[] {
  return world.account.all(REPORT.type)
    .filter((r) => r[REPORT.job] === job && (kind === undefined || r[REPORT.kind] === kind))
    .map((r) => ({ runId: String(r[REPORT.runId]), kind: String(r[REPORT.kind]), body: JSON.parse(String(r[REPORT.body])) as unknown }));
}
