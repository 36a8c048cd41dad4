/**
 * Single-record resources: /sobjects/{Type}[/{id}|/{ExtIdField}/{value}] and describe (api-facts §1.2, §1.5).
 * Errors here are top-level arrays with errorCode; per-record failures become HTTP 400.
 */
import { ApiError, NOT_FOUND_MESSAGE, notFound, type RecordError } from './errors';
import { to18 } from './ids';
import type { FieldDef, ObjectDef } from './schema';
import { describeObject, objectInfo } from './schema';
import type { StoredRecord } from './store';
import { deserializeRecord } from './validate';
import type { Route } from './routes';
import {
  parseFieldList,
  parseJsonBody,
  projectRecord,
  recordUrl,
  requireObject,
  type ApiContext,
  type HandlerResult,
} from './context';
import { emptyResponse, isPlainObject, jsonResponse } from './wire';

/** Salesforce reports a failed single-record save as 400 with the record's errors at top level. */
function saveFailed(errors: RecordError[]): never {
  throw ApiError.fromRecordErrors(400, errors);
}

function parseRecordBody(body: string): Record<string, unknown> {
  const parsed = parseJsonBody(body);
  if (!isPlainObject(parsed)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject from START_ARRAY value [ at [line:1, column:1]');
  }
  return parsed;
}

/** Looks up /sobjects/{Type}/{id}; every way of not finding a live record is a 404. */
function liveRecord(ctx: ApiContext, obj: ObjectDef, rawId: string): StoredRecord {
  const found = ctx.writer.resolve(rawId, obj);
  switch (found.kind) {
    case 'ok':
      return found.record;
    case 'malformed':
      // An id-shaped path segment that is not an id is read as an external id value with no field.
      throw notFound(`Provided external ID field does not exist or is not accessible: ${rawId}`);
    case 'missing':
      throw notFound();
    case 'deleted':
      throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  }
}

function externalIdField(obj: ObjectDef, name: string | undefined): FieldDef {
  const def = name === undefined ? undefined : obj.field(name);
  if (!def?.externalId) throw notFound(NOT_FOUND_MESSAGE);
  return def;
}

function multipleChoices(ctx: ApiContext, matches: readonly StoredRecord[]): HandlerResult {
  return { response: jsonResponse(300, matches.map((m) => recordUrl(ctx.version, m.type, m.id))) };
}

export function describe(ctx: ApiContext, route: Route): HandlerResult {
  return { response: jsonResponse(200, describeObject(requireObject(ctx.schema, route.type), ctx.version)) };
}

export function sobjectInfo(ctx: ApiContext, route: Route): HandlerResult {
  return { response: jsonResponse(200, objectInfo(requireObject(ctx.schema, route.type), ctx.version)) };
}

export function describeGlobal(ctx: ApiContext): HandlerResult {
  return {
    response: jsonResponse(200, {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: ctx.schema.objects.map((o) => objectInfo(o, ctx.version).objectDescribe),
    }),
  };
}

export function create(ctx: ApiContext, route: Route, body: string): HandlerResult {
  const obj = requireObject(ctx.schema, route.type);
  const fields = deserializeRecord(obj, parseRecordBody(body), body);
  const outcome = ctx.writer.create(obj, fields, ctx.writeOptions);
  if (!outcome.ok) saveFailed(outcome.errors);
  return { response: jsonResponse(201, { id: outcome.id, success: true, errors: [] }), records: 1 };
}

export function read(ctx: ApiContext, route: Route, params: URLSearchParams): HandlerResult {
  const obj = requireObject(ctx.schema, route.type);
  const fields = parseFieldList(obj, params.get('fields'));
  const record = liveRecord(ctx, obj, route.id ?? '');
  return { response: jsonResponse(200, projectRecord(obj, record, fields, ctx.version)), records: 1 };
}

export function update(ctx: ApiContext, route: Route, body: string): HandlerResult {
  const obj = requireObject(ctx.schema, route.type);
  const record = liveRecord(ctx, obj, route.id ?? '');
  const raw = parseRecordBody(body);
  // The target is in the URL; an Id in the body is tolerated only when it names the same record.
  const idKeys = Object.keys(raw).filter((k) => k.toLowerCase() === 'id');
  for (const key of idKeys) {
    if (typeof raw[key] !== 'string' || to18(raw[key]) !== record.id) {
      throw new ApiError(400, 'INVALID_FIELD', 'The Id field should not be specified in the sobject data.');
    }
  }
  const fields = deserializeRecord(obj, raw, body, ['attributes', ...idKeys]);
  const outcome = ctx.writer.update(record, fields, ctx.writeOptions);
  if (!outcome.ok) saveFailed(outcome.errors);
  return { response: emptyResponse(204), records: 1 };
}

export function remove(ctx: ApiContext, route: Route): HandlerResult {
  const obj = requireObject(ctx.schema, route.type);
  const record = liveRecord(ctx, obj, route.id ?? '');
  const outcome = ctx.writer.remove(record, ctx.writeOptions);
  if (!outcome.ok) saveFailed(outcome.errors);
  return { response: emptyResponse(204), records: 1 };
}

/**
 * PATCH /sobjects/{Type}/{ExtIdField}/{value}: 201 on create; on update 200 with created:false from API 46.0,
 * 204 before it; 300 listing the matches when several records share the value (api-facts §1.2).
 */
export function upsert(ctx: ApiContext, route: Route, body: string, params: URLSearchParams): HandlerResult {
  const obj = requireObject(ctx.schema, route.type);
  const extField = externalIdField(obj, route.extField);
  const extValue = route.extValue ?? '';
  const raw = parseRecordBody(body);
  const extKeys = Object.keys(raw).filter((k) => k.toLowerCase() === extField.name.toLowerCase());
  for (const key of extKeys) {
    const value = raw[key];
    if (typeof value !== 'string' || ctx.store.normaliseExternalId(value) !== ctx.store.normaliseExternalId(extValue)) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `The value of ${extField.name} in the request body must match the external ID in the URL: ${extValue}`,
      );
    }
  }
  const fields = deserializeRecord(obj, raw, body, ['attributes', ...extKeys]);
  const matches = ctx.store.findByExternalId(obj, extField, extValue);
  if (matches.length > 1) return multipleChoices(ctx, matches);
  if (matches.length === 0 && params.get('updateOnly') === 'true') throw notFound();

  const outcome = ctx.writer.upsert(obj, extField, extValue, fields, ctx.writeOptions);
  if (!outcome.ok) saveFailed(outcome.errors);
  const createdFlag = ctx.versionNumber >= 46;
  if (outcome.created) {
    const created = { id: outcome.id, success: true, errors: [], ...(createdFlag ? { created: true } : {}) };
    return { response: jsonResponse(201, created), records: 1 };
  }
  if (!createdFlag) return { response: emptyResponse(204), records: 1 };
  return { response: jsonResponse(200, { id: outcome.id, success: true, errors: [], created: false }), records: 1 };
}

function byExternalId(ctx: ApiContext, route: Route): { obj: ObjectDef; matches: StoredRecord[] } {
  const obj = requireObject(ctx.schema, route.type);
  const extField = externalIdField(obj, route.extField);
  return { obj, matches: ctx.store.findByExternalId(obj, extField, route.extValue ?? '') };
}

export function readByExternalId(ctx: ApiContext, route: Route, params: URLSearchParams): HandlerResult {
  const { obj, matches } = byExternalId(ctx, route);
  const fields = parseFieldList(obj, params.get('fields'));
  if (matches.length > 1) return multipleChoices(ctx, matches);
  const record = matches[0];
  if (!record) throw notFound();
  return { response: jsonResponse(200, projectRecord(obj, record, fields, ctx.version)), records: 1 };
}

export function removeByExternalId(ctx: ApiContext, route: Route): HandlerResult {
  const { matches } = byExternalId(ctx, route);
  if (matches.length > 1) return multipleChoices(ctx, matches);
  const record = matches[0];
  if (!record) throw notFound();
  const outcome = ctx.writer.remove(record, ctx.writeOptions);
  if (!outcome.ok) saveFailed(outcome.errors);
  return { response: emptyResponse(204), records: 1 };
}
