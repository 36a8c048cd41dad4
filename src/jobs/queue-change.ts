/**
 * What the contact and customer user events do after a save: decide in the core whether the change
 * matters, queue it on the record (a delete: in the queue custom record), and ask the push to run. No HTTP, ≤ 15
 * units for the queueing itself (+20 for the first run request in a burst).
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS, SCRIPTS } from '../ids';
import { decideChange, watchedFields, type SaveEvent } from '../core/change-detection';
import type { FieldValue, NsRecordType } from '../core/model';
import { enqueue } from '../netsuite/queue';
import { writeTombstone } from '../netsuite/tombstones';
import { submitMapReduce } from '../netsuite/tasks';
import { errorMessage } from '../core/errors';
import { loadMappings, loadSettings, markPushRequested, pushRequestedRecently } from '../netsuite/config';
import { asFieldValue, asText } from '../netsuite/values';

/** Fields only the bundle writes: a save that changes nothing else is our own write-back echo. */
export const BOOKKEEPING_FIELDS: readonly string[] = [
  ENTITY_FIELDS.salesforceId, ENTITY_FIELDS.pardotId, ENTITY_FIELDS.status, ENTITY_FIELDS.lastSync,
  ENTITY_FIELDS.lastError, ENTITY_FIELDS.syncedHash, ENTITY_FIELDS.snapshot, ENTITY_FIELDS.queueId,
  ENTITY_FIELDS.pardotStatus, ENTITY_FIELDS.pardotError, ENTITY_FIELDS.pardotHash, ENTITY_FIELDS.lastBatch, ENTITY_FIELDS.pardotLastBatch,
  ENTITY_FIELDS.queuedChange, ENTITY_FIELDS.changedAt, ENTITY_FIELDS.nextAttempt, ENTITY_FIELDS.attempts,
  ...Object.values(PARDOT_OWNED_FIELDS),
];

/** Not mapped, but their change decides whether or how a record syncs. */
export const CONTROL_FIELDS: readonly string[] = [ENTITY_FIELDS.lock, 'isinactive'];

const EVENTS: readonly string[] = ['create', 'edit', 'xedit', 'delete'];

/** A user event's newRecord or oldRecord. */
type SavedRecord = NonNullable<EntryPoints.UserEvent.afterSubmitContext['oldRecord']>;

function valuesOf(rec: SavedRecord | undefined, fields: readonly string[]): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  if (rec === undefined) return values;
  for (const field of fields) values[field] = asFieldValue(rec.getValue({ fieldId: field }));
  return values;
}

/**
 * What a request to run the push came to: submitted; not needed (asked moments ago, or sending is paused); or refused
 * by NetSuite (`code`: MAP_REDUCE_ALREADY_RUNNING when a push is queued or running, INSUFFICIENT_PERMISSION when the
 * role lacks SuiteScript Scheduling). In every case the queued change is kept and the scheduled push sends it.
 */
export type PushRequest =
  | { state: 'submitted' }
  | { state: 'recently' }
  | { state: 'paused' }
  | { state: 'refused'; code: string };

/** Asks the push map/reduce to run now; "already running" is fine (that run or the schedule takes it). */
export function requestPush(): PushRequest {
  // Paused sending: the change is queued (nothing is lost) and goes when the pause is lifted.
  if (pushRequestedRecently()) return { state: 'recently' };
  if (loadSettings().sync.pausePush) return { state: 'paused' };
  const result = submitMapReduce(SCRIPTS.mrPush.scriptId, SCRIPTS.mrPush.onDemandDeploymentId, 'push request');
  if (!result.submitted) return { state: 'refused', code: result.code };
  markPushRequested();
  return { state: 'submitted' };
}

/** A linked record deleted in NetSuite keeps its Salesforce and Pardot ids in a tombstone: no pull re-creates it. */
function keepTombstone(recordType: NsRecordType, oldRecord: SavedRecord): void {
  writeTombstone({
    recordType, recordId: String(oldRecord.id),
    salesforceId: asText(oldRecord.getValue({ fieldId: ENTITY_FIELDS.salesforceId })),
    pardotId: asText(oldRecord.getValue({ fieldId: ENTITY_FIELDS.pardotId })),
  });
}

export function queueChange(recordType: NsRecordType, context: EntryPoints.UserEvent.afterSubmitContext): void {
  const event = String(context.type);
  if (!EVENTS.includes(event)) return;
  try {
    const saveEvent = event as SaveEvent;
    const { mappings } = loadMappings();
    const fields = [...watchedFields(recordType, mappings, CONTROL_FIELDS), ...BOOKKEEPING_FIELDS, ENTITY_FIELDS.pulledAt];
    const newRecord = saveEvent === 'delete' ? undefined : context.newRecord;
    const oldRecord = saveEvent === 'create' ? undefined : context.oldRecord ?? undefined;
    if (saveEvent === 'delete' && oldRecord !== undefined) keepTombstone(recordType, oldRecord);
    const newFields = saveEvent === 'xedit' && newRecord !== undefined ? newRecord.getFields().filter((f) => fields.includes(f)) : fields;
    const decision = decideChange({
      recordType, event: saveEvent, mappings,
      newValues: valuesOf(newRecord, newFields),
      oldValues: valuesOf(oldRecord, fields),
      bookkeepingFields: BOOKKEEPING_FIELDS, controlFields: CONTROL_FIELDS, inboundMarkerField: ENTITY_FIELDS.pulledAt,
      // Pardot's connector never re-synced contacts when the company's rep changed; the setting opts in.
      extraCascadeFields: recordType === 'customer' && loadSettings().pardot.cascadeRep ? ['salesrep'] : [],
    });
    if (!decision.enqueue) return;

    // xedit's newRecord holds only the edited fields: the rest comes from oldRecord.
    const read = (field: string): string | null => {
      const fromNew = newRecord !== undefined && (saveEvent !== 'xedit' || newFields.includes(field)) ? asText(newRecord.getValue({ fieldId: field })) : null;
      return fromNew ?? (oldRecord === undefined ? null : asText(oldRecord.getValue({ fieldId: field })));
    };
    const recordId = String(newRecord?.id ?? oldRecord?.id ?? '');
    const queueId = asText(newRecord?.getValue({ fieldId: ENTITY_FIELDS.queueId })) ?? (oldRecord === undefined ? null : asText(oldRecord.getValue({ fieldId: ENTITY_FIELDS.queueId })));
    enqueue({
      recordType, recordId, queueId, operation: decision.operation, now: new Date(),
      // What was queued before this save (oldRecord holds the record as stored): a pending cascade stays one.
      queuedChange: oldRecord === undefined ? null : asText(oldRecord.getValue({ fieldId: ENTITY_FIELDS.queuedChange })),
      customerId: recordType === 'customer' ? recordId : read('company'),
      externalId: read(ENTITY_FIELDS.salesforceId),
    });
    requestPush();
  } catch (error) {
    // Never throw from afterSubmit: the user's save already happened. The scheduled push still runs.
    log.error({ title: `crmsync could not queue ${recordType} ${String((context.newRecord as SavedRecord | undefined)?.id ?? context.oldRecord?.id)}`, details: errorMessage(error) });
  }
}
