/**
 * Reliability harness shared by the fault, bad-input, convergence and security tests and by the benchmark:
 * a small linked world, change helpers that count what they change, a bounded run-to-quiescence loop, and
 * ONE generic invariant checker. The checker compares every NetSuite record with its Salesforce and Pardot
 * counterparts: a record is either in sync (exactly once) or explained (Failed/Skipped with a reason in the
 * integration log); the queue is drained; nothing is duplicated.
 */
import { EmulatedTimeout, type EmulatedHttpRequest } from '../emulator/http';
import type { BudgetKey } from '../emulator/netsuite/governance';
import type { MapReduceFault, MapReduceReport } from '../emulator/netsuite/runners/map-reduce';
import { ENTITY_FIELDS, LOG, PARDOT_OWNED_FIELDS, QUEUE, SCRIPTS, SETTINGS } from '../../src/ids';
import { REASONS } from '../../src/core/reasons';
import { createWorld, drainPush, PARDOT_SETTINGS, pendingQueue, runPull, SF_INSTANCE, type World, type WorldOptions } from '../scenarios/world';

export { PARDOT_SETTINGS, prospectIdOf, sfIdOf } from '../scenarios/world';

export interface RWorld extends World {
  pardotEnabled: boolean;
  /** Changes made through the helpers below (NetSuite saves, Salesforce and Pardot edits). */
  changes: number;
}

export interface Baseline {
  customers: number[];
  contacts: number[];
  /** Contacts by customer id. */
  byCustomer: Map<number, number[]>;
}

/** Pardot's seeded campaigns (emulator defaults): the pull copies the campaign's name into NetSuite. */
const CAMPAIGNS: Readonly<Record<string, string>> = { 1: 'Website', 2: 'NetSuite Sync' };

export function reliabilityWorld(options: { pardot?: boolean; settings?: Record<string, unknown>; clientSecret?: string; org?: WorldOptions['org'] } = {}): RWorld {
  const world = createWorld({
    settings: { [SETTINGS.batchSize]: 5, ...(options.pardot === true ? PARDOT_SETTINGS : {}), ...options.settings },
    ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
    ...(options.org === undefined ? {} : { org: options.org }),
  });
  return Object.assign(world, { pardotEnabled: options.pardot === true, changes: 0 });
}

export function nsCreateCustomer(world: RWorld, values: Record<string, unknown> = {}): number {
  const customerSeq = world.account.sequence('reliability.customer');
  world.changes += 1;
  const result = world.account.ui.create('customer', { companyname: `Reliable Co ${customerSeq}`, subsidiary: world.subsidiary, currency: world.usd, ...values });
  if (result.id === undefined) throw new Error(`customer not created: ${JSON.stringify(result.error)}`);
  return result.id;
}

export function nsCreateContact(world: RWorld, customerId: number | null, values: Record<string, unknown> = {}): number {
  const contactSeq = world.account.sequence('reliability.contact');
  world.changes += 1;
  const result = world.account.ui.create('contact', {
    firstname: 'Rel', lastname: `Contact ${contactSeq}`, email: `rel${contactSeq}@reliable.example`, subsidiary: world.subsidiary,
    ...(customerId === null ? {} : { company: customerId }), ...values,
  });
  if (result.id === undefined) throw new Error(`contact not created: ${JSON.stringify(result.error)}`);
  return result.id;
}

export function nsEdit(world: RWorld, type: 'contact' | 'customer', id: number, values: Record<string, unknown>, inline = false): void {
  world.changes += 1;
  const result = inline ? world.account.ui.inlineEdit(type, id, values) : world.account.ui.edit(type, id, values);
  if (result.error !== undefined && result.id === undefined) throw new Error(`edit refused: ${JSON.stringify(result.error)}`);
}

/** `stampedAt`: a late commit (a transaction that started then and commits now). */
export function sfEdit(world: RWorld, type: 'Contact' | 'Account', salesforceId: string, values: Record<string, unknown>, stampedAt?: Date): void {
  world.changes += 1;
  world.salesforce.updateAsUser(type, salesforceId, values, stampedAt === undefined ? {} : { stampedAt });
}

export function pdEdit(world: RWorld, prospectId: number, values: Record<string, unknown>): void {
  world.changes += 1;
  world.pardot.updateAsMarketer(prospectId, values);
}

/** Customers with the given contact counts, created as a user would, fully synced both ways. */
export function linkedBaseline(world: RWorld, sizes: readonly number[] = [3, 7]): Baseline {
  const customers: number[] = [];
  const contacts: number[] = [];
  const byCustomer = new Map<number, number[]>();
  for (const size of sizes) {
    const customerId = nsCreateCustomer(world);
    customers.push(customerId);
    const own = Array.from({ length: size }, () => nsCreateContact(world, customerId));
    byCustomer.set(customerId, own);
    contacts.push(...own);
  }
  quiesce(world);
  world.changes = 0;
  return { customers, contacts, byCustomer };
}

/** Longest backoff (6 h cap) plus a minute: every retry is due after one step. */
export const PAST_BACKOFF_MS = 6 * 60 * 60_000 + 60_000;

/**
 * Runs push and pull until nothing is due: the clock moves past the longest backoff each round, the queued
 * push tasks run, then one push and one pull. Bounded; returns the rounds used (the checker reports a queue
 * that did not drain).
 */
export function quiesce(world: World, options: { pull?: boolean; maxRounds?: number } = {}): number {
  const maxRounds = options.maxRounds ?? 12;
  for (let round = 1; round <= maxRounds; round++) {
    world.advance(PAST_BACKOFF_MS);
    drainPush(world);
    world.account.runMapReduce({ scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.onDemandDeploymentId });
    if (options.pull !== false) {
      runPull(world);
      drainPush(world);
    }
    if (round >= 2 && pendingQueue(world).length === 0) return round;
  }
  return maxRounds;
}

export function runPushWithFaults(world: World, faults: MapReduceFault[] = []): MapReduceReport {
  return world.account.runMapReduce({ scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.onDemandDeploymentId, faults });
}

export function runPullWithFaults(world: World, faults: MapReduceFault[] = []): MapReduceReport {
  return world.account.runMapReduce({ scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.onDemandDeploymentId, faults });
}

/** Salesforce applies the request but the answer never arrives (the dangerous timeout: retries must not duplicate). */
export function loseSalesforceResponses(world: World, match: (request: EmulatedHttpRequest) => boolean, times = 1): void {
  let left = times;
  const salesforce = world.salesforce;
  world.account.registerService(SF_INSTANCE, {
    handle(request) {
      const response = salesforce.handle(request);
      if (left > 0 && match(request)) {
        left -= 1;
        throw new EmulatedTimeout();
      }
      return response;
    },
  });
}

/** Runs `body` with a smaller governance budget for one kind of invocation in this world's account (governance exhaustion). */
export function withBudget<T>(world: World, key: BudgetKey, units: number, body: () => T): T {
  const budgets = world.account.budgets;
  const saved = budgets[key];
  budgets[key] = units;
  try {
    return body();
  } finally {
    budgets[key] = saved;
  }
}

/**
 * Faults that actually fired since `from`: HTTP errors and timeouts, per-record transient errors in a 200
 * answer (row locks), invocations cut or killed, batches postponed for lack of governance.
 */
export function faultsFired(world: World, from: { http: number; runs: number; logs: number }): number {
  const http = world.account.httpLog.slice(from.http).filter((h) => h.error !== undefined || (h.response?.code ?? 0) >= 400 || (h.response?.body ?? '').includes('UNABLE_TO_LOCK_ROW')).length;
  const killed = world.account.runs.slice(from.runs).filter((r) => r.killed !== undefined).length;
  const postponed = world.account.logs.slice(from.logs).filter((l) => l.title === 'crmsync batch postponed').length;
  return http + killed + postponed;
}

export function marks(world: World): { http: number; runs: number; logs: number } {
  return { http: world.account.httpLog.length, runs: world.account.runs.length, logs: world.account.logs.length };
}

/** Signs in now so a cached token exists that a fault can then expire (each script has its own PRIVATE cache). */
export function warmToken(world: RWorld, direction: 'push' | 'pull', contactId: number): void {
  if (direction === 'pull') {
    runPull(world);
    return;
  }
  nsEdit(world, 'contact', contactId, { title: 'Before the token expired' }, true);
  drainPush(world);
}

// ───────────────────────────── the invariant checker ─────────────────────────────

export interface InvariantReport {
  /** Records checked (NetSuite contacts and customers, per system). */
  checked: number;
  /** A change that is neither in the other system nor explained (missing or stale value). */
  lost: string[];
  /** More than one counterpart for one record, email or external id. */
  duplicated: string[];
  /** Failed or Skipped with a reason code in the integration log. */
  failedExplained: string[];
  /** Failed or Skipped without a log row that says why. */
  unexplained: string[];
  /** Queue entries still pending, or failed without a Failed record. */
  queue: string[];
}

export function violations(report: InvariantReport): string[] {
  return [...report.lost, ...report.duplicated, ...report.unexplained, ...report.queue];
}

/** Any stored value as text (dates and objects included). */
export function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function norm(value: unknown): string | null {
  if (value === undefined || value === null || value === false) return null;
  const text = show(value).trim();
  return text === '' ? null : text;
}

function lower(value: unknown): string | null {
  return norm(value)?.toLowerCase() ?? null;
}

const CONTACT_PAIRS: readonly (readonly [string, string])[] = [
  ['firstname', 'FirstName'], ['lastname', 'LastName'], ['title', 'Title'], ['phone', 'Phone'], ['mobilephone', 'MobilePhone'], ['salutation', 'Salutation'],
];
const ACCOUNT_PAIRS: readonly (readonly [string, string])[] = [['phone', 'Phone'], ['url', 'Website'], ['billcity', 'BillingCity']];
const PROSPECT_PAIRS: readonly (readonly [string, string])[] = [['firstname', 'firstName'], ['lastname', 'lastName'], ['phone', 'phone']];

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/**
 * Checks every invariant the issue states. `options.expectNoSync` lists records the caller expects to be
 * explained rather than synced (nothing else changes: they are still checked for an explanation).
 */
export function checkInvariants(world: World & { pardotEnabled?: boolean }): InvariantReport {
  const { account, salesforce, pardot } = world;
  const report: InvariantReport = { checked: 0, lost: [], duplicated: [], failedExplained: [], unexplained: [], queue: [] };
  const logs = account.all(LOG.type);
  const explainedBy = (type: string, id: number, system: string): string | null => {
    const row = logs.find((r) => Number(r[LOG.recordId]) === id && r[LOG.recordType] === type && r[LOG.system] === system
      && (r[LOG.status] === 'Failed' || r[LOG.status] === 'Skipped') && show(r[LOG.reason]) in REASONS);
    return row === undefined ? null : show(row[LOG.reason]);
  };
  const sfContacts = salesforce.allContacts();
  const sfAccounts = salesforce.allAccounts();
  const sfContactsByNs = new Map<string, typeof sfContacts>();
  for (const c of sfContacts) {
    const key = norm(c.Oracle_netsuiteid__c);
    if (key !== null) sfContactsByNs.set(key, [...(sfContactsByNs.get(key) ?? []), c]);
  }
  const sfAccountsByNs = new Map<string, typeof sfAccounts>();
  for (const a of sfAccounts) {
    const key = norm(a.Oracle_netsuiteid__c);
    if (key !== null) sfAccountsByNs.set(key, [...(sfAccountsByNs.get(key) ?? []), a]);
  }

  const explain = (label: string, type: string, id: number, system: string, status: unknown): boolean => {
    if (status !== 'Failed' && status !== 'Skipped') return false;
    const reason = explainedBy(type, id, system);
    if (reason === null) report.unexplained.push(`${label}: ${show(status)} without a reason in the log`);
    else report.failedExplained.push(`${label}: ${show(status)} ${reason}`);
    return true;
  };

  for (const customer of account.all('customer')) {
    const id = Number(customer.id);
    const label = `customer ${id} (salesforce)`;
    report.checked += 1;
    const status = customer[ENTITY_FIELDS.status];
    if (explain(label, 'customer', id, 'salesforce', status)) continue;
    const matches = sfAccountsByNs.get(String(id)) ?? [];
    if (status === 'Pending') report.queue.push(`${label}: still Pending`);
    if (matches.length === 0) {
      report.lost.push(`${label}: not in Salesforce (status ${show(status ?? 'none')})`);
      continue;
    }
    if (matches.length > 1) report.duplicated.push(`${label}: ${matches.length} Accounts carry its NetSuite id`);
    const sf = matches[0];
    if (sf === undefined) continue;
    if (norm(customer[ENTITY_FIELDS.salesforceId]) !== sf.Id) report.lost.push(`${label}: linked to ${show(customer[ENTITY_FIELDS.salesforceId])}, Salesforce has ${show(sf.Id)}`);
    if (!customer.isperson && norm(customer.companyname) !== norm(sf.Name)) report.lost.push(`${label}: Name "${show(sf.Name)}" ≠ "${show(customer.companyname)}"`);
    for (const [ns, target] of ACCOUNT_PAIRS) {
      if (norm(customer[ns]) !== norm(sf[target])) report.lost.push(`${label}: ${target} "${show(sf[target])}" ≠ NetSuite ${ns} "${show(customer[ns])}"`);
    }
  }

  const customers = new Map(account.all('customer').map((c) => [String(c.id), c]));
  for (const contact of account.all('contact')) {
    const id = Number(contact.id);
    const label = `contact ${id} (salesforce)`;
    report.checked += 1;
    const status = contact[ENTITY_FIELDS.status];
    if (!explain(label, 'contact', id, 'salesforce', status)) {
      const matches = sfContactsByNs.get(String(id)) ?? [];
      if (status === 'Pending') report.queue.push(`${label}: still Pending`);
      if (matches.length === 0) report.lost.push(`${label}: not in Salesforce (status ${show(status ?? 'none')})`);
      else {
        if (matches.length > 1) report.duplicated.push(`${label}: ${matches.length} Salesforce contacts carry its NetSuite id`);
        const sf = matches[0];
        if (sf !== undefined) {
          if (norm(contact[ENTITY_FIELDS.salesforceId]) !== sf.Id) report.lost.push(`${label}: linked to ${show(contact[ENTITY_FIELDS.salesforceId])}, Salesforce has ${show(sf.Id)}`);
          if (lower(contact.email) !== lower(sf.Email)) report.lost.push(`${label}: Email "${show(sf.Email)}" ≠ "${show(contact.email)}"`);
          for (const [ns, target] of CONTACT_PAIRS) {
            if (norm(contact[ns]) !== norm(sf[target])) report.lost.push(`${label}: ${target} "${show(sf[target])}" ≠ NetSuite ${ns} "${show(contact[ns])}"`);
          }
          const company = customers.get(show(contact.company));
          if (norm(company?.[ENTITY_FIELDS.salesforceId]) !== norm(sf.AccountId)) report.lost.push(`${label}: AccountId ${show(sf.AccountId)} ≠ customer's ${show(company?.[ENTITY_FIELDS.salesforceId])}`);
        }
      }
    }
    if (world.pardotEnabled === true) checkProspect(world, contact, report, explain);
  }

  for (const [email, n] of countBy(sfContacts, (c) => lower(c.Email))) if (n > 1) report.duplicated.push(`Salesforce: ${n} contacts with email ${email}`);
  for (const [key, n] of countBy(sfAccounts, (a) => norm(a.Oracle_netsuiteid__c))) if (n > 1) report.duplicated.push(`Salesforce: ${n} accounts with NetSuite id ${key}`);
  for (const [key, n] of countBy(account.all('contact'), (c) => norm(c[ENTITY_FIELDS.salesforceId]))) if (n > 1) report.duplicated.push(`NetSuite: ${n} contacts linked to Salesforce ${key}`);
  if (world.pardotEnabled === true) {
    const live = pardot.allProspects().filter((p) => !p.isDeleted);
    for (const [email, n] of countBy(live, (p) => lower(p.email))) if (n > 1) report.duplicated.push(`Pardot: ${n} prospects with email ${email}`);
  }

  for (const entry of pendingQueue(world)) report.queue.push(`queue ${show(entry.id)} (${show(entry[QUEUE.recordType])} ${show(entry[QUEUE.recordId])}) still pending: ${show(entry[QUEUE.lastError])}`);
  for (const entry of account.all(QUEUE.type).filter((q) => q[QUEUE.state] === 'failed')) {
    const type = show(entry[QUEUE.recordType]);
    const record = account.get(type, Number(entry[QUEUE.recordId]));
    if (record === undefined) continue;
    if (record[ENTITY_FIELDS.status] !== 'Failed' && record[ENTITY_FIELDS.pardotStatus] !== 'Failed') report.queue.push(`queue ${show(entry.id)}: failed but ${type} ${show(record.id)} is not Failed`);
  }
  return report;
}

function checkProspect(
  world: World,
  contact: Record<string, unknown>,
  report: InvariantReport,
  explain: (label: string, type: string, id: number, system: string, status: unknown) => boolean,
): void {
  const id = Number(contact.id);
  const label = `contact ${id} (pardot)`;
  report.checked += 1;
  const status = contact[ENTITY_FIELDS.pardotStatus];
  if (explain(label, 'contact', id, 'pardot', status)) return;
  if (status === 'Pending') report.queue.push(`${label}: still Pending`);
  const prospectId = Number(contact[ENTITY_FIELDS.pardotId] ?? 0);
  const prospect = prospectId === 0 ? undefined : world.pardot.getProspect(prospectId);
  if (prospect === undefined || prospect.isDeleted) {
    report.lost.push(`${label}: no live prospect (status ${show(status ?? 'none')}, id ${prospectId})`);
    return;
  }
  if (lower(contact.email) !== lower(prospect.email)) report.lost.push(`${label}: email "${show(prospect.email)}" ≠ "${show(contact.email)}"`);
  for (const [ns, target] of [...PROSPECT_PAIRS, ['title', 'jobTitle'] as const]) {
    // Blanks never clear Pardot (the client drops them), so only a NetSuite value must be there.
    if (norm(contact[ns]) !== null && norm(contact[ns]) !== norm(prospect[target])) report.lost.push(`${label}: ${target} "${show(prospect[target])}" ≠ NetSuite ${ns} "${show(contact[ns])}"`);
  }
  // Pardot owns these: NetSuite must hold what Pardot holds.
  const owned: [string, unknown][] = [
    [PARDOT_OWNED_FIELDS.score, prospect.score], [PARDOT_OWNED_FIELDS.grade, prospect.grade], [PARDOT_OWNED_FIELDS.comments, prospect.comments],
    [PARDOT_OWNED_FIELDS.campaign, prospect.campaignId === null || prospect.campaignId === undefined ? null : CAMPAIGNS[show(prospect.campaignId)] ?? show(prospect.campaignId)],
  ];
  for (const [field, expected] of owned) {
    if (norm(contact[field]) !== norm(expected)) report.lost.push(`${label}: NetSuite ${field} "${show(contact[field])}" ≠ Pardot "${String(expected)}"`);
  }
}
