/**
 * @NApiVersion 2.1
 * @NScriptType ClientScript
 * @NModuleScope SameAccount
 */
// A custom module client script: the contact and customer user events attach it to the form they show
// (Form.clientScriptModulePath) and name its functions in Form.addButton's functionName. It has no script record.
import type { EntryPoints } from 'N/types';
import { postConsoleAction } from '../jobs/record-button-clicks';

/** Nothing to do when the page loads; the module exists for its button functions. */
export const pageInit: EntryPoints.Client.pageInit = () => undefined;

/** "Sync now". */
export function crmsyncSyncNow(): void {
  postConsoleAction('syncnow');
}

/** "Update from Salesforce". */
export function crmsyncPullNow(): void {
  postConsoleAction('pullnow');
}
