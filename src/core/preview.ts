/**
 * Preview (dry run) of a full sync. The preview runs THE SAME planner the push runs (pushAccounts, pushContacts,
 * pushDeletes, pushProspects) on the same batches (the push job's own plan), with ports that read for real and write
 * nothing: a dry-run SalesforceApi answers each collection write as Salesforce would accept it and records it, a
 * dry-run PardotApi does the same for prospects. What the planner decided (its outcomes) and what it would have sent
 * (the recorded writes) become the plan: counts per object and outcome, a field-level diff per record, and the calls.
 * Nothing here knows how the planner decides; only the ports and the outcomes it returns.
 */
import type { SalesforceApi, SaveResult, SObjectType, SObjectWrite } from './ports';
import type { PardotApi } from './pardot-push';
import type { ProspectValues } from './mapping/to-pardot-prospect';
import type { Outcome } from './model';
import { comparable } from './snapshot';
import type { ReasonCode } from './reasons';

/** Records per sObject Collections request (the client splits larger writes the same way). */
const COLLECTION_LIMIT = 200;

export type PlannedOutcome = 'create' | 'link' | 'update' | 'unchanged' | 'skip' | 'fail' | 'wait' | 'delete';
export type PreviewObject = 'Account' | 'Contact' | 'Prospect';

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface PlanRow {
  object: PreviewObject;
  recordType: 'contact' | 'customer';
  recordId: string;
  outcome: PlannedOutcome;
  code: ReasonCode;
  externalId: string | null;
  changes: FieldChange[];
  /** Other CRM records that share the email (an ambiguous link), from the planner's warning. */
  alsoMatching: string[];
  message: string;
}

export interface DryRunLog {
  salesforceWrites: number;
  pardotWrites: number;
  /** Salesforce rows the planner read, by id: the "before" side of a diff. */
  seen: Map<string, Record<string, unknown>>;
  /** What the planner would have written, per record key ("Contact:<NetSuite id>" or "Prospect:<id>"). */
  written: Map<string, Record<string, unknown>>;
}

export function newDryRunLog(): DryRunLog {
  return { salesforceWrites: 0, pardotWrites: 0, seen: new Map(), written: new Map() };
}

/** A placeholder Salesforce id for a record the run would create (18 characters, never a real key prefix). */
export function previewId(type: SObjectType | 'Prospect', netsuiteId: string): string {
  const prefix = type === 'Account' ? '001' : type === 'Contact' ? '003' : 'PRS';
  return `${prefix}PREVIEW${netsuiteId.padStart(8, '0')}`.slice(0, 18);
}

const netsuiteIdOf = (write: SObjectWrite): string => String(write.values.Oracle_netsuiteid__c ?? '');

/** Reads go to Salesforce; writes are recorded and answered as accepted, one request per 200 records like the client. */
export function dryRunSalesforce(real: SalesforceApi, log: DryRunLog): SalesforceApi {
  const record = (records: readonly SObjectWrite[]): void => {
    log.salesforceWrites += Math.ceil(records.length / COLLECTION_LIMIT);
    for (const r of records) log.written.set(`${r.type}:${netsuiteIdOf(r)}`, { ...r.values, ...(r.id === undefined ? {} : { Id: r.id }) });
  };
  return {
    query(soql) {
      const rows = real.query(soql);
      for (const row of rows) if (typeof row.Id === 'string') log.seen.set(row.Id, row);
      return rows;
    },
    queryAll(soql) {
      return real.queryAll(soql);
    },
    queryMany(soqls) {
      const results = real.queryMany(soqls);
      for (const row of results.flat()) if (typeof row.Id === 'string') log.seen.set(row.Id, row);
      return results;
    },
    /** The writes of one /composite request: one call, as the client sends them. */
    writeMany(writes) {
      log.salesforceWrites += writes.length === 0 ? 0 : 1;
      for (const w of writes) for (const r of w.records) log.written.set(`${r.type}:${netsuiteIdOf(r)}`, { ...r.values, ...(r.id === undefined ? {} : { Id: r.id }) });
      return writes.map((w) => ({
        ok: true as const,
        results: w.records.map((r): SaveResult => (w.kind === 'update'
          ? { id: r.id ?? null, success: true, created: false, errors: [] }
          : { id: previewId(r.type, netsuiteIdOf(r)), success: true, created: true, errors: [] })),
      }));
    },
    describe: (type) => real.describe(type),
    picklistValues: (type, field) => real.picklistValues(type, field),
    update(records): SaveResult[] {
      record(records);
      return records.map((r) => ({ id: r.id ?? null, success: true, created: false, errors: [] }));
    },
    upsert(type, _externalIdField, records): SaveResult[] {
      record(records);
      return records.map((r) => ({ id: previewId(type, netsuiteIdOf(r)), success: true, created: true, errors: [] }));
    },
    remove(ids): SaveResult[] {
      log.salesforceWrites += Math.ceil(ids.length / COLLECTION_LIMIT);
      return ids.map((id) => ({ id, success: true, errors: [] }));
    },
  };
}

/** Finding prospects by email is a read; Pardot v5 has no batch write, so each update or upsert is one call. */
export function dryRunPardot(real: Pick<PardotApi, 'findByEmail'>, log: DryRunLog, netsuiteIdOf: (email: string) => string): PardotApi {
  return {
    findByEmail: (email) => real.findByEmail(email),
    upsertLatestByEmail(email: string, values: ProspectValues) {
      log.pardotWrites += 1;
      log.written.set(`Prospect:${netsuiteIdOf(email)}`, { ...values });
      return { id: 0, created: true };
    },
    update(id: number, values: ProspectValues) {
      log.pardotWrites += 1;
      log.written.set(`Prospect:${netsuiteIdOf(String(values.email ?? ''))}`, { ...values, id });
    },
  };
}

const LINK_CODES: ReadonlySet<ReasonCode> = new Set(['MATCHED_BY_EMAIL']);

function outcomeOf(outcome: Outcome): PlannedOutcome {
  if (outcome.status === 'Skipped') return 'skip';
  if (outcome.status === 'Failed') return 'fail';
  if (outcome.status === 'Retrying' || outcome.status === 'Waiting') return 'wait';
  if (outcome.operation === 'delete' || outcome.code === 'UNLINKED_IN_CRM') return 'delete';
  if (LINK_CODES.has(outcome.code)) return 'link';
  if (outcome.operation === 'skip') return 'unchanged';
  return outcome.operation === 'create' ? 'create' : 'update';
}

/** The planner's outcomes as plan rows, each with what it would write compared with what the CRM holds. */
export function planRows(outcomes: readonly Outcome[], log: DryRunLog): PlanRow[] {
  return outcomes.map((outcome) => {
    const object: PreviewObject = outcome.system === 'pardot' ? 'Prospect' : outcome.item.recordType === 'customer' ? 'Account' : 'Contact';
    const planned = outcomeOf(outcome);
    const written = log.written.get(`${object}:${outcome.item.recordId}`);
    const before = outcome.system === 'salesforce' && outcome.externalId !== null ? log.seen.get(outcome.externalId) : undefined;
    const changes: FieldChange[] = [];
    if (written !== undefined && (planned === 'create' || planned === 'link' || planned === 'update')) {
      for (const [field, value] of Object.entries(written)) {
        if (field === 'Id' || field === 'id') continue;
        const from = planned === 'create' ? '' : comparable(before?.[field]);
        const to = comparable(typeof value === 'number' ? String(value) : value);
        if (from !== to) changes.push({ field, from, to });
      }
    }
    const ambiguous = outcome.warnings.find((w) => w.code === 'AMBIGUOUS_EMAIL_MATCH');
    const alsoMatching = ambiguous === undefined ? [] : (/also matching: (.*)\.$/.exec(ambiguous.message)?.[1] ?? '').split(', ').filter((id) => id !== '');
    return {
      object, recordType: outcome.item.recordType, recordId: outcome.item.recordId, outcome: planned, code: outcome.code,
      externalId: outcome.externalId !== null && outcome.externalId.includes('PREVIEW') ? null : outcome.externalId, changes, alsoMatching, message: outcome.message,
    };
  });
}

export interface PreviewTotals {
  /** object → outcome → count. */
  counts: Record<string, Record<string, number>>;
  /** object → skip or fail code → count. */
  reasons: Record<string, Record<string, number>>;
  /** object:outcome → first rows (with their diffs). */
  samples: Record<string, PlanRow[]>;
  ambiguous: PlanRow[];
  salesforceCalls: number;
  pardotCalls: number;
  /** NetSuite units the preview's batches used (reads only). */
  previewUnits: number;
  records: number;
}

export const SAMPLES_PER_OUTCOME = 5;

export function emptyTotals(): PreviewTotals {
  return { counts: {}, reasons: {}, samples: {}, ambiguous: [], salesforceCalls: 0, pardotCalls: 0, previewUnits: 0, records: 0 };
}

export function addRows(totals: PreviewTotals, rows: readonly PlanRow[]): PreviewTotals {
  for (const row of rows) {
    const counts = (totals.counts[row.object] ??= {});
    counts[row.outcome] = (counts[row.outcome] ?? 0) + 1;
    if (row.outcome === 'skip' || row.outcome === 'fail' || row.outcome === 'wait') {
      const reasons = (totals.reasons[row.object] ??= {});
      reasons[row.code] = (reasons[row.code] ?? 0) + 1;
    }
    const samples = (totals.samples[`${row.object}:${row.outcome}`] ??= []);
    if (samples.length < SAMPLES_PER_OUTCOME) samples.push(row);
    if (row.alsoMatching.length > 0 && totals.ambiguous.length < 100) totals.ambiguous.push(row);
  }
  return totals;
}

export function mergeTotals(a: PreviewTotals, b: PreviewTotals): PreviewTotals {
  // SuiteScript has no structuredClone: a JSON copy (the totals are plain data).
  const merged = JSON.parse(JSON.stringify(a)) as PreviewTotals;
  for (const [object, counts] of Object.entries(b.counts)) for (const [k, v] of Object.entries(counts)) (merged.counts[object] ??= {})[k] = (merged.counts[object][k] ?? 0) + v;
  for (const [object, reasons] of Object.entries(b.reasons)) for (const [k, v] of Object.entries(reasons)) (merged.reasons[object] ??= {})[k] = (merged.reasons[object][k] ?? 0) + v;
  for (const [key, rows] of Object.entries(b.samples)) {
    const list = (merged.samples[key] ??= []);
    for (const row of rows) if (list.length < SAMPLES_PER_OUTCOME) list.push(row);
  }
  merged.ambiguous = [...merged.ambiguous, ...b.ambiguous].slice(0, 100);
  merged.salesforceCalls += b.salesforceCalls;
  merged.pardotCalls += b.pardotCalls;
  merged.previewUnits += b.previewUnits;
  merged.records += b.records;
  return merged;
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would be a formula in a spreadsheet (CSV injection): prefixed with a quote mark.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = 'object,record type,record id,planned outcome,reason,crm id,changes,also matching,message';

export function csvLine(row: PlanRow): string {
  return [
    row.object, row.recordType, row.recordId, row.outcome, row.code, row.externalId ?? '',
    row.changes.map((c) => `${c.field}: "${c.from}" -> "${c.to}"`).join('; '), row.alsoMatching.join(' '), row.message,
  ].map(csvCell).join(',');
}

/**
 * NetSuite units the real run would add to the preview's reads, from Oracle's governance table (SuiteScript 2.x API
 * Governance): record.submitFields on an entity 5 units (one write-back per record), a custom record's create + save
 * 2 + 4 (a log row per skipped or failed record and one per batch), the close of an entry of the queue custom record
 * (submitFields on a custom record, 2; a change queued on the record closes in its write-back), and per batch about
 * 14 units of run bookkeeping the preview does not do (the search for changes queued meanwhile, 10; the run lock and
 * quota state reads by id, 1 each; the quota state write, 2).
 * An estimate: the run's summary and follow-up runs are left out.
 */
export const RUN_UNITS_PER_BATCH = 14;

export function estimateRunUnits(totals: PreviewTotals, batches: number, queued: number): number {
  let logRows = batches;
  for (const reasons of Object.values(totals.reasons)) for (const n of Object.values(reasons)) logRows += n;
  return totals.previewUnits + 5 * totals.records + 6 * logRows + 2 * queued + RUN_UNITS_PER_BATCH * batches;
}
