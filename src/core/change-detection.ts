/**
 * Decides, inside a user event, whether a save must be queued for the push. Free of governance: it only
 * compares the old and new field values the user event already holds.
 */
import type { FieldValue, NsRecordType, QueueOperation } from './model';
import { companyFieldsOf, ownFieldsOf, type MappingSet } from './mapping/field-map';
import { PARDOT_SOURCE_FIELDS } from './mapping/to-pardot-prospect';

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

/** Fields of a contact or customer that feed the mapped payload. */
export function watchedFields(recordType: NsRecordType, mappings: MappingSet, controlFields: readonly string[]): string[] {
  const own = recordType === 'contact' ? ownFieldsOf(mappings.contact) : ownFieldsOf(mappings.customer);
  // Pardot's payload and exclusions read fields no Salesforce mapping may name.
  const derived = recordType === 'contact'
    ? ['company', 'subsidiary', ...PARDOT_SOURCE_FIELDS, 'giveaccess']
    : ['companyname', 'firstname', 'lastname', 'isperson', 'currency', 'subsidiary', 'salesrep', 'email', 'giveaccess'];
  return [...new Set([...own, ...derived, ...controlFields])];
}

/** Customer fields whose change alters its contacts' payloads (so the contacts are queued too). */
export function cascadeFields(mappings: MappingSet, controlFields: readonly string[]): string[] {
  return [...new Set(['currency', 'subsidiary', ...controlFields, ...companyFieldsOf(mappings.contact)])];
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
