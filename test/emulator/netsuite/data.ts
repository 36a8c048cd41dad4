/**
 * The data-access point: every record read and write a script makes (N/record, N/search, select texts) goes through
 * one DataAccess bound to the script's execution context. When the effective role is one of the project's custom
 * roles (a deployment's Execute As Role, `<runasrole>`), a read or write beyond that role's permission for the record
 * type fails with INSUFFICIENT_PERMISSION, as NetSuite's does ("Permission Violation"); standard roles
 * (Administrator) may do everything. Every access is noted (`scriptId role permkey level`) so a test can compare
 * what a role grants with what the scripts used. Not checked: joined record types in searches.
 */
import type { ExecutionContext } from './context';
import type { Records, SaveOrigin, WriteMode, WriteResult } from './records';
import type { FieldDef, RecordSchema, Schema } from './schema';
import { cloneData, type RecordData } from './store';
import { nsError } from './errors';

export type DataOperation = 'read' | 'create' | 'edit' | 'delete';

/** Role permission levels in order, and the level each operation needs (delete needs FULL, as in NetSuite). */
const LEVELS = ['NONE', 'VIEW', 'CREATE', 'EDIT', 'FULL'];
const NEEDED: Readonly<Record<DataOperation, string>> = { read: 'VIEW', create: 'CREATE', edit: 'EDIT', delete: 'FULL' };
/** Standard record types → their role permission (Oracle's permission names: Lists > Contacts, Customers, …). */
const PERMISSION_KEYS: Readonly<Record<string, string>> = {
  contact: 'LIST_CONTACT', customer: 'LIST_CUSTJOB', employee: 'LIST_EMPLOYEE', partner: 'LIST_PARTNER',
  currency: 'LIST_CURRENCY', subsidiary: 'LIST_SUBSIDIARY', salesrole: 'LIST_SALESROLE',
};

export function permissionKey(type: string): string {
  const t = type.toLowerCase();
  return t.startsWith('customrecord') ? `[scriptid=${t}]` : PERMISSION_KEYS[t] ?? `LIST_${t.toUpperCase()}`;
}

/** The project's custom roles (Objects/customrole_*.xml) and where accesses are noted. */
export interface RolePermissions {
  /** permkey → level for a custom role of the project; undefined for a standard role. */
  grants(role: string): ReadonlyMap<string, string> | undefined;
  note(access: string): void;
}

/** A save as a script asks for it; who saves comes from the execution context. */
export type ScriptSave = Omit<SaveOrigin, 'context' | 'byScript'>;

export interface DataAccess {
  readonly schema: Schema;
  readonly strictFieldIds: boolean;
  fieldDef(schema: RecordSchema, fieldId: string): FieldDef | undefined;
  buildData(type: string, values: Record<string, unknown>, sublists?: Record<string, Record<string, unknown>[]>): RecordData;
  /** A copy of the stored row (with its version), or undefined. */
  load(type: string, id: number): RecordData | undefined;
  exists(type: string, id: number): boolean;
  /** Stored rows of a type ordered by id (or only `ids`), for search; rows are shared, not copies: do not change them. */
  rows(type: string, ids?: readonly number[]): readonly RecordData[];
  /** A row of the first of `types` that has `id` (selects that point at several entity types). */
  findAny(types: string[], id: number): RecordData | undefined;
  resolveSelect(field: FieldDef, value: string): { exists: boolean; text: string };
  selectIdByText(field: FieldDef, text: string): string | undefined;
  write(mode: WriteMode, data: RecordData, save: ScriptSave): WriteResult;
  remove(type: string, id: number, save: ScriptSave): WriteResult;
}

export class RecordAccess implements DataAccess {
  private readonly records: Records;
  private readonly context: ExecutionContext;
  readonly strictFieldIds: boolean;

  private readonly roles: RolePermissions;

  constructor(records: Records, context: ExecutionContext, strictFieldIds: boolean, roles: RolePermissions) {
    this.records = records;
    this.context = context;
    this.strictFieldIds = strictFieldIds;
    this.roles = roles;
  }

  get schema(): Schema {
    return this.records.schema;
  }

  private allow(operation: DataOperation, type: string): void {
    const role = this.context.effectiveRole;
    const key = permissionKey(type);
    const level = NEEDED[operation];
    this.roles.note(`${role} ${key} ${level}`);
    const granted = this.roles.grants(role);
    if (granted === undefined) return;
    const has = granted.get(key) ?? 'NONE';
    if (LEVELS.indexOf(has) < LEVELS.indexOf(level)) {
      throw nsError('INSUFFICIENT_PERMISSION', `Permission Violation: ${role} needs ${key} at ${level} or higher (has ${has}).`);
    }
  }

  fieldDef(schema: RecordSchema, fieldId: string): FieldDef | undefined {
    return this.records.fieldDef(schema, fieldId);
  }

  buildData(type: string, values: Record<string, unknown>, sublists?: Record<string, Record<string, unknown>[]>): RecordData {
    return this.records.buildData(type, values, sublists);
  }

  load(type: string, id: number): RecordData | undefined {
    this.allow('read', type);
    const row = this.records.read(type, id);
    return row ? cloneData(row) : undefined;
  }

  exists(type: string, id: number): boolean {
    this.allow('read', type);
    return this.records.read(type, id) !== undefined;
  }

  rows(type: string, ids?: readonly number[]): readonly RecordData[] {
    this.allow('read', type);
    const store = this.records.store;
    if (ids === undefined) return store.all(type);
    return [...ids].sort((a, b) => a - b).flatMap((id) => store.get(type, id) ?? []);
  }

  findAny(types: string[], id: number): RecordData | undefined {
    for (const type of types) this.allow('read', type);
    return this.records.store.findAny(types, id);
  }

  resolveSelect(field: FieldDef, value: string): { exists: boolean; text: string } {
    return this.records.resolveSelect(field, value);
  }

  selectIdByText(field: FieldDef, text: string): string | undefined {
    return this.records.selectIdByText(field, text);
  }

  write(mode: WriteMode, data: RecordData, save: ScriptSave): WriteResult {
    this.allow(mode === 'create' ? 'create' : 'edit', data.type);
    return this.records.write(mode, data, { ...save, context: this.context, byScript: true });
  }

  remove(type: string, id: number, save: ScriptSave): WriteResult {
    this.allow('delete', type);
    return this.records.remove(type, id, { ...save, context: this.context, byScript: true });
  }
}
