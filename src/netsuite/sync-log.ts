/**
 * The integration log admins read. Skips and failures get a row per record (linked, so it shows on the
 * contact's or customer's CRM Sync subtab); successes of a batch share one row listing their ids — the
 * record itself already shows Completed and the time, so a row per happy record would spend 6 units for
 * nothing admins need.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { ENTITY_FIELDS, LOG } from '../ids';
import type { Outcome } from '../core/model';
import type { FailureRow } from '../core/console/digest';
import { asText } from './values';
import { redactPersonalData } from '../core/redact';

export interface LogContext {
  runId: string;
  direction: 'outbound' | 'inbound';
  system: 'salesforce' | 'pardot';
}

export interface LogRow {
  recordType: string;
  recordId: string | null;
  /** Whether the record still exists (a deleted one cannot be linked). */
  linkable: boolean;
  externalId: string | null;
  operation: string;
  status: string;
  reason: string;
  message: string;
  attempt?: number;
  records?: string;
  excerpt?: string;
  durationMs?: number;
  stats?: string;
}

const MAX_TEXT = 3900;

/** Writes one row; its internal id. */
export function writeLogRow(context: LogContext, row: LogRow): string {
  const entry = record.create({ type: LOG.type });
  const set = (fieldId: string, value: string | number | undefined | null): void => {
    if (value === undefined || value === null || value === '') return;
    entry.setValue({ fieldId, value: typeof value === 'string' && fieldId !== LOG.records && fieldId !== LOG.excerpt && fieldId !== LOG.stats ? value.slice(0, MAX_TEXT) : value });
  };
  set('name', `${row.status} ${row.recordType} ${row.recordId ?? ''}`.trim().slice(0, 300));
  set(LOG.direction, context.direction);
  set(LOG.system, context.system);
  set(LOG.runId, context.runId);
  set(LOG.recordType, row.recordType);
  set(LOG.recordId, row.recordId === null ? null : Number(row.recordId));
  if (row.linkable && row.recordId !== null) {
    if (row.recordType === 'contact') set(LOG.contact, row.recordId);
    if (row.recordType === 'customer') set(LOG.customer, row.recordId);
  }
  set(LOG.externalId, row.externalId);
  set(LOG.operation, row.operation);
  set(LOG.status, row.status);
  set(LOG.reason, row.reason);
  // Salesforce and Pardot echo the values they reject: no email or phone number is kept in the log.
  set(LOG.message, redactPersonalData(row.message));
  set(LOG.attempt, row.attempt);
  set(LOG.records, row.records);
  set(LOG.excerpt, row.excerpt === undefined ? undefined : redactPersonalData(row.excerpt));
  set(LOG.duration, row.durationMs);
  set(LOG.stats, row.stats);
  return String(entry.save());
}

/**
 * Logs a batch: one row per non-success (and per warning), one shared row per system for the successes. Returns the
 * success rows' ids per system, which the write-back links from each synced record.
 */
export function logOutcomes(context: LogContext, outcomes: readonly Outcome[], durationMs: number): Partial<Record<'salesforce' | 'pardot', string>> {
  const batchRows: Partial<Record<'salesforce' | 'pardot', string>> = {};
  for (const system of ['salesforce', 'pardot'] as const) {
    const ofSystem = outcomes.filter((o) => o.system === system);
    const id = ofSystem.length > 0 ? logSystemOutcomes({ ...context, system }, ofSystem, durationMs) : null;
    if (id !== null) batchRows[system] = id;
  }
  return batchRows;
}

function logSystemOutcomes(context: LogContext, outcomes: readonly Outcome[], durationMs: number): string | null {
  const successes = outcomes.filter((o) => o.status === 'Completed');
  for (const outcome of outcomes) {
    const linkable = outcome.item.operation !== 'delete' && outcome.code !== 'RECORD_NOT_FOUND';
    if (outcome.status !== 'Completed' && outcome.status !== 'Waiting') {
      writeLogRow(context, {
        recordType: outcome.item.recordType, recordId: outcome.item.recordId, linkable,
        externalId: outcome.externalId ?? outcome.item.externalId, operation: outcome.operation,
        status: outcome.status, reason: outcome.code, message: outcome.message, attempt: outcome.item.attempts + 1,
        ...(outcome.excerpt === undefined ? {} : { excerpt: outcome.excerpt }),
      });
    }
    for (const warning of outcome.warnings) {
      writeLogRow(context, {
        recordType: outcome.item.recordType, recordId: outcome.item.recordId, linkable,
        externalId: outcome.externalId, operation: outcome.operation, status: 'Warning', reason: warning.code, message: warning.message,
      });
    }
  }
  logWaiting(context, outcomes.filter((o) => o.status === 'Waiting'));
  if (successes.length === 0) return null;
  const byCode = new Map<string, number>();
  for (const s of successes) byCode.set(s.code, (byCode.get(s.code) ?? 0) + 1);
  return writeLogRow(context, {
    recordType: successes.every((s) => s.item.recordType === 'customer') ? 'customer' : 'contact',
    recordId: successes.length === 1 ? successes[0]?.item.recordId ?? null : null,
    // A deleted record cannot be linked (the select field would point to nothing).
    linkable: successes.length === 1 && successes[0]?.item.operation !== 'delete',
    externalId: successes.length === 1 ? successes[0]?.externalId ?? null : null,
    operation: 'batch',
    status: 'Completed',
    reason: byCode.size === 1 ? [...byCode.keys()][0] ?? 'SYNCED' : 'SYNCED',
    message: `${successes.length} record(s) synced: ${[...byCode].map(([code, n]) => `${n} ${code}`).join(', ')}.`,
    records: successes.map((s) => `${s.item.recordType}:${s.item.recordId}=${s.externalId ?? ''}:${s.operation}`).join('\n'),
    durationMs: Math.round(durationMs),
  });
}

/** The Failed rows one run wrote (up to 1,000: 10 units), for the failure digest. */
export function failedRowsOfRun(runId: string): FailureRow[] {
  return search.create({
    type: LOG.type,
    filters: [[LOG.runId, 'is', runId], 'AND', [LOG.status, 'is', 'Failed']],
    columns: [LOG.recordType, LOG.recordId, LOG.reason, LOG.message],
  }).run().getRange({ start: 0, end: 1000 }).map((result) => {
    const value = (field: string): string | null => asText(result.getValue({ name: field }));
    return { recordType: value(LOG.recordType) ?? '', recordId: value(LOG.recordId), reason: value(LOG.reason) ?? '', message: value(LOG.message) ?? '' };
  });
}

/**
 * Records held back by a quota stop: one row per reason and batch (a long outage would otherwise write a row per
 * record per run); the records are listed, and each record's own status and last error say the same.
 */
function logWaiting(context: LogContext, waiting: readonly Outcome[]): void {
  const byCode = new Map<string, Outcome[]>();
  for (const o of waiting) byCode.set(o.code, [...(byCode.get(o.code) ?? []), o]);
  for (const [code, group] of byCode) {
    const only = group.length === 1 ? group[0] : undefined;
    writeLogRow(context, {
      recordType: group.every((o) => o.item.recordType === 'customer') ? 'customer' : 'contact',
      recordId: only?.item.recordId ?? null,
      linkable: only !== undefined && only.item.operation !== 'delete',
      externalId: only?.externalId ?? null,
      operation: 'batch',
      status: 'Waiting',
      reason: code,
      message: `${group.length} record(s) wait, no attempt used: ${group[0]?.message ?? ''}`,
      records: group.map((o) => `${o.item.recordType}:${o.item.recordId}`).join('\n'),
    });
  }
}

/**
 * An administrator resolves a failure: the record's failed statuses become Resolved (it leaves the error list until
 * a later change or retry syncs it), and a log row on the record keeps who resolved it, when, and the note.
 * 5 units for the record and 4 for the row.
 */
export function resolveFailure(target: { recordType: 'contact' | 'customer'; id: string; salesforceFailed: boolean; pardotFailed: boolean }, note: string, by: string, runId: string): void {
  const values: Record<string, string> = {};
  if (target.salesforceFailed) values[ENTITY_FIELDS.status] = 'Resolved';
  if (target.pardotFailed) values[ENTITY_FIELDS.pardotStatus] = 'Resolved';
  record.submitFields({ type: target.recordType, id: target.id, values, options: { enableSourcing: false, ignoreMandatoryFields: true } });
  const systems = [target.salesforceFailed ? 'Salesforce' : null, target.pardotFailed ? 'Pardot' : null].filter((s) => s !== null).join(' and ');
  writeLogRow({ runId, direction: 'outbound', system: target.salesforceFailed ? 'salesforce' : 'pardot' }, {
    recordType: target.recordType, recordId: target.id, linkable: true, externalId: null, operation: 'resolve',
    status: 'Resolved', reason: 'RESOLVED_BY_ADMIN', message: `Resolved (${systems}) by ${by}: ${note === '' ? '(no note)' : note}`,
  });
}

export interface RecordLogRow {
  id: string;
  runId: string;
  system: string;
  status: string;
  reason: string;
  message: string;
  excerpt: string | null;
}

/** The record's newest log rows of one system (its own rows; 10 units), newest first. */
export function recordLogRows(recordType: 'contact' | 'customer', recordId: string, system: 'salesforce' | 'pardot', limit = 10): RecordLogRow[] {
  return search.create({
    type: LOG.type,
    filters: [[LOG.recordType, 'is', recordType], 'AND', [LOG.recordId, 'equalto', Number(recordId)], 'AND', [LOG.system, 'is', system]],
    columns: [search.createColumn({ name: 'internalid', sort: search.Sort.DESC }), LOG.runId, LOG.status, LOG.reason, LOG.message, LOG.excerpt],
  }).run().getRange({ start: 0, end: limit }).map((result) => {
    const value = (field: string): string | null => asText(result.getValue({ name: field }));
    return { id: result.id, runId: value(LOG.runId) ?? '', system, status: value(LOG.status) ?? '', reason: value(LOG.reason) ?? '', message: value(LOG.message) ?? '', excerpt: value(LOG.excerpt) };
  });
}
