/**
 * The console's background retry ("Retry these N" and "Retry selected"): its progress, as kept in one state value
 * (≤ 300 characters), and the selection it carries as a task parameter.
 */
import type { RecordRef } from './requests';

export interface RetryTask {
  /** Records the filter matched when the admin clicked. */
  asked: number;
  /** Records the task re-armed; null while it runs. */
  queued: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** The error list's filter (its query parameters as JSON). */
  filter: string;
}

export function serializeRetryTask(task: RetryTask): string {
  return JSON.stringify([task.asked, task.queued, task.startedAt, task.finishedAt, task.filter.slice(0, 200)]);
}

export function parseRetryTask(text: string | null): RetryTask | null {
  if (text === null || text === '') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return null;
    const [asked, queued, startedAt, finishedAt, filter] = parsed as unknown[];
    if (typeof asked !== 'number' || typeof startedAt !== 'string' || typeof filter !== 'string') return null;
    return { asked, queued: typeof queued === 'number' ? queued : null, startedAt, finishedAt: typeof finishedAt === 'string' ? finishedAt : null, filter };
  } catch {
    return null;
  }
}

/** The console's line: running, or done with how many were queued. */
export function retryTaskLine(task: RetryTask, pendingNow: number): string {
  return task.finishedAt === null
    ? `Retrying ${task.asked.toLocaleString('en-US')} record(s) in the background since ${task.startedAt}: queueing their changes (${pendingNow.toLocaleString('en-US')} change(s) in the queue now).`
    : `The background retry started ${task.startedAt} queued ${String(task.queued ?? 0)} of ${task.asked.toLocaleString('en-US')} record(s) at ${task.finishedAt}; the push sends them.`;
}

/**
 * A selection as the task parameter carries it: "c12,u34" (c contact, u customer). At most MAX_SELECTIONS (200) ids of
 * at most 12 digits: 200 × 14 characters = 2,800, inside a Text Area parameter's 4,000.
 */
export function encodeSelection(refs: readonly RecordRef[]): string {
  return refs.map((r) => `${r.recordType === 'customer' ? 'u' : 'c'}${r.id}`).join(',');
}

/** The selection back; anything that is not "c<digits>" or "u<digits>" is dropped (the parameter is ours, but checked). */
export function decodeSelection(text: unknown): RecordRef[] {
  if (typeof text !== 'string' || text === '') return [];
  const seen = new Map<string, RecordRef>();
  for (const part of text.split(',')) {
    const match = /^([cu])(\d{1,12})$/.exec(part.trim());
    if (match === null) continue;
    const ref: RecordRef = { recordType: match[1] === 'u' ? 'customer' : 'contact', id: String(Number(match[2])) };
    seen.set(`${ref.recordType}:${ref.id}`, ref);
  }
  return [...seen.values()];
}

/** Whether "Retry selected" may re-arm the record: it failed in Salesforce or in Pardot (the error list shows both). */
export function retryable(target: { status: string | null; pardotStatus: string | null }): boolean {
  return target.status === 'Failed' || target.pardotStatus === 'Failed';
}
