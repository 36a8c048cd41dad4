/**
 * SalesforceApi over N/https: sObject Collections and SOQL (api-facts §1.1, §1.3). Each call is one HTTP
 * request (10 units); a 401 signs in again once; whole-request failures become CrmTransportErrors the core
 * turns into per-record outcomes.
 */
import * as https from 'N/https';
import { CrmTransportError, errorText } from '../core/errors';
import { classifySalesforce } from '../core/failures';
import { isSalesforceApiPath } from '../core/hosts';
import type { CollectionAnswer, CollectionWrite, SalesforceApi, SaveResult, SObjectType, SObjectWrite, TokenSource } from '../core/ports';
import type { DescribeResponse, QueryResponse, RestError } from './types';
import { headerValue } from '../core/http-headers';

export interface ApiCounters {
  calls: number;
  maxRecordsPerRequest: number;
  /** Last `Sforce-Limit-Info` seen, e.g. "api-usage=123/100000". */
  limitInfo: string | null;
}

export function newCounters(): ApiCounters {
  return { calls: 0, maxRecordsPerRequest: 0, limitInfo: null };
}

const COLLECTION_LIMIT = 200;
/**
 * /composite: "up to 25 subrequests … up to 5 of these subrequests can be sObject Collections or query operations";
 * "the entire series of requests counts as a single call toward your API limits" (REST API Developer Guide, "Send
 * Multiple Requests Using Composite").
 */
const COMPOSITE_HEAVY_LIMIT = 5;

interface CompositeSubresponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

function restErrors(body: string): RestError[] {
  try {
    const parsed = JSON.parse(body) as unknown;
    return Array.isArray(parsed) ? (parsed as RestError[]) : [];
  } catch {
    return [];
  }
}

function failure(response: { code: number; body: string }): CrmTransportError {
  const first = restErrors(response.body)[0];
  const detail = first === undefined ? `HTTP ${response.code}` : `${first.errorCode}: ${first.message}`;
  const { code, transient } = classifySalesforce({ httpStatus: response.code, errorCode: first?.errorCode ?? null });
  return new CrmTransportError(code, detail, { transient, status: response.code });
}

/** A subrequest's failure, as if it had been sent alone. */
function subFailure(sub: CompositeSubresponse): CrmTransportError {
  return failure({ code: sub.httpStatusCode, body: JSON.stringify(sub.body ?? null) });
}

export interface WriteOptions {
  /**
   * Send `Sforce-Duplicate-Rule-Header: allowSave=true` on every write (REST API Developer Guide, "Duplicate Rule
   * Header", API 52.0 and later: fields `allowSave`, `includeRecordDetails`, `runAsCurrentUser`, each `name=value`,
   * separated by "; ", all false by default). allowSave saves records that an Alert rule matches ("applicable if an
   * alert is enabled for the action"); a Block rule still refuses them.
   */
  allowDuplicateSave?: boolean;
}

export const DUPLICATE_RULE_HEADER = 'Sforce-Duplicate-Rule-Header';

export function createSalesforceClient(tokens: TokenSource, apiVersion: string, counters: ApiCounters, writeOptions: WriteOptions = {}): SalesforceApi {
  const base = `/services/data/v${apiVersion}`;
  const writeHeaders: Record<string, string> = writeOptions.allowDuplicateSave === true ? { [DUPLICATE_RULE_HEADER]: 'allowSave=true' } : {};

  function call(method: https.Method, path: string, body: unknown, records: number, extraHeaders: Record<string, string> = {}): https.ClientResponse {
    for (let attempt = 1; ; attempt++) {
      const token = tokens.get();
      const options = {
        method,
        url: `${token.instanceUrl}${path}`,
        headers: { Authorization: `Bearer ${token.accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json', ...extraHeaders },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
      let response: https.ClientResponse;
      try {
        counters.calls += 1;
        counters.maxRecordsPerRequest = Math.max(counters.maxRecordsPerRequest, records);
        response = https.request(options);
      } catch (error) {
        const text = errorText(error);
        const { code, transient } = classifySalesforce({ noAnswer: text.includes('SSS_REQUEST_TIME_EXCEEDED') ? 'timeout' : 'unreachable' });
        throw new CrmTransportError(code, `Salesforce request failed: ${text}`, { transient });
      }
      counters.limitInfo = headerValue(response.headers as Record<string, string | undefined>, 'Sforce-Limit-Info') ?? counters.limitInfo;
      if (response.code === 401 && attempt === 1) {
        tokens.invalidate();
        continue;
      }
      if (response.code >= 300) throw failure(response);
      return response;
    }
  }

  function collection(method: https.Method, path: string, records: readonly SObjectWrite[]): SaveResult[] {
    const results: SaveResult[] = [];
    for (let i = 0; i < records.length; i += COLLECTION_LIMIT) {
      const chunk = records.slice(i, i + COLLECTION_LIMIT);
      const body = {
        allOrNone: false,
        records: chunk.map((r) => ({ attributes: { type: r.type }, ...(r.id === undefined ? {} : { id: r.id }), ...r.values })),
      };
      results.push(...(JSON.parse(call(method, path, body, chunk.length, writeHeaders).body) as SaveResult[]));
    }
    return results;
  }

  /** One /composite request (one API call); the subresponses in order. */
  function composite(subrequests: readonly { method: string; url: string; body?: unknown; httpHeaders?: Record<string, string> }[], records: number): CompositeSubresponse[] {
    const body = { allOrNone: false, compositeRequest: subrequests.map((sub, index) => ({ ...sub, referenceId: `r${index}` })) };
    const parsed = JSON.parse(call(https.Method.POST, `${base}/composite`, body, records).body) as { compositeResponse?: CompositeSubresponse[] };
    const answers = parsed.compositeResponse ?? [];
    if (answers.length !== subrequests.length) throw new CrmTransportError('SF_UNAVAILABLE', `Salesforce answered ${answers.length} of ${subrequests.length} composite subrequests.`, { transient: true });
    return answers;
  }

  /**
   * One SOQL query to the end of its pages. `resource` 'queryAll' also returns deleted and merged records (IsDeleted,
   * MasterRecordId), for as long as they are in the recycle bin (REST API Developer Guide, "Execute a SOQL Query that
   * Includes Deleted Items"); its next pages come through the same nextRecordsUrl mechanism.
   */
  function runQuery(resource: 'query' | 'queryAll', soql: string): Record<string, unknown>[] {
    return rest(JSON.parse(call(https.Method.GET, `${base}/${resource}?q=${encodeURIComponent(soql)}`, undefined, 0).body) as QueryResponse);
  }

  /** Follows nextRecordsUrl to the end of a query. */
  function rest(first: QueryResponse): Record<string, unknown>[] {
    const records: Record<string, unknown>[] = [...first.records];
    let page = first;
    while (!page.done && page.nextRecordsUrl !== undefined) {
      // The next page is a path on the same instance: never a full URL the token could be sent to.
      if (!isSalesforceApiPath(page.nextRecordsUrl)) {
        throw new CrmTransportError('HOST_NOT_ALLOWED', `Salesforce's nextRecordsUrl is not an API path on the instance (${page.nextRecordsUrl.slice(0, 100)}); the query stopped there.`, { transient: true });
      }
      page = JSON.parse(call(https.Method.GET, page.nextRecordsUrl, undefined, 0).body) as QueryResponse;
      records.push(...page.records);
    }
    return records;
  }

  return {
    queryMany(soqls) {
      const out: Record<string, unknown>[][] = [];
      for (let i = 0; i < soqls.length; i += COMPOSITE_HEAVY_LIMIT) {
        const chunk = soqls.slice(i, i + COMPOSITE_HEAVY_LIMIT);
        const answers = composite(chunk.map((soql) => ({ method: 'GET', url: `${base}/query?q=${encodeURIComponent(soql)}` })), 0);
        for (const answer of answers) {
          if (answer.httpStatusCode >= 300) throw subFailure(answer);
          out.push(rest(answer.body as QueryResponse));
        }
      }
      return out;
    },
    writeMany(writes: readonly CollectionWrite[]): CollectionAnswer[] {
      if (writes.length === 0) return [];
      if (writes.length > COMPOSITE_HEAVY_LIMIT || writes.some((w) => w.records.length > COLLECTION_LIMIT)) {
        throw new Error(`writeMany takes at most ${COMPOSITE_HEAVY_LIMIT} writes of at most ${COLLECTION_LIMIT} records`);
      }
      const subrequests = writes.map((w) => ({
        method: 'PATCH',
        url: w.kind === 'update' ? `${base}/composite/sobjects` : `${base}/composite/sobjects/${w.type}/${w.externalIdField}`,
        body: { allOrNone: false, records: w.records.map((r) => ({ attributes: { type: r.type }, ...(r.id === undefined ? {} : { id: r.id }), ...r.values })) },
        // Each subrequest names its own headers (REST API Developer Guide, Composite, `httpHeaders`).
        ...(Object.keys(writeHeaders).length > 0 ? { httpHeaders: writeHeaders } : {}),
      }));
      const answers = composite(subrequests, Math.max(...writes.map((w) => w.records.length)));
      return answers.map((answer): CollectionAnswer => (answer.httpStatusCode >= 300 || !Array.isArray(answer.body)
        ? { ok: false, error: subFailure(answer) }
        : { ok: true, results: answer.body as SaveResult[] }));
    },
    query(soql) {
      return runQuery('query', soql);
    },
    queryAll(soql) {
      return runQuery('queryAll', soql);
    },
    update(records) {
      return collection(https.Method.PATCH, `${base}/composite/sobjects`, records);
    },
    upsert(type: SObjectType, externalIdField, records) {
      return collection(https.Method.PATCH, `${base}/composite/sobjects/${type}/${externalIdField}`, records);
    },
    picklistValues(type, field) {
      const describe = JSON.parse(call(https.Method.GET, `${base}/sobjects/${type}/describe`, undefined, 0).body) as DescribeResponse;
      const described = describe.fields.find((f) => f.name === field);
      return (described?.picklistValues ?? []).filter((v) => v.active !== false).map((v) => v.value);
    },
    describe(type) {
      const described = JSON.parse(call(https.Method.GET, `${base}/sobjects/${type}/describe`, undefined, 0).body) as DescribeResponse;
      return described.fields.map((f) => ({
        name: f.name,
        createable: f.createable === true,
        updateable: f.updateable === true,
        externalId: f.externalId === true,
        picklist: (f.picklistValues ?? []).filter((v) => v.active !== false).map((v) => v.value),
      }));
    },
    remove(ids) {
      const results: SaveResult[] = [];
      for (let i = 0; i < ids.length; i += COLLECTION_LIMIT) {
        const chunk = ids.slice(i, i + COLLECTION_LIMIT);
        const path = `${base}/composite/sobjects?ids=${chunk.map(encodeURIComponent).join(',')}&allOrNone=false`;
        results.push(...(JSON.parse(call(https.Method.DELETE, path, undefined, chunk.length).body) as SaveResult[]));
      }
      return results;
    },
  };
}
