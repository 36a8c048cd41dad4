/**
 * EmulatedAccount: an in-memory NetSuite account built from the project's Objects/ XML, running the built
 * SuiteScript files from FileCabinet/. Scenario tests seed it, drive it like a user or a scheduler, then inspect it.
 *
 * What the account is comes from its AccountProfile (profile.ts); its records and the save pipeline live in
 * records.ts; scripts see it only through the ports (ports.ts) and the data-access point (data.ts). All state is the
 * account's own: two accounts in one process share nothing.
 */
import { FileCabinet } from './file-cabinet';
import { str } from './text';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatedService } from '../http';
import { ERR, SuiteScriptError, nsError } from './errors';
import { ExecutionContext } from './context';
import { RecordAccess } from './data';
import type { FormatPreferences } from './format-util';
import type { LogEntry, ScriptRunReport } from './execution';
import type { BudgetKey } from './governance';
import { SCRIPT_TYPE_BY_KIND, type DeploymentDef, type ObjectsIndex, type ScriptDef, type ScriptKind } from './objects';
import type {
  AccountPorts, CacheEntry, Certificate, Clock, EmailMessage, GovernedCallObserver, HttpLogEntry, QueuedTask, Redirect, SavedSearchDef,
} from './ports';
import { buildProfile, type AccountProfile, type EmulatedUser } from './profile';
import { readHeader } from './realm';
import { Records, type UserEventCall, type WriteMode } from './records';
import type { Schema } from './schema';
import type { Store } from './store';
import { cloneData, type RecordData } from './store';
import { runUserEvents, runBeforeLoad, type UserEventType } from './runners/user-event';
import { runMapReduce, type MapReduceOptions, type MapReduceReport } from './runners/map-reduce';
import { runMapReducesTogether, type Interleave, type Scheduler } from './runners/scheduler';
import { runScheduled, type ScheduledOptions } from './runners/scheduled';
import { runSuitelet, runRestlet, type HttpEntryOptions, type HttpEntryResult } from './runners/http-entry';
import type { Form } from './modules/ui-server-widget';
import { clickButton, type ClickResult } from './runners/client';

export type { Certificate, Clock, EmailMessage, HttpLogEntry, QueuedTask, SavedSearchDef, TaskStatus } from './ports';
export type { EmulatedUser } from './profile';
export type { SaveOrigin, WriteResult } from './records';

export interface AccountOptions {
  projectRoot: string;
  now?: () => Date;
  /** The administrator (the default user): scheduled and map/reduce scripts run as them, and the UI until signIn. */
  user?: Partial<EmulatedUser>;
  accountId?: string;
  format?: Partial<FormatPreferences>;
  /**
   * Unknown field ids throw SSS_INVALID_FIELD_ID (default). A real account in standard mode tends to ignore
   * them silently; strict is on because a typo in a field id is the bug we want tests to catch.
   */
  strictFieldIds?: boolean;
  /** runtime.isFeatureInEffect (default: profile.ts DEFAULT_FEATURES). */
  features?: Iterable<string>;
  /** Usage budgets for this account (default: governance.ts BUDGETS). */
  budgets?: Partial<Record<BudgetKey, number>>;
}

export interface UiResult {
  id: number | undefined;
  scripts: ScriptRunReport[];
  error?: { name: string; message: string };
}

type Sublists = Record<string, Record<string, unknown>[]>;

export class EmulatedAccount {
  readonly profile: AccountProfile;
  readonly clock: Clock;
  /** This account's budgets (a copy of the profile's): lowering one affects this account only. */
  readonly budgets: Record<BudgetKey, number>;

  readonly secrets = new Map<string, string>();
  readonly certificates = new Map<string, Certificate>();
  readonly services = new Map<string, EmulatedService>();
  readonly logs: LogEntry[] = [];
  readonly emails: EmailMessage[] = [];
  readonly httpLog: HttpLogEntry[] = [];
  readonly redirects: Redirect[] = [];
  readonly submittedTasks: QueuedTask[] = [];
  readonly runs: ScriptRunReport[] = [];
  readonly savedSearches = new Map<string, SavedSearchDef>();
  readonly caches = new Map<string, Map<string, CacheEntry>>();
  readonly userPreferences = new Map<string, unknown>();
  /** The signed-in user's session (runtime.Session): kept across requests; clear() is a new sign-in. */
  readonly session = new Map<string, string>();
  /** Record accesses as `scriptId role permkey level` (see Execution.access): what each run-as role used. */
  readonly roleAccess = new Set<string>();
  readonly companyPreferences = new Map<string, unknown>();
  /**
   * What other users do while a map/reduce job runs: called after every map and reduce invocation (NetSuite runs
   * user saves concurrently with a job's invocations). Load tests edit records here.
   */
  betweenInvocations: ((stage: 'map' | 'reduce', invocation: number) => void) | null = null;
  /**
   * Interleaving for every map/reduce this account runs (null: one invocation at a time, keys in order). A run's
   * own `interleave` option wins. See runners/scheduler.ts.
   */
  interleave: Interleave | null = null;
  /** The scheduler of the map/reduces running now (set by runMapReduce / runMapReducesTogether). */
  scheduler: Scheduler | null = null;
  /** Called after every governed call any invocation in this account is charged for (tracing; null to stop). */
  onGovernedCall: GovernedCallObserver | null = null;
  /** What N/ modules and runners get of this account. */
  readonly ports: AccountPorts;
  readonly records: Records;
  /** Folders and files (N/file): what the project deployed under FileCabinet/ and what scripts saved. */
  readonly fileCabinet: FileCabinet;
  private sessionUser: Readonly<EmulatedUser>;
  private readonly deploymentParams = new Map<string, Record<string, unknown>>();
  private readonly sources = new Map<string, { code: string; path: string }>();
  private readonly sequences = new Map<string, number>();

  readonly ui: {
    create: (type: string, values: Record<string, unknown>, sublists?: Sublists) => UiResult;
    edit: (type: string, id: number | string, values: Record<string, unknown>, sublists?: Sublists) => UiResult;
    inlineEdit: (type: string, id: number | string, values: Record<string, unknown>) => UiResult;
    delete: (type: string, id: number | string) => UiResult;
    /** Opens the record in view mode, with the URL's parameters if given (beforeLoad's context.request). */
    view: (type: string, id: number | string, parameters?: Record<string, string>) => { form: Form; html: string; scripts: ScriptRunReport[] };
    /** Views the record and clicks a button (by id or label): runs its client function (runners/client.ts). */
    click: (type: string, id: number | string, button: string) => ClickResult;
  };

  constructor(options: AccountOptions) {
    this.profile = buildProfile(options);
    this.budgets = { ...this.profile.budgets };
    let current = (options.now ?? (() => new Date('2025-01-15T17:00:00.000Z')))().getTime();
    this.clock = {
      now: () => new Date(current),
      advance: (ms: number) => {
        current += ms;
        return new Date(current);
      },
      set: (date: Date) => {
        current = date.getTime();
      },
    };
    this.sessionUser = this.profile.administrator;
    this.records = new Records(this.profile, () => this.clock.now(), (call) => this.fireUserEvents(call));
    this.fileCabinet = new FileCabinet(this.profile.projectRoot, this.profile.accountId, () => this.clock.now());
    this.ports = this.createPorts();
    for (const row of this.profile.baseline) this.seed(row.type, row.values, undefined, row.id);
    this.ui = {
      create: (type, values, sublists) => this.uiSave(type, undefined, values, sublists, 'create'),
      edit: (type, id, values, sublists) => this.uiSave(type, Number(id), values, sublists, 'edit'),
      inlineEdit: (type, id, values) => this.uiSave(type, Number(id), values, undefined, 'xedit'),
      delete: (type, id) => this.uiDelete(type, Number(id)),
      view: (type, id, parameters) => this.uiView(type, Number(id), parameters),
      click: (type, id, button) => clickButton(this, this.uiView(type, Number(id)), { type, id: Number(id) }, button),
    };
  }

  // ───────────────────────────── the profile, as before ─────────────────────────────

  get projectRoot(): string {
    return this.profile.projectRoot;
  }

  get objects(): ObjectsIndex {
    return this.profile.objects;
  }

  get schema(): Schema {
    return this.profile.schema;
  }

  get store(): Store {
    return this.records.store;
  }

  get accountId(): string {
    return this.profile.accountId;
  }

  get format(): FormatPreferences {
    return this.profile.format;
  }

  get strictFieldIds(): boolean {
    return this.profile.strictFieldIds;
  }

  get features(): ReadonlySet<string> {
    return this.profile.features;
  }

  // ───────────────────────────── who acts ─────────────────────────────

  /** The signed-in user: `ui.*`, Suitelets and RESTlets run as them (frozen: change it with signIn). */
  get user(): Readonly<EmulatedUser> {
    return this.sessionUser;
  }

  /** Signs a user in (fields not given are the administrator's): later UI actions and Suitelet/RESTlet requests are theirs. */
  signIn(user: Partial<EmulatedUser>): Readonly<EmulatedUser> {
    this.sessionUser = Object.freeze({ ...this.profile.administrator, ...user });
    return this.sessionUser;
  }

  /** The execution context of a user (default: the signed-in one) running a deployment. */
  contextFor(user: Partial<EmulatedUser> | undefined, deployment?: DeploymentDef, base: Readonly<EmulatedUser> = this.sessionUser): ExecutionContext {
    return new ExecutionContext(user === undefined ? base : Object.freeze({ ...base, ...user }), deployment?.runAsRole);
  }

  /**
   * Turns a record type's Auto-Generated Numbering on (default) or off. Off: the entityid is the record's ID and a
   * duplicate fails with DUP_ENTITY (see Records.manualEntityIds).
   */
  setAutoNumbering(type: string, on: boolean): void {
    if (on) this.records.manualEntityIds.delete(type);
    else this.records.manualEntityIds.add(type);
  }

  /** A per-account counter (seed names, helper ids): 1, 2, 3 … for each name. */
  sequence(name: string): number {
    const next = (this.sequences.get(name) ?? 0) + 1;
    this.sequences.set(name, next);
    return next;
  }

  // ───────────────────────────── services, secrets, parameters ─────────────────────────────

  registerService(host: string, service: EmulatedService): void {
    this.services.set(host.toLowerCase(), service);
  }

  setDeploymentParams(deploymentId: string, params: Record<string, unknown>): void {
    this.deploymentParams.set(deploymentId, { ...(this.deploymentParams.get(deploymentId) ?? {}), ...params });
  }

  setUserPreference(name: string, value: unknown): void {
    this.userPreferences.set(name, value);
  }

  setCompanyPreference(name: string, value: unknown): void {
    this.companyPreferences.set(name, value);
  }

  defineSavedSearch(id: string, def: SavedSearchDef): void {
    this.savedSearches.set(id, def);
  }

  /** Script parameter values: XML default < deployment XML < setDeploymentParams < per-run params. */
  parameterValues(script: ScriptDef, deployment: DeploymentDef, runParams: Record<string, unknown> = {}): Map<string, unknown> {
    const out = new Map<string, unknown>();
    for (const p of script.params) if (p.defaultValue !== undefined) out.set(p.id, p.defaultValue);
    for (const [k, v] of Object.entries(deployment.params)) out.set(k, v);
    for (const [k, v] of Object.entries(this.deploymentParams.get(deployment.id) ?? {})) out.set(k, v);
    for (const [k, v] of Object.entries(runParams)) out.set(k, v);
    return out;
  }

  // ───────────────────────────── scripts ─────────────────────────────

  script(scriptId: string): ScriptDef {
    const script = this.objects.scripts.get(scriptId);
    if (!script) throw nsError('SSS_INVALID_SCRIPT_ID', `The script ${scriptId} does not exist in Objects/.`);
    return script;
  }

  deployment(script: ScriptDef, deploymentId?: string): DeploymentDef {
    const dep = deploymentId ? script.deployments.find((d) => d.id === deploymentId) : script.deployments[0];
    if (!dep) throw nsError('SSS_INVALID_DEPLOYMENT_ID', `No deployment ${deploymentId ?? '(any)'} for script ${script.id}.`);
    return dep;
  }

  scriptsOfKind(kind: ScriptKind): ScriptDef[] {
    return [...this.objects.scripts.values()].filter((s) => s.kind === kind);
  }

  /** Reads the deployed file and checks its header against the script object type, once per file. */
  private scriptSource(script: ScriptDef): { code: string; path: string } {
    const cached = this.sources.get(script.id);
    if (cached) return cached;
    if (!script.scriptFile) throw nsError('SSS_MISSING_SCRIPT_FILE', `${script.id} has no <scriptfile>.`);
    const path = join(this.projectRoot, 'FileCabinet', script.scriptFile);
    let code: string;
    try {
      code = readFileSync(path, 'utf8');
    } catch {
      throw nsError('SSS_FILE_NOT_FOUND', `${script.id}: ${script.scriptFile} is not in the File Cabinet (${path}). Run the build first.`);
    }
    const header = readHeader(code);
    if (header.apiVersion !== '2.1' && header.apiVersion !== '2.x' && header.apiVersion !== '2.0') {
      throw nsError('SSS_INVALID_API_VERSION', `${script.scriptFile}: missing or invalid @NApiVersion (found ${header.apiVersion ?? 'none'}).`);
    }
    const expected = SCRIPT_TYPE_BY_KIND[script.kind];
    if (header.scriptType?.toLowerCase() !== expected.toLowerCase()) {
      throw nsError('SSS_INVALID_SCRIPT_TYPE', `${script.scriptFile}: @NScriptType ${header.scriptType ?? '(none)'} does not match the ${script.kind} object ${script.id} (expects ${expected}).`);
    }
    const source = { code, path };
    this.sources.set(script.id, source);
    return source;
  }

  /** Usage per script and entry point across everything that ran in this account. */
  usageReport(): { scriptId: string; entryPoint: string; runs: number; total: number; max: number; killed: number }[] {
    const rows = new Map<string, { scriptId: string; entryPoint: string; runs: number; total: number; max: number; killed: number }>();
    for (const r of this.runs) {
      const key = `${r.scriptId}#${r.entryPoint}`;
      const row = rows.get(key) ?? { scriptId: r.scriptId, entryPoint: r.entryPoint, runs: 0, total: 0, max: 0, killed: 0 };
      row.runs++;
      row.total += r.usage;
      row.max = Math.max(row.max, r.usage);
      if (r.killed) row.killed++;
      rows.set(key, row);
    }
    return [...rows.values()];
  }

  private createPorts(): AccountPorts {
    return {
      info: {
        accountId: this.profile.accountId,
        format: this.profile.format,
        recordTypes: this.profile.recordTypes,
        clock: this.clock,
        isFeatureInEffect: (feature) => this.features.has(feature),
        session: this.session,
        preference: (name) => this.userPreferences.get(name) ?? this.companyPreferences.get(name) ?? null,
      },
      scripts: {
        find: (scriptId) => this.objects.scripts.get(scriptId),
        script: (scriptId) => this.script(scriptId),
        deployment: (script, deploymentId) => this.deployment(script, deploymentId),
        parameterValues: (script, deployment, runParams) => this.parameterValues(script, deployment, runParams),
        source: (script) => this.scriptSource(script),
      },
      tasks: {
        tasks: this.submittedTasks,
        nextTaskId: (prefix) => `${prefix}_${this.sequence('task').toString(16).padStart(8, '0')}${'0'.repeat(24)}`,
      },
      caches: {
        bucket: (key) => {
          let map = this.caches.get(key);
          if (!map) {
            map = new Map();
            this.caches.set(key, map);
          }
          return map;
        },
      },
      outbox: {
        logs: this.logs, emails: this.emails, httpLog: this.httpLog, redirects: this.redirects,
        recordUsage: (report) => { this.runs.push(report); },
      },
      gateway: {
        service: (host) => this.services.get(host.toLowerCase()),
        secret: (id) => this.secrets.get(id),
        secrets: () => this.secrets.entries(),
        certificate: (id) => this.certificates.get(id),
      },
      savedSearches: {
        get: (id) => this.savedSearches.get(id),
        define: (id, def) => { this.defineSavedSearch(id, def); },
        delete: (id) => this.savedSearches.delete(id),
        count: () => this.savedSearches.size,
      },
      data: (context, scriptId) => new RecordAccess(this.records, context, this.strictFieldIds, {
        grants: (role) => this.objects.roles.get(role),
        note: (access) => { this.roleAccess.add(`${scriptId} ${access}`); },
      }),
      roleGrants: (role) => this.objects.roles.get(role),
      fileCabinet: this.fileCabinet,
      noteAccess: (scriptId, access) => { this.roleAccess.add(`${scriptId} ${access}`); },
      budget: (key) => this.budgets[key],
      governedCall: (meter, api, units) => { this.onGovernedCall?.(meter, api, units); },
      afterGovernedCall: () => { this.scheduler?.pause(); },
    };
  }

  // ───────────────────────────── records: seeding and inspection (no scripts, no governance) ─────────────────────────────

  /** Direct insert: validated like a save, but no scripts and no governance. */
  seed(type: string, values: Record<string, unknown>, sublists?: Sublists, id?: number): number {
    const data = this.records.buildData(type, values, sublists);
    if (id !== undefined) {
      data.id = id;
      this.store.reserve(id);
    }
    if (values.datecreated instanceof Date) data.fields.datecreated = new Date(values.datecreated.getTime());
    if (values.lastmodifieddate instanceof Date) data.fields.lastmodifieddate = new Date(values.lastmodifieddate.getTime());
    return this.records.write('create', data, this.seedOrigin()).id;
  }

  /** Direct update of a stored record (no scripts, no governance); lastmodifieddate moves like any save. */
  seedUpdate(type: string, id: number | string, values: Record<string, unknown>, sublists?: Sublists): void {
    const existing = this.records.read(type, Number(id));
    if (!existing) throw ERR.recordDoesNotExist();
    const data = cloneData(existing);
    const changes = this.records.buildData(type, values, sublists);
    Object.assign(data.fields, changes.fields);
    Object.assign(data.sublists, changes.sublists);
    this.records.write('edit', data, this.seedOrigin());
  }

  private seedOrigin(): { executionContext: string; context: ExecutionContext; byScript: boolean; fireUserEvents: boolean } {
    return { executionContext: 'SEED', context: new ExecutionContext(this.profile.administrator), byScript: false, fireUserEvents: false };
  }

  /** The stored record as a flat object: `id`, every field, and each sublist as an array under its id. */
  get(type: string, id: number | string): Record<string, unknown> | undefined {
    const data = this.records.read(type, Number(id));
    return data ? this.records.flatten(data) : undefined;
  }

  all(type: string): Record<string, unknown>[] {
    return this.store.all(type.toLowerCase()).map((d) => this.records.flatten(d));
  }

  find(type: string, predicate: (row: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    return this.all(type).filter(predicate);
  }

  /** The row's version: 1 when created, +1 on every write (a record.load then save() fails if it moved). */
  version(type: string, id: number | string): number | undefined {
    return this.records.read(type, Number(id))?.version;
  }

  // ───────────────────────────── user events ─────────────────────────────

  private fireUserEvents(call: UserEventCall): ReturnType<typeof runUserEvents> {
    return runUserEvents(this, call);
  }

  // ───────────────────────────── UI (as the signed-in user) ─────────────────────────────

  private uiOrigin(triggered: ScriptRunReport[]): { executionContext: string; context: ExecutionContext; byScript: boolean; fireUserEvents: boolean; enableSourcing: boolean; triggered: ScriptRunReport[] } {
    // The UI sources dependent fields as the user fills them in (dynamic mode "emulates the behavior of a record in the UI").
    return { executionContext: 'USERINTERFACE', context: new ExecutionContext(this.sessionUser), byScript: false, fireUserEvents: true, enableSourcing: true, triggered };
  }

  private uiSave(type: string, id: number | undefined, values: Record<string, unknown>, sublists: Sublists | undefined, mode: WriteMode): UiResult {
    const scripts: ScriptRunReport[] = [];
    try {
      let data: RecordData;
      if (mode === 'create') {
        data = this.records.buildData(type, values, sublists);
      } else {
        const existing = this.records.read(type, id ?? NaN);
        if (!existing) throw ERR.recordDoesNotExist();
        const changes = this.records.buildData(type, values, sublists);
        if (mode === 'xedit') {
          data = { type: existing.type, id: existing.id!, fields: changes.fields, sublists: {} };
        } else {
          data = cloneData(existing);
          Object.assign(data.fields, changes.fields);
          Object.assign(data.sublists, changes.sublists);
        }
      }
      if (mode !== 'xedit') {
        // Opening the form in the UI runs beforeLoad before the user edits and saves.
        const loaded = runBeforeLoad(this, { recordType: data.type, eventType: mode, user: this.sessionUser, record: data });
        scripts.push(...loaded.reports);
      }
      const result = this.records.write(mode, data, this.uiOrigin(scripts));
      const out: UiResult = { id: result.id, scripts };
      if (result.afterSubmitError !== undefined) out.error = describe(result.afterSubmitError);
      return out;
    } catch (error) {
      if (!(error instanceof SuiteScriptError) && !(error !== null && typeof error === 'object' && 'name' in error)) throw error;
      return { id: undefined, scripts, error: describe(error) };
    }
  }

  private uiDelete(type: string, id: number): UiResult {
    const scripts: ScriptRunReport[] = [];
    try {
      const result = this.records.remove(type.toLowerCase(), id, this.uiOrigin(scripts));
      const out: UiResult = { id, scripts };
      if (result.afterSubmitError !== undefined) out.error = describe(result.afterSubmitError);
      return out;
    } catch (error) {
      return { id: undefined, scripts, error: describe(error) };
    }
  }

  private uiView(type: string, id: number, parameters?: Record<string, string>): { form: Form; html: string; scripts: ScriptRunReport[] } {
    const data = this.records.read(type, id);
    if (!data) throw ERR.recordDoesNotExist();
    const loaded = runBeforeLoad(this, { recordType: data.type, eventType: 'view', user: this.sessionUser, record: data, ...(parameters === undefined ? {} : { parameters }) });
    return { form: loaded.form, html: loaded.form.render(), scripts: loaded.reports };
  }

  // ───────────────────────────── script runners ─────────────────────────────

  runMapReduce(options: MapReduceOptions): MapReduceReport {
    return runMapReduce(this, options);
  }

  /**
   * Several map/reduces at once (e.g. a script's scheduled and on-demand deployments firing together), their
   * invocations interleaved as `interleave` says (default: the account's `interleave`). Reports in the order given.
   */
  runMapReducesTogether(runs: MapReduceOptions[], interleave?: Interleave): MapReduceReport[] {
    return runMapReducesTogether(this, runs, interleave ?? this.interleave);
  }

  runScheduled(options: ScheduledOptions): ScriptRunReport {
    return runScheduled(this, options);
  }

  runSuitelet(options: HttpEntryOptions): HttpEntryResult {
    return runSuitelet(this, options);
  }

  runRestlet(options: HttpEntryOptions): HttpEntryResult {
    return runRestlet(this, options);
  }

  /** Runs what N/task queued (FIFO), including what those runs queue, until the queue is empty or maxRuns. */
  runQueuedTasks(options: { maxRuns?: number } = {}): (MapReduceReport | ScriptRunReport)[] {
    const reports: (MapReduceReport | ScriptRunReport)[] = [];
    const max = options.maxRuns ?? 50;
    for (;;) {
      const next = this.submittedTasks.find((t) => t.status === 'PENDING');
      if (!next || reports.length >= max) break;
      next.status = 'PROCESSING';
      const report = next.taskType === 'MAP_REDUCE'
        ? this.runMapReduce({ scriptId: next.scriptId, deploymentId: next.deploymentId, params: next.params, taskId: next.taskId })
        : this.runScheduled({ scriptId: next.scriptId, deploymentId: next.deploymentId, params: next.params, taskId: next.taskId });
      next.report = report;
      next.status = 'status' in report ? (report.status === 'COMPLETE' ? 'COMPLETE' : 'FAILED') : report.error ? 'FAILED' : 'COMPLETE';
      reports.push(report);
    }
    return reports;
  }

  /** Simulates NetSuite evicting cached values (it may do so at any time). */
  evictCaches(): void {
    this.caches.clear();
  }
}

export type { UserEventType };

function describe(error: unknown): { name: string; message: string } {
  if (error !== null && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown };
    return { name: str(e.name, 'Error'), message: str(e.message, '') };
  }
  return { name: 'Error', message: str(error) };
}
