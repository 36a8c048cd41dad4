/**
 * The small non-prospect endpoints: the account (usage limits, api-facts §2.4 [S71]) and a read-only campaign list
 * so a client can validate campaignId values.
 */
import type { EmulatedHttpResponse } from '../http';
import { jsonResponse } from './errors';
import { parseDeleted, parseFields, parseLimit } from './query';
import type { Directory } from './store';
import { formatTimestamp, type TimeFormat } from './time';
import { methodNotAllowed, notFound, onlyParams, parseRecordId, type ParsedRequest } from './wire';

export interface AccountInfo {
  readonly maximumDailyApiCalls: number;
  readonly apiCallsUsed: number;
}

const ACCOUNT_FIELDS = ['id', 'company', 'level', 'website', 'maximumDailyApiCalls', 'apiCallsUsed'] as const;
const CAMPAIGN_FIELDS = ['id', 'name', 'isDeleted', 'createdAt', 'updatedAt'] as const;

export function routeAccount(req: ParsedRequest, usage: AccountInfo): EmulatedHttpResponse {
  if (req.segments.length > 1) throw notFound(req.url.pathname);
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  onlyParams(req.url.searchParams, ['fields']);
  const fields = parseFields(req.url.searchParams.get('fields'), (f) => (ACCOUNT_FIELDS as readonly string[]).includes(f));
  const account: Record<string, unknown> = {
    id: 1,
    company: 'Emulated Business Unit',
    level: 'Advanced',
    website: null,
    maximumDailyApiCalls: usage.maximumDailyApiCalls,
    apiCallsUsed: usage.apiCallsUsed,
  };
  return jsonResponse(200, Object.fromEntries(fields.map((f) => [f, account[f] ?? null])));
}

/** Campaign lists are small, so there is no paging: nextPageToken is always null. */
export function routeCampaigns(req: ParsedRequest, directory: Directory, time: TimeFormat): EmulatedHttpResponse {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const [, idSegment, extra] = req.segments;
  if (extra !== undefined) throw notFound(req.url.pathname);
  const params = req.url.searchParams;
  const fields = (): string[] => parseFields(params.get('fields'), (f) => (CAMPAIGN_FIELDS as readonly string[]).includes(f));
  const view = (id: number): Record<string, unknown> => {
    const c = directory.campaigns.get(id)!;
    const all: Record<string, unknown> = {
      id: c.id,
      name: c.name,
      isDeleted: c.isDeleted,
      createdAt: formatTimestamp(c.createdAtMs, time),
      updatedAt: formatTimestamp(c.updatedAtMs, time),
    };
    return Object.fromEntries(fields().map((f) => [f, all[f] ?? null]));
  };

  if (idSegment !== undefined) {
    onlyParams(params, ['fields']);
    fields();
    const id = parseRecordId(idSegment);
    if (!directory.campaigns.get(id) || directory.campaigns.get(id)?.isDeleted === true) throw notFound(`campaign ${id}`);
    return jsonResponse(200, view(id));
  }

  onlyParams(params, ['fields', 'limit', 'deleted']);
  fields();
  const limit = parseLimit(params.get('limit'));
  const deleted = parseDeleted(params.get('deleted'));
  const ids = [...directory.campaigns.values()]
    .filter((c) => deleted === 'all' || c.isDeleted === (deleted === 'true'))
    .map((c) => c.id)
    .sort((a, b) => a - b)
    .slice(0, limit);
  return jsonResponse(200, { nextPageToken: null, nextPageUrl: null, values: ids.map(view) });
}

const USER_FIELDS = ['id', 'email', 'firstName', 'lastName'] as const;

/** Read-only user list (v5 `users` object) so a client can map NetSuite sales reps to Pardot users by email. */
export function routeUsers(req: ParsedRequest, directory: Directory): EmulatedHttpResponse {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  if (req.segments.length > 1) throw notFound(req.url.pathname);
  const params = req.url.searchParams;
  onlyParams(params, ['fields', 'limit']);
  const fields = parseFields(params.get('fields'), (f) => (USER_FIELDS as readonly string[]).includes(f));
  const limit = parseLimit(params.get('limit'));
  const values = [...directory.users.values()].sort((a, b) => a.id - b.id).slice(0, limit)
    .map((u) => Object.fromEntries(fields.map((f) => [f, (u as unknown as Record<string, unknown>)[f] ?? null])));
  return jsonResponse(200, { nextPageToken: null, nextPageUrl: null, values });
}
