/** The searches behind the console: queue, run summaries, failure reasons, failed records. About 60 units. */
import * as format from 'N/format';
import * as search from 'N/search';
import { ENTITY_FIELDS, LOG, QUEUE, SETTINGS } from '../ids';
import type { OutcomeLogRow } from '../core/console/view-model';
import { splitStoredError, type FailureRow, type FailureSystem } from '../core/console/failures';
import type { RunSummaryRow } from '../core/console/runs';
import { CHART_DAYS } from '../core/console/view-model';
import { QUEUE_STATE } from './queue';
import { asText } from './values';

/**
 * Changes waiting for the push: queued on contacts and customers, and pending entries of the queue custom record
 * (deletes). Three counted searches (runPaged, 5 units each, plus 5 for a page when there is one).
 */
export function queueDepth(): { pending: number; oldestChangedAt: string | null } {
  const sources: { type: string; filter: string[]; changedAt: string }[] = [
    ...['contact', 'customer'].map((type) => ({ type, filter: [ENTITY_FIELDS.queuedChange, 'isnotempty', ''], changedAt: ENTITY_FIELDS.changedAt })),
    { type: QUEUE.type, filter: [QUEUE.state, 'is', QUEUE_STATE.pending], changedAt: QUEUE.changedAt },
  ];
  let pending = 0;
  const oldest: string[] = [];
  for (const source of sources) {
    const paged = search.create({
      type: source.type,
      filters: [source.filter],
      columns: [search.createColumn({ name: source.changedAt, sort: search.Sort.ASC })],
    }).runPaged({ pageSize: 5 });
    pending += paged.count;
    const first = paged.pageRanges.length === 0 ? undefined : paged.fetch({ index: 0 }).data[0];
    const changedAt = first === undefined ? null : asText(first.getValue({ name: source.changedAt }));
    if (changedAt !== null) oldest.push(changedAt);
  }
  return { pending, oldestChangedAt: oldest.sort()[0] ?? null };
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

/** Active settings records other than `exceptId` (10 units): there may be only one. */
export function otherActiveSettings(exceptId: string | null): { id: string; name: string }[] {
  const filters: unknown[] = [['isinactive', 'is', 'F']];
  if (exceptId !== null) filters.push('AND', ['internalid', 'noneof', [exceptId]]);
  return search.create({ type: SETTINGS.type, filters, columns: ['name'] }).run().getRange({ start: 0, end: 5 })
    .map((row) => ({ id: row.id, name: asText(row.getValue({ name: 'name' })) ?? `settings ${row.id}` }));
}

/** The active settings record's internal id (10 units), or null when none exists yet. */
export function activeSettingsId(): string | null {
  const [row] = search.create({ type: SETTINGS.type, filters: [['isinactive', 'is', 'F']], columns: ['internalid'] }).run().getRange({ start: 0, end: 1 });
  return row === undefined ? null : row.id;
}

/** Pages of log rows the chart reads at most (1,000 rows each, 5 units a page). */
const CHART_PAGES = 10;

/**
 * The push's outcome rows of the chart's days: records' own rows (skips, failures) and batch rows listing the
 * records they synced. Retrying and waiting rows are left out: those records are still on their way.
 */
export function outcomeRows(): OutcomeLogRow[] {
  const rows: OutcomeLogRow[] = [];
  const paged = search.create({
    type: LOG.type,
    filters: [
      [LOG.direction, 'is', 'outbound'], 'AND', [LOG.reason, 'isnot', 'RUN_SUMMARY'], 'AND', ['created', 'onorafter', `daysago${CHART_DAYS}`], 'AND',
      [[LOG.status, 'is', 'Completed'], 'OR', [LOG.status, 'is', 'Skipped'], 'OR', [LOG.status, 'is', 'Failed']],
    ],
    columns: [LOG.runId, LOG.status, LOG.recordType, LOG.recordId, LOG.records],
  }).runPaged({ pageSize: 1000 });
  for (const range of paged.pageRanges.slice(0, CHART_PAGES)) {
    for (const result of paged.fetch({ index: range.index }).data) {
      const value = (field: string): string | null => asText(result.getValue({ name: field }));
      rows.push({ runId: value(LOG.runId) ?? '', status: value(LOG.status) ?? '', recordType: value(LOG.recordType) ?? '', recordId: value(LOG.recordId), records: value(LOG.records) });
    }
  }
  return rows;
}

/** Pages of each failure search read at most (1,000 rows each): 20,000 failures per record type and system. */
const FAILURE_PAGES = 20;

const SYSTEM_FIELDS: Record<FailureSystem, { status: string; error: string }> = {
  salesforce: { status: ENTITY_FIELDS.status, error: ENTITY_FIELDS.lastError },
  pardot: { status: ENTITY_FIELDS.pardotStatus, error: ENTITY_FIELDS.pardotError },
};

/** A date column as search gives it (the user's format and time zone) → ISO; null when unreadable. */
function isoOf(value: string | null): string | null {
  if (value === null) return null;
  const parsed: unknown = format.parse({ value, type: format.Type.DATETIMETZ });
  return parsed instanceof Date && Number.isFinite(parsed.getTime()) ? parsed.toISOString() : null;
}

/**
 * Every contact and customer that failed or was skipped, per system: 4 searches (5 units a page of 1,000), whether a
 * retry is queued on the record, and one search for the states of older queue entries per 1,000 entries.
 */
export function failureRows(): FailureRow[] {
  const rows: FailureRow[] = [];
  const queueIds = new Map<FailureRow, string>();
  for (const system of ['salesforce', 'pardot'] as const) {
    const fields = SYSTEM_FIELDS[system];
    for (const type of ['contact', 'customer'] as const) {
      const paged = search.create({
        type,
        filters: [[fields.status, 'is', 'Failed'], 'OR', [fields.status, 'is', 'Skipped']],
        columns: ['entityid', 'email', 'lastmodifieddate', fields.status, fields.error, ENTITY_FIELDS.queueId, ENTITY_FIELDS.queuedChange],
      }).runPaged({ pageSize: 1000 });
      for (const range of paged.pageRanges.slice(0, FAILURE_PAGES)) {
        for (const result of paged.fetch({ index: range.index }).data) {
          const value = (field: string): string | null => asText(result.getValue({ name: field }));
          const stored = splitStoredError(value(fields.error));
          const row: FailureRow = {
            recordType: type, id: result.id, name: value('entityid') ?? `${type} ${result.id}`, email: value('email'), system,
            status: value(fields.status) === 'Skipped' ? 'Skipped' : 'Failed', code: stored.code, message: stored.message,
            since: isoOf(value('lastmodifieddate')), queueState: value(ENTITY_FIELDS.queuedChange) === null ? null : QUEUE_STATE.pending,
          };
          const queueId = value(ENTITY_FIELDS.queueId);
          if (queueId !== null && row.queueState === null) queueIds.set(row, queueId);
          rows.push(row);
        }
      }
    }
  }
  const ids = [...new Set(queueIds.values())];
  const states = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    search.create({ type: QUEUE.type, filters: [['internalid', 'anyof', ids.slice(i, i + 1000)], 'AND', [QUEUE.state, 'is', QUEUE_STATE.pending]], columns: [QUEUE.state] })
      .run().getRange({ start: 0, end: 1000 })
      .forEach((result) => states.set(result.id, asText(result.getValue({ name: QUEUE.state })) ?? ''));
  }
  for (const [row, queueId] of queueIds) row.queueState = states.get(queueId) ?? null;
  return rows;
}
