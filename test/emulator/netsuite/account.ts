/**
 * EmulatedAccount: an in-memory NetSuite account built from the project's Objects/ XML, running the built
 * SuiteScript files from FileCabinet/. Scenario tests seed it, drive it like a user or a scheduler, then inspect it.
 */
import { str } from './text';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatedService } from '../http';
import { ERR, SuiteScriptError, nsError } from './errors';
import { DEFAULT_FORMAT, type FormatPreferences } from './format-util';
import type { LogEntry, ScriptRunReport } from './execution';
import { SCRIPT_TYPE_BY_KIND, readObjects, type DeploymentDef, type ObjectsIndex, type ScriptDef, type ScriptKind } from './objects';
import { readHeader } from './realm';
import { Schema, cloneValue, isEmpty, normalizeValue, type FieldDef, type RecordSchema } from './schema';
import { Store, cloneData, type RecordData } from './store';
import { runUserEvents, runBeforeLoad, type UserEventType } from './runners/user-event';
import { runMapReduce, type MapReduceOptions, type MapReduceReport } from './runners/map-reduce';
import { runScheduled, type ScheduledOptions } from './runners/scheduled';
import { runSuitelet, runRestlet, type HttpEntryOptions, type HttpEntryResult } from './runners/http-entry';
import type { Form } from './modules/ui-server-widget';

export interface Clock {
  now(): Date;
  advance(ms: number): Date;
  set(date: Date): void;
}

export interface EmulatedUser {
  id: number;
  name: string;
  email: string;
  role: number;
  roleId: string;
  roleCenter: string;
  subsidiary: number;
  department: number;
  location: number;
  contact: number;
}

export interface AccountOptions {
  projectRoot: string;
  now?: () => Date;
  user?: Partial<EmulatedUser>;
  accountId?: string;
  format?: Partial<FormatPreferences>;
  /**
   * Unknown field ids throw SSS_INVALID_FIELD_ID (default). A real account in standard mode tends to ignore
   * them silently; strict is on because a typo in a field id is the bug we want tests to catch.
   */
  strictFieldIds?: boolean;
}

export interface Certificate {
  privateKeyPem: string;
  certificatePem?: string;
}

export interface EmailMessage {
  author: string;
  recipients: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  relatedRecords?: unknown;
  scriptId: string;
  at: Date;
}

export interface HttpLogEntry {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  response?: { code: number; headers: Record<string, string>; body: string };
  error?: string;
  scriptId: string;
  deploymentId: string;
  at: Date;
}

export type TaskStatus = 'PENDING' | 'PROCESSING' | 'COMPLETE' | 'FAILED';

export interface QueuedTask {
  taskId: string;
  taskType: 'MAP_REDUCE' | 'SCHEDULED_SCRIPT';
  scriptId: string;
  deploymentId: string;
  params: Record<string, unknown>;
  status: TaskStatus;
  submittedBy: string;
  report?: MapReduceReport | ScriptRunReport;
}

export interface SavedSearchDef {
  type: string;
  filters?: unknown;
  columns?: unknown;
  title?: string;
}

export interface SaveOrigin {
  executionContext: string;
  /** False for saves made inside a user event (UEs never chain) and for seeds. */
  fireUserEvents: boolean;
  ignoreMandatoryFields?: boolean;
  /** Reports of the UEs fired go here (the caller's invocation report). */
  triggered?: ScriptRunReport[];
}

export interface WriteResult {
  id: number;
  scripts: ScriptRunReport[];
  /** afterSubmit failures do not undo the save; NetSuite still reports them to the caller. */
  afterSubmitError?: unknown;
}

export interface UiResult {
  id: number | undefined;
  scripts: ScriptRunReport[];
  error?: { name: string; message: string };
}

const ENTITY_NAME_PARTS = (f: Record<string, unknown>): string =>
  [f.firstname, f.lastname].filter((v) => typeof v === 'string' && v !== '').join(' ');

export class EmulatedAccount {
  readonly projectRoot: string;
  readonly objects: ObjectsIndex;
  readonly schema: Schema;
  readonly store = new Store();
  readonly clock: Clock;
  readonly accountId: string;
  readonly user: EmulatedUser;
  readonly format: FormatPreferences;
  readonly strictFieldIds: boolean;

  readonly secrets = new Map<string, string>();
  readonly certificates = new Map<string, Certificate>();
  readonly services = new Map<string, EmulatedService>();
  readonly logs: LogEntry[] = [];
  readonly emails: EmailMessage[] = [];
  readonly httpLog: HttpLogEntry[] = [];
  readonly redirects: { url: string; kind: string; scriptId: string }[] = [];
  readonly submittedTasks: QueuedTask[] = [];
  readonly runs: ScriptRunReport[] = [];
  readonly savedSearches = new Map<string, SavedSearchDef>();
  readonly caches = new Map<string, Map<string, { value: string; expiresAt: number | undefined }>>();
  readonly userPreferences = new Map<string, unknown>();
  /** The signed-in user's session (runtime.Session): kept across requests; clear() is a new sign-in. */
  readonly session = new Map<string, string>();
  /** Record accesses as `scriptId role permkey level` (see Execution.access): what each run-as role used. */
  readonly roleAccess = new Set<string>();
  readonly companyPreferences = new Map<string, unknown>();
  /** Features for runtime.isFeatureInEffect. */
  readonly features = new Set<string>(['SUBSIDIARIES', 'MULTICURRENCY', 'TEAMSELLING', 'SERVERSIDESCRIPTING']);
  /**
   * What other users do while a map/reduce job runs: called after every map and reduce invocation (NetSuite runs
   * user saves concurrently with a job's invocations). Load tests edit records here.
   */
  betweenInvocations: ((stage: 'map' | 'reduce', invocation: number) => void) | null = null;
  private readonly deploymentParams = new Map<string, Record<string, unknown>>();
  private readonly sources = new Map<string, { code: string; path: string }>();
  private taskSeq = 0;

  readonly ui: {
    create: (type: string, values: Record<string, unknown>, sublists?: Record<string, Record<string, unknown>[]>) => UiResult;
    edit: (type: string, id: number | string, values: Record<string, unknown>, sublists?: Record<string, Record<string, unknown>[]>) => UiResult;
    inlineEdit: (type: string, id: number | string, values: Record<string, unknown>) => UiResult;
    delete: (type: string, id: number | string) => UiResult;
    view: (type: string, id: number | string) => { form: Form; html: string; scripts: ScriptRunReport[] };
  };

  constructor(options: AccountOptions) {
    this.projectRoot = options.projectRoot;
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
    this.accountId = options.accountId ?? 'TSTDRV0000001';
    this.format = { ...DEFAULT_FORMAT, ...(options.format ?? {}) };
    this.strictFieldIds = options.strictFieldIds ?? true;
    this.objects = readObjects(options.projectRoot);
    this.schema = new Schema(this.objects);
    this.user = {
      id: -5, name: 'Emulated Admin', email: 'admin@example.com', role: 3, roleId: 'administrator', roleCenter: 'BASIC',
      subsidiary: 1, department: 0, location: 0, contact: 0, ...(options.user ?? {}),
    };
    this.seedBaseline();
    this.ui = {
      create: (type, values, sublists) => this.uiSave(type, undefined, values, sublists, 'create'),
      edit: (type, id, values, sublists) => this.uiSave(type, Number(id), values, sublists, 'edit'),
      inlineEdit: (type, id, values) => this.uiSave(type, Number(id), values, undefined, 'xedit'),
      delete: (type, id) => this.uiDelete(type, Number(id)),
      view: (type, id) => this.uiView(type, Number(id)),
    };
  }

  private seedBaseline(): void {
    this.seed('currency', { name: 'US Dollar', symbol: 'USD', exchangerate: 1 }, undefined, 1);
    this.seed('subsidiary', { name: 'Parent Company', currency: 1 }, undefined, 1);
    this.seed('salesrole', { name: 'Sales Rep' }, undefined, -2);
    this.seed('customerstatus', { name: 'CUSTOMER-Closed Won' }, undefined, 13);
    this.seed('customerstatus', { name: 'LEAD-Unqualified' }, undefined, 6);
    this.seed('customerstatus', { name: 'PROSPECT-In Discussion' }, undefined, 10);
    const [first, ...rest] = this.user.name.split(' ');
    this.seed('employee', { firstname: first ?? 'Admin', lastname: rest.join(' ') || 'Admin', email: this.user.email, issalesrep: true }, undefined, this.user.id);
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

  scriptByInternalId(id: string): ScriptDef | undefined {
    return [...this.objects.scripts.values()].find((s) => str(s.internalId) === id || s.id === id);
  }

  /** Reads the deployed file and checks its header against the script object type, once per file. */
  scriptSource(script: ScriptDef): { code: string; path: string } {
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

  scriptsOfKind(kind: ScriptKind): ScriptDef[] {
    return [...this.objects.scripts.values()].filter((s) => s.kind === kind);
  }

  recordUsage(report: ScriptRunReport): void {
    this.runs.push(report);
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

  nextTaskId(prefix: string): string {
    this.taskSeq++;
    return `${prefix}_${this.taskSeq.toString(16).padStart(8, '0')}${'0'.repeat(24)}`;
  }

  // ───────────────────────────── records: seeding and inspection ─────────────────────────────

  /** Direct insert: validated like a save, but no scripts and no governance. */
  seed(type: string, values: Record<string, unknown>, sublists?: Record<string, Record<string, unknown>[]>, id?: number): number {
    const data = this.buildData(type, values, sublists);
    if (id !== undefined) {
      data.id = id;
      this.store.reserve(id);
    }
    if (values.datecreated instanceof Date) data.fields.datecreated = new Date(values.datecreated.getTime());
    if (values.lastmodifieddate instanceof Date) data.fields.lastmodifieddate = new Date(values.lastmodifieddate.getTime());
    return this.commit(data, 'create', { executionContext: 'SEED', fireUserEvents: false, ignoreMandatoryFields: false }).id;
  }

  /** Direct update of a stored record (no scripts, no governance); lastmodifieddate moves like any save. */
  seedUpdate(type: string, id: number | string, values: Record<string, unknown>, sublists?: Record<string, Record<string, unknown>[]>): void {
    const existing = this.store.get(type.toLowerCase(), Number(id));
    if (!existing) throw ERR.recordDoesNotExist();
    const data = cloneData(existing);
    const changes = this.buildData(type, values, sublists);
    Object.assign(data.fields, changes.fields);
    Object.assign(data.sublists, changes.sublists);
    this.commit(data, 'edit', { executionContext: 'SEED', fireUserEvents: false });
  }

  /** The stored record as a flat object: `id`, every field, and each sublist as an array under its id. */
  get(type: string, id: number | string): Record<string, unknown> | undefined {
    const data = this.store.get(type.toLowerCase(), Number(id));
    return data ? this.flatten(data) : undefined;
  }

  all(type: string): Record<string, unknown>[] {
    return this.store.all(type.toLowerCase()).map((d) => this.flatten(d));
  }

  find(type: string, predicate: (row: Record<string, unknown>) => boolean): Record<string, unknown>[] {
    return this.all(type).filter(predicate);
  }

  private flatten(data: RecordData): Record<string, unknown> {
    const out: Record<string, unknown> = { id: data.id };
    for (const [k, v] of Object.entries(data.fields)) out[k] = cloneValue(v);
    for (const [k, lines] of Object.entries(data.sublists)) out[k] = lines.map((l) => ({ ...l }));
    return out;
  }

  // ───────────────────────────── records: the save pipeline ─────────────────────────────

  /** Builds normalised record data from loose values (validating field ids and types). */
  buildData(type: string, values: Record<string, unknown>, sublists?: Record<string, Record<string, unknown>[]>): RecordData {
    const schema = this.schema.get(type);
    const data: RecordData = { type: schema.type, fields: {}, sublists: {} };
    for (const [fieldId, value] of Object.entries(values)) {
      const field = this.fieldDef(schema, fieldId);
      if (!field || field.readOnly) continue;
      data.fields[field.id] = normalizeValue(field, value);
    }
    for (const [sublistId, lines] of Object.entries(sublists ?? {})) {
      const sub = schema.sublists.get(sublistId);
      if (!sub) throw nsError('SSS_INVALID_SUBLIST_OPERATION', `The sublist ${sublistId} does not exist on ${type}.`);
      data.sublists[sublistId] = lines.map((line) => {
        const out: Record<string, unknown> = {};
        for (const [fieldId, value] of Object.entries(line)) {
          const field = sub.fields.get(fieldId);
          if (!field) throw ERR.unknownField(`${sublistId}.${fieldId}`, type);
          out[fieldId] = normalizeValue(field, value);
        }
        return out;
      });
    }
    return data;
  }

  fieldDef(schema: RecordSchema, fieldId: string): FieldDef | undefined {
    const field = schema.fields.get(fieldId.toLowerCase());
    if (!field && fieldId !== 'id' && this.strictFieldIds) throw ERR.unknownField(fieldId, schema.type);
    return field;
  }

  /** Records a SELECT may point at (custom lists are checked against their values). */
  resolveSelect(field: FieldDef, value: string): { exists: boolean; text: string } {
    for (const target of field.select ?? []) {
      const list = this.schema.lists.get(target);
      if (list) {
        const hit = list.find((v) => v.id === value);
        if (hit) return { exists: true, text: hit.label };
        continue;
      }
      const types = target === 'entity' ? ['customer', 'contact', 'employee', 'partner'] : [target];
      const rec = this.store.findAny(types, Number(value));
      if (rec) return { exists: true, text: this.displayName(rec) };
    }
    return { exists: false, text: '' };
  }

  /** SELECT options by text, for setText and search `anyof` by name. */
  selectIdByText(field: FieldDef, text: string): string | undefined {
    for (const target of field.select ?? []) {
      const list = this.schema.lists.get(target);
      if (list) {
        const hit = list.find((v) => v.label === text);
        if (hit) return hit.id;
        continue;
      }
      const types = target === 'entity' ? ['customer', 'contact', 'employee', 'partner'] : [target];
      for (const t of types) {
        const rec = this.store.all(t).find((r) => this.displayName(r) === text);
        if (rec) return str(rec.id);
      }
    }
    return undefined;
  }

  displayName(data: RecordData): string {
    const f = data.fields;
    for (const key of ['entityid', 'name', 'companyname']) {
      const v = f[key];
      if (typeof v === 'string' && v !== '') return v;
    }
    return ENTITY_NAME_PARTS(f) || str(data.id, '');
  }

  private applyDefaults(data: RecordData, mode: 'create' | 'edit' | 'xedit'): void {
    const f = data.fields;
    const now = this.clock.now();
    const schema = this.schema.get(data.type);
    if (mode === 'create') {
      for (const field of schema.fields.values()) if (field.type === 'CHECKBOX' && f[field.id] === undefined) f[field.id] = false;
      if (schema.fields.has('datecreated') && !(f.datecreated instanceof Date)) f.datecreated = new Date(now.getTime());
      if (schema.fields.has('created') && !(f.created instanceof Date)) f.created = new Date(now.getTime());
      if (schema.isEntity && schema.fields.has('subsidiary') && isEmpty(f.subsidiary) && this.store.get('subsidiary', 1)) f.subsidiary = '1';
      if (data.type === 'customer') {
        if (isEmpty(f.currency)) f.currency = '1';
        if (isEmpty(f.entitystatus)) f.entitystatus = '13';
      }
      if (schema.category === 'custom' && isEmpty(f.owner)) f.owner = str(this.user.id);
    }
    if (schema.isEntity && isEmpty(f.entityid) && mode !== 'xedit') {
      const name = data.type === 'contact' || data.type === 'employee' || f.isperson === true ? ENTITY_NAME_PARTS(f) : (f.companyname as string | undefined) ?? ENTITY_NAME_PARTS(f);
      if (name) f.entityid = name;
    }
    if (schema.fields.has('lastmodifieddate')) f.lastmodifieddate = new Date(now.getTime());
    if (schema.fields.has('lastmodified')) f.lastmodified = new Date(now.getTime());
  }

  private validate(data: RecordData, ignoreMandatory: boolean): void {
    const schema = this.schema.get(data.type);
    const f = data.fields;
    for (const [fieldId, value] of Object.entries(f)) {
      const field = schema.fields.get(fieldId);
      if (!field) continue;
      this.checkRefs(field, value);
    }
    for (const [sublistId, lines] of Object.entries(data.sublists)) {
      const sub = schema.sublists.get(sublistId);
      for (const line of lines) for (const [fieldId, value] of Object.entries(line)) {
        const field = sub?.fields.get(fieldId);
        if (field) this.checkRefs(field, value);
      }
    }
    if (ignoreMandatory) return;
    const missing: string[] = [];
    const need = (fieldId: string): void => {
      if (isEmpty(f[fieldId])) missing.push(schema.fields.get(fieldId)?.label ?? fieldId);
    };
    if (data.type === 'contact' && isEmpty(f.entityid) && isEmpty(f.firstname) && isEmpty(f.lastname)) missing.push('Name');
    if (data.type === 'customer' || data.type === 'partner') {
      if (f.isperson === true) {
        need('firstname');
        need('lastname');
      } else need('companyname');
    }
    if (data.type === 'employee' && isEmpty(f.entityid) && isEmpty(f.lastname)) missing.push('Last Name');
    for (const field of schema.fields.values()) if (field.mandatory) need(field.id);
    if (missing.length) throw ERR.mandatory(missing);
  }

  private checkRefs(field: FieldDef, value: unknown): void {
    if (field.type === 'SELECT' && typeof value === 'string') {
      if (!this.resolveSelect(field, value).exists) throw ERR.invalidKeyOrRef(field.id, value);
    } else if (field.type === 'MULTISELECT' && Array.isArray(value)) {
      for (const v of value as string[]) if (!this.resolveSelect(field, v).exists) throw ERR.invalidKeyOrRef(field.id, v);
    }
  }

  /**
   * The one write path for creates, edits, inline edits (xedit) and deletes: user events around the write
   * (beforeSubmit can change or abort it; afterSubmit errors do not roll it back).
   */
  writeRecord(mode: 'create' | 'edit' | 'xedit', data: RecordData, origin: SaveOrigin): WriteResult {
    return this.commit(data, mode, origin);
  }

  private commit(data: RecordData, mode: 'create' | 'edit' | 'xedit', origin: SaveOrigin): WriteResult {
    const type = data.type;
    let old: RecordData | undefined;
    if (mode !== 'create') {
      old = data.id === undefined ? undefined : this.store.get(type, data.id);
      if (!old) throw ERR.recordDoesNotExist();
    }
    const scripts: ScriptRunReport[] = [];
    let pending = cloneData(data);
    if (origin.fireUserEvents) {
      const before = runUserEvents(this, {
        entryPoint: 'beforeSubmit', eventType: mode, recordType: type, executionContext: origin.executionContext,
        newRecord: pending, ...(old ? { oldRecord: old } : {}),
      });
      scripts.push(...before.reports);
      origin.triggered?.push(...before.reports);
      if (before.error !== undefined) throw before.error;
      pending = before.newRecord ?? pending;
    }
    let stored: RecordData;
    if (mode === 'xedit' && old) {
      stored = cloneData(old);
      for (const [k, v] of Object.entries(pending.fields)) stored.fields[k] = v;
    } else {
      stored = pending;
      if (old) {
        for (const key of ['datecreated', 'created']) if (old.fields[key] !== undefined) stored.fields[key] = old.fields[key];
      }
    }
    this.applyDefaults(stored, mode);
    this.validate(stored, origin.ignoreMandatoryFields ?? false);
    if (stored.id === undefined) stored.id = this.store.nextId();
    this.store.put(cloneData(stored));
    const result: WriteResult = { id: stored.id, scripts };
    if (origin.fireUserEvents) {
      const afterNew = mode === 'xedit' ? { ...cloneData(pending), id: stored.id } : cloneData(stored);
      const after = runUserEvents(this, {
        entryPoint: 'afterSubmit', eventType: mode, recordType: type, executionContext: origin.executionContext,
        newRecord: afterNew, ...(old ? { oldRecord: old } : {}), readOnly: true,
      });
      scripts.push(...after.reports);
      origin.triggered?.push(...after.reports);
      if (after.error !== undefined) result.afterSubmitError = after.error;
    }
    return result;
  }

  deleteRecord(type: string, id: number, origin: SaveOrigin): WriteResult {
    const old = this.store.get(type, id);
    if (!old) throw ERR.recordDoesNotExist();
    const scripts: ScriptRunReport[] = [];
    if (origin.fireUserEvents) {
      const before = runUserEvents(this, {
        entryPoint: 'beforeSubmit', eventType: 'delete', recordType: type, executionContext: origin.executionContext,
        newRecord: cloneData(old), oldRecord: old, readOnly: true,
      });
      scripts.push(...before.reports);
      origin.triggered?.push(...before.reports);
      if (before.error !== undefined) throw before.error;
    }
    this.store.remove(type, id);
    const result: WriteResult = { id, scripts };
    if (origin.fireUserEvents) {
      const after = runUserEvents(this, {
        entryPoint: 'afterSubmit', eventType: 'delete', recordType: type, executionContext: origin.executionContext,
        newRecord: cloneData(old), oldRecord: old, readOnly: true,
      });
      scripts.push(...after.reports);
      origin.triggered?.push(...after.reports);
      if (after.error !== undefined) result.afterSubmitError = after.error;
    }
    return result;
  }

  // ───────────────────────────── UI ─────────────────────────────

  private uiSave(type: string, id: number | undefined, values: Record<string, unknown>, sublists: Record<string, Record<string, unknown>[]> | undefined, mode: 'create' | 'edit' | 'xedit'): UiResult {
    const scripts: ScriptRunReport[] = [];
    try {
      let data: RecordData;
      if (mode === 'create') {
        data = this.buildData(type, values, sublists);
      } else {
        const existing = this.store.get(type.toLowerCase(), id ?? NaN);
        if (!existing) throw ERR.recordDoesNotExist();
        const changes = this.buildData(type, values, sublists);
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
        const loaded = runBeforeLoad(this, { recordType: data.type, eventType: mode, executionContext: 'USERINTERFACE', record: data });
        scripts.push(...loaded.reports);
      }
      const result = this.commit(data, mode, { executionContext: 'USERINTERFACE', fireUserEvents: true, triggered: scripts });
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
      const result = this.deleteRecord(type.toLowerCase(), id, { executionContext: 'USERINTERFACE', fireUserEvents: true, triggered: scripts });
      const out: UiResult = { id, scripts };
      if (result.afterSubmitError !== undefined) out.error = describe(result.afterSubmitError);
      return out;
    } catch (error) {
      return { id: undefined, scripts, error: describe(error) };
    }
  }

  private uiView(type: string, id: number): { form: Form; html: string; scripts: ScriptRunReport[] } {
    const data = this.store.get(type.toLowerCase(), id);
    if (!data) throw ERR.recordDoesNotExist();
    const loaded = runBeforeLoad(this, { recordType: data.type, eventType: 'view', executionContext: 'USERINTERFACE', record: data });
    return { form: loaded.form, html: loaded.form.render(), scripts: loaded.reports };
  }

  // ───────────────────────────── script runners ─────────────────────────────

  runMapReduce(options: MapReduceOptions): MapReduceReport {
    return runMapReduce(this, options);
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
