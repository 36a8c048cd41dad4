/** The progress of the console's background retry ("Retry these N"), as kept in one state value (≤ 300 characters). */
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
    ? `Retrying ${task.asked.toLocaleString('en-US')} record(s) in the background since ${task.startedAt}: re-arming their queue entries (${pendingNow.toLocaleString('en-US')} change(s) in the queue now).`
    : `The background retry started ${task.startedAt} queued ${String(task.queued ?? 0)} of ${task.asked.toLocaleString('en-US')} record(s) at ${task.finishedAt}; the push sends them.`;
}
