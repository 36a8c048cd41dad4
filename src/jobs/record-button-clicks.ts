/**
 * The browser side of the record's "Sync now" and "Update from Salesforce" buttons. Form.addButton's functionName
 * "must be the name of the method defined in a custom module client script", and that script "must be attached to
 * the form" with Form.clientScriptModulePath (Form.addButton(options), Oracle Help Center); the module reads the
 * record it was opened on with N/currentRecord, as Oracle's "Update Fields on Current Record using a Custom Module
 * Script and a User Event Script" sample does, and asks the console to confirm the action (0 units).
 */
import * as currentRecord from 'N/currentRecord';
import * as url from 'N/url';
import { ADMIN_SCRIPTS } from '../ids';

/** The page's location (client scripts run in the browser; the project compiles without DOM typings). */
declare const window: { location: { assign(target: string): void } };

export type ConsoleAction = 'syncnow' | 'pullnow';

/** Opens the console's confirmation page for this record (url.resolveScript gives the internal URL, which a page may use). */
export function openConsoleAction(action: ConsoleAction): void {
  const rec = currentRecord.get();
  const target = url.resolveScript({
    scriptId: ADMIN_SCRIPTS.slConsole.scriptId,
    deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId,
    params: { action, recordtype: rec.type, id: String(rec.id) },
  });
  window.location.assign(target);
}
