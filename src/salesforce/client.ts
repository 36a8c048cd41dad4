/**
 * SalesforceApi over N/https: sObject Collections and SOQL (api-facts §1.1, §1.3). Each call is one HTTP
 * request (10 units); a 401 signs in again once; whole-request failures become CrmTransportErrors the core
 * turns into per-record outcomes.
 */
import * as https from 'N/https';
import { CrmTransportError, errorText } from '../core/errors';
import { classifySalesforce } from '../core/failures';
import { isSalesforceApiPath } from '../core/hosts';
import type { SalesforceApi, SaveResult, SObjectType, SObjectWrite, TokenSource } from '../core/ports';
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

function restErrors(body: string): RestError[] {
  try {
    const parsed = JSON.parse(body) as unknown;
    return Array.isArray(parsed) ? (parsed as RestError[]) : [];
  } catch {
    return [];
  }
}

function failure(response: https.ClientResponse): CrmTransportError {
  const first = restErrors(response.body)[0];
  const detail = first === undefined ? `HTTP ${response.code}` : `${first.errorCode}: ${first.message}`;
  const { code, transient } = classifySalesforce({ httpStatus: response.code, errorCode: first?.errorCode ?? null });
  return new CrmTransportError(code, detail, { transient, status: response.code });
}

export function createSalesforceClient(tokens: TokenSource, apiVersion: string, counters: ApiCounters): SalesforceApi {
  const base = `/services/data/v${apiVersion}`;

  function call(method: https.Method, path: string, body: unknown, records: number): https.ClientResponse {
    for (let attempt = 1; ; attempt++) {
      const token = tokens.get();
      const options = {
        method,
        url: `${token.instanceUrl}${path}`,
        headers: { Authorization: `Bearer ${token.accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
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
      results.push(...(JSON.parse(call(method, path, body, chunk.length).body) as SaveResult[]));
    }
    return results;
  }

  /**
   * One SOQL query to the end of its pages. `resource` 'queryAll' also returns deleted and merged records (IsDeleted,
   * MasterRecordId), for as long as they are in the recycle bin (REST API Developer Guide, "Execute a SOQL Query that
   * Includes Deleted Items"); its next pages come through the same nextRecordsUrl mechanism.
   */
  function runQuery(resource: 'query' | 'queryAll', soql: string): Record<string, unknown>[] {
    const records: Record<string, unknown>[] = [];
    let page = JSON.parse(call(https.Method.GET, `${base}/${resource}?q=${encodeURIComponent(soql)}`, undefined, 0).body) as QueryResponse;
    records.push(...page.records);
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
