/**
 * Decides, inside a user event, whether a save must be queued for the push. Free of governance: it only
 * compares the old and new field values the user event already holds.
 */
import type { FieldValue, NsRecordType, QueueOperation } from './model';
import { customerFieldsOf, recordFieldsOf, type MappingSet } from './mapping/field-map';
import { PROSPECT_CONTROL_FIELDS, prospectSourceFields } from './mapping/to-pardot-prospect';

export type SaveEvent = 'create' | 'edit' | 'xedit' | 'delete';

export interface ChangeInput {
  recordType: NsRecordType;
  event: SaveEvent;
  /** Field ids present on the new record (for xedit: only the fields that were inline-edited). */
  newValues: Readonly<Record<string, FieldValue>>;
  oldValues: Readonly<Record<string, FieldValue>>;
  mappings: MappingSet;
  /** Fields only the bundle writes (status, ids, hash…): a save changing nothing else is our own echo. */
  bookkeepingFields: readonly string[];
  /** Fields whose change matters even though no mapping names them (lock, inactive, company…). */
  controlFields: readonly string[];
  /** Set only by the pull: a save that changes it is the pull's own write and is never queued back. */
  inboundMarkerField: string;
  /** Customer fields that also cascade to its contacts here (e.g. the sales rep, when the Pardot cascade setting is on). */
  extraCascadeFields?: readonly string[];
}

export interface ChangeDecision {
  enqueue: boolean;
  operation: QueueOperation;
  /** Fields that changed and matter (for the log / debugging). */
  changedFields: string[];
}

/**
 * Fields of a contact or customer that feed a payload, derived from the mappings: the Salesforce mapping's fields
 * (direct and through derived sources), the prospect's fields and what decides the prospect (Pardot reads fields no
 * Salesforce mapping may name), and the control fields.
 */
export function watchedFields(recordType: NsRecordType, mappings: MappingSet, controlFields: readonly string[]): string[] {
  const salesforce = recordFieldsOf(recordType, recordType === 'contact' ? mappings.contact : mappings.customer);
  return [...new Set([...salesforce, ...prospectSourceFields(recordType), ...PROSPECT_CONTROL_FIELDS[recordType], ...controlFields])];
}

/** Customer fields whose change alters its contacts' payloads (so the contacts are queued too). */
export function cascadeFields(mappings: MappingSet, controlFields: readonly string[]): string[] {
  return [...new Set([...customerFieldsOf(mappings.contact), ...controlFields])];
}

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const norm = (v: FieldValue | undefined): string => (v === null || v === undefined || v === '' || v === false ? '' : String(v));
  return norm(a) === norm(b);
}

export function decideChange(input: ChangeInput): ChangeDecision {
  if (input.event === 'delete') return { enqueue: true, operation: 'delete', changedFields: [] };
  const marker = input.inboundMarkerField;
  if (marker in input.newValues && !same(input.newValues[marker], input.oldValues[marker])) {
    return { enqueue: false, operation: 'upsert', changedFields: [] };
  }
  const watched = watchedFields(input.recordType, input.mappings, input.controlFields);
  if (input.event === 'create') return { enqueue: true, operation: 'upsert', changedFields: watched };
  const candidates = input.event === 'xedit' ? Object.keys(input.newValues) : watched;
  const changed = candidates.filter((field) => watched.includes(field) && !input.bookkeepingFields.includes(field)
    && !same(input.oldValues[field], input.newValues[field]));
  if (changed.length === 0) return { enqueue: false, operation: 'upsert', changedFields: [] };
  const cascading = [...cascadeFields(input.mappings, input.controlFields), ...(input.extraCascadeFields ?? [])];
  const cascades = input.recordType === 'customer' && changed.some((f) => cascading.includes(f));
  return { enqueue: true, operation: cascades ? 'cascade' : 'upsert', changedFields: changed };
}
