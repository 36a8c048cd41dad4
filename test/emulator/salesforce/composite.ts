/**
 * The Composite resource, POST /services/data/vXX.X/composite (api-facts §1.4): a series of subrequests in one
 * call that "counts as a single call toward your API limits"; at most 25 subrequests, of which at most 5 may be
 * sObject Collections or query operations (Query, QueryAll, Query More). Each subrequest answers
 * {body, httpHeaders, httpStatusCode, referenceId}; the top-level status is 200.
 * Source: REST API Developer Guide, "Send Multiple Requests Using Composite"
 * (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html) and
 * "Composite Subrequest Result"; sObject Collections in a composite need API 43.0 ("available in API version 43.0
 * and later"). What the emulator does not model is refused, never answered kindlier: references between
 * subrequests (`@{ref.field}`) and a top-level `allOrNone: true` (the bundle uses neither).
 */
import { ApiError } from './errors';
import { parseJsonBody } from './context';
import type { RequestKind } from './routes';
import { isPlainObject } from './wire';

export const MAX_SUBREQUESTS = 25;
export const MAX_QUERY_OR_COLLECTION_SUBREQUESTS = 5;
export const COMPOSITE_COLLECTIONS_MIN_VERSION = 43;

/** Kinds a subrequest may be: the sObject resources, Query/QueryAll/Query More and sObject Collections. */
const ALLOWED: ReadonlySet<RequestKind> = new Set<RequestKind>([
  'describeGlobal', 'sobjectInfo', 'describe',
  'singleCreate', 'singleRead', 'singleUpdate', 'singleDelete', 'singleUpsert', 'singleReadByExternalId', 'singleDeleteByExternalId',
  'query', 'queryAll', 'queryMore',
  'collectionsCreate', 'collectionsUpdate', 'collectionsUpsert', 'collectionsDelete', 'collectionsRetrieve',
]);

/** Counted against the 5: "sObject Collections or query operations". */
export function isQueryOrCollection(kind: RequestKind): boolean {
  return kind === 'query' || kind === 'queryAll' || kind === 'queryMore' || kind.startsWith('collections');
}

export interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders: Record<string, string>;
}

function invalid(message: string): ApiError {
  // The exact errorCode Salesforce uses for a malformed composite body is not documented; JSON_PARSER_ERROR /
  // INVALID_INPUT here are guesses (README, Assumptions). The status (400, whole request refused) is what matters.
  return new ApiError(400, 'INVALID_INPUT', message);
}

/** Parses and checks the body; `kindOf` routes a subrequest url. Throws ApiError for the whole request. */
export function parseCompositeBody(body: string, kindOf: (method: string, url: string) => RequestKind): Subrequest[] {
  const parsed = parseJsonBody(body);
  if (!isPlainObject(parsed) || !Array.isArray(parsed.compositeRequest)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of CompositeRequest or request may be missing a required field at [line:1, column:1]');
  }
  if (parsed.allOrNone !== undefined && typeof parsed.allOrNone !== 'boolean') throw new ApiError(400, 'JSON_PARSER_ERROR', 'allOrNone must be a boolean');
  if (parsed.allOrNone === true) throw invalid('allOrNone: true is not modelled by this emulator');
  const raw = parsed.compositeRequest as unknown[];
  if (raw.length === 0) throw invalid('compositeRequest must contain at least one subrequest');
  if (raw.length > MAX_SUBREQUESTS) throw invalid(`A composite request may contain up to ${MAX_SUBREQUESTS} subrequests; it has ${raw.length}`);
  const seen = new Set<string>();
  let heavy = 0;
  const subs = raw.map((item): Subrequest => {
    if (!isPlainObject(item)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'Each subrequest must be an object');
    const { method, url, referenceId, body: subBody, httpHeaders } = item;
    if (typeof method !== 'string' || typeof url !== 'string' || typeof referenceId !== 'string') {
      throw invalid('Each subrequest needs method, url and referenceId');
    }
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(referenceId) || seen.has(referenceId)) throw invalid(`Invalid or duplicate referenceId: ${referenceId}`);
    seen.add(referenceId);
    if (!url.startsWith('/services/data/v')) throw invalid(`The url of subrequest ${referenceId} must start with /services/data/vXX.X/`);
    if (url.includes('@{') || (subBody !== undefined && JSON.stringify(subBody).includes('@{'))) {
      throw invalid('References between subrequests are not modelled by this emulator');
    }
    const kind = kindOf(method, url);
    if (!ALLOWED.has(kind)) throw invalid(`Subrequest ${referenceId}: ${method} ${url.split('?')[0] ?? ''} is not supported in a composite request`);
    if (isQueryOrCollection(kind)) heavy += 1;
    const headers = isPlainObject(httpHeaders) ? Object.fromEntries(Object.entries(httpHeaders).map(([k, v]) => [k, String(v)])) : {};
    return { method, url, referenceId, ...(subBody === undefined ? {} : { body: subBody }), httpHeaders: headers };
  });
  if (heavy > MAX_QUERY_OR_COLLECTION_SUBREQUESTS) {
    throw invalid(`A composite request may contain up to ${MAX_QUERY_OR_COLLECTION_SUBREQUESTS} sObject Collections or query subrequests; it has ${heavy}`);
  }
  return subs;
}
