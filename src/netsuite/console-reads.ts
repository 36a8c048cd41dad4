/** The searches behind the console: queue, run summaries, failure reasons, failed records. About 60 units. */
import * as search from 'N/search';
import { ENTITY_FIELDS, LOG, QUEUE, SETTINGS } from '../ids';
import type { FailedRecordRow } from '../core/console/view-model';
import type { RunSummaryRow } from '../core/console/runs';
import { CHART_DAYS } from '../core/console/view-model';
import { QUEUE_STATE } from './queue';
import { asText } from './values';

/** Failed records listed on the page (the rest are counted). */
const FAILED_LISTED = 100;

export function queueDepth(): { pending: number; oldestChangedAt: string | null } {
  const paged = search.create({
    type: QUEUE.type,
    filters: [[QUEUE.state, 'is', QUEUE_STATE.pending]],
    columns: [search.createColumn({ name: QUEUE.changedAt, sort: search.Sort.ASC })],
  }).runPaged({ pageSize: 5 });
  const first = paged.pageRanges.length === 0 ? undefined : paged.fetch({ index: 0 }).data[0];
  return { pending: paged.count, oldestChangedAt: first === undefined ? null : asText(first.getValue({ name: QUEUE.changedAt })) };
}

export function runSummaries(): RunSummaryRow[] {
  const rows: RunSummaryRow[] = [];
  const paged = search.create({
    type: LOG.type,
    filters: [[LOG.reason, 'is', 'RUN_SUMMARY'], 'AND', ['created', 'onorafter', `daysago${CHART_DAYS}`]],
    columns: [search.createColumn({ name: 'created', sort: search.Sort.DESC }), LOG.runId, LOG.direction, LOG.status, LOG.message, LOG.stats],
  }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges.slice(0, 3)) {
    for (const result of paged.fetch({ index: range.index }).data) {
      const value = (field: string): string => asText(result.getValue({ name: field })) ?? '';
      rows.push({ runId: value(LOG.runId), direction: value(LOG.direction), status: value(LOG.status), message: value(LOG.message), created: value('created'), stats: asText(result.getValue({ name: LOG.stats })) });
    }
  }
  return rows;
}

export function failureReasons(): { reason: string; count: number }[] {
  const reasons: { reason: string; count: number }[] = [];
  search.create({
    type: LOG.type,
    filters: [[[LOG.status, 'is', 'Failed'], 'OR', [LOG.status, 'is', 'Retrying']], 'AND', ['created', 'onorafter', `daysago${CHART_DAYS}`]],
    columns: [search.createColumn({ name: LOG.reason, summary: search.Summary.GROUP }), search.createColumn({ name: 'internalid', summary: search.Summary.COUNT })],
  }).run().getRange({ start: 0, end: 100 }).forEach((result) => {
    reasons.push({
      reason: asText(result.getValue({ name: LOG.reason, summary: search.Summary.GROUP })) ?? '(none)',
      count: Number(result.getValue({ name: 'internalid', summary: search.Summary.COUNT })) || 0,
    });
  });
  return reasons;
}

export function failedRecords(): { rows: FailedRecordRow[]; total: number } {
  const rows: FailedRecordRow[] = [];
  let total = 0;
  const queueIds: string[] = [];
  for (const type of ['contact', 'customer'] as const) {
    const paged = search.create({
      type,
      filters: [[ENTITY_FIELDS.status, 'is', 'Failed']],
      columns: ['entityid', ENTITY_FIELDS.lastError, ENTITY_FIELDS.salesforceId, ENTITY_FIELDS.queueId],
    }).runPaged({ pageSize: FAILED_LISTED });
    total += paged.count;
    if (paged.pageRanges.length === 0) continue;
    for (const result of paged.fetch({ index: 0 }).data) {
      if (rows.length >= FAILED_LISTED) break;
      const value = (field: string): string | null => asText(result.getValue({ name: field }));
      const queueId = value(ENTITY_FIELDS.queueId);
      if (queueId !== null) queueIds.push(queueId);
      rows.push({ recordType: type, id: result.id, name: value('entityid') ?? `${type} ${result.id}`, lastError: value(ENTITY_FIELDS.lastError) ?? '', salesforceId: value(ENTITY_FIELDS.salesforceId), queueState: queueId });
    }
  }
  // Swap each queue id for its entry's state (one search for all of them).
  const states = new Map<string, string>();
  if (queueIds.length > 0) {
    search.create({ type: QUEUE.type, filters: [['internalid', 'anyof', queueIds]], columns: [QUEUE.state] })
      .run().getRange({ start: 0, end: 1000 })
      .forEach((result) => states.set(result.id, asText(result.getValue({ name: QUEUE.state })) ?? ''));
  }
  for (const row of rows) row.queueState = row.queueState === null ? null : states.get(row.queueState) ?? null;
  return { rows, total };
}

/** The active settings record's internal id (10 units), or null when none exists yet. */
export function activeSettingsId(): string | null {
  const [row] = search.create({ type: SETTINGS.type, filters: [['isinactive', 'is', 'F']], columns: ['internalid'] }).run().getRange({ start: 0, end: 1 });
  return row === undefined ? null : row.id;
}
