/**
 * A user clicking a button of a rendered record form. Form.addButton's functionName "must be the name of the method
 * defined in a custom module client script", and that script "must be attached to the form" with
 * Form.clientScriptModulePath or Form.clientScriptFileId (Form.addButton(options), Oracle Help Center). So a click
 * loads the attached module from the File Cabinet, looks the function up by name among its exports and calls it, in
 * the browser's context: the signed-in user with the user's own role (no Execute As Role), N/currentRecord = the
 * record shown, and the page's `window.location`. Its N/log entries go to the parent script's deployment
 * (Form.clientScriptModulePath: "using the N/log Module adds the logs to the deployment of the parent script").
 *
 * Guesses: a path starting with ./ or ../ is relative to the parent script's folder, any other is from the File
 * Cabinet root (Oracle's samples write 'SuiteScripts/formBehavior.js'); a functionName that is not an exported
 * function of the module (a JavaScript statement, a missing name, no module attached) does nothing in the page but
 * a browser error, reported here as CLIENT_FUNCTION_NOT_FOUND.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { EmulatedAccount } from '../account';
import { nsError } from '../errors';
import { Execution, type ScriptRunReport } from '../execution';
import type { ClientPage } from '../modules/current-record';
import type { Form } from '../modules/ui-server-widget';
import { evaluateAmd, readHeader } from '../realm';
import { str } from '../text';

export interface ClickResult {
  /** Where the page went (window.location.assign / href), or null. */
  navigatedTo: string | null;
  /** A form the client code built and submitted (document.createElement('form') … form.submit()), or null. */
  submitted: SubmittedForm | null;
  report: ScriptRunReport;
}

export interface SubmittedForm {
  method: string;
  action: string;
  fields: Record<string, string>;
}

/**
 * The little of the browser's DOM a button function may use to send a form: document.createElement('form' | 'input'),
 * form.appendChild, document.body.appendChild, form.submit() (HTML Living Standard, "Form submission"; MDN
 * HTMLFormElement.submit). A submit of a form never attached to the document is not sent (the standard's "form
 * submission" step: "If form cannot navigate, then return"); two submits keep the first, as the page has left.
 */
function pageDocument(onSubmit: (form: SubmittedForm) => void): object {
  const attached = new Set<object>();
  const createElement = (tag: unknown): object => {
    const name = String(tag).toLowerCase();
    if (name === 'input') return { type: 'text', name: '', value: '' };
    if (name !== 'form') throw nsError('EMULATOR_UNSUPPORTED', `document.createElement('${name}') is not emulated (form and input are).`);
    // What a script assigns is whatever it assigns: read as the browser would, by string conversion.
    const inputs: { name: unknown; value: unknown; type: unknown }[] = [];
    const form: { method: unknown; action: unknown; appendChild(child: { name: unknown; value: unknown; type: unknown }): unknown; submit(): void } = {
      method: 'GET',
      action: '',
      appendChild(child: { name: unknown; value: unknown; type: unknown }) {
        inputs.push(child);
        return child;
      },
      submit() {
        if (!attached.has(form)) return;
        const fields: Record<string, string> = {};
        for (const input of inputs) if (str(input.name, '') !== '') fields[str(input.name, '')] = str(input.value, '');
        onSubmit({ method: str(form.method, 'GET').toUpperCase(), action: str(form.action, ''), fields });
      },
    };
    return form;
  };
  return { createElement, body: { appendChild: (child: object) => { attached.add(child); return child; } } };
}

const NAME = /^[A-Za-z_$][\w$]*$/;

export function clickButton(account: EmulatedAccount, view: { form: Form; scripts: ScriptRunReport[] }, page: ClientPage, button: string): ClickResult {
  const found = view.form.buttons.find((b) => b.id === button || b.label === button);
  if (found === undefined) throw nsError('EMULATOR_NO_SUCH_BUTTON', `The form has no button ${button}.`);
  const parent = view.scripts.find((r) => r.scriptType === 'usereventscript' || r.scriptType === 'suitelet');
  if (parent === undefined) throw nsError('EMULATOR_NO_SUCH_BUTTON', 'No script built this form.');
  const script = account.ports.scripts.script(parent.scriptId);
  const deployment = account.ports.scripts.deployment(script, parent.deploymentId);
  const x = new Execution(account.ports, {
    context: account.contextFor(undefined), script, deployment, entryPoint: `client:${found.functionName ?? found.id}`,
    executionContext: 'USERINTERFACE', budget: 1_000,
  });
  // The form's own fields (custpage_ ones a beforeLoad added) are on the page too: N/currentRecord reads them.
  const formValues: Record<string, unknown> = {};
  for (const field of view.form.fields.values()) formValues[field.id] = field.defaultValue;
  x.runtimeInfo.currentRecord = { ...page, formValues };
  let navigatedTo: string | null = null;
  let submitted: SubmittedForm | null = null;
  const location = {
    assign: (target: unknown) => { navigatedTo = String(target); },
    replace: (target: unknown) => { navigatedTo = String(target); },
    set href(target: unknown) { navigatedTo = String(target); },
  };
  Object.defineProperty(x.realm.context, 'window', { value: { location }, enumerable: false, writable: true, configurable: true });
  const document = pageDocument((form) => { submitted ??= form; });
  Object.defineProperty(x.realm.context, 'document', { value: document, enumerable: false, writable: true, configurable: true });
  const { error } = x.invoke(() => {
    const name = found.functionName;
    if (name === undefined) return;
    const path = view.form.clientScriptModulePath;
    if (path === undefined) throw nsError('CLIENT_FUNCTION_NOT_FOUND', `Button ${found.id} calls ${name}, but no client script module is attached to the form (Form.clientScriptModulePath).`);
    if (!NAME.test(name)) throw nsError('CLIENT_FUNCTION_NOT_FOUND', `Button ${found.id}: functionName must name a function of the client script module, not code (${name.slice(0, 60)}).`);
    const file = path.startsWith('./') || path.startsWith('../') ? normalize(join(dirname(script.scriptFile), path)) : normalize(`/${path}`);
    let code: string;
    try {
      code = readFileSync(join(account.projectRoot, 'FileCabinet', file), 'utf8');
    } catch {
      throw nsError('SSS_FILE_NOT_FOUND', `The client script module ${path} is not in the File Cabinet (${file}).`);
    }
    if (!['2.0', '2.1', '2.x'].includes(readHeader(code).apiVersion ?? '')) throw nsError('SSS_INVALID_API_VERSION', `${file}: missing or invalid @NApiVersion.`);
    const exported = evaluateAmd(x.realm, code, file, (dep) => x.module(dep)).exports[name];
    if (typeof exported !== 'function') throw nsError('CLIENT_FUNCTION_NOT_FOUND', `${file} has no function ${name}.`);
    (exported as () => unknown)();
  }, []);
  return { navigatedTo, submitted, report: x.report(error === undefined ? {} : { error }) };
}
