/**
 * beforeLoad on contact and customer: the "Sync now" and "Update from Salesforce" buttons (0 units). A button's
 * functionName "must be the name of the method defined in a custom module client script", attached to the form with
 * Form.clientScriptModulePath (Form.addButton(options) and Form.clientScriptModulePath, Oracle Help Center); a
 * JavaScript statement in functionName is not what the docs allow. The functions live in crmsync_cs_record_buttons.js.
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import { ENTITY_FIELDS } from '../ids';
import type { NsRecordType } from '../core/model';
import { errorMessage } from '../core/errors';
import { inUserInterface } from '../netsuite/script-context';

/** custpage_ ids live only on the form NetSuite renders; they are not SDF objects. */
const SYNC_NOW_BUTTON = 'custpage_crmsync_sync_now';
const PULL_NOW_BUTTON = 'custpage_crmsync_pull_now';
/** The custom module client script (build output of src/entrypoints/crmsync_cs_record_buttons.ts), as Oracle's samples write the path. */
export const BUTTONS_CLIENT_MODULE = 'SuiteScripts/crmsync/crmsync_cs_record_buttons.js';

/** The record's internal id when a user has it open in view or edit mode in the UI, else null (create, CSV, scripts). */
export function openedInUi(context: EntryPoints.UserEvent.beforeLoadContext): number | null {
  const type = String(context.type);
  if (type !== 'view' && type !== 'edit') return null;
  if (!inUserInterface()) return null;
  const id = Number(context.newRecord.id);
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function addSyncButtons(recordType: NsRecordType, context: EntryPoints.UserEvent.beforeLoadContext): void {
  try {
    const id = openedInUi(context);
    if (id === null) return;
    context.form.clientScriptModulePath = BUTTONS_CLIENT_MODULE;
    context.form.addButton({ id: SYNC_NOW_BUTTON, label: 'Sync now', functionName: 'crmsyncSyncNow' });
    // Only a record already linked to Salesforce can be updated from it.
    if (String(context.newRecord.getValue({ fieldId: ENTITY_FIELDS.salesforceId }) ?? '') !== '') {
      context.form.addButton({ id: PULL_NOW_BUTTON, label: 'Update from Salesforce', functionName: 'crmsyncPullNow' });
    }
  } catch (error) {
    log.error({ title: `crmsync could not add the Sync now button on ${recordType}`, details: errorMessage(error) });
  }
}
