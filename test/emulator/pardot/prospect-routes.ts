/**
 * /api/v5/objects/prospects… handlers (api-facts §2.2 [S60][S61]).
 * Reads and queries go through the lagging view; writes and the upsert match go to primary data.
 */
import type { EmulatedHttpResponse } from '../http';
import { jsonResponse, noContentResponse, PardotApiError, PardotCode } from './errors';
import { isValidEmail, type FieldValue, type ProspectSchema } from './fields';
import type { ResolvedOptions } from './options';
import { project, type ProjectionContext } from './projection';
import { encodePageToken, parseDeleted, parseFields, parseProspectQuery, runQuery } from './query';
import type { ProspectService } from './service';
import type { ProspectState, ProspectStore } from './store';
import type { Clock } from './time';
import { isPlainObject, methodNotAllowed, notFound, onlyParams, parseJsonObject, parseRecordId, type ParsedRequest } from './wire';

export interface ProspectRouteDeps {
  readonly options: ResolvedOptions;
  readonly schema: ProspectSchema;
  readonly store: ProspectStore;
  readonly service: ProspectService;
  readonly clock: Clock;
  readonly projection: ProjectionContext;
}

/** Fields echoed by writes that did not ask for any (U: the docs only show writes with `fields`). */
const DEFAULT_WRITE_FIELDS = ['id', 'email'] as const;

/** Pardot-Warning sent with a 404 for a record sitting in the recycle bin [S65]. */
const RECYCLE_BIN_WARNING = { 'Pardot-Warning': '201;Record In Recycle Bin' };

export function routeProspects(req: ParsedRequest, deps: ProspectRouteDeps): EmulatedHttpResponse {
  const [, second, third, ...rest] = req.segments;
  if (second === undefined) {
    if (req.method === 'GET') return query(req, deps);
    if (req.method === 'POST') return create(req, deps);
    throw methodNotAllowed(req.method);
  }
  if (second === 'do' && third === 'upsertLatestByEmail' && rest.length === 0) {
    if (req.method !== 'POST') throw methodNotAllowed(req.method);
    return upsert(req, deps);
  }
  if (third !== undefined) throw new PardotApiError(404, PardotCode.INVALID_ACTION, req.url.pathname);
  const id = parseRecordId(second);
  switch (req.method) {
    case 'GET':
      return read(req, id, deps);
    case 'PATCH':
      return update(req, id, deps);
    case 'DELETE':
      return remove(req, id, deps);
    default:
      throw methodNotAllowed(req.method);
  }
}

function writeFields(req: ParsedRequest, deps: ProspectRouteDeps): string[] | undefined {
  const raw = req.url.searchParams.get('fields');
  return raw === null ? undefined : parseFields(raw, (f) => deps.schema.isReadable(f));
}

function create(req: ParsedRequest, deps: ProspectRouteDeps): EmulatedHttpResponse {
  // pardot/api-docs#234: pi.demo once answered 405 / code 60 to a documented v5 create.
  if (!deps.options.prospectCreateSupported) throw methodNotAllowed(req.method);
  onlyParams(req.url.searchParams, ['fields']);
  const fields = writeFields(req, deps);
  const values = deps.schema.validateWrite(parseJsonObject(req.body), 'create');
  deps.service.checkReferences(values);
  deps.service.checkDuplicateEmail(values['email'], 'create');
  const state = deps.service.create(values);
  const location = `https://${deps.options.host}/api/v5/objects/prospects/${state.id}`;
  return jsonResponse(201, project(state, fields ?? DEFAULT_WRITE_FIELDS, deps.projection), { Location: location });
}

function read(req: ParsedRequest, id: number, deps: ProspectRouteDeps): EmulatedHttpResponse {
  onlyParams(req.url.searchParams, ['fields', 'deleted']);
  const fields = parseFields(req.url.searchParams.get('fields'), (f) => deps.schema.isReadable(f));
  const deleted = parseDeleted(req.url.searchParams.get('deleted'));
  const state = deps.store.visible(id, deps.clock.nowMs());
  if (!state) throw notFound(`prospect ${id}`);
  if (state.isDeleted && deleted === 'false') throw notFound(`prospect ${id}`, RECYCLE_BIN_WARNING);
  if (!state.isDeleted && deleted === 'true') throw notFound(`prospect ${id}`);
  return jsonResponse(200, project(state, fields, deps.projection));
}

function update(req: ParsedRequest, id: number, deps: ProspectRouteDeps): EmulatedHttpResponse {
  onlyParams(req.url.searchParams, ['fields']);
  const fields = writeFields(req, deps);
  const values = deps.schema.validateWrite(parseJsonObject(req.body), 'update');
  const state = deps.store.primary(id);
  if (!state) throw notFound(`prospect ${id}`);
  if (state.isDeleted) throw new PardotApiError(400, PardotCode.DELETED_RECORD_UPDATE);
  deps.service.checkReferences(values);
  if (values['email'] !== undefined && values['email'] !== state.values['email']) {
    deps.service.checkDuplicateEmail(values['email'], 'update', id);
  }
  const updated = deps.service.update(state, values);
  // "204 on update when no fields were requested" (v5 overview, via api-evangelist conventions summary).
  if (fields === undefined) return noContentResponse();
  return jsonResponse(200, project(updated, fields, deps.projection));
}

function remove(req: ParsedRequest, id: number, deps: ProspectRouteDeps): EmulatedHttpResponse {
  onlyParams(req.url.searchParams, []);
  const state = deps.store.primary(id);
  if (!state || state.isDeleted) throw notFound(`prospect ${id}`);
  deps.service.softDelete(state);
  return noContentResponse();
}

function upsert(req: ParsedRequest, deps: ProspectRouteDeps): EmulatedHttpResponse {
  onlyParams(req.url.searchParams, ['fields']);
  const body = parseJsonObject(req.body);
  const unexpected = Object.keys(body).filter((k) => !['matchEmail', 'prospect', 'fields', 'secondaryDeletedSearch'].includes(k));
  if (unexpected.length > 0) throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, unexpected.join(', '));

  const { matchEmail, prospect, secondaryDeletedSearch } = body;
  if (matchEmail === undefined) throw new PardotApiError(400, PardotCode.MISSING_PROPERTY, 'matchEmail');
  if (typeof matchEmail !== 'string' || !isValidEmail(matchEmail)) {
    throw new PardotApiError(400, PardotCode.INVALID_EMAIL, typeof matchEmail === 'string' ? matchEmail.slice(0, 80) : 'matchEmail');
  }
  if (prospect === undefined) throw new PardotApiError(400, PardotCode.MISSING_PROPERTY, 'prospect');
  if (!isPlainObject(prospect)) throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, 'prospect must be an object');
  if (secondaryDeletedSearch !== undefined && typeof secondaryDeletedSearch !== 'boolean') {
    throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, 'secondaryDeletedSearch must be a boolean');
  }
  const fields = upsertFields(body['fields'], req, deps);

  const values = deps.schema.validateWrite(prospect, 'update');
  deps.service.checkReferences(values);
  const target = deps.service.findUpsertTarget(matchEmail, secondaryDeletedSearch === true);
  let state: ProspectState;
  let status: number;
  if (target) {
    if (values['email'] !== undefined && values['email'] !== target.values['email']) {
      deps.service.checkDuplicateEmail(values['email'], 'update', target.id);
    }
    state = deps.service.update(target, values, { undelete: true });
    status = deps.options.upsertUpdateStatus;
  } else {
    const createValues: Record<string, FieldValue> = { email: matchEmail, ...values };
    deps.service.checkDuplicateEmail(createValues['email'], 'create');
    state = deps.service.create(createValues);
    status = 201;
  }
  return jsonResponse(status, project(state, fields ?? DEFAULT_WRITE_FIELDS, deps.projection));
}

/** Clients send `fields` as a body array [S62][S63]; the query-string form is accepted too. */
function upsertFields(raw: unknown, req: ParsedRequest, deps: ProspectRouteDeps): string[] | undefined {
  if (raw === undefined) return writeFields(req, deps);
  if (!Array.isArray(raw) || !raw.every((f): f is string => typeof f === 'string')) {
    throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, 'fields must be an array of field names');
  }
  return parseFields(raw.join(','), (f) => deps.schema.isReadable(f));
}

function query(req: ParsedRequest, deps: ProspectRouteDeps): EmulatedHttpResponse {
  const nowMs = deps.clock.nowMs();
  const request = parseProspectQuery(req.url.searchParams, {
    schema: deps.schema,
    time: deps.projection.time,
    nowMs,
    tokenTtlMs: deps.options.pageTokenTtlMs,
  });
  const page = runQuery(deps.store.visibleAll(nowMs), request, deps.projection.time, (stored, wanted) =>
    deps.service.emailMatches(stored ?? null, wanted),
  );
  const token = page.next === undefined ? null : encodePageToken(request.spec, page.next, nowMs);
  return jsonResponse(200, {
    nextPageToken: token,
    nextPageUrl: token === null ? null : `https://${deps.options.host}/api/v5/objects/prospects?nextPageToken=${token}`,
    values: page.rows.map((s) => project(s, request.spec.fields, deps.projection)),
  });
}
