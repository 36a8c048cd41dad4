/**
 * Writes from Salesforce and Pardot onto contacts and customers. Every write carries what the caller gives: the
 * pull sets its inbound marker so the user events do not queue the write back.
 */
import * as record from 'N/record';
import type { FieldValue, NsRecordType } from '../core/model';
import { errorName } from '../core/errors';
import { submittable } from './values';

/** 5 units (10 for a customer with sourcing off); a blank clears a field. */
export function updateEntity(type: NsRecordType, id: string, values: Readonly<Record<string, FieldValue | Date>>): void {
  const out: Record<string, string | number | boolean | Date> = {};
  for (const [key, value] of Object.entries(values)) out[key] = value instanceof Date ? value : submittable({ [key]: value })[key] ?? '';
  record.submitFields({ type, id, values: out, options: { enableSourcing: false, ignoreMandatoryFields: true } });
}

/** A created record, and the name NetSuite refused as its ID when Auto-Generated Numbering is off (see createEntity). */
export interface CreatedEntity {
  id: string;
  /** The ID (name) another record already had; the record was saved as "<name> (<CRM id>)". Null when not needed. */
  entityIdTaken: string | null;
}

/** The ID NetSuite fills in from the names when Auto-Generated Numbering is off: the company name, else "first last". */
function nameOf(type: NsRecordType, values: Readonly<Record<string, FieldValue>>): string {
  const person = [values.firstname, values.lastname].filter((v) => typeof v === 'string' && v !== '').join(' ');
  const company = typeof values.companyname === 'string' ? values.companyname : '';
  return type === 'customer' && company !== '' ? company : person || company;
}

function save(type: NsRecordType, values: Readonly<Record<string, FieldValue>>, entityId: string | null): string {
  const created = record.create({ type });
  for (const [fieldId, value] of Object.entries(values)) if (value !== null && value !== '') created.setValue({ fieldId, value });
  if (entityId !== null) created.setValue({ fieldId: 'entityid', value: entityId });
  return String(created.save({ enableSourcing: true, ignoreMandatoryFields: false }));
}

/**
 * Creates a contact or customer with the non-blank values; mandatory fields are checked as in the UI.
 * Saved with sourcing on, as the UI would: in standard mode Record.save "Defaults to false - dependent field values
 * are not sourced" (Record.save(options), Oracle Help Center), and a contact created from Salesforce or Pardot must
 * get what its company gives it (its subsidiary) rather than the account's default.
 * With Auto-Generated Numbering off for the type, the name is the record's ID and NetSuite refuses a second record of
 * that name (DUP_ENTITY). The change must not be lost, so the record is saved once more with the CRM id added to its
 * ID ("Jane Doe (003…)"); the caller logs ENTITY_ID_TAKEN. 10 units per save (20 when the name was taken).
 */
export function createEntity(type: NsRecordType, values: Readonly<Record<string, FieldValue>>, crmId: string): CreatedEntity {
  try {
    return { id: save(type, values, null), entityIdTaken: null };
  } catch (error) {
    if (errorName(error) !== 'DUP_ENTITY') throw error;
    const name = nameOf(type, values);
    const suffix = ` (${crmId})`;
    return { id: save(type, values, `${name.slice(0, 83 - suffix.length)}${suffix}`), entityIdTaken: name };
  }
}
