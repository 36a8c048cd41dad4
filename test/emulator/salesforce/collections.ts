/**
 * sObject Collections, /composite/sobjects (api-facts §1.1): up to 200 records per write, results in input
 * order, HTTP 200 even when records fail, per-record errors keyed `statusCode`, and allOrNone rollback that
 * marks the innocent records ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
import { ApiError, notFound, recordError, toCollectionItem, type RecordError } from './errors';
import type { ObjectDef } from './schema';
import { deserializeRecord, type BodyField } from './validate';
import type { WriteOutcome } from './writer';
import type { Route } from './routes';
import { parseFieldList, parseJsonBody, projectRecord, requireObject, type ApiContext, type HandlerResult } from './context';
import { isPlainObject, jsonResponse } from './wire';

export const MAX_COLLECTION_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;
const MAX_TYPE_CHUNKS = 10;

const ROLLED_BACK = recordError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
);

function tooMany(limit: number): ApiError {
  // Observed wording of the platform-wide per-call record limit (EXCEEDED_ID_LIMIT).
  return new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${limit} records into this call`);
}

interface CollectionBody {
  allOrNone: boolean;
  records: Record<string, unknown>[];
}

function parseCollectionBody(body: string): CollectionBody {
  const parsed = parseJsonBody(body);
  const records = isPlainObject(parsed) ? parsed.records : undefined;
  const allOrNone = isPlainObject(parsed) ? parsed.allOrNone : undefined;
  if (!Array.isArray(records) || !records.every(isPlainObject)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject[] or request may be missing a required field at [line:1, column:1]');
  }
  if (allOrNone !== undefined && typeof allOrNone !== 'boolean') {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of boolean from VALUE_STRING value ${JSON.stringify(allOrNone)} or request may be missing a required field at [line:1, column:1]`);
  }
  if (records.length > MAX_COLLECTION_RECORDS) throw tooMany(MAX_COLLECTION_RECORDS);
  return { allOrNone: allOrNone ?? false, records };
}

/** attributes.type is how Salesforce knows which sObject a collection record deserialises into. */
function recordType(ctx: ApiContext, raw: Record<string, unknown>): ObjectDef {
  const attributes = raw.attributes;
  const type = isPlainObject(attributes) ? attributes.type : undefined;
  if (typeof type !== 'string' || type === '') throw new ApiError(400, 'INVALID_TYPE', 'Must send a concrete entity type.');
  const obj = ctx.schema.object(type);
  if (!obj) throw new ApiError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return obj;
}

/** Mixed types are processed in chunks of contiguous type, at most 10 per request. */
function checkChunks(types: readonly ObjectDef[]): void {
  let chunks = 0;
  types.forEach((t, i) => {
    if (i === 0 || types[i - 1] !== t) chunks += 1;
  });
  if (chunks > MAX_TYPE_CHUNKS) {
    throw new ApiError(
      400,
      'EXCEEDED_MAX_TYPES_LIMIT',
      'Cannot have more than 10 chunks in a single operation. Please rearrange the data to reduce chunking.',
    );
  }
}

const fail = (errors: RecordError[], id?: string): WriteOutcome => (id === undefined ? { ok: false, errors } : { ok: false, id, errors });

/**
 * Runs every record inside one store transaction. With allOrNone, any failure undoes all writes and the records
 * that had succeeded report ALL_OR_NONE_OPERATION_ROLLED_BACK (they keep an id only for update/delete).
 */
function runAll(ctx: ApiContext, allOrNone: boolean, count: number, write: (i: number) => WriteOutcome, keepIds: boolean): WriteOutcome[] {
  ctx.store.begin();
  let outcomes: WriteOutcome[];
  try {
    outcomes = Array.from({ length: count }, (_, i) => write(i));
  } catch (error) {
    ctx.store.rollback();
    throw error;
  }
  if (allOrNone && outcomes.some((o) => !o.ok)) {
    ctx.store.rollback();
    return outcomes.map((o) => (o.ok ? fail([ROLLED_BACK], keepIds ? o.id : undefined) : o));
  }
  ctx.store.commit();
  return outcomes;
}

function serialise(outcome: WriteOutcome, options: { idOnFailure: boolean; created: boolean }): Record<string, unknown> {
  if (outcome.ok) {
    return { id: outcome.id, success: true, errors: [], ...(options.created ? { created: outcome.created } : {}) };
  }
  return {
    ...(options.idOnFailure && outcome.id !== undefined ? { id: outcome.id } : {}),
    success: false,
    errors: outcome.errors.map(toCollectionItem),
  };
}

function respond(outcomes: readonly WriteOutcome[], options: { idOnFailure: boolean; created: boolean }): HandlerResult {
  return { response: jsonResponse(200, outcomes.map((o) => serialise(o, options))), records: outcomes.length };
}

export function create(ctx: ApiContext, body: string): HandlerResult {
  const { allOrNone, records } = parseCollectionBody(body);
  const types = records.map((raw) => recordType(ctx, raw));
  checkChunks(types);
  // Deserialisation failures reject the whole request before any record is saved.
  const fields = records.map((raw, i) => deserializeRecord(types[i]!, raw, body));
  const outcomes = runAll(ctx, allOrNone, records.length, (i) => ctx.writer.create(types[i]!, fields[i]!, ctx.writeOptions), false);
  return respond(outcomes, { idOnFailure: false, created: false });
}

export function update(ctx: ApiContext, body: string): HandlerResult {
  const { allOrNone, records } = parseCollectionBody(body);
  const types = records.map((raw) => recordType(ctx, raw));
  checkChunks(types);
  const prepared = records.map((raw, i) => {
    const idKey = Object.keys(raw).find((k) => k.toLowerCase() === 'id');
    const rawId = idKey === undefined ? undefined : raw[idKey];
    const fields = deserializeRecord(types[i]!, raw, body, idKey === undefined ? ['attributes'] : ['attributes', idKey]);
    return { rawId: typeof rawId === 'string' ? rawId : undefined, fields };
  });
  const outcomes = runAll(
    ctx,
    allOrNone,
    records.length,
    (i) => {
      const obj = types[i]!;
      const { rawId, fields } = prepared[i]!;
      if (rawId === undefined || rawId === '') return fail([recordError('MISSING_ARGUMENT', 'Id not specified in an update call')]);
      const found = ctx.writer.resolve(rawId, obj);
      switch (found.kind) {
        case 'malformed':
          return fail([recordError('MALFORMED_ID', `${obj.label} ID: id value of incorrect type: ${rawId}`, ['Id'])], rawId);
        case 'missing':
          return fail([recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')], found.id);
        case 'deleted':
          return fail([recordError('ENTITY_IS_DELETED', 'entity is deleted')], found.record.id);
        case 'ok':
          return ctx.writer.update(found.record, fields, ctx.writeOptions);
      }
    },
    true,
  );
  return respond(outcomes, { idOnFailure: true, created: false });
}

export function upsert(ctx: ApiContext, route: Route, body: string): HandlerResult {
  const obj = requireObject(ctx.schema, route.type);
  const extField = route.extField === undefined ? undefined : obj.field(route.extField);
  if (!extField?.externalId) throw notFound();
  const { allOrNone, records } = parseCollectionBody(body);
  const prepared = records.map((raw) => {
    const type = recordType(ctx, raw);
    if (type !== obj) {
      throw new ApiError(400, 'INVALID_TYPE', `Record of type ${type.name} can't be upserted into ${obj.name}: all records must be of the type in the URI.`);
    }
    const fields: BodyField[] = deserializeRecord(obj, raw, body);
    const ext = fields.find((f) => f.def === extField)?.value;
    return { fields, extValue: typeof ext === 'string' && ext !== '' ? ext : undefined };
  });
  // The same external id twice in one request fails both records rather than racing them (api-facts §1.1).
  const occurrences = new Map<string, number>();
  for (const { extValue } of prepared) {
    if (extValue === undefined) continue;
    const key = ctx.store.normaliseExternalId(extValue);
    occurrences.set(key, (occurrences.get(key) ?? 0) + 1);
  }
  const outcomes = runAll(
    ctx,
    allOrNone,
    records.length,
    (i) => {
      const { fields, extValue } = prepared[i]!;
      if (extValue === undefined) return fail([recordError('MISSING_ARGUMENT', `${extField.name} not specified`)]);
      if ((occurrences.get(ctx.store.normaliseExternalId(extValue)) ?? 0) > 1) {
        return fail([recordError('DUPLICATE_VALUE', `Duplicate external id specified: ${extValue}`, [extField.name])]);
      }
      return ctx.writer.upsert(obj, extField, extValue, fields, ctx.writeOptions);
    },
    false,
  );
  return respond(outcomes, { idOnFailure: false, created: true });
}

export function remove(ctx: ApiContext, params: URLSearchParams): HandlerResult {
  const ids = (params.get('ids') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) throw new ApiError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
  if (ids.length > MAX_COLLECTION_RECORDS) throw tooMany(MAX_COLLECTION_RECORDS);
  const allOrNone = params.get('allOrNone') === 'true';
  const outcomes = runAll(
    ctx,
    allOrNone,
    ids.length,
    (i) => {
      const rawId = ids[i]!;
      const found = ctx.writer.resolve(rawId);
      switch (found.kind) {
        case 'malformed':
          return fail([recordError('MALFORMED_ID', `malformed id ${rawId}`)], rawId);
        case 'missing':
          return fail([recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')], found.id);
        case 'deleted':
          return fail([recordError('ENTITY_IS_DELETED', 'entity is deleted')], found.record.id);
        case 'ok':
          return ctx.writer.remove(found.record, ctx.writeOptions);
      }
    },
    true,
  );
  return respond(outcomes, { idOnFailure: true, created: false });
}

/** GET ?ids=&fields= or POST {ids, fields}; unknown or deleted ids come back as null in their position. */
export function retrieve(ctx: ApiContext, route: Route, method: string, params: URLSearchParams, body: string): HandlerResult {
  const obj = requireObject(ctx.schema, route.type);
  let ids: string[];
  let fieldList: string | null;
  if (method === 'POST') {
    const parsed = parseJsonBody(body);
    const rawIds = isPlainObject(parsed) ? parsed.ids : undefined;
    const rawFields = isPlainObject(parsed) ? parsed.fields : undefined;
    if (!Array.isArray(rawIds) || !rawIds.every((x) => typeof x === 'string')) {
      throw new ApiError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of string[] or request may be missing a required field at [line:1, column:1]');
    }
    ids = rawIds;
    fieldList = Array.isArray(rawFields) ? rawFields.map(String).join(',') : null;
  } else {
    ids = (params.get('ids') ?? '').split(',').filter((s) => s !== '');
    fieldList = params.get('fields');
  }
  if (ids.length > MAX_RETRIEVE_IDS) throw tooMany(MAX_RETRIEVE_IDS);
  const fields = parseFieldList(obj, fieldList);
  if (!fields) throw new ApiError(400, 'MISSING_ARGUMENT', 'fields parameter is required');
  const records = ids.map((rawId) => {
    const found = ctx.writer.resolve(rawId, obj);
    return found.kind === 'ok' ? projectRecord(obj, found.record, fields, ctx.version) : null;
  });
  return { response: jsonResponse(200, records), records: ids.length };
}
