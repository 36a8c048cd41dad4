/**
 * The account's records: the store, and the one save pipeline every write goes through (seeds, the UI, scripts) —
 * normalise, user events around the write, defaults, validation, versions. Scripts reach it only through the
 * data-access point (data.ts).
 */
import { str } from './text';
import { ERR, nsError } from './errors';
import type { ExecutionContext } from './context';
import type { ScriptRunReport } from './execution';
import type { AccountProfile } from './profile';
import { cloneValue, isEmpty, normalizeValue, type FieldDef, type RecordSchema, type Schema } from './schema';
import { Store, cloneData, type RecordData } from './store';

export type WriteMode = 'create' | 'edit' | 'xedit';

export interface SaveOrigin {
  executionContext: string;
  /** Who saves. User events the save fires run as this user. */
  context: ExecutionContext;
  /**
   * True when a script made the save: the user events it fires keep the saving script's role. Saves from the UI
   * run each user event with its deployment's Execute As Role.
   */
  byScript: boolean;
  /** False for saves made inside a user event (UEs never chain) and for seeds. */
  fireUserEvents: boolean;
  ignoreMandatoryFields?: boolean;
  /**
   * Dependent fields left empty are sourced on save: always in the UI and in dynamic mode, in standard mode only with
   * Record.save({ enableSourcing: true }) ("Defaults to false - dependent field values are not sourced",
   * Record.save(options), Oracle Help Center).
   */
  enableSourcing?: boolean;
  /** Reports of the UEs fired go here (the caller's invocation report). */
  triggered?: ScriptRunReport[];
}

export interface WriteResult {
  id: number;
  scripts: ScriptRunReport[];
  /** afterSubmit failures do not undo the save; NetSuite still reports them to the caller. */
  afterSubmitError?: unknown;
}

export interface UserEventCall {
  entryPoint: 'beforeSubmit' | 'afterSubmit';
  eventType: string;
  recordType: string;
  origin: SaveOrigin;
  newRecord: RecordData;
  oldRecord?: RecordData;
  /** afterSubmit (and delete): changes to newRecord are not saved. */
  readOnly?: boolean;
}

/** How the pipeline fires user events (the account runs them; records.ts does not know about scripts). */
export type UserEventHook = (call: UserEventCall) => { reports: ScriptRunReport[]; error?: Error; newRecord?: RecordData };

const ENTITY_NAME_PARTS = (f: Record<string, unknown>): string =>
  [f.firstname, f.lastname].filter((v) => typeof v === 'string' && v !== '').join(' ');

export class Records {
  readonly store = new Store();
  private readonly profile: AccountProfile;
  private readonly now: () => Date;
  private readonly userEvents: UserEventHook;

  /**
   * Entity types whose Auto-Generated Numbering is off (Setup > Company > Auto-Generated Numbers): their entityid
   * (filled from the names when empty) is the record's ID and must be unique among that type, else DUP_ENTITY
   * ("This entity already exists."). Both the error name and the per-type scope are guesses (no Help Center page was
   * found); with numbering on (the default) the emulator keeps its name-based entityid and checks nothing.
   */
  readonly manualEntityIds = new Set<string>();

  constructor(profile: AccountProfile, now: () => Date, userEvents: UserEventHook) {
    this.profile = profile;
    this.now = now;
    this.userEvents = userEvents;
  }

  get schema(): Schema {
    return this.profile.schema;
  }

  /** The stored row (not a copy: callers that hand it on clone it). */
  read(type: string, id: number): RecordData | undefined {
    return this.store.get(type.toLowerCase(), id);
  }

  /** The stored record as a flat object: `id`, every field, and each sublist as an array under its id. */
  flatten(data: RecordData): Record<string, unknown> {
    const out: Record<string, unknown> = { id: data.id };
    for (const [k, v] of Object.entries(data.fields)) out[k] = cloneValue(v);
    for (const [k, lines] of Object.entries(data.sublists)) out[k] = lines.map((l) => ({ ...l }));
    return out;
  }

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
    if (!field && fieldId !== 'id' && this.profile.strictFieldIds) throw ERR.unknownField(fieldId, schema.type);
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
      const rec = this.store.findAny(selectTargets(target), Number(value));
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
      for (const t of selectTargets(target)) {
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

  private applyDefaults(data: RecordData, mode: WriteMode, context: ExecutionContext, enableSourcing: boolean): void {
    const f = data.fields;
    const now = this.now();
    const schema = this.schema.get(data.type);
    const defaults = this.profile.defaults;
    if (mode === 'create' && enableSourcing && data.type === 'contact' && schema.fields.has('subsidiary') && isEmpty(f.subsidiary) && !isEmpty(f.company)) {
      // Sourcing: a contact's subsidiary comes from its company (which field sources which is a guess modelled on the
      // contact form; that sourcing happens only when enabled is documented, see SaveOrigin.enableSourcing).
      const company = this.store.get('customer', Number(f.company)) ?? this.store.get('partner', Number(f.company));
      if (company !== undefined && !isEmpty(company.fields.subsidiary)) f.subsidiary = company.fields.subsidiary;
    }
    if (mode === 'create') {
      for (const field of schema.fields.values()) if (field.type === 'CHECKBOX' && f[field.id] === undefined) f[field.id] = false;
      if (schema.fields.has('datecreated') && !(f.datecreated instanceof Date)) f.datecreated = new Date(now.getTime());
      if (schema.fields.has('created') && !(f.created instanceof Date)) f.created = new Date(now.getTime());
      if (schema.isEntity && schema.fields.has('subsidiary') && isEmpty(f.subsidiary) && this.store.get('subsidiary', Number(defaults.subsidiary))) {
        f.subsidiary = defaults.subsidiary;
      }
      if (data.type === 'customer') {
        if (schema.fields.has('currency') && isEmpty(f.currency)) f.currency = defaults.currency;
        if (isEmpty(f.entitystatus)) f.entitystatus = defaults.customerStatus;
      }
      if (schema.category === 'custom' && isEmpty(f.owner)) f.owner = str(context.user.id);
    }
    if (schema.isEntity && isEmpty(f.entityid) && mode !== 'xedit') {
      const name = data.type === 'contact' || data.type === 'employee' || f.isperson === true
        ? ENTITY_NAME_PARTS(f)
        : (f.companyname as string | undefined) ?? ENTITY_NAME_PARTS(f);
      if (name) f.entityid = name;
    }
    if (schema.fields.has('lastmodifieddate')) f.lastmodifieddate = new Date(now.getTime());
    if (schema.fields.has('lastmodified')) f.lastmodified = new Date(now.getTime());
  }

  private checkEntityIdUnique(data: RecordData): void {
    if (!this.manualEntityIds.has(data.type)) return;
    const entityId = data.fields.entityid;
    if (typeof entityId !== 'string' || entityId === '') return;
    const wanted = entityId.toLowerCase();
    const taken = this.store.all(data.type).some((row) => row.id !== data.id && typeof row.fields.entityid === 'string' && row.fields.entityid.toLowerCase() === wanted);
    if (taken) throw nsError('DUP_ENTITY', 'This entity already exists.');
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
   * The one write path for creates, edits and inline edits (xedit): user events around the write (beforeSubmit can
   * change or abort it; afterSubmit errors do not roll it back). An edit of data that carries a version (a record a
   * script loaded) fails with RCRD_HAS_BEEN_CHANGED when the row changed since; xedit (submitFields, inline edit)
   * writes only its fields and is not checked.
   */
  write(mode: WriteMode, data: RecordData, origin: SaveOrigin): WriteResult {
    const type = data.type;
    let old: RecordData | undefined;
    if (mode !== 'create') {
      old = data.id === undefined ? undefined : this.store.get(type, data.id);
      if (!old) throw ERR.recordDoesNotExist();
      if (mode === 'edit' && data.version !== undefined && data.version !== old.version) throw ERR.recordChanged();
    }
    const scripts: ScriptRunReport[] = [];
    let pending = cloneData(data);
    if (origin.fireUserEvents) {
      const before = this.fire(scripts, origin, { entryPoint: 'beforeSubmit', eventType: mode, recordType: type, newRecord: pending, ...(old ? { oldRecord: old } : {}) });
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
    this.applyDefaults(stored, mode, origin.context, origin.enableSourcing === true);
    this.checkEntityIdUnique(stored);
    this.validate(stored, origin.ignoreMandatoryFields ?? false);
    if (stored.id === undefined) stored.id = this.store.nextId();
    this.store.put(cloneData(stored));
    const result: WriteResult = { id: stored.id, scripts };
    if (origin.fireUserEvents) {
      const afterNew = mode === 'xedit' ? { ...cloneData(pending), id: stored.id } : cloneData(stored);
      const after = this.fire(scripts, origin, {
        entryPoint: 'afterSubmit', eventType: mode, recordType: type, newRecord: afterNew, ...(old ? { oldRecord: old } : {}), readOnly: true,
      });
      if (after.error !== undefined) result.afterSubmitError = after.error;
    }
    return result;
  }

  remove(type: string, id: number, origin: SaveOrigin): WriteResult {
    const old = this.store.get(type, id);
    if (!old) throw ERR.recordDoesNotExist();
    const scripts: ScriptRunReport[] = [];
    const call = { eventType: 'delete', recordType: type, newRecord: cloneData(old), oldRecord: old, readOnly: true } as const;
    if (origin.fireUserEvents) {
      const before = this.fire(scripts, origin, { entryPoint: 'beforeSubmit', ...call });
      if (before.error !== undefined) throw before.error;
    }
    this.store.remove(type, id);
    const result: WriteResult = { id, scripts };
    if (origin.fireUserEvents) {
      const after = this.fire(scripts, origin, { entryPoint: 'afterSubmit', ...call, newRecord: cloneData(old) });
      if (after.error !== undefined) result.afterSubmitError = after.error;
    }
    return result;
  }

  private fire(scripts: ScriptRunReport[], origin: SaveOrigin, call: Omit<UserEventCall, 'origin'>): ReturnType<UserEventHook> {
    const outcome = this.userEvents({ ...call, origin });
    scripts.push(...outcome.reports);
    origin.triggered?.push(...outcome.reports);
    return outcome;
  }
}

/** Entity ids are shared across entity types, as in NetSuite: an `entity` select points at any of them. */
export function selectTargets(target: string): string[] {
  return target === 'entity' ? ['customer', 'contact', 'employee', 'partner'] : [target];
}
