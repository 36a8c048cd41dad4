/**
 * In-memory record storage with external-id indexes and an undo journal. Stored records are never mutated in
 * place: every write stores a fresh object, so the journal can hold the previous object for allOrNone rollback.
 */
import type { FieldDef, ObjectDef, RecordValues, Schema, SObjectName } from './schema';

export interface StoredRecord {
  readonly type: SObjectName;
  readonly id: string;
  /** Every stored field by canonical API name, system fields included. */
  readonly values: Readonly<RecordValues>;
}

export function isDeleted(record: StoredRecord): boolean {
  return record.values.IsDeleted === true;
}

interface TypeTable {
  /** Every record, deleted ones included, in creation order. */
  readonly all: Map<string, StoredRecord>;
  /** Live records only, so the common query path never looks at the recycle bin. */
  readonly live: Map<string, StoredRecord>;
}

interface JournalEntry {
  id: string;
  before: StoredRecord | undefined;
}

export class RecordStore {
  private readonly records = new Map<string, StoredRecord>();
  private readonly byType = new Map<SObjectName, TypeTable>();
  /** "<Type>.<Field>" → normalised value → ids of live (not deleted) records. */
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly indexedFields = new Map<SObjectName, FieldDef[]>();
  private readonly caseSensitiveExternalIds: boolean;
  private journal: JournalEntry[] | undefined;

  constructor(schema: Schema, caseSensitiveExternalIds: boolean) {
    this.caseSensitiveExternalIds = caseSensitiveExternalIds;
    for (const obj of schema.objects) {
      this.byType.set(obj.name, { all: new Map(), live: new Map() });
      const indexed = obj.fields.filter((f) => f.externalId);
      this.indexedFields.set(obj.name, indexed);
      for (const f of indexed) this.indexes.set(`${obj.name}.${f.name}`, new Map());
    }
  }

  get(id: string): StoredRecord | undefined {
    return this.records.get(id);
  }

  /** Records of one type in creation order. */
  all(type: SObjectName, includeDeleted = false): StoredRecord[] {
    const table = this.byType.get(type);
    if (!table) return [];
    return [...(includeDeleted ? table.all : table.live).values()];
  }

  normaliseExternalId(value: string): string {
    return this.caseSensitiveExternalIds ? value : value.toLowerCase();
  }

  /** Live records whose external id field equals value (case-insensitively unless configured otherwise). */
  findByExternalId(obj: ObjectDef, field: FieldDef, value: string): StoredRecord[] {
    const ids = this.indexes.get(`${obj.name}.${field.name}`)?.get(this.normaliseExternalId(value));
    if (!ids) return [];
    return [...ids].map((id) => this.records.get(id)).filter((r): r is StoredRecord => r !== undefined);
  }

  /** Removes a record for good (a purge out of the recycle bin): no read returns it any more. */
  purge(id: string): void {
    this.write(id, undefined);
  }

  put(record: StoredRecord): void {
    if (this.journal) this.journal.push({ id: record.id, before: this.records.get(record.id) });
    this.write(record.id, record);
  }

  begin(): void {
    if (this.journal) throw new Error('RecordStore: transactions do not nest');
    this.journal = [];
  }

  commit(): void {
    this.journal = undefined;
  }

  rollback(): void {
    const journal = this.journal ?? [];
    this.journal = undefined;
    for (let i = journal.length - 1; i >= 0; i--) {
      const entry = journal[i]!;
      this.write(entry.id, entry.before);
    }
  }

  private write(id: string, next: StoredRecord | undefined): void {
    const previous = this.records.get(id);
    if (previous) this.unindex(previous);
    const type = next?.type ?? previous?.type;
    if (!type) return;
    const table = this.byType.get(type)!;
    if (next) {
      this.records.set(id, next);
      table.all.set(id, next);
      if (isDeleted(next)) table.live.delete(id);
      else table.live.set(id, next);
      this.index(next);
    } else {
      this.records.delete(id);
      table.all.delete(id);
      table.live.delete(id);
    }
  }

  private index(record: StoredRecord): void {
    if (isDeleted(record)) return;
    for (const f of this.indexedFields.get(record.type) ?? []) {
      const value = record.values[f.name];
      if (typeof value !== 'string') continue;
      const index = this.indexes.get(`${record.type}.${f.name}`)!;
      const key = this.normaliseExternalId(value);
      let ids = index.get(key);
      if (!ids) index.set(key, (ids = new Set()));
      ids.add(record.id);
    }
  }

  private unindex(record: StoredRecord): void {
    for (const f of this.indexedFields.get(record.type) ?? []) {
      const value = record.values[f.name];
      if (typeof value !== 'string') continue;
      const index = this.indexes.get(`${record.type}.${f.name}`)!;
      const key = this.normaliseExternalId(value);
      const ids = index.get(key);
      ids?.delete(record.id);
      if (ids?.size === 0) index.delete(key);
    }
  }
}
