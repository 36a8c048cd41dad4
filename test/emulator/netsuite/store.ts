/** In-memory records. Values are stored normalised (see schema.normalizeValue); ids are numbers like NetSuite's. */
import { cloneValue } from './schema';

export interface RecordData {
  type: string;
  id?: number;
  /**
   * The stored row's version: 1 on insert, +1 on every write. A copy keeps the version it was read at, so a save of
   * that copy can tell whether someone else wrote the row in between.
   */
  version?: number;
  fields: Record<string, unknown>;
  sublists: Record<string, Record<string, unknown>[]>;
}

export function cloneData(data: RecordData): RecordData {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data.fields)) fields[k] = cloneValue(v);
  const sublists: Record<string, Record<string, unknown>[]> = {};
  for (const [k, lines] of Object.entries(data.sublists)) {
    sublists[k] = lines.map((line) => {
      const copy: Record<string, unknown> = {};
      for (const [f, v] of Object.entries(line)) copy[f] = cloneValue(v);
      return copy;
    });
  }
  const out: RecordData = { type: data.type, fields, sublists };
  if (data.id !== undefined) out.id = data.id;
  if (data.version !== undefined) out.version = data.version;
  return out;
}

export class Store {
  private readonly byType = new Map<string, Map<number, RecordData>>();
  private seq = 1000;

  nextId(): number {
    return ++this.seq;
  }

  /** Lets seeds pick ids (e.g. -5 for the admin employee) without colliding with generated ones. */
  reserve(id: number): void {
    if (id > this.seq) this.seq = id;
  }

  get(type: string, id: number): RecordData | undefined {
    return this.byType.get(type)?.get(id);
  }

  /** Stores the row with the next version (the version `data` carries is ignored). */
  put(data: RecordData): void {
    if (data.id === undefined) throw new Error('emulator: cannot store a record without id');
    let table = this.byType.get(data.type);
    if (!table) {
      table = new Map();
      this.byType.set(data.type, table);
    }
    table.set(data.id, { ...data, version: (table.get(data.id)?.version ?? 0) + 1 });
  }

  remove(type: string, id: number): boolean {
    return this.byType.get(type)?.delete(id) ?? false;
  }

  /** Records of every type (the bench relates heap to the account's size). */
  count(): number {
    let n = 0;
    for (const table of this.byType.values()) n += table.size;
    return n;
  }

  all(type: string): RecordData[] {
    return [...(this.byType.get(type)?.values() ?? [])].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  }

  /** Entity ids are shared across entity types, as in NetSuite; used to resolve polymorphic selects. */
  findAny(types: string[], id: number): RecordData | undefined {
    for (const t of types) {
      const hit = this.get(t, id);
      if (hit) return hit;
    }
    return undefined;
  }
}
