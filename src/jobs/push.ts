/**
 * The push map/reduce. Accounts are pushed in the map stage and contacts in the reduce stage: NetSuite finishes
 * every map before the first reduce, so customers reach Salesforce before their contacts. Every batch is one map
 * or reduce invocation (governance resets per invocation) and is idempotent, so a restarted invocation simply
 * runs it again.
 */
import { LOG, SCRIPT_PARAMS, SCRIPTS } from '../ids';
import * as url from 'N/url';
import { ACCOUNTS_PER_BATCH, groupWrites, planBatches, coalesce, WRITES_PER_GROUP, type Batch } from '../core/batching';
import type { Outcome, WorkItem } from '../core/model';
import { conflictFields, preMatchRequests, pushAccounts, pushContactWrites, pushDeletes, type LinkRead, type PushDeps } from '../core/push';
import { clearPushRequested, loadCurrencyCodes, loadMappings, loadSettings } from '../netsuite/config';
import { unitsLeftFor, unitsRemaining } from '../netsuite/governance';
import * as log from 'N/log';
import { closeEntries, contactsOfCustomer, dueEntries, enqueue, requeueChangedMeanwhile, savedSearchScope, scopeEntities } from '../netsuite/queue';
import { createRecordReader } from '../netsuite/record-reader';
import { currentDeploymentId, scriptParameter } from '../netsuite/script-context';
import { guarded, type QuotaBreaker } from '../core/quota';
import { errorName, isCrmTransportError } from '../core/errors';
import { closeBreakers, openBreakers, quotaStateId } from './quota';
import { countRecords } from '../core/run-counts';
import { writeLogRow, logOutcomes } from '../netsuite/sync-log';
import { submitMapReduce } from '../netsuite/tasks';
import { writeBack } from '../netsuite/write-back';
import type { TokenSource } from '../core/ports';
import { newCounters } from '../salesforce/client';
import { pardotClient, salesforceClient, salesforceTokens } from './connections';
import { orgHealth } from './org-health';
import { buildMatchQueries, EXTERNAL_ID_FIELD, matchUpFront, MAX_MATCH_SOQL_CHARS, type ContactCandidate, type PreMatch } from '../core/matching';
import { pushProspects, subjectKey } from '../core/pardot-push';
import { bulkOutcome, type BulkResult } from '../core/pardot-bulk';
import { forPardot } from '../core/outcomes';
import { bulkResultsFor, knownProspectsFor, pardotUpFront } from './pardot-bulk';
import { newPardotCounters, type PardotCounters } from '../pardot/client';
import { pardotUsers } from '../netsuite/pardot-users';
import { prospectSubjects } from '../netsuite/pardot-subjects';
import type { LoadedSettings } from '../core/settings';
import { sendFailureDigest } from './alerts';
import type { FinishedRun, MapReduceJob } from './map-reduce';

export type BatchKind = 'accounts' | 'contacts' | 'deletes';

export interface BatchPayload {
  runId: string;
  kind: BatchKind;
  items: WorkItem[];
  /** The run keeps the API reserve (scheduled, or more than one record); absent in older payloads: it does. */
  keepReserve?: boolean;
  /** Contacts only: the run's up-front email/id matches for this batch's unlinked contacts (absent: none made). */
  matches?: Record<string, PreMatch>;
  /** The run's up-front Pardot bulk results for this batch's records, by "contact:12" (absent: none). */
  pardot?: Record<string, BulkResult>;
  /** Contacts only: the sizes of the batch's consecutive Salesforce writes (each ≤ 15); absent: one write. */
  writes?: number[];
  /** Contacts only: the run's up-front read of this batch's stored links' targets (absent: the batch reads them). */
  linkRead?: LinkRead;
  /** The quota state record's id (the batch reads it by id, 1 unit, instead of searching for it); absent: search. */
  quotaStateId?: string;
}

export interface BatchStats {
  batches: number;
  records: number;
  /** One status per record (the most urgent of its systems'). */
  byStatus: Record<string, number>;
  /** Per system (salesforce, pardot), one status per record. */
  bySystem: Partial<Record<string, Record<string, number>>>;
  byCode: Record<string, number>;
  apiCalls: number;
  pardotCalls: number;
  maxRecordsPerRequest: number;
  unitsUsed: number;
  limitInfo: string | null;
  /** Last Pardot `x-api-usage` ("used/max" calls today), kept like limitInfo in the run summary's stats JSON. */
  pardotUsage: string | null;
}

/** Most due entries one run takes; the rest wait for the next run (which this run requests). */
const MAX_ENTRIES_PER_RUN = 50_000;
/**
 * A contact batch of four writes (60 contacts) costs about 600 units, up to about 1,800 when each contact also costs a
 * per-record Pardot call; below this a reduce leaves the batch queued instead of failing mid-way.
 */
const MIN_UNITS_FOR_BATCH = 2_000;

/**
 * Contact batches that share a customer form one lane: they run one after another, so two requests never write
 * contacts of one Account at the same time (Salesforce locks the parent Account while it saves a child contact,
 * and a second request would get UNABLE_TO_LOCK_ROW). A lane is named after its first batch.
 */
function contactLanes(batches: readonly { key: string; work: BatchPayload }[]): Map<string, string> {
  const laneOfCustomer = new Map<string, string>();
  const laneOfBatch = new Map<string, string>();
  const parent = new Map<string, string>();
  const root = (key: string): string => {
    let k = key;
    while (parent.get(k) !== k) k = parent.get(k) ?? k;
    return k;
  };
  for (const { key, work } of batches) {
    parent.set(key, key);
    for (const item of work.items) {
      const customer = item.customerId ?? `none:${item.recordId}`;
      const seen = laneOfCustomer.get(customer);
      if (seen === undefined) laneOfCustomer.set(customer, key);
      else if (root(seen) !== root(key)) parent.set(root(key), root(seen));
    }
  }
  for (const { key } of batches) laneOfBatch.set(key, root(key));
  return laneOfBatch;
}

/**
 * Match once, up front: one SOQL per ~500 contacts of the run, five to a /composite request (one API call each),
 * instead of one SOQL in every contact batch. The same queries read the targets of the run's stored links (with the
 * fields the push may write, for its claim and conflict checks), so a batch of linked contacts needs no read of its
 * own. The matches and targets travel in the batch payloads; a batch whose contact changed its email or link
 * meanwhile, or a run where this read failed, reads in the batch as before. Query subrequests of one /composite
 * request are one API call ("The entire series of requests counts as a single call toward your API limits", up to 5
 * query subrequests: REST API Developer Guide, "Send Multiple Requests Using Composite",
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm).
 * A target that is gone by the time its batch writes is caught by the write's own answer: an update by Id never
 * creates, and ENTITY_IS_DELETED retries, so the next run's read decides (see linkGone in src/core/push.ts).
 */
function matchRunUpFront(runId: string, contacts: readonly WorkItem[], keepReserve: boolean): { matches: Map<string, PreMatch>; links: Map<string, string>; linkRead: LinkRead | null; apiCalls: number } {
  const none = { matches: new Map<string, PreMatch>(), links: new Map<string, string>(), linkRead: null, apiCalls: 0 };
  if (contacts.length === 0) return none;
  const settings = loadSettings();
  const { mappings } = loadMappings();
  const rows = createRecordReader(mappings, loadCurrencyCodes()).contacts(contacts.map((i) => i.recordId));
  const { requests, storedIds } = preMatchRequests(contacts, rows, mappings);
  if (requests.length === 0 && storedIds.length === 0) return none;
  const counters = newCounters();
  const tokens = salesforceTokens(settings);
  const quota = openBreakers({ runId, keepReserve, reservePercent: settings.sync.apiReservePercent }, new Date());
  const salesforce = guarded(salesforceClient(settings, tokens, counters), quota.breakers.salesforce, () => counters.limitInfo, () => new Date());
  try {
    const health = orgHealth(settings, salesforce, tokens, mappings);
    const withNetsuiteId = health.available.Contact?.has(EXTERNAL_ID_FIELD) ?? true;
    // Without a readable NetSuite id the stored links cannot be verified up front: their batches read them.
    if (requests.length === 0 && !withNetsuiteId) return none;
    const readAt = new Date().toISOString();
    const results = salesforce.queryMany(buildMatchQueries(requests, storedIds, withNetsuiteId, MAX_MATCH_SOQL_CHARS, conflictFields(health.pushMappings.contact))).flat();
    const links = new Map(contacts.flatMap((i) => {
      const stored = rows.get(i.recordId)?.salesforceId ?? null;
      return stored === null ? [] : [[i.recordId, stored] as const];
    }));
    const linkRead = withNetsuiteId && storedIds.length > 0 ? { readAt, ids: [...new Set(storedIds)], targets: results.filter((r) => typeof r.Id === 'string' && storedIds.includes(r.Id)) } : null;
    return { matches: matchUpFront(requests, results as unknown as ContactCandidate[], storedIds), links, linkRead, apiCalls: counters.calls };
  } catch (error) {
    if (!isCrmTransportError(error)) throw error;
    log.audit({ title: 'crmsync push: up-front matching failed, batches match themselves', details: `${error.code}: ${error.message}` });
    return { ...none, apiCalls: counters.calls };
  } finally {
    closeBreakers(quota);
  }
}

/** A batch's share of the run's up-front link read: the stored links of its contacts (absent: none read). */
function linkReadFor(items: readonly WorkItem[], links: ReadonlyMap<string, string>, read: LinkRead | null): LinkRead | undefined {
  if (read === null) return undefined;
  const asked = new Set(read.ids);
  const ids = [...new Set(items.flatMap((i) => {
    const id = links.get(i.recordId);
    return id !== undefined && asked.has(id) ? [id] : [];
  }))];
  if (ids.length === 0) return undefined;
  return { readAt: read.readAt, ids, targets: read.targets.filter((t) => typeof t.Id === 'string' && ids.includes(t.Id)) };
}

/**
 * The run's batches. `readOnly` (the preview): the up-front Salesforce match still reads, but the Pardot bulk, which
 * writes prospects while planning, is left out — a preview must write nothing to Pardot. A full sync takes the queued
 * changes and the records of its scope: every customer and contact, or those of `savedSearch` (scopeEntities, the
 * same for the push and its preview).
 */
export function planRun(runId: string, now: Date, fullSync: boolean, readOnly = false, savedSearch: string | null = null): { batches: { key: string; work: BatchPayload; lane?: string }[]; apiCalls: number; pardotCalls: number } {
  const settings = loadSettings();
  const { sync } = settings;
  const due = [...dueEntries(now, MAX_ENTRIES_PER_RUN), ...(fullSync ? scopeEntities(savedSearch) : [])];
  const expanded: WorkItem[] = [];
  for (const item of due) {
    expanded.push(item);
    if (item.recordType === 'customer' && item.operation === 'cascade') expanded.push(...contactsOfCustomer(item.recordId));
  }
  const items = coalesce(expanded);
  const deletes = items.filter((i) => i.operation === 'delete');
  const customers = items.filter((i) => i.operation !== 'delete' && i.recordType === 'customer');
  const contacts = items.filter((i) => i.operation !== 'delete' && i.recordType === 'contact');
  const plan: { key: string; work: BatchPayload }[] = [];
  // Only a single record synced on demand ("Sync now", one save) may use the reserve of the daily API allocation.
  const keepReserve = currentDeploymentId() === SCRIPTS.mrPush.deploymentId || items.length > 1;
  const upFront = matchRunUpFront(runId, contacts, keepReserve);
  const pardotBulk = readOnly ? { results: new Map<string, BulkResult>(), calls: 0 } : pardotUpFront(runId, [...customers, ...contacts], keepReserve);
  // Created here when missing (never by a read-only run), so no batch searches for it or races to create it.
  const stateId = items.length === 0 ? null : quotaStateId(!readOnly);
  const add = (kind: BatchKind, prefix: string, batchItems: readonly WorkItem[]): void => {
    const accountsAlone = kind === 'accounts' && !settings.pardot.enabled;
    const bins = accountsAlone ? planBatches(batchItems, ACCOUNTS_PER_BATCH, prefix, ACCOUNTS_PER_BATCH) : planBatches(batchItems, sync.batchSize, prefix);
    // Contact writes go several to a batch (its reads and bookkeeping shared); each stays one request of ≤ 15.
    const batches: (Batch & { writes?: number[] })[] = kind === 'contacts' ? groupWrites(bins, WRITES_PER_GROUP, prefix) : bins;
    for (const batch of batches) {
      const matches = Object.fromEntries(batch.items.flatMap((i) => {
        const match = upFront.matches.get(i.recordId);
        return match === undefined ? [] : [[i.recordId, match] as const];
      }));
      const pardot = bulkResultsFor(pardotBulk.results, batch.items);
      const linkRead = kind === 'contacts' ? linkReadFor(batch.items, upFront.links, upFront.linkRead) : undefined;
      const writes = batch.writes !== undefined && batch.writes.length > 1 ? { writes: batch.writes } : {};
      plan.push({ key: batch.key, work: { runId, kind, items: batch.items, ...writes, keepReserve, ...(Object.keys(matches).length > 0 ? { matches } : {}), ...(pardot === undefined ? {} : { pardot }), ...(linkRead === undefined ? {} : { linkRead }), ...(stateId === null ? {} : { quotaStateId: stateId }) } });
    }
  };
  add('accounts', 'A', customers);
  add('deletes', 'D', deletes);
  add('contacts', 'C', contacts);
  const lanes = contactLanes(plan.filter((b) => b.work.kind === 'contacts'));
  const batches = plan.map((b) => {
    const lane = lanes.get(b.key);
    return lane === undefined ? b : { ...b, lane };
  });
  return { batches, apiCalls: upFront.apiCalls, pardotCalls: pardotBulk.calls };
}

function runBatch(payload: BatchPayload): BatchStats {
  const started = Date.now();
  const usageAtStart = unitsRemaining();
  const settings = loadSettings();
  const { sync } = settings;
  const { mappings } = loadMappings();
  const counters = newCounters();
  const now = (): Date => new Date();
  const tokens = salesforceTokens(settings);
  const quota = openBreakers({ runId: payload.runId, keepReserve: payload.keepReserve ?? true, reservePercent: sync.apiReservePercent, stateId: payload.quotaStateId }, now());
  const salesforce = guarded(salesforceClient(settings, tokens, counters), quota.breakers.salesforce, () => counters.limitInfo, now);
  // Mapping rows to fields the org lacks (or the integration user cannot write) are left out, never failing a batch.
  const pardotCounters = newPardotCounters();
  const health = payload.kind === 'deletes' ? null : orgHealth(settings, salesforce, tokens, mappings, pardotCounters);
  const deps: PushDeps = {
    salesforce,
    reader: createRecordReader(mappings, loadCurrencyCodes()),
    settings: sync,
    mappings: health?.pushMappings ?? mappings,
    now,
    currencies: health?.currencies ?? null,
    ...(health === null ? {} : { org: { externalIdReady: health.externalIdReady, netsuiteIdReadable: health.available.Contact?.has(EXTERNAL_ID_FIELD) ?? true } }),
  };
  let outcomes: Outcome[];
  if (payload.kind === 'accounts') outcomes = pushAccounts(deps, payload.items);
  else if (payload.kind === 'deletes') outcomes = pushDeletes(deps, payload.items);
  else outcomes = pushContactWrites(deps, payload.items, payload.writes ?? [payload.items.length], new Map(Object.entries(payload.matches ?? {})), payload.linkRead);
  if (settings.pardot.enabled && payload.kind !== 'deletes') {
    // The Salesforce ids this batch just got are not written back yet: the connector's prospects carry them.
    const salesforceIds = new Map(outcomes.flatMap((o) => (o.system === 'salesforce' && o.status === 'Completed' && o.externalId !== null ? [[`${o.item.recordType}:${o.item.recordId}`, o.externalId] as const] : [])));
    const gone = new Set(outcomes.filter((o) => o.code === 'RECORD_NOT_FOUND').map((o) => subjectKey(o)));
    const bulk = new Map(Object.entries(payload.pardot ?? {}).filter(([key]) => !gone.has(key)));
    outcomes = [...outcomes, ...pushToPardot(settings, tokens, payload.items, pardotCounters, quota.breakers.pardot, salesforceIds, bulk)];
  }
  closeBreakers(quota);

  const finished = now();
  // The log first: each synced record links to the batch row that logged its success (no extra write: same submitFields).
  const batchRows = logOutcomes({ runId: payload.runId, direction: 'outbound', system: 'salesforce' }, outcomes, Date.now() - started);
  writeBack(outcomes, finished, Object.fromEntries(Object.entries(batchRows).map(([system, id]) => [system, logRowUrl(id)])));
  closeEntries(outcomes);
  requeueChangedMeanwhile(outcomes);

  const stats = emptyStats();
  stats.batches = 1;
  // Records, not outcomes: a record sent to Salesforce and Pardot counts once, with a status per system.
  const counted = countRecords(payload.items, outcomes);
  stats.records = counted.records;
  stats.byStatus = counted.byStatus;
  stats.bySystem = counted.bySystem;
  stats.byCode = counted.byCode;
  stats.apiCalls = counters.calls;
  stats.pardotCalls = pardotCounters.calls;
  stats.maxRecordsPerRequest = counters.maxRecordsPerRequest;
  stats.limitInfo = counters.limitInfo;
  stats.pardotUsage = pardotCounters.apiUsage;
  stats.unitsUsed = usageAtStart - unitsRemaining();
  return stats;
}

/** A URL field holds an absolute URL (NetSuite refuses one without a scheme): the account's UI host and the row's path. */
function logRowUrl(id: string): string {
  return `https://${url.resolveDomain({ hostType: url.HostType.APPLICATION })}${url.resolveRecord({ recordType: LOG.type, recordId: id })}`;
}

function emptyStats(): BatchStats {
  return { batches: 0, records: 0, byStatus: {}, bySystem: {}, byCode: {}, apiCalls: 0, pardotCalls: 0, maxRecordsPerRequest: 0, unitsUsed: 0, limitInfo: null, pardotUsage: null };
}

function mergeStats(total: BatchStats, add: BatchStats): BatchStats {
  const sum = (a: Record<string, number>, b: Record<string, number>): Record<string, number> => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    batches: total.batches + add.batches,
    records: total.records + add.records,
    byStatus: sum(total.byStatus, add.byStatus),
    bySystem: Object.fromEntries([...new Set([...Object.keys(total.bySystem), ...Object.keys(add.bySystem)])]
      .map((system) => [system, sum(total.bySystem[system] ?? {}, add.bySystem[system] ?? {})])),
    byCode: sum(total.byCode, add.byCode),
    apiCalls: total.apiCalls + add.apiCalls,
    pardotCalls: total.pardotCalls + add.pardotCalls,
    maxRecordsPerRequest: Math.max(total.maxRecordsPerRequest, add.maxRecordsPerRequest),
    unitsUsed: total.unitsUsed + add.unitsUsed,
    limitInfo: add.limitInfo ?? total.limitInfo,
    pardotUsage: add.pardotUsage ?? total.pardotUsage,
  };
}

/**
 * The same batch to Pardot: contacts and individual customers become prospects. Records the run's bulk settled take
 * its result (no read, no call); the others are read and synced per record.
 */
function pushToPardot(settings: LoadedSettings, tokens: TokenSource, all: readonly WorkItem[], counters: PardotCounters, breaker: QuotaBreaker, salesforceIds: ReadonlyMap<string, string>, bulk: ReadonlyMap<string, BulkResult>): Outcome[] {
  const now = (): Date => new Date();
  const settled = all.flatMap((item) => {
    const result = bulk.get(subjectKey({ item }));
    return result === undefined ? [] : [forPardot(bulkOutcome(item, result, now(), settings.sync.maxAttempts))];
  });
  const items = all.filter((item) => !bulk.has(subjectKey({ item })));
  if (items.length === 0) return settled;
  const client = guarded(pardotClient(settings, tokens, counters), breaker, () => counters.apiUsage, now);
  let users: Map<string, number> | null = null;
  const userByEmail = (email: string): number | null => {
    try {
      users ??= pardotUsers(() => client.users());
    } catch (error) {
      // Sending to Pardot stopped for quota: every prospect of the batch waits anyway, so no user is needed.
      if (breaker.stop !== null && isCrmTransportError(error)) return null;
      throw error;
    }
    return users.get(email) ?? null;
  };
  const subjects = prospectSubjects(items, settings.pardot, userByEmail).map((s) => ({ ...s, salesforceId: salesforceIds.get(`${s.item.recordType}:${s.item.recordId}`) ?? s.salesforceId ?? null }));
  const pardotSettings = { autoCreate: settings.pardot.autoCreate, autoCreateSince: settings.pardot.autoCreateSince, maxAttempts: settings.sync.maxAttempts, connectorCreates: settings.pardot.connectorCreates };
  return [...settled, ...pushProspects({ pardot: client, settings: pardotSettings, now, knownProspects: knownProspectsFor(client, subjects) }, subjects)];
}

/**
 * Work a run left behind (a lane out of governance, a lost lock) that was not queued — a customer's cascade or a full
 * sync reaches contacts without a queued change — is queued on its record, so the next run takes it instead of losing
 * it. Queued items need nothing: nothing closed them. 5 units per item, within what summarize has left.
 */
function queueLeftBehind(leftBehind: readonly BatchPayload[]): number {
  let queued = 0;
  const now = new Date();
  for (const item of leftBehind.flatMap((payload) => payload.items)) {
    if (item.queueId !== null || item.queuedOnRecord === true) continue;
    if (!unitsLeftFor(200)) break;
    try {
      enqueue({ recordType: item.recordType, recordId: item.recordId, customerId: item.customerId, operation: item.operation, externalId: item.externalId, queueId: null, now });
      queued += 1;
    } catch (error) {
      if (errorName(error) !== 'RCRD_DSNT_EXIST') throw error; // deleted meanwhile: its delete is queued on its own
    }
  }
  return queued;
}

/** The deployment's (or the submitted task's) Full Sync parameter; the run summary records it for the console's checklist. */
function isFullSync(): boolean {
  const fullSync = scriptParameter(SCRIPT_PARAMS.fullSync);
  return fullSync === true || fullSync === 'T';
}

/** The saved search a full sync is scoped to (Full Sync Saved Search: its ID), or null for every record in scope. */
export function fullSyncSearch(): string | null {
  const id = scriptParameter(SCRIPT_PARAMS.fullSyncSearch);
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

function summarizeRun(run: FinishedRun<string, BatchStats, BatchPayload>): void {
  const stats = run.results.reduce(mergeStats, emptyStats());
  // The up-front matching's calls, made in getInputData, count with the batches'.
  const planUsage = run.notes.usage === undefined ? {} : (JSON.parse(run.notes.usage) as { apiCalls?: number; pardotCalls?: number });
  stats.apiCalls += planUsage.apiCalls ?? 0;
  stats.pardotCalls += planUsage.pardotCalls ?? 0;
  const queuedForLater = queueLeftBehind(run.leftBehind);
  if (queuedForLater > 0) log.audit({ title: 'crmsync push left work for the next run', details: `${queuedForLater} record(s) that were not queued were queued.` });
  const { summary } = run;
  const errors = run.notes.scope === undefined ? run.errors : [run.notes.scope, ...run.errors];
  writeLogRow({ runId: run.runId, direction: 'outbound', system: 'salesforce' }, {
    recordType: 'run', recordId: null, linkable: false, externalId: null, operation: 'run',
    status: errors.length === 0 ? 'Completed' : 'Warning', reason: 'RUN_SUMMARY',
    message: [
      `${stats.records} record(s) in ${stats.batches} batch(es): ${Object.entries(stats.byStatus).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing due'}.`,
      `${stats.apiCalls} Salesforce and ${stats.pardotCalls} Pardot API call(s), ${stats.unitsUsed} units in batches.`,
      ...(errors.length > 0 ? [`${errors.length} invocation error(s): ${errors.slice(0, 3).join(' | ')}`] : []),
    ].join(' '),
    stats: JSON.stringify({ ...stats, errors, usage: summary.usage, seconds: summary.seconds, yields: summary.yields, ...(isFullSync() ? (fullSyncSearch() === null ? { fullSync: true } : { fullSyncSearch: fullSyncSearch() }) : {}) }),
  });
  sendFailureDigest(run.runId, stats.byStatus.Failed ?? 0);

  // Work that arrived during the run gets a follow-up run. After errors or a quota stop the 15-minute schedule retries
  // instead, so a batch that keeps failing cannot chain runs forever. It goes to the on-demand deployment: the
  // scheduled one honours "Push Every" and would hold the follow-up back.
  if (errors.length === 0 && stats.records > 0 && (stats.byStatus.Waiting ?? 0) === 0 && dueEntries(new Date(), 1).length > 0) {
    submitMapReduce(SCRIPTS.mrPush.scriptId, SCRIPTS.mrPush.onDemandDeploymentId, 'follow-up push');
  }
  // Records whose Salesforce target was deleted or merged wait for the pull to decide (it asks for a push once it did).
  if ((stats.byCode.SF_REMOVAL_PENDING_PULL ?? 0) > 0) {
    submitMapReduce(SCRIPTS.mrPull.scriptId, SCRIPTS.mrPull.onDemandDeploymentId, 'pull for records removed in Salesforce');
  }
  // Records that cannot rule out a prospect stored in another case wait for a Pardot pull to read the business unit.
  if ((stats.byCode.PARDOT_CASE_UNCHECKED ?? 0) > 0) {
    submitMapReduce(SCRIPTS.mrPull.scriptId, SCRIPTS.mrPull.onDemandDeploymentId, 'pull before creating Pardot prospects');
  }
}

export const pushJob: MapReduceJob<string, BatchPayload, BatchStats> = {
  direction: 'push',
  scheduledDeploymentId: SCRIPTS.mrPush.deploymentId,
  // The user events ask for a run at most once per cache lifetime: this run takes what they queued.
  beforeGate: clearPushRequested,
  plan(runId) {
    // A full sync scoped to a saved search that is gone (or no longer a contact or customer search) is not run — never
    // widened to every record; the run still sends what is queued, and its summary says why the full sync was not run.
    const scope = isFullSync() ? fullSyncSearch() : null;
    const refused = scope === null ? null : savedSearchScope(scope);
    const fullSync = isFullSync() && typeof refused !== 'string';
    const planned = planRun(runId, new Date(), fullSync, false, scope);
    const notes = { usage: JSON.stringify({ apiCalls: planned.apiCalls, pardotCalls: planned.pardotCalls }), ...(typeof refused === 'string' ? { scope: `The full sync was not run: ${refused}` } : {}) };
    return { batches: planned.batches, notes };
  },
  runsInMap: (payload) => payload.kind !== 'contacts',
  run: runBatch,
  minUnitsForBatch: MIN_UNITS_FOR_BATCH,
  summarize: summarizeRun,
};
