/**
 * The Salesforce and Pardot ids on a contact or customer are links only CRM Sync sets (the push and the pull, both
 * map/reduce scripts). A save from anywhere else — the form, inline editing, CSV import, web services — that changes
 * one is put back before it is stored, so nobody can point a record at someone else's CRM record. The fields are also
 * locked on the form; this catches the paths a form setting does not.
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { ENTITY_FIELDS } from '../ids';
import type { NsRecordType } from '../core/model';
import { errorMessage } from '../core/errors';
import { inMapReduce } from '../netsuite/script-context';
import { asText } from '../netsuite/values';

const LINK_FIELDS: readonly string[] = [ENTITY_FIELDS.salesforceId, ENTITY_FIELDS.pardotId];

export function keepLinksReadOnly(recordType: NsRecordType, context: EntryPoints.UserEvent.beforeSubmitContext): void {
  const event = String(context.type);
  if (!['create', 'edit', 'xedit'].includes(event) || inMapReduce()) return;
  const rec = context.newRecord;
  try {
    // On an inline edit newRecord holds only the edited fields.
    const present = event === 'xedit' ? rec.getFields() : LINK_FIELDS;
    for (const field of LINK_FIELDS.filter((f) => present.includes(f))) {
      const kept = event === 'create' || context.oldRecord === null ? null : asText(context.oldRecord.getValue({ fieldId: field }));
      if (asText(rec.getValue({ fieldId: field })) === kept) continue;
      rec.setValue({ fieldId: field, value: kept ?? '' });
      log.audit({ title: `crmsync kept ${field} on ${recordType} ${String(rec.id ?? 'new')}`, details: 'Only CRM Sync sets CRM links; the change was not saved.' });
    }
  } catch (error) {
    // The save goes on; the push still refuses a link whose target carries another NetSuite id.
    log.error({ title: `crmsync could not check the CRM links of ${recordType} ${String(rec.id ?? 'new')}`, details: errorMessage(error) });
  }
}
