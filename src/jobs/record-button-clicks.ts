/**
 * The browser side of the record's "Sync now" and "Update from Salesforce" buttons. Form.addButton's functionName
 * "must be the name of the method defined in a custom module client script", and that script "must be attached to
 * the form" with Form.clientScriptModulePath (Form.addButton(options), Oracle Help Center); the module reads the
 * record it was opened on with N/currentRecord, as Oracle's "Update Fields on Current Record using a Custom Module
 * Script and a User Event Script" sample does (that sample reads and sets a custpage_ field the user event added).
 *
 * A click POSTs the action to the console Suitelet with the request token the user event put on the form (0 units):
 * a form built here and submitted, as a browser submits any form, so the Suitelet's request guard sees this account's
 * Origin and the user's token. The Suitelet acts and redirects back to the record, which shows the result. Without a
 * token on the form (a form customised to drop the field) the click opens the console's confirmation page instead,
 * which asks before it POSTs.
 */
import * as currentRecord from 'N/currentRecord';
import * as url from 'N/url';
import { ADMIN_SCRIPTS } from '../ids';
import { RECORD_TOKEN_FIELD } from '../core/console/action-result';
import { TOKEN_FIELD } from '../core/console/request-guard';

/** The few DOM members used (client scripts run in the browser; the project compiles without DOM typings). */
interface FormElement {
  method: string;
  action: string;
  appendChild(child: InputElement): void;
  submit(): void;
}
interface InputElement {
  type: string;
  name: string;
  value: string;
}
declare const window: { location: { assign(target: string): void } };
declare const document: {
  createElement(tag: 'form'): FormElement;
  createElement(tag: 'input'): InputElement;
  body: { appendChild(child: FormElement): void };
};

export type ConsoleAction = 'syncnow' | 'pullnow';

function hidden(name: string, value: string): InputElement {
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = name;
  input.value = value;
  return input;
}

/** POSTs the action for this record to the console (or, with no token on the form, opens its confirmation page). */
export function postConsoleAction(action: ConsoleAction): void {
  const rec = currentRecord.get();
  const fields = { action, recordtype: rec.type, id: String(rec.id) };
  const consoleUrl = url.resolveScript({ scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId });
  const token = rec.getValue({ fieldId: RECORD_TOKEN_FIELD });
  if (typeof token !== 'string' || token === '') {
    window.location.assign(url.resolveScript({ scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId, params: fields }));
    return;
  }
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = consoleUrl;
  for (const [name, value] of Object.entries({ ...fields, [TOKEN_FIELD]: token })) form.appendChild(hidden(name, value));
  document.body.appendChild(form);
  form.submit();
}
