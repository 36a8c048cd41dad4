/**
 * Re-arms queue entries of records an admin retries (console or "Sync now"), with the same enqueue the user
 * events use, then asks the push to run. Costs 2 units per re-armed entry (11 when one has to be created).
 */
import { unitsLeftFor } from '../netsuite/governance';
import { enqueue } from '../netsuite/queue';
import type { RetryTarget } from '../netsuite/retry-targets';
import { requestPush, type PushRequest } from './queue-change';
import { SCRIPT_PARAMS, SCRIPTS } from '../ids';
import { submitMapReduce, type SubmitResult } from '../netsuite/tasks';

export interface RetryResult {
  rearmed: RetryTarget[];
  /** Left for later because the invocation ran low on governance. */
  postponed: number;
  /** What asking the push to run came to; null when nothing was re-armed. */
  push: PushRequest | null;
}

/** Units to keep for requestPush (≤ 22) and writing the page. */
const RESERVE_UNITS = 60;
/** Worst case per record: create (2 + 4) and remember on the record (5). */
const UNITS_PER_RECORD = 11;

export function rearm(targets: readonly RetryTarget[], now: Date): RetryResult {
  const rearmed: RetryTarget[] = [];
  for (const target of targets) {
    if (!unitsLeftFor(UNITS_PER_RECORD + RESERVE_UNITS)) break;
    enqueue({
      recordType: target.recordType, recordId: target.id, queueId: target.queueId, operation: 'upsert', now,
      customerId: target.customerId, externalId: target.salesforceId,
    });
    rearmed.push(target);
  }
  const push = rearmed.length > 0 ? requestPush() : null;
  return { rearmed, postponed: targets.length - rearmed.length, push };
}

/** Asks the on-demand push to send every contact and customer once (the setup checklist's last step). */
export function startFullSync(): SubmitResult {
  return submitMapReduce(SCRIPTS.mrPush.scriptId, SCRIPTS.mrPush.onDemandDeploymentId, 'full sync', { [SCRIPT_PARAMS.fullSync]: true });
}
