/** What the resource handlers share: the per-request context and a few body/record helpers. */
import type { EmulatedHttpResponse } from '../http';
import { formatDateTime } from './clock';
import { ApiError, noSuchColumn, notFound } from './errors';
import type { FieldDef, FieldValue, ObjectDef, RecordValues, Schema } from './schema';
import type { RecordStore, StoredRecord } from './store';
import type { RecordWriter, WriteOptions } from './writer';

export interface ApiContext {
  readonly schema: Schema;
  readonly store: RecordStore;
  readonly writer: RecordWriter;
  /** The version in the URL, e.g. "62.0"; behaviour such as the upsert status code depends on it. */
  readonly version: string;
  readonly versionNumber: number;
  /** The user the access token runs as; it becomes CreatedById / LastModifiedById. */
  readonly actorId: string;
  /** Options of every write this request makes (actor, org rules, the duplicate-rule header). */
  readonly writeOptions: WriteOptions;
}

export interface HandlerResult {
  response: EmulatedHttpResponse;
  /** Records carried by the request, for counters. */
  records?: number;
}

export function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, 'JSON_PARSER_ERROR', `${detail} at [line:1, column:1]`);
  }
}

export function requireObject(schema: Schema, type: string | undefined): ObjectDef {
  const obj = type === undefined ? undefined : schema.object(type);
  if (!obj) throw notFound();
  return obj;
}

/** The `fields` parameter of record reads; unknown names fail the request. */
export function parseFieldList(obj: ObjectDef, list: string | null): FieldDef[] | undefined {
  if (list === null || list.trim() === '') return undefined;
  return list.split(',').map((name) => {
    const def = obj.field(name.trim());
    if (!def) throw new ApiError(400, 'INVALID_FIELD', noSuchColumn(name.trim(), obj.name));
    return def;
  });
}

export function recordUrl(version: string, type: string, id: string): string {
  return `/services/data/v${version}/sobjects/${type}/${id}`;
}

/** A record as the REST API returns it: attributes, then the requested (default: all) fields. */
export function projectRecord(
  obj: ObjectDef,
  record: StoredRecord,
  fields: readonly FieldDef[] | undefined,
  version: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: obj.name, url: recordUrl(version, obj.name, record.id) } };
  for (const def of fields ?? obj.fields) out[def.name] = wireValue(def, record.values);
  return out;
}

/** A field's value as it appears on the wire: computed fields derived, datetimes formatted. */
export function wireValue(def: FieldDef, values: Readonly<RecordValues>): FieldValue {
  const value = def.computed ? def.computed(values) : (values[def.name] ?? null);
  return def.type === 'datetime' && typeof value === 'number' ? formatDateTime(value) : value;
}
