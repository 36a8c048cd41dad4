/**
 * Builders for outcomes, so every decision carries its code and plain-language message the same way.
 * They describe Salesforce outcomes; `forPardot` re-labels one for the Pardot side.
 */
import { nextAttemptAt } from './retry';
import { explain, type ReasonCode } from './reasons';
import type { Outcome, WorkItem } from './model';
import { isQuotaStop, USAGE_RECHECK_MINUTES } from './quota';
import { isConnectionStop, waitingForConnection } from './connection';

export function skipped(item: WorkItem, code: ReasonCode, message = explain(code)): Outcome {
  return base(item, 'Skipped', code, message, 'skip');
}

export function failed(item: WorkItem, code: ReasonCode, message: string): Outcome {
  return base(item, 'Failed', code, message, 'skip');
}

export function completed(item: WorkItem, operation: Outcome['operation'], externalId: string | null, payloadHash: string | null, code: ReasonCode = 'SYNCED'): Outcome {
  return { ...base(item, 'Completed', code, explain(code), operation), externalId, payloadHash };
}

/**
 * A quota stop (src/core/quota.ts): the record stays Pending and uses no attempt. After a limit answer it is due for
 * the next run (which finds out whether quota is back); held for the reserve it is due when the usage is read again,
 * so a single-record "Sync now" in the meantime sends only its record.
 */
export function waiting(item: WorkItem, code: ReasonCode, message: string, now: Date): Outcome {
  const due = code === 'API_RESERVE_KEPT' ? new Date(now.getTime() + USAGE_RECHECK_MINUTES * 60_000) : now;
  // A record held by the connection says so first: "Waiting: Salesforce connection. …" (never twice).
  const text = isConnectionStop(code) && !message.startsWith('Waiting: ') ? waitingForConnection(code, message) : message;
  return { ...base(item, 'Waiting', code, text, 'skip'), nextAttemptAt: due.toISOString() };
}

/**
 * A transient failure: retried with backoff until `maxAttempts`, then Failed with RETRIES_EXHAUSTED. A quota stop
 * counts no attempt: it waits instead, so no record runs out of attempts because a limit ran out.
 */
export function retrying(item: WorkItem, code: ReasonCode, message: string, now: Date, maxAttempts: number): Outcome {
  if (isQuotaStop(code)) return waiting(item, code, message, now);
  const attempt = item.attempts + 1;
  if (attempt >= maxAttempts) {
    return { ...failed(item, 'RETRIES_EXHAUSTED', `${explain('RETRIES_EXHAUSTED')} Last error (${code}): ${message}`) };
  }
  return { ...base(item, 'Retrying', code, message, 'skip'), nextAttemptAt: nextAttemptAt(now, attempt) };
}

/** A failure the classifier judged: retried when transient, else Failed. */
export function failedOrRetrying(item: WorkItem, failure: { code: ReasonCode; message: string; transient: boolean }, now: Date, maxAttempts: number): Outcome {
  return failure.transient ? retrying(item, failure.code, failure.message, now, maxAttempts) : failed(item, failure.code, failure.message);
}

function base(item: WorkItem, status: Outcome['status'], code: ReasonCode, message: string, operation: Outcome['operation']): Outcome {
  return { item, status, code, message, operation, system: 'salesforce', externalId: null, payloadHash: null, nextAttemptAt: null, clearLink: false, warnings: [] };
}

export function forPardot(outcome: Outcome): Outcome {
  return { ...outcome, system: 'pardot' };
}
