/**
 * Account Engagement API v4 prospect batch endpoints: `POST /api/prospect/version/4/do/batchCreate` and
 * `…/batchUpdate` (Prospects v4 reference, "Endpoints for Batch Processing": developer.salesforce.com/docs/marketing/
 * pardot/guide/prospects-v4.html; pardot/api-docs docs/kb/api-version-4/prospects.md [S76]).
 *
 * Documented and modelled here:
 * - up to 50 prospects per call; the rows travel in a variable called `prospects` holding JSON (`{"prospects":[…]}`),
 *   field names in v4 snake_case (`first_name`, `job_title`, `user_id`);
 * - batchCreate needs a valid email on each row and, with AMPSEA (v4), creates a new prospect every time — it never
 *   matches an existing one;
 * - batchUpdate identifies each row by prospect `id` (or CRM `fid`); "Updating by prospect Email Address is not
 *   supported";
 * - "If any errors are found during the batch process, an error array will be returned for only the prospects with
 *   issues … the key is the index of the prospect submitted in the request. All other prospects will be processed";
 * - fields not in a row stay unchanged (v4 update: "Only values that are specifically named in the request are
 *   updated");
 * - `format=json` asks for JSON (XML is the default).
 * The answer carries no prospect ids: the docs describe only the error array. Auth, business unit, concurrency (66)
 * and the daily allocation (122) go through the emulator's common pipeline, so one batch call is one API call.
 *
 * Guesses (marked in README.md): the JSON envelope (`{"@attributes":{"stat":"ok"|"fail",…},"errors":{…}}` /
 * `"err"` + `err_code`), the answer to more than 50 rows (400, code 5, nothing written) and the per-row message texts
 * (the v5 registry's base messages).
 */
import type { EmulatedHttpResponse } from '../http';
import { PardotApiError, PardotCode } from './errors';
import type { FieldValue } from './fields';
import type { ProspectRouteDeps } from './prospect-routes';

export const V4_BATCH_PATH = /^\/api\/prospect\/version\/4\/do\/(batchCreate|batchUpdate)$/;
export const V4_BATCH_LIMIT = 50;

export function isV4Path(pathname: string): boolean {
  return pathname.startsWith('/api/prospect/version/4/');
}

/** The v4 JSON failure envelope (format=json); XML `<rsp stat="fail"><err code="N">` is documented, its JSON twin is a guess. */
export function v4ErrorResponse(status: number, code: number, message: string, headers: Record<string, string> = {}): EmulatedHttpResponse {
  return { code: status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ '@attributes': { stat: 'fail', version: 1, err_code: code }, err: message }) };
}

const snakeToCamel = (name: string): string => (name.endsWith('__c') ? name : name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));

function rowsOf(body: string, query: URLSearchParams): unknown[] {
  const form = new URLSearchParams(body);
  const raw = form.get('prospects') ?? query.get('prospects');
  if (raw === null || raw.trim() === '') throw new PardotApiError(400, PardotCode.MISSING_REQUIRED_PARAMETERS, 'prospects');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new PardotApiError(400, PardotCode.INVALID_JSON, 'prospects');
  }
  const list = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as { prospects?: unknown }).prospects : undefined;
  if (!Array.isArray(list)) throw new PardotApiError(400, PardotCode.INVALID_QUERY_PARAMETERS, 'prospects must be {"prospects":[…]}');
  return list;
}

export function routeV4Batch(pathname: string, body: string, query: URLSearchParams, deps: ProspectRouteDeps): EmulatedHttpResponse {
  const op = V4_BATCH_PATH.exec(pathname)?.[1];
  if (op === undefined) throw new PardotApiError(404, PardotCode.INVALID_ACTION, pathname);
  if ((new URLSearchParams(body).get('format') ?? query.get('format')) !== 'json') {
    // The sync always asks for JSON; the XML answer is not modelled.
    throw new PardotApiError(400, PardotCode.INVALID_QUERY_PARAMETERS, 'the emulator answers v4 batch calls with format=json only');
  }
  const rows = rowsOf(body, query);
  if (rows.length > V4_BATCH_LIMIT) throw new PardotApiError(400, PardotCode.INVALID_QUERY_PARAMETERS, `at most ${V4_BATCH_LIMIT} prospects per batch, got ${rows.length}`);
  const errors: Record<string, string> = {};
  rows.forEach((row, index) => {
    try {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, 'row must be an object');
      const fields = Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([k, v]) => [snakeToCamel(k), v]));
      if (op === 'batchCreate') create(fields, deps);
      else update(fields, deps);
    } catch (error) {
      if (!(error instanceof PardotApiError)) throw error;
      errors[String(index)] = error.message;
    }
  });
  return { code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ '@attributes': { stat: 'ok', version: 1 }, ...(Object.keys(errors).length > 0 ? { errors } : {}) }) };
}

function create(fields: Record<string, unknown>, deps: ProspectRouteDeps): void {
  if ('id' in fields || 'fid' in fields) throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, 'batchCreate takes no id');
  const values = deps.schema.validateWrite(fields, 'create');
  deps.service.checkReferences(values);
  deps.service.checkDuplicateEmail(values['email'], 'create');
  deps.service.create(values);
}

function update(fields: Record<string, unknown>, deps: ProspectRouteDeps): void {
  const { id: rawId, ...rest } = fields;
  const id = typeof rawId === 'number' ? rawId : typeof rawId === 'string' && /^\d+$/.test(rawId) ? Number(rawId) : null;
  if (id === null) throw new PardotApiError(400, PardotCode.INVALID_ID, 'batchUpdate needs a prospect id on each row (email is not an identifier)');
  const values: Record<string, FieldValue> = deps.schema.validateWrite(rest, 'update');
  const state = deps.store.primary(id);
  if (!state) throw new PardotApiError(400, PardotCode.INVALID_ID, String(id));
  if (state.isDeleted) throw new PardotApiError(400, PardotCode.DELETED_RECORD_UPDATE);
  deps.service.checkReferences(values);
  if (values['email'] !== undefined && values['email'] !== state.values['email']) deps.service.checkDuplicateEmail(values['email'], 'update', id);
  deps.service.update(state, values);
}

