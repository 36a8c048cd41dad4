/** Suitelet and RESTlet runners: an HTTP-ish request in, { code, headers, body } out. */
import { str } from '../text';
import type { EmulatedAccount } from '../account';
import { describeError, nsError } from '../errors';
import { Execution, type ScriptRunReport } from '../execution';
import type { EmulatedUser } from '../profile';
import { header } from '../../http';

export interface HttpEntryOptions {
  scriptId: string;
  deploymentId?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  parameters?: Record<string, string>;
  body?: string | Record<string, unknown> | unknown[];
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  /** The requesting user for this request only (fields not given are the signed-in user's); default: the signed-in user. */
  user?: Partial<EmulatedUser>;
}

export interface HttpEntryResult {
  code: number;
  headers: Record<string, string>;
  body: string;
  report: ScriptRunReport;
}

type Opts = Record<string, unknown>;

export function runSuitelet(account: EmulatedAccount, options: HttpEntryOptions): HttpEntryResult {
  const script = account.script(options.scriptId);
  if (script.kind !== 'suitelet') throw nsError('SSS_INVALID_SCRIPT_TYPE', `${script.id} is a ${script.kind}, not a Suitelet.`);
  const deployment = account.deployment(script, options.deploymentId);
  const x = new Execution(account.ports, {
    context: account.contextFor(options.user, deployment), script, deployment, entryPoint: 'onRequest', executionContext: 'SUITELET',
    budget: account.budgets.suitelet, params: options.params ?? {},
  });
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {};
  let code = 200;
  let body = '';
  const request = {
    method,
    parameters: { ...(options.parameters ?? {}) },
    body: typeof options.body === 'string' ? options.body : options.body === undefined ? '' : JSON.stringify(options.body),
    headers: { ...(options.headers ?? {}) },
    url: `/app/site/hosting/scriptlet.nl?script=${script.internalId}&deploy=${deployment.internalId}`,
    clientIpAddress: '127.0.0.1',
    files: {},
    // ServerRequest.getLineCount / getSublistValue (Oracle Help Center, N/http): the lines of a posted sublist, which a
    // rendered Form posts as <group>_lines and <group>_<field>_<line> (ui-server-widget.ts, Sublist.render); -1 when the
    // request carries no such sublist.
    getLineCount: (o: unknown) => {
      const group = str((o as Opts | undefined)?.group, '');
      if (group === '') throw nsError('SSS_MISSING_REQD_ARGUMENT', 'ServerRequest.getLineCount: Missing a required argument: options.group');
      const count = Number(options.parameters?.[`${group}_lines`]);
      return method === 'POST' && Number.isInteger(count) && count >= 0 ? count : -1;
    },
    getSublistValue: (o: unknown) => {
      const { group, name, line } = (o ?? {}) as Opts;
      if (group === undefined) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'ServerRequest.getSublistValue: Missing a required argument: options.group');
      if (name === undefined) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'ServerRequest.getSublistValue: Missing a required argument: options.name');
      if (line === undefined) throw nsError('SSS_MISSING_REQD_ARGUMENT', 'ServerRequest.getSublistValue: Missing a required argument: options.line');
      return options.parameters?.[`${str(group)}_${str(name)}_${str(line)}`] ?? null;
    },
  };
  const write = (o: unknown): void => {
    body += typeof o === 'string' ? o : str((o as Opts | undefined)?.output, '');
  };
  const response = {
    write,
    writeLine: (o: unknown) => {
      write(o);
      body += '\n';
    },
    writePage: (o: unknown) => {
      const page = (o as Opts | undefined)?.pageObject ?? o;
      const render = (page as { render?: unknown } | undefined)?.render;
      if (typeof render !== 'function') throw nsError('SSS_INVALID_ARG', 'writePage needs a serverWidget Form, List or Assistant.');
      headers['Content-Type'] ??= 'text/html; charset=utf-8';
      body += (render as () => string).call(page);
    },
    setHeader: (o: unknown, value?: unknown) => {
      const name = typeof o === 'string' ? o : str((o as Opts).name);
      headers[name] = str(typeof o === 'string' ? value : (o as Opts).value);
    },
    addHeader: (o: Opts) => {
      headers[str(o.name)] = str(o.value);
    },
    getHeader: (o: unknown) => headers[typeof o === 'string' ? o : str((o as Opts).name)] ?? null,
    sendRedirect: (o: Opts) => {
      code = 302;
      const url = x.module('N/url') as { resolveScript(a: unknown): string; resolveRecord(a: unknown): string };
      const type = str(o.type, '').toUpperCase();
      headers.Location = type === 'SUITELET' || type === 'RESTLET'
        ? url.resolveScript({ scriptId: o.identifier, deploymentId: o.id, params: o.parameters })
        : type === 'RECORD' ? url.resolveRecord({ recordType: o.identifier, recordId: o.id, isEditMode: o.editMode, params: o.parameters }) : str(o.identifier, '');
    },
    setCdnCacheable: () => undefined,
    renderPdf: () => {
      throw nsError('EMULATOR_UNSUPPORTED', 'renderPdf is not emulated.');
    },
  };
  let error: unknown;
  try {
    const entry = x.load().onRequest;
    if (typeof entry !== 'function') throw nsError('SSS_MISSING_ENTRY_POINT', `${script.id} does not export onRequest.`);
    error = x.invoke(entry, [{ request: x.expose(request), response: x.expose(response) }]).error;
  } catch (e) {
    error = e;
  }
  if (x.redirect && code === 200) {
    code = 302;
    headers.Location = x.redirect.url;
  }
  const report = x.report({ error });
  if (error !== undefined) {
    const { name, message } = describeError(error);
    return { code: 500, headers: { 'Content-Type': 'text/html' }, body: `<html><body><h1>An unexpected SuiteScript error has occurred</h1><p>${name}: ${message}</p></body></html>`, report };
  }
  return { code, headers, body, report };
}

export function runRestlet(account: EmulatedAccount, options: HttpEntryOptions): HttpEntryResult {
  const script = account.script(options.scriptId);
  if (script.kind !== 'restlet') throw nsError('SSS_INVALID_SCRIPT_TYPE', `${script.id} is a ${script.kind}, not a RESTlet.`);
  const deployment = account.deployment(script, options.deploymentId);
  const x = new Execution(account.ports, {
    context: account.contextFor(options.user, deployment), script, deployment, entryPoint: (options.method ?? 'GET').toLowerCase(),
    executionContext: 'RESTLET', budget: account.budgets.restlet, params: options.params ?? {},
  });
  const method = options.method ?? 'GET';
  const contentType = header(options.headers ?? {}, 'content-type') ?? 'application/json';
  const json = contentType.toLowerCase().includes('json');
  const fail = (code: number, name: string, message: string, report: ScriptRunReport): HttpEntryResult => ({
    code, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: { code: name, message } }), report,
  });
  let error: unknown;
  let result: unknown;
  let arg: unknown;
  try {
    const entry = x.load()[method.toLowerCase()];
    if (typeof entry !== 'function') return fail(405, 'SSS_INVALID_HTTP_METHOD', `The RESTlet does not implement ${method}.`, x.report({}));
    if (method === 'GET' || method === 'DELETE') arg = { ...(options.parameters ?? {}) };
    else if (typeof options.body === 'string') {
      try {
        arg = json ? JSON.parse(options.body) : options.body;
      } catch {
        return fail(400, 'SSS_INVALID_JSON', 'The request body is not valid JSON.', x.report({}));
      }
    } else arg = options.body;
    ({ error, result } = x.invoke(entry, [arg]));
  } catch (e) {
    error = e;
  }
  const report = x.report({ error });
  if (error !== undefined) {
    const { name, message } = describeError(error);
    return fail(400, name, message, report);
  }
  const body = result === undefined || result === null ? '' : typeof result === 'string' ? result : JSON.stringify(result);
  return { code: 200, headers: { 'Content-Type': json ? 'application/json' : 'text/plain' }, body, report };
}
