/**
 * One vm realm per script execution: only ECMAScript built-ins plus the globals NetSuite's server runtime gives
 * (define, log, util). No require/process/Buffer/timers/console, so a file that leans on Node fails here as it
 * would in NetSuite.
 */
import { str } from './text';
import * as vm from 'node:vm';
import { SuiteScriptError, describeError, nsError } from './errors';

export interface RealmOptions {
  now: () => number;
  globals: Record<string, unknown>;
}

type RealmErrorCtor = new (name: string, message: string, id: string, cause: unknown) => Error;

const PRELUDE = `(function (nowFn) {
  'use strict';
  const HostDate = Date;
  // The account clock drives "now" for the script, so tests can move time without touching Node's clock.
  class NSDate extends HostDate {
    constructor(...args) { if (args.length === 0) { super(nowFn()); } else { super(...args); } }
    static now() { return nowFn(); }
  }
  globalThis.Date = NSDate;
  // V8 gives every context a console; NetSuite's server runtime has none (scripts must use N/log).
  delete globalThis.console;
  class SuiteScriptError extends Error {
    constructor(name, message, id, cause) {
      super(message);
      Object.defineProperty(this, 'name', { value: name, enumerable: true, writable: true, configurable: true });
      this.type = 'error.SuiteScriptError';
      this.id = id || '';
      this.cause = cause === undefined ? { name, message } : cause;
      this.notifyOff = false;
      this.userFacing = true;
    }
    toJSON() {
      return { type: this.type, name: this.name, message: this.message, stack: String(this.stack).split('\\n'),
        cause: this.cause, id: this.id, notifyOff: this.notifyOff, userFacing: this.userFacing };
    }
  }
  return { SuiteScriptError, NSDate };
})`;

/**
 * Scripts compiled once and run in every realm. Compiling the same source anew in each realm went through V8's
 * compilation cache, which kept thousands of finished realms alive between full GCs (a load run's heap grew to
 * ~1 GB at 2,000 contacts); a compiled vm.Script is context-free, so nothing ties a finished realm to it.
 */
const COMPILED_LIMIT = 64;
const compiledScripts = new Map<string, vm.Script>();

function compiled(code: string, filename: string): vm.Script {
  const key = `${filename}\n${code}`;
  const hit = compiledScripts.get(key);
  if (hit !== undefined) {
    // Most recently used last, so the oldest probe scripts of a long test run are the ones dropped.
    compiledScripts.delete(key);
    compiledScripts.set(key, hit);
    return hit;
  }
  const script = new vm.Script(code, { filename });
  compiledScripts.set(key, script);
  if (compiledScripts.size > COMPILED_LIMIT) {
    const oldest = compiledScripts.keys().next().value;
    if (oldest !== undefined) compiledScripts.delete(oldest);
  }
  return script;
}

export class Realm {
  readonly context: vm.Context;
  private readonly ErrorCtor: RealmErrorCtor;
  private readonly DateCtor: DateConstructor;

  constructor(options: RealmOptions) {
    this.context = vm.createContext({}, { codeGeneration: { strings: true, wasm: false } });
    const init = compiled(PRELUDE, 'crmsync-emulator-prelude.js').runInContext(this.context) as (now: () => number) => { SuiteScriptError: RealmErrorCtor; NSDate: DateConstructor };
    const made = init(options.now);
    this.ErrorCtor = made.SuiteScriptError;
    this.DateCtor = made.NSDate;
    for (const [name, value] of Object.entries(options.globals)) {
      Object.defineProperty(this.context, name, { value, enumerable: false, writable: true, configurable: true });
    }
  }

  /** A Date of the script's realm, so `value instanceof Date` holds inside the script. */
  date(value: Date | number): Date {
    return new this.DateCtor(typeof value === 'number' ? value : value.getTime());
  }

  error(name: string, message: string, id = '', cause?: unknown): Error {
    return new this.ErrorCtor(name, message, id, cause);
  }

  /** Host SuiteScriptErrors become realm errors; everything the script itself threw passes through untouched. */
  toScriptError(error: unknown): unknown {
    if (error instanceof SuiteScriptError) return this.error(error.name, error.message, error.id, error.cause);
    return error;
  }

  run(code: string, filename: string): unknown {
    return compiled(code, filename).runInContext(this.context);
  }
}

export type ModuleResolver = (name: string) => unknown;

export interface LoadedModule {
  exports: Record<string, unknown>;
}

/**
 * Evaluates an AMD file the way NetSuite's loader does: exactly one define() per entry-point file, dependencies
 * resolved to N/ modules or 'exports'. Anything else (relative files, 'require') is absent here because the
 * rollup build bundles everything but N/.
 */
export function evaluateAmd(realm: Realm, code: string, filename: string, resolve: ModuleResolver): LoadedModule {
  const calls: unknown[][] = [];
  const define = (...args: unknown[]): void => {
    calls.push(args);
  };
  Object.defineProperty(define, 'amd', { value: {}, enumerable: false });
  Object.defineProperty(realm.context, 'define', { value: define, enumerable: false, writable: true, configurable: true });
  try {
    realm.run(code, filename);
  } catch (error) {
    const { name, message } = describeError(error);
    throw nsError('SSS_SYNTAX_ERROR', `${filename}: ${name}: ${message}`, { cause: error });
  }
  if (calls.length === 0) {
    throw nsError('SUITESCRIPT_ENTRY_POINT_MISSING_DEFINE', `${filename}: an entry point script must call define() exactly once; found none.`);
  }
  if (calls.length > 1) {
    throw nsError('SUITESCRIPT_MULTIPLE_DEFINE', `${filename}: an entry point script must call define() exactly once; found ${calls.length}.`);
  }
  const args = calls[0]!;
  let deps: unknown[] = [];
  let factory: unknown;
  if (args.length === 1) factory = args[0];
  else if (args.length === 2) [deps, factory] = args as [unknown[], unknown];
  else [, deps, factory] = args as [unknown, unknown[], unknown];
  if (!Array.isArray(deps)) throw nsError('SSS_INVALID_DEFINE', `${filename}: define() dependencies must be an array.`);
  const exportsObject: Record<string, unknown> = {};
  const resolved = deps.map((dep) => {
    if (dep === 'exports') return exportsObject;
    if (typeof dep !== 'string') throw nsError('MODULE_DOES_NOT_EXIST', `Module does not exist: ${str(dep)}`);
    return resolve(dep);
  });
  if (typeof factory !== 'function') {
    if (factory !== null && typeof factory === 'object') return { exports: factory as Record<string, unknown> };
    throw nsError('SSS_INVALID_DEFINE', `${filename}: define() needs a factory function.`);
  }
  const returned = (factory as (...a: unknown[]) => unknown)(...resolved);
  if (returned !== null && typeof returned === 'object') return { exports: returned as Record<string, unknown> };
  return { exports: exportsObject };
}

export interface ScriptHeader {
  apiVersion?: string;
  scriptType?: string;
  moduleScope?: string;
}

/** NetSuite reads the JSDoc tags from the first block comment of the file. */
export function readHeader(code: string): ScriptHeader {
  const match = /\/\*\*[\s\S]*?\*\//.exec(code);
  const header: ScriptHeader = {};
  if (!match) return header;
  const block = match[0];
  const tag = (name: string): string | undefined => new RegExp(`@${name}\\s+([\\w.]+)`, 'i').exec(block)?.[1];
  const api = tag('NApiVersion');
  const type = tag('NScriptType');
  const scope = tag('NModuleScope');
  if (api !== undefined) header.apiVersion = api;
  if (type !== undefined) header.scriptType = type;
  if (scope !== undefined) header.moduleScope = scope;
  return header;
}
