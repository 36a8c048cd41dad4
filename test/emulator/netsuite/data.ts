/**
 * The data-access point: every record read and write a script makes (N/record, N/search, select texts) goes through
 * one DataAccess bound to the script's execution context. Role permissions are not emulated yet; when they are,
 * `allow` is where a read or write is refused for the context's effective role.
 */
import type { ExecutionContext } from './context';
import type { Records, SaveOrigin, WriteMode, WriteResult } from './records';
import type { FieldDef, RecordSchema, Schema } from './schema';
import { cloneData, type RecordData } from './store';

export type DataOperation = 'read' | 'create' | 'edit' | 'delete';

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

  constructor(records: Records, context: ExecutionContext, strictFieldIds: boolean) {
    this.records = records;
    this.context = context;
    this.strictFieldIds = strictFieldIds;
  }

  get schema(): Schema {
    return this.records.schema;
  }

  /** Every role may do everything for now (see ExecutionContext.permission). */
  private allow(_operation: DataOperation, _type: string): void {
    // Role permissions: refuse here (and in ExecutionContext.permission) once roles carry them.
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
