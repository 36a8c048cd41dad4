/** beforeLoad on contact and customer: the "Sync now" button (0 units: url.resolveScript and addButton are free). */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';
import * as url from 'N/url';
import { ADMIN_SCRIPTS, ENTITY_FIELDS } from '../ids';
import type { NsRecordType } from '../core/model';
import { errorMessage } from '../core/errors';
import { inUserInterface } from '../netsuite/script-context';

/** custpage_ ids live only on the form NetSuite renders; they are not SDF objects. */
const SYNC_NOW_BUTTON = 'custpage_crmsync_sync_now';
const PULL_NOW_BUTTON = 'custpage_crmsync_pull_now';

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
    const target = url.resolveScript({
      scriptId: ADMIN_SCRIPTS.slConsole.scriptId,
      deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId,
      params: { action: 'syncnow', recordtype: recordType, id: String(id) },
    });
    // The URL holds only our script ids and a number; JSON.stringify makes it a safe JS string literal.
    context.form.addButton({ id: SYNC_NOW_BUTTON, label: 'Sync now', functionName: `window.location.assign(${JSON.stringify(target)})` });
    // Only a record already linked to Salesforce can be updated from it.
    if (String(context.newRecord.getValue({ fieldId: ENTITY_FIELDS.salesforceId }) ?? '') !== '') {
      const pull = url.resolveScript({
        scriptId: ADMIN_SCRIPTS.slConsole.scriptId,
        deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId,
        params: { action: 'pullnow', recordtype: recordType, id: String(id) },
      });
      context.form.addButton({ id: PULL_NOW_BUTTON, label: 'Update from Salesforce', functionName: `window.location.assign(${JSON.stringify(pull)})` });
    }
  } catch (error) {
    log.error({ title: `crmsync could not add the Sync now button on ${recordType}`, details: errorMessage(error) });
  }
}
