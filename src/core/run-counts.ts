/**
 * Counts that add up: a run counts records, not outcomes or log rows. A record sent to Salesforce and Pardot, or a
 * customer a contact batch sent again, is one record; per system it has one status (its last outcome there), and
 * across systems the one that needs attention most.
 */
import type { Outcome, OutcomeStatus, WorkItem } from './model';

export type SystemName = Outcome['system'];

export interface RecordCounts {
  /** Records of the batch (its own items). */
  records: number;
  /** One status per record: the most urgent of its systems' (Failed, then Retrying, Waiting, Completed, Skipped). */
  byStatus: Partial<Record<OutcomeStatus, number>>;
  /** Per system, one status per record that system handled. */
  bySystem: Partial<Record<SystemName, Partial<Record<OutcomeStatus, number>>>>;
  /** Per reason code, records (per system) whose last outcome carried it. */
  byCode: Record<string, number>;
}

const URGENCY: Record<OutcomeStatus, number> = { Failed: 5, Retrying: 4, Waiting: 3, Completed: 2, Skipped: 1 };

const keyOf = (item: Pick<WorkItem, 'recordType' | 'recordId'>): string => `${item.recordType}:${item.recordId}`;

/**
 * The batch's records and their statuses. Outcomes of records outside the batch (a customer its contacts' batch sent
 * because its own batch failed) are the customer's batch's to count, so a run never counts a record twice that way.
 */
export function countRecords(items: readonly Pick<WorkItem, 'recordType' | 'recordId'>[], outcomes: readonly Outcome[]): RecordCounts {
  const own = new Set(items.map(keyOf));
  const last = new Map<string, Outcome>(); // system|record → last outcome
  for (const outcome of outcomes) {
    const key = keyOf(outcome.item);
    if (own.has(key)) last.set(`${outcome.system}|${key}`, outcome);
  }
  const overall = new Map<string, OutcomeStatus>();
  const counts: RecordCounts = { records: own.size, byStatus: {}, bySystem: {}, byCode: {} };
  for (const [systemKey, outcome] of last) {
    const record = systemKey.slice(systemKey.indexOf('|') + 1);
    const bySystem = counts.bySystem[outcome.system] ?? {};
    bySystem[outcome.status] = (bySystem[outcome.status] ?? 0) + 1;
    counts.bySystem[outcome.system] = bySystem;
    counts.byCode[outcome.code] = (counts.byCode[outcome.code] ?? 0) + 1;
    const before = overall.get(record);
    if (before === undefined || URGENCY[outcome.status] > URGENCY[before]) overall.set(record, outcome.status);
  }
  for (const status of overall.values()) counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
  return counts;
}
