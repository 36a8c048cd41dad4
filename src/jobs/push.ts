/**
 * The push map/reduce. Accounts are pushed in the map stage and contacts in the reduce stage: NetSuite finishes
 * every map before the first reduce, so customers reach Salesforce before their contacts. Every batch is one map
 * or reduce invocation (governance resets per invocation) and is idempotent, so a restarted invocation simply
 * runs it again.
 */
import { SCRIPT_PARAMS, SCRIPTS } from '../ids';
import { planBatches, coalesce } from '../core/batching';
import type { Outcome, WorkItem } from '../core/model';
import { pushAccounts, pushContacts, pushDeletes, type PushDeps } from '../core/push';
import { clearPushRequested, loadCurrencyCodes, loadMappings, loadSettings } from '../netsuite/config';
import { unitsLeftFor, unitsRemaining } from '../netsuite/governance';
import * as log from 'N/log';
import { allEntities, closeEntries, contactsOfCustomer, dueEntries, enqueue } from '../netsuite/queue';
import { createRecordReader } from '../netsuite/record-reader';
import { currentDeploymentId, scriptParameter } from '../netsuite/script-context';
import { guarded, type QuotaBreaker } from '../core/quota';
import { isCrmTransportError } from '../core/errors';
import { closeBreakers, openBreakers } from './quota';
import { writeLogRow, logOutcomes } from '../netsuite/sync-log';
import { submitMapReduce } from '../netsuite/tasks';
import { writeBack } from '../netsuite/write-back';
import type { TokenSource } from '../core/ports';
import { newCounters } from '../salesforce/client';
import { pardotClient, salesforceClient, salesforceTokens } from './connections';
import { orgHealth } from './org-health';
import { EXTERNAL_ID_FIELD } from '../core/matching';
import { pushProspects } from '../core/pardot-push';
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
}

export interface BatchStats {
  batches: number;
  records: number;
  byStatus: Record<string, number>;
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
/** A batch of 15 costs ~200 units; below this a reduce leaves the batch queued instead of failing mid-way. */
const MIN_UNITS_FOR_BATCH = 600;

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

export function planRun(runId: string, now: Date, fullSync: boolean): { key: string; work: BatchPayload; lane?: string }[] {
  const { sync } = loadSettings();
  const due = [...dueEntries(now, MAX_ENTRIES_PER_RUN), ...(fullSync ? allEntities() : [])];
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
  const add = (kind: BatchKind, prefix: string, batchItems: readonly WorkItem[]): void => {
    for (const batch of planBatches(batchItems, sync.batchSize, prefix)) plan.push({ key: batch.key, work: { runId, kind, items: batch.items, keepReserve } });
  };
  add('accounts', 'A', customers);
  add('deletes', 'D', deletes);
  add('contacts', 'C', contacts);
  const lanes = contactLanes(plan.filter((b) => b.work.kind === 'contacts'));
  return plan.map((b) => {
    const lane = lanes.get(b.key);
    return lane === undefined ? b : { ...b, lane };
  });
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
  const quota = openBreakers({ runId: payload.runId, keepReserve: payload.keepReserve ?? true, reservePercent: sync.apiReservePercent }, now());
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
  else outcomes = pushContacts(deps, payload.items);
  if (settings.pardot.enabled && payload.kind !== 'deletes') outcomes = [...outcomes, ...pushToPardot(settings, tokens, payload.items, pardotCounters, quota.breakers.pardot)];
  closeBreakers(quota);

  const finished = now();
  writeBack(outcomes, finished);
  closeEntries(outcomes);
  logOutcomes({ runId: payload.runId, direction: 'outbound', system: 'salesforce' }, outcomes, Date.now() - started);

  const stats = emptyStats();
  stats.batches = 1;
  stats.records = payload.items.length;
  for (const outcome of outcomes) {
    stats.byStatus[outcome.status] = (stats.byStatus[outcome.status] ?? 0) + 1;
    stats.byCode[outcome.code] = (stats.byCode[outcome.code] ?? 0) + 1;
  }
  stats.apiCalls = counters.calls;
  stats.pardotCalls = pardotCounters.calls;
  stats.maxRecordsPerRequest = counters.maxRecordsPerRequest;
  stats.limitInfo = counters.limitInfo;
  stats.pardotUsage = pardotCounters.apiUsage;
  stats.unitsUsed = usageAtStart - unitsRemaining();
  return stats;
}

function emptyStats(): BatchStats {
  return { batches: 0, records: 0, byStatus: {}, byCode: {}, apiCalls: 0, pardotCalls: 0, maxRecordsPerRequest: 0, unitsUsed: 0, limitInfo: null, pardotUsage: null };
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
    byCode: sum(total.byCode, add.byCode),
    apiCalls: total.apiCalls + add.apiCalls,
    pardotCalls: total.pardotCalls + add.pardotCalls,
    maxRecordsPerRequest: Math.max(total.maxRecordsPerRequest, add.maxRecordsPerRequest),
    unitsUsed: total.unitsUsed + add.unitsUsed,
    limitInfo: add.limitInfo ?? total.limitInfo,
    pardotUsage: add.pardotUsage ?? total.pardotUsage,
  };
}

/** The same batch to Pardot: contacts and individual customers become prospects. */
function pushToPardot(settings: LoadedSettings, tokens: TokenSource, items: readonly WorkItem[], counters: PardotCounters, breaker: QuotaBreaker): Outcome[] {
  const now = (): Date => new Date();
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
  const subjects = prospectSubjects(items, settings.pardot, userByEmail);
  const pardotSettings = { autoCreate: settings.pardot.autoCreate, autoCreateSince: settings.pardot.autoCreateSince, maxAttempts: settings.sync.maxAttempts };
  return pushProspects({ pardot: client, settings: pardotSettings, now }, subjects);
}

/**
 * Work a run left behind (a lane out of governance, a lost lock) whose items have no queue entry — a customer's
 * cascade or a full sync reaches contacts without one — gets an entry, so the next run takes it instead of losing it.
 * Items with an entry need nothing: their entry was not closed. 6 units per item (the entry's id is not stored on the
 * record), within what summarize has left.
 */
function queueLeftBehind(leftBehind: readonly BatchPayload[]): number {
  let queued = 0;
  const now = new Date();
  for (const item of leftBehind.flatMap((payload) => payload.items)) {
    if (item.queueId !== null) continue;
    if (!unitsLeftFor(200)) break;
    enqueue({ recordType: item.recordType, recordId: item.recordId, customerId: item.customerId, operation: item.operation, externalId: item.externalId, queueId: null, now, rememberOnRecord: false });
    queued += 1;
  }
  return queued;
}

function summarizeRun(run: FinishedRun<string, BatchStats, BatchPayload>): void {
  const stats = run.results.reduce(mergeStats, emptyStats());
  const queuedForLater = queueLeftBehind(run.leftBehind);
  if (queuedForLater > 0) log.audit({ title: 'crmsync push left work for the next run', details: `${queuedForLater} record(s) without a queue entry were queued.` });
  const { errors, summary } = run;
  writeLogRow({ runId: run.runId, direction: 'outbound', system: 'salesforce' }, {
    recordType: 'run', recordId: null, linkable: false, externalId: null, operation: 'run',
    status: errors.length === 0 ? 'Completed' : 'Warning', reason: 'RUN_SUMMARY',
    message: [
      `${stats.records} record(s) in ${stats.batches} batch(es): ${Object.entries(stats.byStatus).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing due'}.`,
      `${stats.apiCalls} Salesforce and ${stats.pardotCalls} Pardot API call(s), ${stats.unitsUsed} units in batches.`,
      ...(errors.length > 0 ? [`${errors.length} invocation error(s): ${errors.slice(0, 3).join(' | ')}`] : []),
    ].join(' '),
    stats: JSON.stringify({ ...stats, errors, usage: summary.usage, seconds: summary.seconds, yields: summary.yields }),
  });
  sendFailureDigest(run.runId, stats.byStatus.Failed ?? 0);

  // Work that arrived during the run gets a follow-up run. After errors or a quota stop the 15-minute schedule retries
  // instead, so a batch that keeps failing cannot chain runs forever. It goes to the on-demand deployment: the
  // scheduled one honours "Push Every" and would hold the follow-up back.
  if (errors.length === 0 && stats.records > 0 && (stats.byStatus.Waiting ?? 0) === 0 && dueEntries(new Date(), 1).length > 0) {
    submitMapReduce(SCRIPTS.mrPush.scriptId, SCRIPTS.mrPush.onDemandDeploymentId, 'follow-up push');
  }
}

export const pushJob: MapReduceJob<string, BatchPayload, BatchStats> = {
  direction: 'push',
  scheduledDeploymentId: SCRIPTS.mrPush.deploymentId,
  // The user events ask for a run at most once per cache lifetime: this run takes what they queued.
  beforeGate: clearPushRequested,
  plan(runId) {
    const fullSync = scriptParameter(SCRIPT_PARAMS.fullSync);
    return { batches: planRun(runId, new Date(), fullSync === true || fullSync === 'T') };
  },
  runsInMap: (payload) => payload.kind !== 'contacts',
  run: runBatch,
  minUnitsForBatch: MIN_UNITS_FOR_BATCH,
  summarize: summarizeRun,
};
