/**
 * Reconcile: the drift report with repair. getInputData lists every linked contact and customer (one paged search per
 * type) and finds counterparts linked twice; each map invocation takes up to 400 linked records of one type and one
 * system, reads them in NetSuite (the push's record reader), in Salesforce (one SOQL `WHERE Id IN (…)` per batch) or
 * in Pardot (one id-range query), compares them field by field (src/core/drift.ts) and, only when it found something,
 * writes one report page. A run asked to repair (the console's Repair, or "Repair Drift Automatically" on a scheduled
 * run) hands the records it finds drifted to the reduce stage, 25 to an invocation, with the counterparts the map stage
 * read (no second read of Salesforce or Pardot); each is repaired field by field as ownership says, through the normal
 * queue and pull.
 * Nothing is written to Salesforce, Pardot, the synced records or the queue when nothing drifted.
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS, REPORT_SCRIPT_PARAMS, REPORT_SCRIPTS } from '../ids';
import {
  describeRepair, linkedTwice, RECONCILE_BATCH, reconcileDue, MAX_QUERY_URI_BYTES, pardotDrift, parseRepairTargets, queriesByIds, repairPlan, salesforceDrift, withoutFields,
  type DriftEntry, type DriftSystem,
} from '../core/drift';
import { buildAccountPayload, buildContactPayload } from '../core/mapping/build-payload';
import { buildProspectPayload } from '../core/mapping/to-pardot-prospect';
import { decideProspect, type ProspectChange } from '../core/pardot-pull';
import { pullFields, type SalesforceRow } from '../core/pull';
import type { NsContact, NsCustomer, NsRecordType, WorkItem } from '../core/model';
import { explain } from '../core/reasons';
import { serializeSnapshot, changedSince } from '../core/snapshot';
import { asText } from '../core/field-values';
import { loadCurrencyCodes, loadMappings, loadSettings } from '../netsuite/config';
import { unitsLeftFor, unitsRemaining } from '../netsuite/governance';
import { enqueue } from '../netsuite/queue';
import { createRecordReader } from '../netsuite/record-reader';
import { linkedRecords, type LinkedRecord } from '../netsuite/reconcile-reads';
import { writeReportPage } from '../netsuite/reports';
import { currentDeploymentId, scriptParameter } from '../netsuite/script-context';
import { findState, writeState } from '../netsuite/state';
import { writeLogRow } from '../netsuite/sync-log';
import { updateEntity } from '../netsuite/entity-writes';
import { prospectSubjects } from '../netsuite/pardot-subjects';
import { prospectLookups } from '../netsuite/pardot-people';
import { newCounters } from '../salesforce/client';
import { newPardotCounters } from '../pardot/client';
import type { ProspectRow as PardotProspectRow } from '../pardot/types';
import { pardotClient, salesforceClient, salesforceTokens } from './connections';
import { orgHealth } from './org-health';
import { runPullBatch } from './pull';
import { applyProspect, PROSPECT_FIELDS, toChange } from './pardot-pull';
import { stageErrors } from './map-reduce';

/**
 * Drifted records one reduce invocation repairs: a repair costs up to about 30 units per record (the merge base write,
 * the queue entry, the log row, the pull's write) and a reduce invocation has 5,000 (SuiteScript 2.x map/reduce
 * governance); the counterparts travel from the map stage, so a repair reads Salesforce and Pardot no more.
 */
export const REPAIR_BATCH = 25;
/** Units a repair must find left before it starts; below that the record stays reported for the next Repair. */
const UNITS_PER_REPAIR = 60;
const LAST_RUN_KEY = 'last-run:reconcile';

export type RepairTargets = 'all' | string[] | null;

/** Drifted records of one batch, with the counterparts the map stage read for them, for the reduce stage to repair. */
interface RepairWork {
  batch: ReconcileBatch;
  /** Salesforce rows (by Id) or Pardot prospects of these links; a link without one is missing. */
  rows: unknown[];
}

interface ReconcileBatch {
  runId: string;
  system: DriftSystem;
  recordType: NsRecordType;
  links: { id: string; externalId: string }[];
  /** "all", record keys ("contact:12") to repair, or null: report only. */
  repair: RepairTargets;
}

export interface ReconcileResult {
  checked: number;
  differs: number;
  missing: number;
  linkedTwice: number;
  repaired: number;
  salesforceCalls: number;
  pardotCalls: number;
  units: number;
}

/** What the console shows of a run (the summary page's body). */
export interface ReconcileSummary extends ReconcileResult {
  runId: string;
  finishedAt: string;
  repair: RepairTargets;
  batches: number;
  errors: string[];
}

const keyOf = (recordType: NsRecordType, id: string): string => `${recordType}:${id}`;

function wanted(repair: RepairTargets, drift: DriftEntry): boolean {
  if (repair === null || drift.kind === 'linked_twice' || !unitsLeftFor(UNITS_PER_REPAIR)) return false;
  return repair === 'all' || repair.includes(keyOf(drift.recordType, drift.recordId));
}

function emptyResult(): ReconcileResult {
  return { checked: 0, differs: 0, missing: 0, linkedTwice: 0, repaired: 0, salesforceCalls: 0, pardotCalls: 0, units: 0 };
}

function count(result: ReconcileResult, drifts: readonly DriftEntry[]): void {
  for (const d of drifts) {
    if (d.kind === 'differs') result.differs += 1;
    else if (d.kind === 'missing') result.missing += 1;
    else result.linkedTwice += 1;
  }
}

/** Batches of one system and record type, in counterpart id order (a Pardot batch reads one id range). */
function batchesOf(runId: string, system: DriftSystem, links: readonly LinkedRecord[], skip: ReadonlySet<string>, repair: RepairTargets): ReconcileBatch[] {
  const batches: ReconcileBatch[] = [];
  for (const recordType of ['customer', 'contact'] as const) {
    const mine = links.flatMap((l) => {
      const externalId = system === 'salesforce' ? l.salesforceId : l.pardotId;
      return l.recordType === recordType && externalId !== null && !skip.has(`${system}:${keyOf(recordType, l.id)}`) ? [{ id: l.id, externalId }] : [];
    });
    mine.sort((a, b) => (system === 'pardot' ? Number(a.externalId) - Number(b.externalId) : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
    for (let i = 0; i < mine.length; i += RECONCILE_BATCH) batches.push({ runId, system, recordType, links: mine.slice(i, i + RECONCILE_BATCH), repair });
  }
  return batches;
}

function repairTargets(scheduled: boolean, autoRepair: boolean): RepairTargets {
  const parsed = parseRepairTargets(asText(scriptParameter(REPORT_SCRIPT_PARAMS.repair)));
  if (parsed === 'all' || (parsed === null && scheduled && autoRepair)) return 'all';
  return parsed === null ? null : parsed.map((r) => keyOf(r.recordType, r.recordId));
}

/** Every key of the stage input: the run, counterparts linked twice (found here, across batches), and the batches. */
function plan(context: EntryPoints.MapReduce.getInputDataContext): Record<string, string> {
  const settings = loadSettings();
  const scheduled = currentDeploymentId() === REPORT_SCRIPTS.mrReconcile.deploymentId;
  const now = new Date();
  if (scheduled && !context.isRestarted) {
    const stamp = findState(LAST_RUN_KEY);
    const due = reconcileDue(settings.reconcile.every, stamp?.value ?? null, now);
    if (!due.run) {
      log.audit({ title: 'crmsync reconcile held back', details: due.message });
      return {};
    }
    writeState(LAST_RUN_KEY, now.toISOString(), stamp);
  }
  const runId = `reconcile-${now.toISOString()}`;
  const repair = repairTargets(scheduled, settings.reconcile.autoRepair);
  let links = linkedRecords();
  if (Array.isArray(repair)) links = links.filter((l) => repair.includes(keyOf(l.recordType, l.id)));
  const twice = [
    ...linkedTwice(links.flatMap((l) => (l.salesforceId === null ? [] : [{ recordType: l.recordType, recordId: l.id, externalId: l.salesforceId }])), 'salesforce'),
    ...(settings.pardot.enabled ? linkedTwice(links.flatMap((l) => (l.pardotId === null ? [] : [{ recordType: l.recordType, recordId: l.id, externalId: l.pardotId }])), 'pardot') : []),
  ];
  const skip = new Set(twice.map((d) => `${d.system}:${keyOf(d.recordType, d.recordId)}`));
  const batches = [
    ...batchesOf(runId, 'salesforce', links, skip, repair),
    ...(settings.pardot.enabled ? batchesOf(runId, 'pardot', links, skip, repair) : []),
  ];
  const input: Record<string, string> = { run: JSON.stringify({ runId, repair }), twice: JSON.stringify({ runId, twice }) };
  batches.forEach((batch, index) => { input[`batch-${String(index + 1).padStart(5, '0')}`] = JSON.stringify(batch); });
  return input;
}

function recordsOf(batch: ReconcileBatch, reader: ReturnType<typeof createRecordReader>): { contacts: Map<string, NsContact>; customers: Map<string, NsCustomer> } {
  const ids = batch.links.map((l) => l.id);
  const contacts = batch.recordType === 'contact' ? reader.contacts(ids) : new Map<string, NsContact>();
  const customerIds = batch.recordType === 'customer' ? ids : [...new Set([...contacts.values()].flatMap((c) => (c.customerId === null ? [] : [c.customerId])))];
  return { contacts, customers: customerIds.length === 0 ? new Map<string, NsCustomer>() : reader.customers(customerIds) };
}

function workItem(recordType: NsRecordType, id: string, customerId: string | null): WorkItem {
  return { queueId: null, recordType, recordId: id, customerId, operation: 'upsert', attempts: 0, externalId: null, changedAt: null };
}

/** Re-arms the record's queue entry: the push sends what the repair left for it. */
function queuePush(recordType: NsRecordType, id: string, customerId: string | null, fields: Readonly<Record<string, unknown>>, now: Date): void {
  enqueue({ recordType, recordId: id, customerId, operation: 'upsert', externalId: null, queueId: asText(fields[ENTITY_FIELDS.queueId]), now });
}

function logRepair(runId: string, drift: DriftEntry, what: string): void {
  writeLogRow({ runId, direction: 'outbound', system: drift.system }, {
    recordType: drift.recordType, recordId: drift.recordId, linkable: true, externalId: drift.externalId, operation: 'repair',
    status: 'Completed', reason: 'DRIFT_REPAIRED', message: `${explain('DRIFT_REPAIRED')} ${what}`,
  });
}

/**
 * Compares a batch with Salesforce; with `read` (the reduce stage) the rows the map stage read are used and the drifted
 * records repaired, else (the map stage) the rows are read here (one SOQL per batch) and nothing is repaired.
 */
function salesforceBatch(batch: ReconcileBatch, result: ReconcileResult, read: SalesforceRow[] | null): { drifts: DriftEntry[]; rows: Map<string, SalesforceRow> } {
  const settings = loadSettings();
  const counters = newCounters();
  const tokens = salesforceTokens(settings);
  const salesforce = salesforceClient(settings, tokens, counters);
  const health = orgHealth(settings, salesforce, tokens, loadMappings().mappings);
  const mappings = health.pushMappings;
  const reader = createRecordReader(mappings, loadCurrencyCodes());
  const { contacts, customers } = recordsOf(batch, reader);
  const object = batch.recordType === 'contact' ? 'Contact' : 'Account';
  const rows = new Map<string, SalesforceRow>((read ?? []).map((row) => [row.Id, row]));
  if (read === null) {
    for (const soql of queriesByIds(object, pullFields(object, mappings, health.available[object]), batch.links.map((l) => l.externalId), MAX_QUERY_URI_BYTES)) {
      for (const row of salesforce.query(soql) as SalesforceRow[]) rows.set(row.Id, row);
    }
  }
  const drifts: DriftEntry[] = [];
  const toPull: SalesforceRow[] = [];
  const now = new Date();
  for (const link of batch.links) {
    const local = batch.recordType === 'contact' ? contacts.get(link.id) : customers.get(link.id);
    if (local === undefined || local.salesforceId !== link.externalId) continue; // deleted or relinked since the plan
    result.checked += 1;
    const contact = batch.recordType === 'contact' ? contacts.get(link.id) : undefined;
    const payload = contact !== undefined
      ? buildContactPayload(contact, contact.customerId === null ? null : customers.get(contact.customerId) ?? null, mappings.contact, health.currencies)
      : buildAccountPayload(customers.get(link.id) ?? (local as NsCustomer), mappings.customer, health.currencies);
    // A record the push would refuse (its reason is in the log) has no payload to compare.
    if (!payload.ok) continue;
    const drift = salesforceDrift({
      recordType: batch.recordType, recordId: link.id, salesforceId: link.externalId, values: payload.values, base: local.snapshot ?? null,
      mappings: batch.recordType === 'contact' ? mappings.contact : mappings.customer, row: rows.get(link.externalId), blanksOverwrite: settings.sync.blanksOverwrite,
    });
    if (drift === null) continue;
    drifts.push(drift);
    if (read === null || !wanted(batch.repair, drift)) continue;
    const customerId = contact !== undefined ? contact.customerId : link.id;
    if (drift.kind === 'missing') {
      // The link points nowhere: clear it, and the next push matches by email or creates the counterpart again.
      updateEntity(batch.recordType, link.id, { [ENTITY_FIELDS.salesforceId]: '', [ENTITY_FIELDS.syncedHash]: '', [ENTITY_FIELDS.snapshot]: '' });
      queuePush(batch.recordType, link.id, customerId, local.fields, now);
      logRepair(batch.runId, drift, `Salesforce has no record ${link.externalId}: the link was cleared and the record queued to be matched or created again.`);
      result.repaired += 1;
      continue;
    }
    const plan = repairPlan(drift);
    if (plan.fromNetsuite.length > 0) {
      // Fields NetSuite did not change since the merge base would not be sent: their fingerprints are dropped so the push
      // sees them as NetSuite's changes (a field NetSuite did change is sent anyway). A record without a base sends all.
      const base = local.snapshot ?? null;
      const force = plan.fromNetsuite.filter((field) => base === null || !changedSince(base, field, payload.values[field]));
      if (force.length > 0) {
        const next = withoutFields(base, force);
        updateEntity(batch.recordType, link.id, { [ENTITY_FIELDS.syncedHash]: '', [ENTITY_FIELDS.snapshot]: next === null ? '' : serializeSnapshot(next) });
      }
      queuePush(batch.recordType, link.id, customerId, local.fields, now);
    }
    const row = rows.get(link.externalId);
    if (plan.fromSalesforce && row !== undefined) toPull.push(row);
    logRepair(batch.runId, drift, describeRepair(drift));
    result.repaired += 1;
  }
  // Fields Salesforce changed since the merge base: the pull's own decisions apply them (and log them).
  if (toPull.length > 0) runPullBatch({ runId: batch.runId, object, integrationUserId: null, rows: toPull });
  result.salesforceCalls += counters.calls;
  return { drifts, rows };
}

/** The prospect fields reconcile reads: what the pull reads plus what the push sends. */
const RECONCILE_PROSPECT_FIELDS = [...new Set([...PROSPECT_FIELDS, 'salutation', 'jobTitle', 'phone', 'fax'])];

/** As salesforceBatch, with Pardot: one id-range query per batch in the map stage, the prospects it read in the reduce. */
function pardotBatch(batch: ReconcileBatch, result: ReconcileResult, read: PardotProspectRow[] | null): { drifts: DriftEntry[]; rows: Map<string, PardotProspectRow> } {
  const settings = loadSettings();
  const counters = newPardotCounters();
  const client = pardotClient(settings, salesforceTokens(settings), counters);
  const ids = batch.links.map((l) => Number(l.externalId)).filter((n) => Number.isInteger(n) && n > 0);
  const rows = read ?? (ids.length === 0 ? [] : client.prospectsInIdRange(Math.min(...ids), Math.max(...ids), RECONCILE_PROSPECT_FIELDS));
  const prospects = new Map(rows.map((r) => [String(r.id), r]));
  // The NetSuite side exactly as the Pardot push reads it (the assigned user is left to the push).
  const subjects = new Map(prospectSubjects(batch.links.map((l) => workItem(batch.recordType, l.id, null)), settings.pardot, () => null).map((s) => [s.item.recordId, s]));
  const changes: ProspectChange[] = rows.map(toChange);
  const lookups = prospectLookups(changes);
  const pullSettings = { stopPackageFields: settings.pardot.stopPackageFields, fields: { ...PARDOT_OWNED_FIELDS, prospectId: ENTITY_FIELDS.pardotId } };
  const drifts: DriftEntry[] = [];
  const now = new Date();
  for (const link of batch.links) {
    const subject = subjects.get(link.id);
    if (subject === undefined || subject.prospectId !== link.externalId || subject.excluded !== null) continue;
    result.checked += 1;
    const payload = buildProspectPayload(subject.source);
    const row = prospects.get(link.externalId);
    const change = changes.find((c) => String(c.id) === link.externalId);
    // Pardot-owned values the Pardot pull would copy to this record: its own decision, never a second mapping.
    const decision = change === undefined ? null : decideProspect(change, lookups, pullSettings);
    const owned = decision?.action === 'update' && decision.netsuiteId === link.id ? decision.values : {};
    const person = lookups.byProspectId.get(link.externalId);
    const drift = pardotDrift({
      recordType: batch.recordType, recordId: link.id, prospectId: link.externalId, values: payload.ok ? payload.values : null,
      prospect: row as unknown as Record<string, unknown> | undefined, pardotOwned: owned, netsuiteOwned: person?.owned ?? {},
    });
    if (drift === null) continue;
    drifts.push(drift);
    if (read === null || !wanted(batch.repair, drift)) continue;
    const customerId = batch.recordType === 'customer' ? link.id : null;
    if (drift.kind === 'missing') {
      updateEntity(batch.recordType, link.id, { [ENTITY_FIELDS.pardotId]: '', [ENTITY_FIELDS.pardotHash]: '' });
      enqueue({ recordType: batch.recordType, recordId: link.id, customerId, operation: 'upsert', externalId: null, queueId: null, now });
      logRepair(batch.runId, drift, `Pardot has no prospect ${link.externalId}: the link was cleared and the record queued to be matched again.`);
      result.repaired += 1;
      continue;
    }
    const plan = repairPlan(drift);
    if (plan.fromNetsuite.length > 0) {
      // The Pardot push skips a payload whose hash it stored: clearing it makes the push send NetSuite's values.
      updateEntity(batch.recordType, link.id, { [ENTITY_FIELDS.pardotHash]: '' });
      enqueue({ recordType: batch.recordType, recordId: link.id, customerId, operation: 'upsert', externalId: null, queueId: null, now });
    }
    if (plan.fromPardot && decision !== null) applyProspect(decision, now);
    logRepair(batch.runId, drift, describeRepair(drift));
    result.repaired += 1;
  }
  result.pardotCalls += counters.calls;
  return { drifts, rows: prospects };
}

/** Whether a run asked to repair this drift (a counterpart linked twice needs a person). */
function toRepair(repair: RepairTargets, drift: DriftEntry): boolean {
  if (repair === null || drift.kind === 'linked_twice') return false;
  return repair === 'all' || repair.includes(keyOf(drift.recordType, drift.recordId));
}

/**
 * Map stage: compares one batch (one read of its counterparts), writes its report page, and returns the drifted records
 * the run repairs, REPAIR_BATCH to a piece of work, each with the counterparts read for them.
 */
export function runReconcileBatch(batch: ReconcileBatch): { result: ReconcileResult; repairs: RepairWork[] } {
  const started = unitsRemaining();
  const result = emptyResult();
  const compared = batch.system === 'salesforce' ? salesforceBatch(batch, result, null) : pardotBatch(batch, result, null);
  const { drifts } = compared;
  count(result, drifts);
  if (drifts.length > 0) writeReportPage(batch.runId, 'reconcile', 'page', JSON.stringify(drifts));
  const drifted = new Set(drifts.filter((d) => toRepair(batch.repair, d)).map((d) => d.recordId));
  const links = batch.links.filter((l) => drifted.has(l.id));
  const repairs: RepairWork[] = [];
  for (let i = 0; i < links.length; i += REPAIR_BATCH) {
    const mine = links.slice(i, i + REPAIR_BATCH);
    repairs.push({ batch: { ...batch, links: mine }, rows: mine.flatMap((l) => { const row = compared.rows.get(l.externalId); return row === undefined ? [] : [row]; }) });
  }
  result.units = started - unitsRemaining();
  return { result, repairs };
}

/** Reduce stage: repairs the drifted records of one piece of work with the counterparts the map stage read. */
export function runRepair(work: RepairWork): ReconcileResult {
  const started = unitsRemaining();
  const result = emptyResult();
  if (work.batch.system === 'salesforce') salesforceBatch(work.batch, result, work.rows as SalesforceRow[]);
  else pardotBatch(work.batch, result, work.rows as PardotProspectRow[]);
  // The map stage counted what it found; this invocation adds what it repaired and what that cost.
  return { ...emptyResult(), repaired: result.repaired, salesforceCalls: result.salesforceCalls, pardotCalls: result.pardotCalls, units: started - unitsRemaining() };
}

function add(total: ReconcileResult, more: ReconcileResult): ReconcileResult {
  return {
    checked: total.checked + more.checked, differs: total.differs + more.differs, missing: total.missing + more.missing, linkedTwice: total.linkedTwice + more.linkedTwice,
    repaired: total.repaired + more.repaired, salesforceCalls: total.salesforceCalls + more.salesforceCalls, pardotCalls: total.pardotCalls + more.pardotCalls, units: total.units + more.units,
  };
}

export const reconcileStages = {
  getInputData: ((context) => plan(context)) as EntryPoints.MapReduce.getInputData,

  map: ((context) => {
    if (context.key === 'run') {
      context.write({ key: 'run', value: context.value });
      return;
    }
    if (context.key === 'twice') {
      const { runId, twice } = JSON.parse(context.value) as { runId: string; twice: DriftEntry[] };
      const result = emptyResult();
      count(result, twice);
      if (twice.length > 0) writeReportPage(runId, 'reconcile', 'twice', JSON.stringify(twice));
      context.write({ key: 'result', value: JSON.stringify(result) });
      return;
    }
    const batch = JSON.parse(context.value) as ReconcileBatch;
    const { result, repairs } = runReconcileBatch(batch);
    context.write({ key: 'result', value: JSON.stringify(result) });
    for (const work of repairs) context.write({ key: `repair:${batch.system}:${keyOf(batch.recordType, work.batch.links[0]?.id ?? '')}`, value: JSON.stringify(work) });
  }) as EntryPoints.MapReduce.map,

  reduce: ((context) => {
    if (!context.key.startsWith('repair:')) {
      // The run's own keys pass on to summarize unchanged.
      for (const value of context.values) context.write({ key: context.key, value });
      return;
    }
    for (const value of context.values) context.write({ key: 'repaired', value: JSON.stringify(runRepair(JSON.parse(value) as RepairWork)) });
  }) as EntryPoints.MapReduce.reduce,

  summarize: ((summary) => {
    let run: { runId: string; repair: RepairTargets } | null = null;
    let total = emptyResult();
    let batches = 0;
    summary.output.iterator().each((key, value) => {
      if (key === 'run') run = JSON.parse(value) as { runId: string; repair: RepairTargets };
      else {
        total = add(total, JSON.parse(value) as ReconcileResult);
        if (key === 'result') batches += 1;
      }
      return true;
    });
    const errors = stageErrors(summary);
    const started = run as { runId: string; repair: RepairTargets } | null;
    if (started === null) return; // held back by the schedule: no report
    const report: ReconcileSummary = { ...total, runId: started.runId, finishedAt: new Date().toISOString(), repair: started.repair, batches: Math.max(0, batches - 1), errors };
    writeReportPage(started.runId, 'reconcile', 'summary', JSON.stringify(report));
    log.audit({ title: 'crmsync reconcile finished', details: JSON.stringify(report).slice(0, 3000) });
  }) as EntryPoints.MapReduce.summarize,
};
