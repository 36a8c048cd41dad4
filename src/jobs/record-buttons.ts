/**
 * beforeLoad on contact and customer: the "Sync now" and "Update from Salesforce" buttons (0 units). A button's
 * functionName "must be the name of the method defined in a custom module client script", attached to the form with
 * Form.clientScriptModulePath (Form.addButton(options) and Form.clientScriptModulePath, Oracle Help Center); a
 * JavaScript statement in functionName is not what the docs allow. The functions live in crmsync_cs_record_buttons.js.
 *
 * A click POSTs to the console Suitelet, which must see the user's request token (core/console/request-guard.ts):
 * the form carries it in a hidden custpage field the client module reads with N/currentRecord. The Suitelet acts and
 * redirects back here (redirect.toRecord with one parameter, a one-time key); this beforeLoad then shows what
 * happened as NetSuite's page message (Form.addPageInitMessage, "called during a beforeLoad user event … displayed on
 * the client, after the pageInit script is completed"; N/ui/message Type for its colour).
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as message from 'N/ui/message';
import * as serverWidget from 'N/ui/serverWidget';
import { ENTITY_FIELDS } from '../ids';
import type { NsRecordType } from '../core/model';
import { errorMessage } from '../core/errors';
import { inUserInterface } from '../netsuite/script-context';
import { requestToken } from '../netsuite/request-token';
import { takeActionResult } from '../netsuite/action-result';
import { bannerFor, RECORD_TOKEN_FIELD, RESULT_PARAM } from '../core/console/action-result';

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
    showActionResult(recordType, id, context);
    context.form.clientScriptModulePath = BUTTONS_CLIENT_MODULE;
    // The console's request token for this user and role, for the buttons' POST (hidden: never shown, never saved).
    const token = context.form.addField({ id: RECORD_TOKEN_FIELD, label: 'CRM Sync request token', type: serverWidget.FieldType.TEXT });
    token.updateDisplayType({ displayType: serverWidget.FieldDisplayType.HIDDEN });
    token.defaultValue = requestToken();
    context.form.addButton({ id: SYNC_NOW_BUTTON, label: 'Sync now', functionName: 'crmsyncSyncNow' });
    // Only a record already linked to Salesforce can be updated from it.
    if (String(context.newRecord.getValue({ fieldId: ENTITY_FIELDS.salesforceId }) ?? '') !== '') {
      context.form.addButton({ id: PULL_NOW_BUTTON, label: 'Update from Salesforce', functionName: 'crmsyncPullNow' });
    }
  } catch (error) {
    log.error({ title: `crmsync could not add the Sync now button on ${recordType}`, details: errorMessage(error) });
  }
}

/** The page message for a button's result the console kept for this record (the URL carries only its one-time key). */
function showActionResult(recordType: NsRecordType, id: number, context: EntryPoints.UserEvent.beforeLoadContext): void {
  const key = (context.request?.parameters as Record<string, unknown> | undefined)?.[RESULT_PARAM];
  if (key === undefined) return;
  const notice = takeActionResult(key, recordType, String(id));
  if (notice === null) return;
  const banner = bannerFor(notice);
  context.form.addPageInitMessage({ type: message.Type[banner.type], title: banner.title, message: banner.message });
}
