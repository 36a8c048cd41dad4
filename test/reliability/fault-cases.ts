/**
 * The fault table: for each step of push and pull, the faults the issue names, each run in a fresh linked world,
 * then run to quiescence and judged by the one invariant checker. Restart sweeps cut one map/reduce invocation
 * after each of its governed calls in turn (token, query, collection write, Pardot, write-back, queue update,
 * log write — whatever that invocation does), so every cut point is covered without naming them by hand.
 * Shared by test/reliability/faults.test.ts and the benchmark.
 */
import type { EmulatedHttpRequest, EmulatedHttpResponse } from '../emulator/http';
import type { MapReduceStageName } from '../emulator/netsuite/runners/map-reduce';
import { salesforceError } from '../emulator/salesforce';
import type { Meter } from '../emulator/netsuite/governance';
import { LOG } from '../../src/ids';
import {
  checkInvariants, faultsFired, linkedBaseline, loseSalesforceResponses, marks, nsCreateContact, nsCreateCustomer, nsEdit, pdEdit,
  prospectIdOf, quiesce, warmToken, reliabilityWorld, runPullWithFaults, runPushWithFaults, sfEdit, sfIdOf, withBudget,
  type Baseline, type InvariantReport, type RWorld,
} from './harness';

export type Direction = 'push' | 'pull';

export interface FaultCase {
  name: string;
  direction: Direction;
  step: string;
  fault: string;
  pardot?: boolean;
  /** Runs before the changes are made (e.g. a sign-in whose token the fault then expires). */
  before?(world: RWorld, base: Baseline): void;
  /** Injects the fault before the changes' run (after the changes were made). */
  inject(world: RWorld, base: Baseline): void;
  /** The faulted run; defaults to one push or pull run. */
  run?(world: RWorld): void;
  /** Undoes a lasting condition (an exhausted API allocation) before the run to quiescence. */
  recover?(world: RWorld): void;
}

export interface FaultResult {
  name: string;
  direction: Direction;
  step: string;
  fault: string;
  changes: number;
  faults: number;
  rounds: number;
  report: InvariantReport;
  /** Log rows RETRIES_EXHAUSTED written during the case. */
  exhausted: number;
}

// ───────────────────────────── request matchers and wire answers ─────────────────────────────

const path = (r: EmulatedHttpRequest): string => new URL(r.url).pathname;
export const isToken = (r: EmulatedHttpRequest): boolean => path(r).endsWith('/services/oauth2/token');
export const isQuery = (r: EmulatedHttpRequest): boolean => r.method === 'GET' && /\/query(All)?(\/|$)/.test(path(r)); // the pull reads through /queryAll
export const isQueryMore = (r: EmulatedHttpRequest): boolean => r.method === 'GET' && /\/query\/.+/.test(path(r));
export const isContactUpsert = (r: EmulatedHttpRequest): boolean => r.method === 'PATCH' && path(r).endsWith('/composite/sobjects/Contact/Oracle_netsuiteid__c');
/** A /composite request (one API call) whose subrequests include `url` (a batch's update and upsert go together). */
const isCompositeWith = (r: EmulatedHttpRequest, url: RegExp): boolean => r.method === 'POST' && path(r).endsWith('/composite') && url.test(r.body);
export const isAccountUpsert = (r: EmulatedHttpRequest): boolean => (r.method === 'PATCH' && path(r).endsWith('/composite/sobjects/Account/Oracle_netsuiteid__c'))
  || isCompositeWith(r, /\/composite\/sobjects\/Account\/Oracle_netsuiteid__c/);
/** The run's up-front email/id match: query subrequests in one /composite request. */
export const isUpFrontMatch = (r: EmulatedHttpRequest): boolean => isCompositeWith(r, /"url":"[^"]*\/query\?q=/);
export const isUpdate = (r: EmulatedHttpRequest): boolean => r.method === 'PATCH' && path(r).endsWith('/composite/sobjects');
// v5 writes and v4 batch writes (the bulk path for runs of PARDOT_BULK_MIN+ records).
const isProspectWrite = (r: EmulatedHttpRequest): boolean => r.method !== 'GET' && (path(r).includes('/prospects') || path(r).includes('/api/prospect/version/4/'));
const isProspectQuery = (r: EmulatedHttpRequest): boolean => r.method === 'GET' && path(r).endsWith('/prospects');

const SF_503 = salesforceError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please try again later.');
const SF_LIMIT = salesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
const SF_429: EmulatedHttpResponse = { code: 429, headers: { 'Content-Type': 'text/plain' }, body: 'Too Many Requests' };
const SF_401 = salesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
const TOKEN_503: EmulatedHttpResponse = { code: 503, headers: { 'Content-Type': 'text/html' }, body: '<html>Service Unavailable</html>' };
const TOKEN_400: EmulatedHttpResponse = { code: 400, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: 'invalid_grant', error_description: 'user hasn\'t approved this consumer' }) };
const PD_503: EmulatedHttpResponse = { code: 503, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 1, message: 'Service Unavailable' }) };

function lockedRow(ids: string): EmulatedHttpResponse {
  return { code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ids.split(',').map(() => ({ success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] }))) };
}

// ───────────────────────────── the changes every case makes ─────────────────────────────

/**
 * NetSuite changes: five contact edits (one batch), a new contact (email match query), a customer edit
 * (Account in the map stage) and a new customer with a contact (parent first). Nine changes.
 */
export function pushChanges(world: RWorld, base: Baseline): void {
  const round = world.account.sequence('reliability.round');
  const big = base.customers[1] ?? 0;
  for (const id of (base.byCustomer.get(big) ?? []).slice(0, 5)) nsEdit(world, 'contact', id, { title: `Title r${round} ${id}` });
  nsCreateContact(world, base.customers[0] ?? null);
  nsEdit(world, 'customer', base.customers[0] ?? 0, { phone: `+1 555 01${String(round % 100).padStart(2, '0')}` });
  const fresh = nsCreateCustomer(world);
  nsCreateContact(world, fresh);
}

/** Salesforce (and Pardot) changes: three titles, a mobile, an Account phone, a new contact on a synced Account; two prospects. */
export function pullChanges(world: RWorld, base: Baseline): void {
  const round = world.account.sequence('reliability.round');
  for (const id of base.contacts.slice(0, 3)) sfEdit(world, 'Contact', sfIdOf(world, 'contact', id), { Title: `SF title r${round} ${id}` });
  sfEdit(world, 'Contact', sfIdOf(world, 'contact', base.contacts[4] ?? 0), { MobilePhone: `+44 20 7946 ${String(round % 10000).padStart(4, '0')}` });
  sfEdit(world, 'Account', sfIdOf(world, 'customer', base.customers[0] ?? 0), { Phone: `+1 555 02${String(round % 100).padStart(2, '0')}` });
  world.changes += 1;
  world.salesforce.seedContact({ FirstName: 'From', LastName: `Salesforce r${round}`, Email: `sf-new-r${round}@reliable.example`, AccountId: sfIdOf(world, 'customer', base.customers[1] ?? 0) });
  if (world.pardotEnabled) {
    pdEdit(world, prospectIdOf(world, 'contact', base.contacts[5] ?? 0), { score: 10 + round, comments: `Asked r${round}` });
    pdEdit(world, prospectIdOf(world, 'contact', base.contacts[6] ?? 0), { campaignId: round % 2 === 0 ? 1 : 2 });
  }
}

// ───────────────────────────── the table ─────────────────────────────

const sf = (name: string, step: string, fault: string, inject: FaultCase['inject'], extra: Partial<FaultCase> = {}): FaultCase => ({ name, direction: 'push', step, fault, inject, ...extra });
const pull = (name: string, step: string, fault: string, inject: FaultCase['inject'], extra: Partial<FaultCase> = {}): FaultCase => ({ name, direction: 'pull', step, fault, inject, ...extra });
const fresh = (world: RWorld): void => {
  world.account.evictCaches(); // the next invocation must ask for a token
};

export const FAULT_CASES: readonly FaultCase[] = [
  // push: token
  sf('push token 503', 'token request', '503', (w) => { fresh(w); w.salesforce.injectFault({ match: isToken, respond: TOKEN_503, times: 3 }); }),
  sf('push token timeout', 'token request', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { fresh(w); w.salesforce.injectFault({ match: isToken, respond: 'timeout', times: 2 }); }),
  sf('push token refused', 'token request', '400 invalid_grant', (w) => { fresh(w); w.salesforce.injectFault({ match: isToken, respond: TOKEN_400, times: 2 }); }),
  // push: SOQL match query
  sf('push query 503', 'SOQL query', '503', (w) => { w.salesforce.injectFault({ match: isQuery, respond: SF_503, times: 2 }); }),
  sf('push query limit', 'SOQL query', 'REQUEST_LIMIT_EXCEEDED (403)', (w) => { w.salesforce.injectFault({ match: isQuery, respond: SF_LIMIT, times: 2 }); }),
  sf('push query timeout', 'SOQL query', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { w.salesforce.injectFault({ match: isQuery, respond: 'timeout' }); }),
  sf('push query 401', 'SOQL query', '401 expiry', (w) => { w.salesforce.injectFault({ match: isQuery, respond: SF_401 }); }),
  // push: the run's up-front match (a /composite of queries in getInputData); its batches then match themselves
  sf('push up-front match 503', 'SOQL query', '503', (w) => { w.salesforce.injectFault({ match: isUpFrontMatch, respond: SF_503, times: 2 }); }),
  sf('push up-front match timeout', 'SOQL query', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { w.salesforce.injectFault({ match: isUpFrontMatch, respond: 'timeout' }); }),
  // push: collection writes
  sf('push account upsert 503', 'collection write', '503', (w) => { w.salesforce.injectFault({ match: isAccountUpsert, respond: SF_503, times: 2 }); }),
  sf('push contact upsert 503', 'collection write', '503', (w) => { w.salesforce.injectFault({ match: isContactUpsert, respond: SF_503, times: 2 }); }),
  sf('push update 503', 'collection write', '503', (w) => { w.salesforce.injectFault({ match: isUpdate, respond: SF_503, times: 2 }); }),
  sf('push update limit', 'collection write', 'REQUEST_LIMIT_EXCEEDED (403)', (w) => { w.salesforce.injectFault({ match: isUpdate, respond: SF_LIMIT, times: 3 }); }),
  sf('push update 429', 'collection write', '429 Too Many Requests', (w) => { w.salesforce.injectFault({ match: isUpdate, respond: SF_429, times: 2 }); }),
  sf('push update row lock', 'collection write', 'UNABLE_TO_LOCK_ROW', (w, b) => {
    w.salesforce.lockRows((b.byCustomer.get(b.customers[1] ?? 0) ?? []).slice(0, 3).map((id) => sfIdOf(w, 'contact', id)), { attempts: 2 });
  }),
  sf('push update row lock (whole answer)', 'collection write', 'UNABLE_TO_LOCK_ROW', (w) => {
    w.salesforce.injectFault({ match: isUpdate, respond: lockedRow('a,b,c,d,e') });
  }),
  sf('push contact upsert timeout', 'collection write', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { w.salesforce.injectFault({ match: isContactUpsert, respond: 'timeout' }); }),
  sf('push contact upsert applied, answer lost', 'collection write', 'timeout after processing', (w) => { loseSalesforceResponses(w, isContactUpsert, 1); }),
  sf('push account upsert applied, answer lost', 'collection write', 'timeout after processing', (w) => { loseSalesforceResponses(w, isAccountUpsert, 1); }),
  sf('push update applied, answer lost', 'collection write', 'timeout after processing', (w) => { loseSalesforceResponses(w, isUpdate, 2); }),
  sf('push update 401 then renewed', 'collection write', '401 expiry', (w) => { w.salesforce.injectFault({ match: isUpdate, respond: SF_401 }); }),
  sf('push every token expired', 'collection write', '401 expiry', (w) => { w.salesforce.expireAllTokens(); }, { before: (w, b) => { warmToken(w, 'push', b.contacts[0] ?? 0); } }),
  sf('push 401 twice (sign-in does not help)', 'collection write', '401 expiry', (w) => { w.salesforce.injectFault({ match: isUpdate, respond: SF_401, times: 2 }); }),
  sf('push daily API allocation used up', 'every call', 'REQUEST_LIMIT_EXCEEDED (403)', (w) => { w.salesforce.setApiUsage(100_000); }, { recover: (w) => { w.salesforce.setApiUsage(0); } }),
  sf('push 503 storm', 'every call', '503', (w) => { w.salesforce.unavailable(6); }),
  // push: limits that outlast the attempts (a limit must never exhaust a record's retries)
  sf('push daily limit for 10 runs', 'every call', 'REQUEST_LIMIT_EXCEEDED (403) across runs', (w) => { w.salesforce.setApiUsage(100_000); }, {
    run: (w) => { outlast(w, () => { w.salesforce.setApiUsage(100_000); }); },
    recover: (w) => { w.salesforce.setApiUsage(0); },
  }),
  sf('pardot daily limit for 10 runs', 'Pardot call', 'Pardot 122 across runs', (w) => { w.pardot.injectFault({ match: isProspectWrite, respond: limit(122), times: 1000 }); }, {
    pardot: true, run: (w) => { outlast(w, () => undefined); },
  }),
  sf('pardot concurrency limit for 10 runs', 'Pardot call', 'Pardot 66 across runs', (w) => { w.pardot.injectFault({ match: isProspectWrite, respond: limit(66), times: 1000 }); }, {
    pardot: true, run: (w) => { outlast(w, () => undefined); },
  }),
  // push: governance
  sf('push accounts out of governance', 'map invocation', 'SSS_USAGE_LIMIT_EXCEEDED', () => undefined, { run: (w) => { withBudget(w, 'map', 40, () => runPushWithFaults(w)); } }),
  sf('push contacts below the batch guard', 'reduce invocation', 'governance guard (postponed)', () => undefined, { run: (w) => { withBudget(w, 'reduce', 590, () => runPushWithFaults(w)); } }),
  // push: Pardot
  sf('pardot push 66', 'Pardot call', 'Pardot 66 (concurrency)', (w) => { w.pardot.injectFault({ match: isProspectWrite, respond: limit(66), times: 2 }); }, { pardot: true }),
  sf('pardot push 122', 'Pardot call', 'Pardot 122 (daily limit)', (w) => { w.pardot.injectFault({ match: isProspectWrite, respond: limit(122), times: 3 }); }, { pardot: true }),
  sf('pardot push 184 once', 'Pardot call', 'Pardot 184 (token)', (w) => { w.pardot.invalidTokenNext(); }, { pardot: true }),
  sf('pardot push 184 twice', 'Pardot call', 'Pardot 184 (token)', (w) => { w.pardot.injectFault({ match: isProspectWrite, respond: invalidToken(), times: 2 }); }, { pardot: true }),
  sf('pardot push timeout', 'Pardot call', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { w.pardot.injectFault({ match: isProspectWrite, respond: 'timeout' }); }, { pardot: true }),
  sf('pardot push applied, answer lost', 'Pardot call', 'timeout after processing', (w) => { w.pardot.timeoutNext({ afterProcessing: true }); w.pardot.timeoutNext({ afterProcessing: true }); }, { pardot: true }),
  sf('pardot push XML auth failure', 'Pardot call', 'Pardot 201 (XML)', (w) => { w.pardot.xmlAuthFailureNext(); }, { pardot: true }),
  sf('pardot push 503', 'Pardot call', '503', (w) => { w.pardot.injectFault({ match: isProspectWrite, respond: PD_503, times: 2 }); }, { pardot: true }),
  // pull
  pull('pull token 503', 'token request', '503', (w) => { fresh(w); w.salesforce.injectFault({ match: isToken, respond: TOKEN_503 }); }),
  pull('pull token timeout', 'token request', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { fresh(w); w.salesforce.injectFault({ match: isToken, respond: 'timeout' }); }),
  pull('pull query 503', 'SOQL query', '503', (w) => { w.salesforce.injectFault({ match: isQuery, respond: SF_503 }); }),
  pull('pull second query 503', 'SOQL query', '503', (w) => { w.salesforce.injectFault({ match: isQuery, respond: SF_503, nth: 2 }); }),
  pull('pull query limit', 'SOQL query', 'REQUEST_LIMIT_EXCEEDED (403)', (w) => { w.salesforce.injectFault({ match: isQuery, respond: SF_LIMIT }); }),
  pull('pull query timeout', 'SOQL query', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { w.salesforce.injectFault({ match: isQuery, respond: 'timeout', nth: 2 }); }),
  pull('pull query 401', 'SOQL query', '401 expiry', (w) => { w.salesforce.expireAllTokens(); }, { before: (w, b) => { warmToken(w, 'pull', b.contacts[0] ?? 0); } }),
  pull('pull queryMore 503', 'SOQL queryMore', '503', (w) => { w.salesforce.setQueryPageSize(2); w.salesforce.injectFault({ match: isQueryMore, respond: SF_503, nth: 2 }); }, {
    recover: (w) => { w.salesforce.setQueryPageSize(undefined); },
  }),
  pull('pull contacts out of governance', 'write to NetSuite', 'SSS_USAGE_LIMIT_EXCEEDED', () => undefined, { run: (w) => { withBudget(w, 'reduce', 45, () => runPullWithFaults(w)); } }),
  pull('pull accounts out of governance', 'write to NetSuite', 'SSS_USAGE_LIMIT_EXCEEDED', () => undefined, { run: (w) => { withBudget(w, 'map', 25, () => runPullWithFaults(w)); } }),
  pull('pardot pull 66', 'Pardot query', 'Pardot 66 (concurrency)', (w) => { w.pardot.injectFault({ match: isProspectQuery, respond: limit(66) }); }, { pardot: true }),
  pull('pardot pull 122', 'Pardot query', 'Pardot 122 (daily limit)', (w) => { w.pardot.injectFault({ match: isProspectQuery, respond: limit(122) }); }, { pardot: true }),
  pull('pardot pull 184 twice', 'Pardot query', 'Pardot 184 (token)', (w) => { w.pardot.injectFault({ match: isProspectQuery, respond: invalidToken(), times: 2 }); }, { pardot: true }),
  pull('pardot pull timeout', 'Pardot query', 'SSS_REQUEST_TIME_EXCEEDED', (w) => { w.pardot.injectFault({ match: isProspectQuery, respond: 'timeout' }); }, { pardot: true }),
];

/** Ten scheduled runs 15 minutes apart (more than the 8 attempts) while the limit lasts. */
function outlast(world: RWorld, keep: () => void): void {
  for (let run = 0; run < 10; run++) {
    world.advance(15 * 60_000);
    keep();
    runPushWithFaults(world);
  }
}

function limit(code: 66 | 122): EmulatedHttpResponse {
  return { code: 429, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, message: code === 66 ? 'Too many concurrent API requests' : 'Daily API rate limit met' }) };
}

function invalidToken(): EmulatedHttpResponse {
  return { code: 401, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 184, message: 'access_token is invalid, unknown, or malformed: Inactive token' }) };
}

export function runFaultCase(c: FaultCase): FaultResult {
  const world = reliabilityWorld({ pardot: c.pardot === true });
  const base = linkedBaseline(world);
  c.before?.(world, base);
  if (c.direction === 'push') pushChanges(world, base);
  else pullChanges(world, base);
  const from = marks(world);
  c.inject(world, base);
  if (c.run !== undefined) c.run(world);
  else if (c.direction === 'push') runPushWithFaults(world);
  else runPullWithFaults(world);
  const faults = faultsFired(world, from);
  world.salesforce.clearFaults();
  world.pardot.clearFaults();
  c.recover?.(world);
  const rounds = quiesce(world);
  const exhausted = world.account.all(LOG.type).filter((r) => r[LOG.reason] === 'RETRIES_EXHAUSTED').length;
  return { name: c.name, direction: c.direction, step: c.step, fault: c.fault, changes: world.changes, faults, rounds, report: checkInvariants(world), exhausted };
}

// ───────────────────────────── restart sweeps ─────────────────────────────

export interface SweepSpec {
  name: string;
  direction: Direction;
  stage: MapReduceStageName;
  pardot: boolean;
  /** Steps the sweep must cut after (proves the cut points cover them). */
  mustReach?: readonly string[];
  /** The changes of one round; they must land in one invocation of `stage` (the busiest one is cut). */
  change(world: RWorld, base: Baseline, round: number): void;
}

export interface SweepPoint {
  cutAfter: number;
  /** The governed call the invocation was cut after (from a traced clean run of the same changes). */
  reached: string;
  report: InvariantReport;
}

export interface SweepResult {
  name: string;
  direction: Direction;
  stage: MapReduceStageName;
  governedCalls: number;
  changes: number;
  faults: number;
  points: SweepPoint[];
}

export const SWEEPS: readonly SweepSpec[] = [
  {
    name: 'push contacts batch (Salesforce + Pardot)', direction: 'push', stage: 'reduce', pardot: true,
    // The Salesforce sign-in happens in the plan now (it reads the stored links' targets up front), so the batch uses
    // the cached token: the token request cut point is reached in 'push plan (getInputData)' below.
    mustReach: ['collection write', 'Pardot call', 'write-back to NetSuite record', 'queue/state update', 'custom record write (log/queue/state)'],
    // 4 records: below PARDOT_BULK_MIN, so the batch itself calls Pardot per record (the bulk has its own sweep below).
    change: (w, b, r) => { for (const id of (b.byCustomer.get(b.customers[1] ?? 0) ?? []).slice(0, 4)) nsEdit(w, 'contact', id, { title: `Cut r${r} ${id}` }, true); },
  },
  {
    // 6 records: the run writes them to Pardot in bulk (v4 batch calls) while it plans; a restart plans again, finds
    // the prospects it made and updates them by id instead of creating them twice.
    name: 'push plan with the Pardot bulk (getInputData)', direction: 'push', stage: 'getInputData', pardot: true,
    mustReach: ['Pardot call'],
    change: (w, b, r) => { for (const id of (b.byCustomer.get(b.customers[1] ?? 0) ?? []).slice(0, 3)) nsEdit(w, 'contact', id, { title: `Bulk r${r} ${id}` }, true); for (let i = 0; i < 3; i++) nsCreateContact(w, b.customers[1] ?? null); },
  },
  {
    // The email match was made up front (getInputData), so the batch itself only writes.
    name: 'push new contacts batch (matched up front, create)', direction: 'push', stage: 'reduce', pardot: false,
    mustReach: ['collection write', 'write-back to NetSuite record'],
    change: (w, b) => { for (let i = 0; i < 3; i++) nsCreateContact(w, b.customers[1] ?? null); },
  },
  {
    name: 'push accounts batch', direction: 'push', stage: 'map', pardot: false,
    change: (w, b, r) => { for (const id of b.customers) nsEdit(w, 'customer', id, { phone: `+1 555 03${String(r % 100).padStart(2, '0')}` }, true); },
  },
  {
    name: 'push plan (getInputData)', direction: 'push', stage: 'getInputData', pardot: false,
    mustReach: ['token request'],
    // A new contact makes the plan match it up front (the up-front /composite query is one of the cut points).
    change: (w, b, r) => { nsEdit(w, 'contact', b.contacts[0] ?? 0, { title: `Plan r${r}` }, true); nsCreateContact(w, b.customers[1] ?? null); },
  },
  {
    name: 'push summarize', direction: 'push', stage: 'summarize', pardot: false,
    change: (w, b, r) => { nsEdit(w, 'contact', b.contacts[1] ?? 0, { title: `Summary r${r}` }, true); },
  },
  {
    name: 'pull contacts batch (write to NetSuite)', direction: 'pull', stage: 'reduce', pardot: false,
    mustReach: ['write-back to NetSuite record', 'NetSuite record create', 'custom record write (log/queue/state)'],
    change: (w, b, r) => {
      for (const id of b.contacts.slice(0, 4)) sfEdit(w, 'Contact', sfIdOf(w, 'contact', id), { Title: `Pulled r${r} ${id}` });
      w.changes += 1;
      w.salesforce.seedContact({ LastName: `New r${r}`, Email: `sweep-r${r}@reliable.example`, AccountId: sfIdOf(w, 'customer', b.customers[0] ?? 0) });
    },
  },
  {
    name: 'pull accounts batch', direction: 'pull', stage: 'map', pardot: false,
    change: (w, b, r) => { for (const id of b.customers) sfEdit(w, 'Account', sfIdOf(w, 'customer', id), { Phone: `+1 555 04${String(r % 100).padStart(2, '0')}` }); },
  },
  {
    name: 'pull prospects batch (Pardot → NetSuite)', direction: 'pull', stage: 'reduce', pardot: true,
    change: (w, b, r) => { for (const id of b.contacts.slice(0, 3)) pdEdit(w, prospectIdOf(w, 'contact', id), { score: r * 3, comments: `Sweep r${r}` }); },
  },
  {
    name: 'pull plan (getInputData)', direction: 'pull', stage: 'getInputData', pardot: true,
    change: (w, b, r) => { sfEdit(w, 'Contact', sfIdOf(w, 'contact', b.contacts[2] ?? 0), { Title: `Plan r${r}` }); pdEdit(w, prospectIdOf(w, 'contact', b.contacts[3] ?? 0), { score: r }); },
  },
  {
    name: 'pull summarize (watermark commit)', direction: 'pull', stage: 'summarize', pardot: false,
    mustReach: ['queue/state update'],
    change: (w, b, r) => { sfEdit(w, 'Contact', sfIdOf(w, 'contact', b.contacts[3] ?? 0), { Title: `Mark r${r}` }); },
  },
];

interface TracedCall {
  meter: Meter;
  api: string;
  units: number;
  /** Index the call's entry will have in account.httpLog (for https requests). */
  http: number;
}

/** Records every governed call of a run (which invocation made it, what it was), to name the cut points. */
function traceGovernedCalls<T>(world: RWorld, body: () => T): { result: T; calls: TracedCall[] } {
  const calls: TracedCall[] = [];
  world.account.onGovernedCall = (meter, api, units) => {
    calls.push({ meter, api, units, http: world.account.httpLog.length });
  };
  try {
    return { result: body(), calls };
  } finally {
    world.account.onGovernedCall = null;
  }
}

/** What a governed call was, in the words of the steps. */
function stepOf(world: RWorld, call: TracedCall): string {
  if (call.api === 'https.request') {
    const url = world.account.httpLog[call.http]?.url ?? '';
    if (url.includes('pardot')) return 'Pardot call';
    if (url.includes('/oauth2/token')) return 'token request';
    if (url.includes('/query')) return 'SOQL query';
    if (url.includes('/composite/')) return 'collection write';
    // A /composite request: the up-front match (queries) or a batch's writes; the body tells which.
    if (url.endsWith('/composite')) return world.account.httpLog[call.http]?.body?.includes('/query?q=') === true ? 'SOQL query' : 'collection write';
    return 'other HTTP';
  }
  if (call.api === 'record.submitFields') return call.units === 2 ? 'queue/state update' : 'write-back to NetSuite record';
  // Queue entries and run locks are closed by compare-and-set: the load of a custom record starts the update.
  if (call.api === 'record.load' && call.units === 2) return 'queue/state update';
  if (call.api === 'record.create' || call.api === 'Record.save') return call.units <= 4 ? 'custom record write (log/queue/state)' : 'NetSuite record create';
  if (call.api.startsWith('cache.')) return 'settings cache';
  return 'search/read';
}

/** The invocation's own calls: its budget (map 1,000, reduce 5,000, input/summarize 10,000) and its call count. */
function invocationCalls(calls: readonly TracedCall[], budget: number, stage: MapReduceStageName, governedCalls: number): TracedCall[] {
  const meters = [...new Set(calls.map((c) => c.meter))].filter((m) => m.limit === budget && m.governedCalls === governedCalls);
  const meter = stage === 'summarize' ? meters[meters.length - 1] : meters[0];
  return calls.filter((c) => c.meter === meter);
}

export function runSweep(spec: SweepSpec, options: { maxPoints?: number } = {}): SweepResult {
  const world = reliabilityWorld({ pardot: spec.pardot });
  const base = linkedBaseline(world);
  const run = (faults: Parameters<typeof runPushWithFaults>[1]) => (spec.direction === 'push' ? runPushWithFaults(world, faults) : runPullWithFaults(world, faults));
  // Calibrate: a clean run says how many governed calls invocation 1 of the stage makes.
  let r = 0;
  spec.change(world, base, ++r);
  world.advance(60_000);
  const { result: clean, calls } = traceGovernedCalls(world, () => run([]));
  const stageReport = spec.stage === 'getInputData' ? clean.stages.input : clean.stages[spec.stage];
  // The busiest invocation of the stage is the one doing the round's work (others are echoes or pass-throughs).
  const counts = stageReport.reports.map((x) => x.governedCalls);
  const governedCalls = Math.max(0, ...counts);
  const invocation = counts.indexOf(governedCalls) + 1;
  const sequence = invocationCalls(calls, world.account.budgets[spec.stage], spec.stage, governedCalls).map((c) => stepOf(world, c));
  quiesce(world);
  world.changes = 0;
  const points: SweepPoint[] = [];
  let faults = 0;
  const last = Math.min(governedCalls, options.maxPoints ?? governedCalls);
  for (let cut = 1; cut <= last; cut++) {
    spec.change(world, base, ++r);
    world.advance(60_000);
    const from = marks(world);
    const report = run([{ stage: spec.stage, invocation, afterGovernedCalls: cut }]);
    const restarts = (spec.stage === 'getInputData' ? report.stages.input : report.stages[spec.stage]).restarts;
    faults += restarts > 0 ? 1 : faultsFired(world, from);
    quiesce(world);
    points.push({ cutAfter: cut, reached: sequence[cut - 1] ?? 'unknown', report: checkInvariants(world) });
  }
  return { name: spec.name, direction: spec.direction, stage: spec.stage, governedCalls, changes: world.changes, faults, points };
}
