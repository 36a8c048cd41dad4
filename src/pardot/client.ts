/**
 * PardotApi over N/https (api-facts §2): Salesforce access token + Pardot-Business-Unit-Id on every call.
 * Error 184 (bad token) signs in again once; 66/122 (limits), 5xx, timeouts and XML auth failures become
 * transient CrmTransportErrors; other {code, message} answers are per-prospect PardotRecordErrors. Every request
 * asks for `x-api-usage` (X-Return-Api-Usage: 1) and the counters keep the last one for the console.
 */
import * as https from 'N/https';
import { CrmTransportError, errorText } from '../core/errors';
import { classifyPardot } from '../core/failures';
import { isPardotUrl } from '../core/hosts';
import { PardotRecordError, type PardotApi } from '../core/pardot-push';
import type { PardotBulkApi, ProspectRef } from '../core/pardot-bulk';
import type { ProspectValues } from '../core/mapping/to-pardot-prospect';
import type { TokenSource } from '../core/ports';
import type { PageResponse, PardotErrorBody, PardotUser, ProspectRow } from './types';
import { headerValue } from '../core/http-headers';

export interface PardotCounters {
  calls: number;
  /** Last `x-api-usage` seen (calls made in the last day / daily maximum, e.g. "1234/25000"), null until one arrives. */
  apiUsage: string | null;
}

export function newPardotCounters(): PardotCounters {
  return { calls: 0, apiUsage: null };
}

export interface PardotClient extends PardotApi, PardotBulkApi {
  changedSince(since: string, fields: readonly string[], limit: number): ProspectRow[];
  users(): PardotUser[];
  /** Prospects with ids from `from` to `to` (both included), id order: reconcile reads a batch's linked prospects so. */
  prospectsInIdRange(from: number, to: number, fields: readonly string[]): ProspectRow[];
  /** A live prospect's id, email and CRM contact by its id (v5 read); null when Pardot has no such live prospect. */
  readProspect(id: number): { id: number; email: string; salesforceContactId: string | null } | null;
  /** The business unit's daily usage (Account v5: `maximumDailyApiCalls`, `apiCallsUsed`); proves the unit answers. */
  account(): { maximumDailyApiCalls: number; apiCallsUsed: number };
}

const API = '/api/v5/objects';

/** v4's JSON envelope (format=json): `{"@attributes":{"stat":…,"err_code":N},"err":"…","errors":{…}}`. */
interface V4Body {
  '@attributes'?: { stat?: string; err_code?: number };
  err?: string;
  errors?: Record<string, string> | string[];
}

function parseError(body: string): PardotErrorBody | null {
  try {
    const parsed = JSON.parse(body) as Partial<PardotErrorBody> & V4Body;
    const v4Code = parsed['@attributes']?.err_code;
    if (typeof v4Code === 'number') return { code: v4Code, message: parsed.err ?? '' };
    return typeof parsed.code === 'number' ? { code: parsed.code, message: parsed.message ?? '' } : null;
  } catch {
    return null;
  }
}

/** Pardot rejects null for most fields on write; a blank in NetSuite never clears Pardot (values win blanks). */
function withoutBlanks(values: ProspectValues): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(values)) if (value !== null && value !== '') out[key] = value;
  return out;
}

/** v4 names its fields in snake_case (firstName → first_name; custom `__c` names stay as they are). */
const toV4Name = (name: string): string => (name.endsWith('__c') ? name : name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

function v4Row(values: ProspectValues, id?: number): Record<string, string | number> {
  const row: Record<string, string | number> = id === undefined ? {} : { id };
  for (const [key, value] of Object.entries(withoutBlanks(values))) row[toV4Name(key)] = value;
  return row;
}

/** The rows v4 reports as failed, by their index in the request (an object keyed by index, or an array). */
function rowErrors(body: string): Map<number, string> {
  const errors = (JSON.parse(body) as V4Body).errors ?? {};
  const out = new Map<number, string>();
  for (const [index, message] of Object.entries(errors)) out.set(Number(index), message);
  return out;
}

export function createPardotClient(tokens: TokenSource, host: string, businessUnitId: string, counters: PardotCounters): PardotClient {
  /** A string body is sent as a form (v4); anything else as JSON (v5). */
  function call(method: https.Method, pathOrUrl: string, body?: unknown): https.ClientResponse {
    if (!/^0Uv[A-Za-z0-9]{15}$/.test(businessUnitId)) {
      throw new CrmTransportError('PD_AUTH_FAILED', 'The Pardot business unit id in the CRM Sync settings must be 18 characters starting with 0Uv.', { transient: true });
    }
    const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${host}${API}${pathOrUrl}`;
    // The settings host and every nextPageUrl Pardot answers: the Salesforce token goes only to Pardot's own hosts.
    if (!isPardotUrl(url)) {
      throw new CrmTransportError('HOST_NOT_ALLOWED', `${url.slice(0, 100)} is not an Account Engagement API host, so the request was not sent.`, { transient: true });
    }
    for (let attempt = 1; ; attempt++) {
      const token = tokens.get();
      let response: https.ClientResponse;
      try {
        counters.calls += 1;
        response = https.request({
          method,
          url,
          // X-Return-Api-Usage is opt-in: without it Pardot sends no x-api-usage header back.
          headers: { Authorization: `Bearer ${token.accessToken}`, 'Pardot-Business-Unit-Id': businessUnitId, 'Content-Type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json', Accept: 'application/json', 'X-Return-Api-Usage': '1' },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
      } catch (error) {
        const { code, transient } = classifyPardot({ noAnswer: true });
        throw new CrmTransportError(code, `Pardot request failed: ${errorText(error)}`, { transient });
      }
      counters.apiUsage = headerValue(response.headers as Record<string, string | undefined>, 'x-api-usage') ?? counters.apiUsage;
      if (response.code < 300) return response;
      const error = parseError(response.body);
      if (error?.code === 184 && attempt === 1) {
        tokens.invalidate();
        continue;
      }
      const classified = classifyPardot({ httpStatus: response.code, pardotCode: error?.code ?? null });
      // Business-unit and host failures come back as text/xml (api-facts §2.5), without a JSON error.
      const message = error === null
        ? `Pardot answered HTTP ${response.code} without a JSON error (${response.code >= 500 ? 'server error' : 'check the business unit id and host'}).`
        : `Pardot error ${error.code}: ${error.message}`;
      if (classified.perRecord && error !== null) throw new PardotRecordError(error.code, message, response.body.slice(0, 1000));
      throw new CrmTransportError(classified.code, message, { transient: classified.transient, status: response.code });
    }
  }

  function pages<T>(first: string, limit: number): T[] {
    const rows: T[] = [];
    let page = JSON.parse(call(https.Method.GET, first).body) as PageResponse<T>;
    rows.push(...page.values);
    while (typeof page.nextPageUrl === 'string' && page.nextPageUrl !== '' && page.values.length > 0 && rows.length < limit) {
      page = JSON.parse(call(https.Method.GET, page.nextPageUrl).body) as PageResponse<T>;
      rows.push(...page.values);
    }
    return rows;
  }

  const refs = (first: string, maxPages: number): { complete: boolean; rows: ProspectRef[] } => {
    const rows: ProspectRef[] = [];
    let page = JSON.parse(call(https.Method.GET, first).body) as PageResponse<ProspectRef>;
    rows.push(...page.values);
    for (let read = 1; typeof page.nextPageUrl === 'string' && page.nextPageUrl !== '' && page.values.length > 0; read++) {
      if (read >= maxPages) return { complete: false, rows };
      page = JSON.parse(call(https.Method.GET, page.nextPageUrl).body) as PageResponse<ProspectRef>;
      rows.push(...page.values);
    }
    return { complete: true, rows };
  };
  // v4 batch endpoints (Prospects v4 reference, "Endpoints for Batch Processing"): the rows in a `prospects` variable.
  const batch = (op: 'batchCreate' | 'batchUpdate', rows: Record<string, string | number>[]): Map<number, string> => {
    const body = `format=json&prospects=${encodeURIComponent(JSON.stringify({ prospects: rows }))}`;
    return rowErrors(call(https.Method.POST, `${host}/api/prospect/version/4/do/${op}`, body).body);
  };

  return {
    scanProspects(maxPages) {
      return refs('/prospects?fields=id,email&orderBy=id&limit=1000', maxPages);
    },
    createdSince(since, maxPages) {
      return refs(`/prospects?fields=id,email&createdAtAfterOrEqualTo=${encodeURIComponent(since)}&orderBy=id&limit=1000`, maxPages).rows;
    },
    batchCreate(rows) {
      return batch('batchCreate', rows.map((values) => v4Row(values)));
    },
    batchUpdate(rows) {
      return batch('batchUpdate', rows.map((r) => v4Row(r.values, r.id)));
    },
    // Querying by email is documented for v5 ("Transitioning to V5?": it returns every prospect sharing the address).
    findByEmail(email) {
      const rows = JSON.parse(call(https.Method.GET, `/prospects?fields=id,email,salesforceContactId&email=${encodeURIComponent(email)}&limit=200`).body) as PageResponse<{ id: number; email: string; salesforceContactId?: string | null }>;
      return rows.values.filter((p) => p.email === email).map((p) => ({ id: p.id, salesforceContactId: p.salesforceContactId ?? null }));
    },
    readProspect(id) {
      try {
        const row = JSON.parse(call(https.Method.GET, `/prospects/${id}?fields=id,email,salesforceContactId`).body) as { id: number; email?: string | null; salesforceContactId?: string | null };
        return typeof row.email === 'string' ? { id: row.id, email: row.email, salesforceContactId: row.salesforceContactId ?? null } : null;
      } catch (error) {
        // Deleted (recycle bin) or gone: code 192 "object does not exist" and the like are per-record answers.
        if (error instanceof PardotRecordError) return null;
        throw error;
      }
    },
    upsertLatestByEmail(email, values) {
      const response = call(https.Method.POST, '/prospects/do/upsertLatestByEmail', { matchEmail: email, prospect: withoutBlanks(values), fields: ['id'] });
      const body = JSON.parse(response.body) as { id: number };
      return { id: body.id, created: response.code === 201 };
    },
    update(id, values) {
      call(https.Method.PATCH, `/prospects/${id}`, withoutBlanks(values));
    },
    account() {
      return JSON.parse(call(https.Method.GET, '/account?fields=maximumDailyApiCalls,apiCallsUsed').body) as { maximumDailyApiCalls: number; apiCallsUsed: number };
    },
    changedSince(since, fields, limit) {
      return pages<ProspectRow>(`/prospects?fields=${fields.join(',')}&updatedAtAfterOrEqualTo=${encodeURIComponent(since)}&orderBy=updatedAt%20ASC&limit=1000`, limit);
    },
    users() {
      return pages<PardotUser>('/users?fields=id,email&limit=1000', 10_000);
    },
    prospectsInIdRange(from, to, fields) {
      return pages<ProspectRow>(`/prospects?fields=${fields.join(',')}&idGreaterThanOrEqualTo=${from}&idLessThanOrEqualTo=${to}&orderBy=id%20ASC&limit=1000`, Number.MAX_SAFE_INTEGER);
    },
  };
}
