/** Small N/ modules: log, util, error, runtime, format, encode, email, url, redirect. */
import { str } from '../text';
import { ERR, nsError } from '../errors';
import type { Execution } from '../execution';
import { COSTS } from '../governance';
import { formatDate, formatDateTime, formatTime, parseDateTime } from '../format-util';
import { types } from 'node:util';
import type * as logApi from 'N/log';
import type * as utilApi from 'N/util';
import type * as errorApi from 'N/error';
import type * as runtimeApi from 'N/runtime';
import type * as formatApi from 'N/format';
import type * as encodeApi from 'N/encode';
import type * as emailApi from 'N/email';
import type * as urlApi from 'N/url';
import type * as redirectApi from 'N/redirect';
import type { ModuleSurface } from './surface';

type Opts = Record<string, unknown>;

export function createLogModule(x: Execution): object {
  const make = (level: 'DEBUG' | 'AUDIT' | 'ERROR' | 'EMERGENCY') => (titleOrOptions: unknown, details?: unknown): void => {
    if (titleOrOptions !== null && typeof titleOrOptions === 'object' && !types.isNativeError(titleOrOptions) && details === undefined) {
      const o = titleOrOptions as Opts;
      x.log(level, o.title, o.details);
    } else x.log(level, titleOrOptions, details);
  };
  return { debug: make('DEBUG'), audit: make('AUDIT'), error: make('ERROR'), emergency: make('EMERGENCY') } satisfies ModuleSurface<typeof logApi>;
}

export function createUtilModule(x: Execution): object {
  const tag = (v: unknown): string => Object.prototype.toString.call(v);
  return {
    isArray: (v: unknown) => Array.isArray(v),
    isBoolean: (v: unknown) => typeof v === 'boolean' || tag(v) === '[object Boolean]',
    isDate: (v: unknown) => types.isDate(v),
    isFunction: (v: unknown) => typeof v === 'function',
    isNumber: (v: unknown) => typeof v === 'number' || tag(v) === '[object Number]',
    isObject: (v: unknown) => v !== null && typeof v === 'object',
    isRegExp: (v: unknown) => types.isRegExp(v),
    isString: (v: unknown) => typeof v === 'string' || tag(v) === '[object String]',
    each(iterable: unknown, callback: (value: unknown, key: unknown) => unknown) {
      if (Array.isArray(iterable)) (iterable as unknown[]).forEach((v, i) => callback(v, i));
      else if (iterable && typeof iterable === 'object') for (const [k, v] of Object.entries(iterable)) callback(v, k);
      return iterable;
    },
    extend(receiver: unknown, ...sources: unknown[]) {
      return Object.assign(receiver as Opts, ...(sources as Opts[]));
    },
    nanoTime: () => x.env.info.clock.now().getTime() * 1_000_000,
  } satisfies ModuleSurface<typeof utilApi>;
}

export function createErrorModule(x: Execution): object {
  return {
    // error.Type lists error codes (name = value). These are codes the emulator throws that the typings' list has;
    // others it throws (SSS_USAGE_LIMIT_EXCEEDED, RCRD_DSNT_EXIST, RCRD_HAS_BEEN_CHANGED …) are not in that list.
    Type: {
      SSS_MISSING_REQD_ARGUMENT: 'SSS_MISSING_REQD_ARGUMENT', INVALID_RCRD_TYPE: 'INVALID_RCRD_TYPE', INVALID_FLD_VALUE: 'INVALID_FLD_VALUE',
      SSS_INVALID_TYPE_ARG: 'SSS_INVALID_TYPE_ARG', SSS_INVALID_SUBLIST_OPERATION: 'SSS_INVALID_SUBLIST_OPERATION',
      SSS_INVALID_API_USAGE: 'SSS_INVALID_API_USAGE',
    },
    create(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (typeof o.name !== 'string' || !o.name) throw ERR.missingArg('error.create', 'options.name');
      const e = x.realm.error(o.name, typeof o.message === 'string' ? o.message : '');
      if (o.notifyOff === true) (e as unknown as Opts).notifyOff = true;
      return e;
    },
  } satisfies ModuleSurface<typeof errorApi>;
}

export const ContextType = {
  ACTION: 'ACTION', BUNDLE_INSTALLATION: 'BUNDLEINSTALLATION', CLIENT: 'CLIENT', CSV_IMPORT: 'CSVIMPORT', CUSTOM_MASSUPDATE: 'CUSTOMMASSUPDATE',
  DEBUGGER: 'DEBUGGER', EMAIL_CAPTURE: 'EMAILCAPTURE', MAP_REDUCE: 'MAPREDUCE', NONE: 'NONE', PORTLET: 'PORTLET', RESTLET: 'RESTLET',
  REST_WEBSERVICES: 'RESTWEBSERVICES', SCHEDULED: 'SCHEDULED', SDF_INSTALLATION: 'SDFINSTALLATION', SUITELET: 'SUITELET',
  USEREVENT: 'USEREVENT', USER_INTERFACE: 'USERINTERFACE', WEBAPPLICATION: 'WEBAPPLICATION', WEBSERVICES: 'WEBSERVICES',
  WEBSTORE: 'WEBSTORE', WORKFLOW: 'WORKFLOW',
} as const;

/** Script parameters arrive as XML strings; getParameter returns them typed like field values. */
function typedParameter(fieldType: string | undefined, value: unknown): unknown {
  if (typeof value !== 'string' || fieldType === undefined) return value;
  switch (fieldType) {
    case 'CHECKBOX': return value === 'T' || value === 'true';
    case 'INTEGER': case 'FLOAT': case 'CURRENCY': case 'PERCENT': return value === '' ? null : Number(value);
    default: return value;
  }
}

export function createRuntimeModule(x: Execution): object {
  const info = x.env.info;
  const session = info.session;
  const params = x.env.scripts.parameterValues(x.script, x.deployment, x.options.params ?? {});
  const script = {
    get id() { return x.script.id; },
    get deploymentId() { return x.deployment.id; },
    get logLevel() { return x.deployment.logLevel; },
    get apiVersion() { return '2.1'; },
    get bundleIds() { return [] as string[]; },
    get percentComplete() { return Number(x.runtimeInfo.percentComplete ?? 0); },
    getParameter(options: unknown) {
      const name = typeof options === 'string' ? options : (options as Opts | undefined)?.name;
      if (typeof name !== 'string') throw ERR.missingArg('Script.getParameter', 'options.name');
      if (!params.has(name)) return null;
      const def = x.script.params.find((p) => p.id === name);
      const value = typedParameter(def?.fieldType, params.get(name));
      return types.isDate(value) ? x.realm.date(value) : value;
    },
    getRemainingUsage() {
      return x.meter.remaining;
    },
  };
  // The execution context's user: the signed-in user for the UI, Suitelets and RESTlets, the administrator for
  // scheduled and map/reduce scripts, the triggering script's user for the user events it fires.
  const u = x.context.user;
  const user = {
    id: u.id, name: u.name, email: u.email, role: u.role, roleId: u.roleId, roleCenter: u.roleCenter,
    subsidiary: u.subsidiary, department: u.department, location: u.location, contact: u.contact,
    getPreference(options: unknown) {
      const name = typeof options === 'string' ? options : str((options as Opts | undefined)?.name, '');
      return info.preference(name);
    },
    getPermission(options: unknown) {
      const name = typeof options === 'string' ? options : str((options as Opts | undefined)?.name, '');
      return x.context.permission(name);
    },
  };
  return {
    ContextType,
    EnvType: { SANDBOX: 'SANDBOX', PRODUCTION: 'PRODUCTION', BETA: 'BETA', INTERNAL: 'INTERNAL' },
    Permission: { FULL: 4, EDIT: 3, CREATE: 2, VIEW: 1, NONE: 0 },
    get executionContext() { return x.executionContext; },
    get accountId() { return info.accountId; },
    get envType() { return 'SANDBOX'; },
    get version() { return '2025.1'; },
    get processorCount() { return 2; },
    get queueCount() { return 1; },
    getCurrentScript: () => x.expose(script),
    getCurrentUser: () => x.expose(user),
    getCurrentSession: () => x.expose({
      get: (o: Opts) => session.get(str(o.name)) ?? null,
      set: (o: Opts) => { session.set(str(o.name), str(o.value)); },
    }),
    isFeatureInEffect(options: unknown) {
      const feature = str((options as Opts | undefined)?.feature, '').toUpperCase();
      return info.isFeatureInEffect(feature);
    },
  } satisfies ModuleSurface<typeof runtimeApi>;
}

export const FormatType = {
  DATE: 'date', DATETIME: 'datetime', DATETIMETZ: 'datetimetz', TIMEOFDAY: 'timeofday', INTEGER: 'integer', FLOAT: 'float',
  CURRENCY: 'currency', CURRENCY2: 'currency2', PERCENT: 'percent', TEXT: 'text', TEXTAREA: 'textarea', CHECKBOX: 'checkbox',
  EMAIL: 'email', PHONE: 'phone', URL: 'url', SELECT: 'select',
} as const;

export function createFormatModule(x: Execution): object {
  const prefs = x.env.info.format;
  return {
    Type: FormatType,
    Timezone: { AMERICA_LOS_ANGELES: 'America/Los_Angeles', AMERICA_NEW_YORK: 'America/New_York', GMT: 'GMT', EUROPE_LONDON: 'Europe/London' },
    format(options: unknown) {
      const o = (options ?? {}) as Opts;
      const type = str(o.type, '').toLowerCase();
      const value = o.value;
      const tz = typeof o.timezone === 'string' ? o.timezone : prefs.timeZone;
      const p = { ...prefs, timeZone: tz };
      if (type === 'date' || type === 'datetime' || type === 'datetimetz' || type === 'timeofday') {
        if (!types.isDate(value)) throw ERR.invalidTypeArg(value, 'value');
        const d = new Date((value).getTime());
        if (type === 'date') return formatDate(d, p);
        if (type === 'timeofday') return formatTime(d, p);
        return formatDateTime(d, p, type === 'datetimetz');
      }
      if (type === 'integer') return str(Math.trunc(Number(value)));
      if (type === 'float') return str(Number(value));
      if (type === 'currency' || type === 'currency2') return Number(value).toFixed(2);
      if (type === 'percent') return `${Number(value).toFixed(1)}%`;
      if (type === 'checkbox') return value === true ? 'T' : 'F';
      return value === undefined || value === null ? '' : str(value);
    },
    parse(options: unknown) {
      const o = (options ?? {}) as Opts;
      const type = str(o.type, '').toLowerCase();
      const value = o.value;
      if (typeof value !== 'string') return value;
      const tz = typeof o.timezone === 'string' ? o.timezone : prefs.timeZone;
      if (type === 'date' || type === 'datetime' || type === 'datetimetz') {
        const d = parseDateTime(value, { ...prefs, timeZone: tz });
        // NetSuite hands back the input when it cannot parse it (assumed).
        return d ? x.realm.date(d) : value;
      }
      if (type === 'integer') {
        const n = parseInt(value.replace(/,/g, ''), 10);
        return Number.isNaN(n) ? value : n;
      }
      if (type === 'float' || type === 'currency' || type === 'currency2' || type === 'percent') {
        const n = parseFloat(value.replace(/[,%]/g, ''));
        return Number.isNaN(n) ? value : n;
      }
      if (type === 'checkbox') return value === 'T';
      return value;
    },
  } satisfies ModuleSurface<typeof formatApi>;
}

/**
 * encode.Encoding as Oracle's stub (and @hitc/netsuite-types) declare it. toBuffer/fromBuffer also read the text
 * encodings some other APIs take as plain strings (UTF_16, ISO_8859_1, WINDOWS_1252); they are not enum values.
 */
export const Encoding = { UTF_8: 'UTF_8', BASE_16: 'BASE_16', HEX: 'HEX', BASE_32: 'BASE_32', BASE_64: 'BASE_64', BASE_64_URL_SAFE: 'BASE_64_URL_SAFE' } as const;

export function toBuffer(input: string, encoding: string): Buffer {
  switch (encoding) {
    case 'UTF_8': return Buffer.from(input, 'utf8');
    case 'BASE_64': return Buffer.from(input, 'base64');
    case 'BASE_64_URL_SAFE': return Buffer.from(input, 'base64url');
    case 'HEX': case 'BASE_16': return Buffer.from(input, 'hex');
    case 'UTF_16': return Buffer.from(input, 'utf16le');
    case 'ISO_8859_1': case 'WINDOWS_1252': return Buffer.from(input, 'latin1');
    default: throw nsError('SSS_INVALID_ENCODING', `Unsupported encoding: ${encoding}`);
  }
}

/** BASE_64_URL_SAFE keeps the '=' padding (assumed; JWT code strips it). */
export function fromBuffer(buf: Buffer, encoding: string): string {
  switch (encoding) {
    case 'UTF_8': return buf.toString('utf8');
    case 'BASE_64': return buf.toString('base64');
    case 'BASE_64_URL_SAFE': return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    case 'HEX': case 'BASE_16': return buf.toString('hex');
    case 'UTF_16': return buf.toString('utf16le');
    case 'ISO_8859_1': case 'WINDOWS_1252': return buf.toString('latin1');
    default: throw nsError('SSS_INVALID_ENCODING', `Unsupported encoding: ${encoding}`);
  }
}

export function createEncodeModule(): object {
  return {
    Encoding,
    convert(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (typeof o.string !== 'string') throw ERR.missingArg('encode.convert', 'options.string');
      if (typeof o.inputEncoding !== 'string') throw ERR.missingArg('encode.convert', 'options.inputEncoding');
      if (typeof o.outputEncoding !== 'string') throw ERR.missingArg('encode.convert', 'options.outputEncoding');
      return fromBuffer(toBuffer(o.string, o.inputEncoding), o.outputEncoding);
    },
  } satisfies ModuleSurface<typeof encodeApi>;
}

export function createEmailModule(x: Execution): object {
  const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? (v as unknown[]) : [v]).map((r) => str(r)));
  const send = (options: unknown, units: number): void => {
    const o = (options ?? {}) as Opts;
    if (o.author === undefined) throw ERR.missingArg('email.send', 'options.author');
    const recipients = list(o.recipients);
    if (!recipients.length) throw ERR.missingArg('email.send', 'options.recipients');
    const cc = list(o.cc);
    const bcc = list(o.bcc);
    if (recipients.length + cc.length + bcc.length > 10) throw nsError('SSS_MAX_RECIPIENTS_EXCEEDED', 'An email can have at most 10 recipients (to, cc and bcc combined).');
    x.gov('email.send', units, () => {
      x.env.outbox.emails.push({
        author: str(o.author), recipients, cc, bcc, subject: str(o.subject, ''), body: str(o.body, ''),
        relatedRecords: o.relatedRecords, scriptId: x.script.id, at: x.env.info.clock.now(),
      });
    });
  };
  return {
    send: (options: unknown) => {
      send(options, COSTS['email.send']);
    },
    sendBulk: (options: unknown) => {
      send(options, COSTS['email.sendBulk']);
    },
  } satisfies ModuleSurface<typeof emailApi>;
}

export function createUrlModule(x: Execution): object {
  const account = x.env.info;
  const scripts = x.env.scripts;
  const query = (params: unknown): string => {
    if (!params || typeof params !== 'object') return '';
    return Object.entries(params as Opts).map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(str(v))}`).join('');
  };
  const domain = (kind: string): string => `https://${account.accountId.toLowerCase().replace(/_/g, '-')}.${kind}.netsuite.com`;
  return {
    HostType: { APPLICATION: 'APPLICATION', CUSTOMER_CENTER: 'CUSTOMERCENTER', RESTLET: 'RESTLETS', SUITETALK: 'SUITETALK', FORM: 'FORMS' },
    resolveScript(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (typeof o.scriptId !== 'string') throw ERR.missingArg('url.resolveScript', 'options.scriptId');
      if (typeof o.deploymentId !== 'string') throw ERR.missingArg('url.resolveScript', 'options.deploymentId');
      const script = scripts.script(o.scriptId);
      const dep = scripts.deployment(script, o.deploymentId);
      const path = script.kind === 'restlet' ? '/app/site/hosting/restlet.nl' : '/app/site/hosting/scriptlet.nl';
      const base = `${path}?script=${script.internalId}&deploy=${dep.internalId}${query(o.params)}`;
      if (o.returnExternalUrl === true) return `${domain(script.kind === 'restlet' ? 'restlets.api' : 'extforms')}${base}&compid=${account.accountId}&ns-at=emulated`;
      return script.kind === 'restlet' ? `${domain('restlets.api')}${base}` : base;
    },
    resolveRecord(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (typeof o.recordType !== 'string') throw ERR.missingArg('url.resolveRecord', 'options.recordType');
      const type = o.recordType.toLowerCase();
      const path = type.startsWith('customrecord') ? `/app/common/custom/custrecordentry.nl?rectype=${type}` : `/app/common/entity/${type}.nl?`;
      const id = o.recordId !== undefined ? `${path.endsWith('?') ? '' : '&'}id=${str(o.recordId)}` : '';
      return `${path}${id}${o.isEditMode === true ? '&e=T' : ''}${query(o.params)}`;
    },
    // url.resolveDomain(options): options.hostType is required (url.HostType values); the domain is
    // "<accountID>.app.netsuite.com" etc. with no scheme (url.HostType, Oracle Help Center); a sandbox id such as
    // 123456_SB1 appears as 123456-sb1 in account-specific domains ("Understanding NetSuite URLs"; how resolveDomain
    // spells it is a guess by analogy). The error name for an unknown host type is a guess.
    resolveDomain(options: unknown) {
      const o = (options ?? {}) as Opts;
      const hosts: Record<string, string> = { APPLICATION: 'app', CUSTOMERCENTER: 'app', RESTLETS: 'restlets.api', SUITETALK: 'suitetalk.api', FORMS: 'extforms' };
      if (typeof o.hostType !== 'string') throw ERR.missingArg('url.resolveDomain', 'options.hostType');
      const kind = hosts[o.hostType];
      if (kind === undefined) throw nsError('SSS_INVALID_TYPE_ARG', `Invalid hostType: ${o.hostType}.`);
      const id = typeof o.accountId === 'string' && o.accountId !== '' ? o.accountId : account.accountId;
      return `${id.toLowerCase().replace(/_/g, '-')}.${kind}.netsuite.com`;
    },
    format(options: unknown) {
      const o = (options ?? {}) as Opts;
      return `${str(o.domain)}${query(o.params).replace(/^&/, '?')}`;
    },
  } satisfies ModuleSurface<typeof urlApi>;
}

export function createRedirectModule(x: Execution): object {
  const capture = (kind: string, url: string): void => {
    x.redirect = { kind, url };
    x.env.outbox.redirects.push({ kind, url, scriptId: x.script.id });
  };
  const url = x.module('N/url') as { resolveScript(o: unknown): string; resolveRecord(o: unknown): string };
  return {
    redirect(options: unknown) {
      capture('url', str((options as Opts | undefined)?.url, ''));
    },
    toSuitelet(options: unknown) {
      const o = (options ?? {}) as Opts;
      capture('suitelet', url.resolveScript({ scriptId: o.scriptId, deploymentId: o.deploymentId, params: o.parameters }));
    },
    // redirect.toRecord(options): options.id and options.type are required; options.parameters "Contains additional URL
    // parameters as key/value pairs" (Oracle Help Center). The error for a missing one is the module's usual guess.
    toRecord(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (o.type === undefined || o.type === '') throw ERR.missingArg('redirect.toRecord', 'options.type');
      if (o.id === undefined || o.id === '') throw ERR.missingArg('redirect.toRecord', 'options.id');
      capture('record', url.resolveRecord({ recordType: o.type, recordId: o.id, isEditMode: o.isEditMode, params: o.parameters }));
    },
    toSearch(options: unknown) {
      capture('search', `/app/common/search/searchresults.nl?searchid=${str((options as Opts | undefined)?.id, '')}`);
    },
    toTaskLink(options: unknown) {
      capture('tasklink', `/app/center/card.nl?sc=${str((options as Opts | undefined)?.id, '')}`);
    },
  } satisfies ModuleSurface<typeof redirectApi>;
}
