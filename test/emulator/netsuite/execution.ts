/**
 * One script invocation: its realm, governance meter, N/ module instances, logs and parameters. NetSuite gives
 * every invocation (each UE event, each map key, each Suitelet request) a fresh script instance; so does this.
 */
import { str } from './text';
import { SuiteScriptError, describeError, nsError } from './errors';
import { Meter } from './governance';
import type { DeploymentDef, ScriptDef } from './objects';
import { Realm, evaluateAmd } from './realm';
import type { ExecutionContext } from './context';
import type { DataAccess } from './data';
import type { AccountPorts } from './ports';
import { createModule } from './modules';

export interface LogEntry {
  level: 'DEBUG' | 'AUDIT' | 'ERROR' | 'EMERGENCY';
  title: string;
  details: string;
  scriptId: string;
  deploymentId: string;
  entryPoint: string;
  at: Date;
}

export interface ScriptRunReport {
  scriptId: string;
  deploymentId: string;
  entryPoint: string;
  /** UE: the event type ('create', 'xedit', …); other scripts: the script kind. */
  type: string;
  scriptType: string;
  executionContext: string;
  /** Who the invocation ran as: the user, and the role whose permissions applied (Execute As Role, else the user's). */
  ranAs: { userId: number; role: string };
  usage: number;
  governedCalls: number;
  error?: { name: string; message: string };
  logs: LogEntry[];
  /** User events fired by saves this invocation made. */
  triggered: ScriptRunReport[];
  /** True when the invocation was cut short by SSS_USAGE_LIMIT_EXCEEDED or an injected restart. */
  killed?: string;
}

export interface ExecutionOptions {
  /** Who the script runs as (runtime.getCurrentUser()); its reads and writes go through the data point for it. */
  context: ExecutionContext;
  script: ScriptDef;
  deployment: DeploymentDef;
  entryPoint: string;
  executionContext: string;
  budget: number;
  params?: Record<string, unknown>;
  abortAfterGovernedCalls?: number;
  /** Saves made from a user event never fire other user events. */
  inUserEvent?: boolean;
  eventType?: string;
  taskId?: string;
}

const EXPOSED = Symbol('emulator.exposed');
const LOG_ORDER = ['DEBUG', 'AUDIT', 'ERROR', 'EMERGENCY'];

export class Execution {
  readonly realm: Realm;
  readonly meter: Meter;
  readonly logs: LogEntry[] = [];
  readonly triggered: ScriptRunReport[] = [];
  readonly modules = new Map<string, unknown>();
  /** Suitelet/redirect module output. */
  redirect: { url: string; kind: string } | undefined;
  /** Runner-owned extras read by N/runtime (M/R stage, session). */
  runtimeInfo: Record<string, unknown> = {};

  /** The account as N/ modules see it: small interfaces, not the EmulatedAccount. */
  readonly env: AccountPorts;
  /** The one way this invocation reads and writes records. */
  readonly data: DataAccess;
  readonly options: ExecutionOptions;
  constructor(env: AccountPorts, options: ExecutionOptions) {
    this.env = env;
    this.options = options;
    this.data = env.data(options.context, options.script.id);
    this.meter = new Meter(options.budget, options.abortAfterGovernedCalls, env.governedCall);
    this.realm = new Realm({ now: () => env.info.clock.now().getTime(), globals: {} });
  }

  get context(): ExecutionContext {
    return this.options.context;
  }

  get script(): ScriptDef {
    return this.options.script;
  }

  get deployment(): DeploymentDef {
    return this.options.deployment;
  }

  get executionContext(): string {
    return this.options.executionContext;
  }

  /** Runs a governed N/ call: charge first (may throw), do the work, then let fault injection cut in. */
  gov<T>(api: string, units: number, work: () => T): T {
    if (this.inDefine && units > 0) {
      throw nsError('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE', 'All SuiteScript API Modules are unavailable while executing your define callback.');
    }
    this.meter.charge(api, units);
    const result = work();
    if (units > 0) {
      this.meter.completed();
      this.env.afterGovernedCall();
    }
    return result;
  }

  /** Module methods are wrapped so host SuiteScriptErrors reach the script as errors of its own realm. */
  expose<T extends object>(target: T): T {
    if ((target as Record<symbol, unknown>)[EXPOSED]) return target;
    const cache = new Map<PropertyKey, unknown>();
    const proxy: T = new Proxy(target, {
      get: (obj, prop) => {
        if (prop === EXPOSED) return true;
        const value: unknown = Reflect.get(obj, prop, obj);
        if (typeof value !== 'function' || prop === 'constructor') return value;
        const hit = cache.get(prop);
        if (hit && (hit as { raw?: unknown }).raw === value) return hit;
        const fn = value as (...a: unknown[]) => unknown;
        const wrapped = (...args: unknown[]): unknown => {
          try {
            this.meter.assertAlive();
            const result = fn.apply(obj, args);
            // Fluent APIs (setValue returns the record) must hand back the wrapper, not the raw object.
            return result === obj ? proxy : result;
          } catch (error) {
            throw this.realm.toScriptError(error);
          }
        };
        Object.defineProperty(wrapped, 'raw', { value, enumerable: false });
        cache.set(prop, wrapped);
        return wrapped;
      },
    });
    return proxy;
  }

  module(name: string): unknown {
    let mod = this.modules.get(name);
    if (!mod) {
      const created = createModule(name, this);
      if (!created) throw nsError('MODULE_DOES_NOT_EXIST', `Module does not exist: ${name}.js`);
      mod = this.expose(created);
      this.modules.set(name, mod);
    }
    return mod;
  }

  /** Evaluates the deployed file in this invocation's realm and returns its entry points. */
  load(): Record<string, unknown> {
    const source = this.env.scripts.source(this.script);
    Object.defineProperty(this.realm.context, 'log', { value: this.module('N/log'), enumerable: false, writable: true, configurable: true });
    Object.defineProperty(this.realm.context, 'util', { value: this.module('N/util'), enumerable: false, writable: true, configurable: true });
    this.inDefine = true;
    try {
      return evaluateAmd(this.realm, source.code, source.path, (dep) => this.module(dep)).exports;
    } finally {
      this.inDefine = false;
    }
  }

  /** NetSuite refuses governed APIs while a module's define() factory runs. */
  inDefine = false;

  log(level: LogEntry['level'], title: unknown, details: unknown): void {
    if (LOG_ORDER.indexOf(level) < LOG_ORDER.indexOf(this.deployment.logLevel)) return;
    const text = (v: unknown): string => {
      if (v === undefined || v === null) return '';
      if (typeof v === 'string') return v;
      if (typeof v === 'object') {
        try {
          return JSON.stringify(v);
        } catch {
          return str(v);
        }
      }
      return str(v);
    };
    const entry: LogEntry = {
      level,
      // NetSuite truncates titles at 99 and details at 3,999 characters.
      title: text(title).slice(0, 99),
      details: text(details).slice(0, 3999),
      scriptId: this.script.id,
      deploymentId: this.deployment.id,
      entryPoint: this.options.entryPoint,
      at: this.env.info.clock.now(),
    };
    this.logs.push(entry);
    this.env.outbox.logs.push(entry);
  }

  /**
   * Calls an entry point. A dead meter wins over whatever the script did with the error (it may have caught it),
   * because NetSuite ends the invocation there.
   */
  invoke(entry: unknown, args: unknown[]): { error?: unknown; result?: unknown } {
    let outcome: { error?: unknown; result?: unknown };
    try {
      const result = (entry as (...a: unknown[]) => unknown)(...args);
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        outcome = { error: nsError('EMULATOR_UNSUPPORTED', 'Entry points returning promises are not supported by the emulator.') };
      } else {
        outcome = { result };
      }
    } catch (error) {
      outcome = { error };
    }
    if (this.meter.dead) return { error: this.meter.dead };
    return outcome;
  }

  report(extra: { error?: unknown; type?: string } = {}): ScriptRunReport {
    const report: ScriptRunReport = {
      scriptId: this.script.id,
      deploymentId: this.deployment.id,
      entryPoint: this.options.entryPoint,
      type: extra.type ?? this.options.eventType ?? this.script.kind,
      scriptType: this.script.kind,
      executionContext: this.executionContext,
      ranAs: { userId: this.context.user.id, role: this.context.effectiveRole },
      usage: this.meter.used,
      governedCalls: this.meter.governedCalls,
      logs: this.logs,
      triggered: this.triggered,
    };
    if (extra.error !== undefined) report.error = describeError(extra.error);
    if (this.meter.dead) report.killed = this.meter.dead.name;
    this.env.outbox.recordUsage(report);
    return report;
  }
}

export function isFatal(error: unknown): boolean {
  return error instanceof SuiteScriptError && error.fatal;
}
