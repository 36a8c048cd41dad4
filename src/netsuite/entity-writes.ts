/**
 * Writes from Salesforce and Pardot onto contacts and customers. Every write carries what the caller gives: the
 * pull sets its inbound marker so the user events do not queue the write back.
 */
import * as record from 'N/record';
import type { FieldValue, NsRecordType } from '../core/model';
import { submittable } from './values';

/** 5 units (10 for a customer with sourcing off); a blank clears a field. */
export function updateEntity(type: NsRecordType, id: string, values: Readonly<Record<string, FieldValue | Date>>): void {
  const out: Record<string, string | number | boolean | Date> = {};
  for (const [key, value] of Object.entries(values)) out[key] = value instanceof Date ? value : submittable({ [key]: value })[key] ?? '';
  record.submitFields({ type, id, values: out, options: { enableSourcing: false, ignoreMandatoryFields: true } });
}

/**
 * Creates a contact or customer with the non-blank values; mandatory fields are checked as in the UI. Returns its id.
 * Saved with sourcing on, as the UI would: in standard mode Record.save "Defaults to false - dependent field values
 * are not sourced" (Record.save(options), Oracle Help Center), and a contact created from Salesforce or Pardot must
 * get what its company gives it (its subsidiary) rather than the account's default.
 */
export function createEntity(type: NsRecordType, values: Readonly<Record<string, FieldValue>>): string {
  const created = record.create({ type });
  for (const [fieldId, value] of Object.entries(values)) if (value !== null && value !== '') created.setValue({ fieldId, value });
  return String(created.save({ enableSourcing: true, ignoreMandatoryFields: false }));
}
