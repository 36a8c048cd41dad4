/**
 * In-process Salesforce REST API emulator for tests, the demo and benchmarks. One instance answers the login
 * hosts (OAuth token endpoint) and the My Domain instance host (REST API); register it for all of them.
 * Behaviour follows /work/shared/reference/api-facts.md §1; see README.md for what is documented vs assumed.
 */
import { EmulatedTimeout, FaultInjector, header } from '../http';
import type { EmulatedHttpRequest, EmulatedHttpResponse, EmulatedService, FaultRule } from '../http';
import { AuthServer } from './auth';
import { formatDateTime, StampClock } from './clock';
import * as collections from './collections';
import { COMPOSITE_COLLECTIONS_MIN_VERSION, parseCompositeBody } from './composite';
import { wireValue, type ApiContext, type HandlerResult } from './context';
import { ApiError, notFound } from './errors';
import { IdFactory, keyPrefix, to18 } from './ids';
import { ApiUsage } from './limits';
import { QueryEngine, type QueryPage } from './query';
import * as records from './records';
import { isCollectionKind, REQUEST_KINDS, route, WRITE_KINDS, type RequestKind, type Route } from './routes';
import { Schema, type FieldAccess, type FieldValue, type ObjectDef, type OracleFieldsVariant, type SObjectName } from './schema';
import { allowSaveHeader, type DuplicateRule, type ValidationRule } from './org-rules';
import { isDeleted, RecordStore, type StoredRecord } from './store';
import { deserializeRecord } from './validate';
import { RecordWriter, RowLocks } from './writer';
import { jsonResponse, parseUrl, type ParsedUrl } from './wire';

export type { RequestKind } from './routes';
export type { FieldAccess, FieldValue, OracleFieldsVariant, SObjectName } from './schema';
export type { DuplicateRule, ValidationRule } from './org-rules';

export interface SalesforceEmulatorOptions {
  /** My Domain host serving the REST API, e.g. "acme.my.salesforce.com". */
  instanceHost: string;
  /** Hosts serving only the token endpoint. Default: login.salesforce.com, test.salesforce.com. */
  loginHosts?: string[];
  /** Highest API version served (later versions → 404). Default "62.0". */
  apiVersion?: string;
  /** Connected app consumer key (client_id, and JWT `iss`). */
  clientId: string;
  /** Enables the client-credentials grant. */
  clientSecret?: string;
  /** PEM public key (or certificate) that verifies JWT-bearer assertions; enables that grant. */
  jwtPublicKeyPem?: string;
  /** Integration user's username: the JWT `sub`. Default "integration@acme.example". */
  username?: string;
  orgId?: string;
  /** User the tokens run as: CreatedById/LastModifiedById of API writes. */
  integrationUserId?: string;
  /** Default user for updateAsUser/deleteAsUser and seeded records. */
  humanUserId?: string;
  /** Daily API request allocation (24 h rolling). Default 100000. */
  dailyApiLimit?: number;
  /** API calls already used when the emulator starts. */
  initialApiUsage?: number;
  /** Access-token lifetime; Salesforce ties it to the session timeout (default 2 h). */
  tokenLifetimeSeconds?: number;
  /** Latest JWT `exp` accepted, in seconds from now. Default 300 (the documented 3 minutes plus skew). */
  jwtMaxFutureSeconds?: number;
  /** Accepted JWT `aud` values. Default: https://<each login host>. */
  jwtAudiences?: string[];
  /** Whether login hosts accept the client-credentials grant (unverified; default false: My Domain only). */
  clientCredentialsOnLoginHosts?: boolean;
  now?: () => Date;
  /** Contact.Salutation picklist. Default Mr., Ms., Mrs., Dr., Prof. */
  salutations?: string[];
  /** Reject salutations outside the list. Default true. */
  restrictedSalutation?: boolean;
  /** Active currency ISO codes. Default USD, EUR, GBP, CAD. */
  currencies?: string[];
  /** Corporate currency defaulted on create. Default: the first currency. */
  defaultCurrency?: string;
  /** Length of Oracle_netsuiteid__c. Default 50. */
  netsuiteIdLength?: number;
  /** External-id matching is case-insensitive unless this is set (the field's "case sensitive" attribute). */
  externalIdCaseSensitive?: boolean;
  /** 'second' stamps SystemModstamp as Salesforce stores it, without milliseconds (ties); default 'millisecond'. */
  stampPrecision?: 'millisecond' | 'second';
  /** Forces the query page size (tests), overriding Sforce-Query-Options. */
  queryPageSize?: number;
  /** Query locators expire after this much inactivity. Default 900 s. */
  queryLocatorTtlSeconds?: number;
  // Org variants (README "Org variants")
  /** false: a single-currency org, with no CurrencyIsoCode field anywhere. Default true. */
  multiCurrency?: boolean;
  /** Oracle's custom fields on Contact and Account. Default 'external-id'. */
  oracleFields?: OracleFieldsVariant;
  /** The integration user's field-level security, e.g. { 'Contact.Title': 'hidden' }. Default: full access. */
  fieldSecurity?: Readonly<Record<string, FieldAccess>>;
  /** Active validation rules. Default none. */
  validationRules?: readonly ValidationRule[];
  /** Active duplicate rules. Default none. */
  duplicateRules?: readonly DuplicateRule[];
}

export interface RequestLogEntry {
  method: string;
  path: string;
  kind: RequestKind;
  /** Records carried (writes, retrieves) or returned (queries). */
  records: number;
  status: number | 'timeout';
  soql?: string;
  /** Request body size in bytes (a test/ops figure: what a push costs on the wire). */
  bytes?: number;
  /** Collection writes: the fields the records carried, sorted (attributes and id left out). */
  fields?: string[];
  /** Collection writes: the sObject types of the records (attributes.type), sorted. */
  types?: string[];
  /** A /composite call: what each subrequest was (it is one API call whatever it holds). */
  subrequests?: RequestLogEntry[];
}

export interface SalesforceCounters {
  /** Calls counted against the daily allocation since the last reset. */
  apiCalls: number;
  /** Every request received, token calls and injected faults included. */
  httpRequests: number;
  /** Requests received per kind, injected faults included. */
  byKind: Record<RequestKind, number>;
  /** Record count of each write request (collections and single-record writes), in order. */
  recordsPerRequest: number[];
  requests: RequestLogEntry[];
}

/** A record as the test/ops API returns it: canonical field names, datetimes in wire format. */
export type SalesforceRecord = Record<string, FieldValue>;

export interface UserEditOptions {
  userId?: string;
  /**
   * A late commit: the edit becomes visible now but carries this earlier SystemModstamp, as a long-running
   * transaction does (Salesforce stamps it when it starts; GetUpdatedResult's latestDateCovered exists so that
   * replication "capture[s] the changes that started after this date but did not complete before the endDate":
   * https://developer.salesforce.com/docs/atlas.en-us.api.meta/object_ref/sforce_api_calls_getupdated_getupdatedresult.htm).
   */
  stampedAt?: Date;
}

const MIN_VERSION = 20;
const COLLECTIONS_MIN_VERSION = 42;
const COLLECTIONS_UPSERT_MIN_VERSION = 46;
const DEFAULT_BATCH_SIZE = 2000;
const MIN_BATCH_SIZE = 200;

/** A top-level Salesforce error response, for failNext() and custom FaultRules. */
export function salesforceError(code: number, errorCode: string, message: string): EmulatedHttpResponse {
  return jsonResponse(code, [{ message, errorCode }]);
}

function emptyCounters(): SalesforceCounters {
  return {
    apiCalls: 0,
    httpRequests: 0,
    byKind: Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as Record<RequestKind, number>,
    recordsPerRequest: [],
    requests: [],
  };
}

export class SalesforceEmulator implements EmulatedService {
  readonly instanceHost: string;
  readonly loginHosts: readonly string[];
  readonly apiVersion: string;
  readonly orgId: string;
  readonly integrationUserId: string;
  readonly humanUserId: string;

  private readonly schema: Schema;
  /** The metadata as the integration user sees it (field-level security applied): what the API serves. */
  private readonly apiSchema: Schema;
  private readonly createdListeners: ((type: SObjectName, record: SalesforceRecord) => void)[] = [];
  private readonly clock: StampClock;
  private readonly ids = new IdFactory();
  private readonly store: RecordStore;
  private readonly locks = new RowLocks();
  private readonly writer: RecordWriter;
  private readonly queries: QueryEngine;
  private readonly auth: AuthServer;
  private readonly usage: ApiUsage;
  private readonly faults = new FaultInjector();
  private stats = emptyCounters();
  private queryPageSize: number | undefined;

  constructor(options: SalesforceEmulatorOptions) {
    this.instanceHost = options.instanceHost.toLowerCase();
    this.loginHosts = (options.loginHosts ?? ['login.salesforce.com', 'test.salesforce.com']).map((h) => h.toLowerCase());
    this.apiVersion = options.apiVersion ?? '62.0';
    this.orgId = options.orgId ?? '00D5g000004AcmeEAC';
    this.integrationUserId = options.integrationUserId ?? '0055g00000IntegAAB';
    this.humanUserId = options.humanUserId ?? '0055g00000HumanAAB';
    this.queryPageSize = options.queryPageSize;

    const currencies = options.currencies ?? ['USD', 'EUR', 'GBP', 'CAD'];
    const schemaOptions = {
      salutations: options.salutations ?? ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'],
      restrictedSalutation: options.restrictedSalutation ?? true,
      currencies,
      defaultCurrency: options.defaultCurrency ?? currencies[0] ?? 'USD',
      netsuiteIdLength: options.netsuiteIdLength ?? 50,
      multiCurrency: options.multiCurrency ?? true,
      oracleFields: options.oracleFields ?? 'external-id',
      fieldSecurity: options.fieldSecurity ?? {},
    };
    this.schema = new Schema(schemaOptions);
    this.apiSchema = new Schema(schemaOptions, 'integration');
    this.clock = new StampClock(options.now ?? (() => new Date()), options.stampPrecision);
    this.store = new RecordStore(this.schema, options.externalIdCaseSensitive ?? false);
    this.writer = new RecordWriter({
      schema: this.schema,
      store: this.store,
      clock: this.clock,
      ids: this.ids,
      locks: this.locks,
      rules: { validationRules: options.validationRules ?? [], duplicateRules: options.duplicateRules ?? [] },
    });
    this.queries = new QueryEngine({
      schema: this.apiSchema,
      store: this.store,
      clock: this.clock,
      locatorTtlMs: (options.queryLocatorTtlSeconds ?? 900) * 1000,
    });
    this.usage = new ApiUsage(options.dailyApiLimit ?? 100_000, this.clock);
    if (options.initialApiUsage) this.usage.set(options.initialApiUsage);
    this.auth = new AuthServer(
      {
        instanceHost: this.instanceHost,
        loginHosts: this.loginHosts,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        jwtPublicKeyPem: options.jwtPublicKeyPem,
        username: options.username ?? 'integration@acme.example',
        orgId: this.orgId,
        userId: this.integrationUserId,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 7200,
        jwtMaxFutureSeconds: options.jwtMaxFutureSeconds ?? 300,
        jwtAudiences: (options.jwtAudiences ?? this.loginHosts.map((h) => `https://${h}`)).map((a) => a.replace(/\/$/, '')),
        clientCredentialsOnLoginHosts: options.clientCredentialsOnLoginHosts ?? false,
        scope: 'api',
      },
      this.clock,
    );
  }

  // ---------------------------------------------------------------------------------------------------------
  // Wire

  handle(request: EmulatedHttpRequest): EmulatedHttpResponse {
    const url = parseUrl(request.url);
    const r = route(request.method, url.pathname);
    const entry: RequestLogEntry = { method: request.method, path: url.pathname, kind: r.kind, records: 0, status: 0, ...writeShape(r.kind, request.body) };
    this.stats.httpRequests += 1;
    this.stats.byKind[r.kind] += 1;
    this.stats.requests.push(entry);

    const fault = this.faults.check(request);
    if (fault === 'timeout') {
      entry.status = 'timeout';
      throw new EmulatedTimeout();
    }
    // A URI over the limit is refused in front of the API (before authentication), so it is never counted.
    const response = fault ?? uriTooLong(request) ?? this.dispatch(request, url, r, entry);
    if (r.kind !== 'token' && header(response.headers, 'Sforce-Limit-Info') === undefined) {
      response.headers['Sforce-Limit-Info'] = this.usage.header();
    }
    entry.status = response.code;
    if (WRITE_KINDS.has(r.kind) && response.code < 300) this.stats.recordsPerRequest.push(entry.records);
    return response;
  }

  private dispatch(request: EmulatedHttpRequest, url: ParsedUrl, r: Route, entry: RequestLogEntry): EmulatedHttpResponse {
    if (r.kind === 'token') return this.auth.token(url.host, request.body, header(request.headers, 'Authorization'));
    if (url.host !== this.instanceHost) return this.errorResponse(notFound());
    if (r.kind === 'versions') return jsonResponse(200, this.versions());
    if (!this.auth.isValid(header(request.headers, 'Authorization'))) {
      return salesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
    if (this.usage.exhausted()) return salesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    this.usage.record();
    this.stats.apiCalls += 1;

    try {
      const ctx = this.context(r, allowSaveHeader(header(request.headers, 'Sforce-Duplicate-Rule-Header'), r.version));
      const result = this.invoke(ctx, request, url, r, entry);
      this.notifyCreated();
      entry.records = result.records ?? 0;
      return result.response;
    } catch (error) {
      if (error instanceof ApiError) return this.errorResponse(error);
      throw error;
    }
  }

  private context(r: Route, allowDuplicateSave: boolean): ApiContext {
    const versionNumber = Number(r.version);
    if (r.version === undefined || versionNumber < MIN_VERSION || versionNumber > Number(this.apiVersion)) throw notFound();
    if (isCollectionKind(r.kind) && versionNumber < COLLECTIONS_MIN_VERSION) throw notFound();
    if (r.kind === 'collectionsUpsert' && versionNumber < COLLECTIONS_UPSERT_MIN_VERSION) throw notFound();
    return {
      schema: this.apiSchema,
      store: this.store,
      writer: this.writer,
      version: r.version,
      versionNumber,
      actorId: this.integrationUserId,
      writeOptions: { actorId: this.integrationUserId, api: true, allowDuplicateSave },
    };
  }

  private invoke(ctx: ApiContext, request: EmulatedHttpRequest, url: ParsedUrl, r: Route, entry: RequestLogEntry): HandlerResult {
    const { body } = request;
    const params = url.params;
    switch (r.kind) {
      case 'limits': {
        const used = this.usage.used();
        return { response: jsonResponse(200, { DailyApiRequests: { Max: this.usage.limit, Remaining: Math.max(0, this.usage.limit - used) } }) };
      }
      case 'describeGlobal':
        return records.describeGlobal(ctx);
      case 'sobjectInfo':
        return records.sobjectInfo(ctx, r);
      case 'describe':
        return records.describe(ctx, r);
      case 'singleCreate':
        return records.create(ctx, r, body);
      case 'singleRead':
        return records.read(ctx, r, params);
      case 'singleUpdate':
        return records.update(ctx, r, body);
      case 'singleDelete':
        return records.remove(ctx, r);
      case 'singleUpsert':
        return records.upsert(ctx, r, body, params);
      case 'singleReadByExternalId':
        return records.readByExternalId(ctx, r, params);
      case 'singleDeleteByExternalId':
        return records.removeByExternalId(ctx, r);
      case 'collectionsCreate':
        return collections.create(ctx, body);
      case 'collectionsUpdate':
        return collections.update(ctx, body);
      case 'collectionsUpsert':
        return collections.upsert(ctx, r, body);
      case 'collectionsDelete':
        return collections.remove(ctx, params);
      case 'collectionsRetrieve':
        return collections.retrieve(ctx, r, request.method, params, body);
      case 'query':
      case 'queryAll': {
        const soql = params.get('q');
        if (soql === null || soql.trim() === '') throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
        entry.soql = soql;
        const page = this.queries.run(soql, {
          version: ctx.version,
          includeDeleted: r.kind === 'queryAll',
          batchSize: this.batchSize(request),
        });
        return this.pageResult(page);
      }
      case 'queryMore':
        return this.pageResult(this.queries.more(r.locator ?? '', r.offset ?? 0));
      case 'composite':
        return this.composite(request, entry);
      case 'token':
      case 'versions':
      case 'unknown':
        if (r.allowed) {
          throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${request.method}' not allowed. Allowed are ${r.allowed.join(',')}`);
        }
        throw notFound();
    }
  }

  /**
   * POST /composite: each subrequest runs as if sent alone (same user, same handlers, its own status), in order;
   * the whole call was counted once in dispatch(). See composite.ts for the limits and what is refused.
   */
  private composite(request: EmulatedHttpRequest, entry: RequestLogEntry): HandlerResult {
    const subs = parseCompositeBody(request.body, (method, url) => route(method, url.split('?')[0] ?? '').kind);
    entry.subrequests = [];
    const compositeResponse = subs.map((sub) => {
      const subRequest: EmulatedHttpRequest = {
        method: sub.method as EmulatedHttpRequest['method'],
        url: `https://${this.instanceHost}${sub.url}`,
        // A subrequest carries the caller's session and only the headers it names itself: the guide lists
        // `httpHeaders` per subrequest ("Request headers and their values to include with the subrequest"); that a
        // top-level header such as Sforce-Duplicate-Rule-Header does not reach the subrequests is our stricter
        // reading (README, guesses).
        headers: { ...pickAuth(request.headers), ...sub.httpHeaders },
        body: sub.body === undefined ? '' : JSON.stringify(sub.body),
      };
      const url = parseUrl(subRequest.url);
      const r = route(subRequest.method, url.pathname);
      const subEntry: RequestLogEntry = { method: sub.method, path: url.pathname, kind: r.kind, records: 0, status: 0, ...writeShape(r.kind, subRequest.body) };
      let response: EmulatedHttpResponse;
      try {
        if (isCollectionKind(r.kind) && Number(r.version) < COMPOSITE_COLLECTIONS_MIN_VERSION) throw notFound();
        const ctx = this.context(r, allowSaveHeader(header(subRequest.headers, 'Sforce-Duplicate-Rule-Header'), r.version));
        const result = this.invoke(ctx, subRequest, url, r, subEntry);
        subEntry.records = result.records ?? 0;
        response = result.response;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        response = this.errorResponse(error);
      }
      subEntry.status = response.code;
      entry.subrequests?.push(subEntry);
      if (WRITE_KINDS.has(r.kind) && response.code < 300) this.stats.recordsPerRequest.push(subEntry.records);
      const headers = Object.fromEntries(Object.entries(response.headers).filter(([k]) => k.toLowerCase() !== 'content-type'));
      return { body: response.body === '' ? null : (JSON.parse(response.body) as unknown), httpHeaders: headers, httpStatusCode: response.code, referenceId: sub.referenceId };
    });
    return { response: jsonResponse(200, { compositeResponse }), records: (entry.subrequests ?? []).reduce((n, e) => n + e.records, 0) };
  }

  private pageResult(page: QueryPage): HandlerResult {
    return { response: jsonResponse(200, page), records: page.records.length };
  }

  /** Sforce-Query-Options: batchSize=N, 200–2000 (api-facts §1.3); a forced page size wins for tests. */
  private batchSize(request: EmulatedHttpRequest): number {
    if (this.queryPageSize !== undefined) return this.queryPageSize;
    const match = /batchSize\s*=\s*(\d+)/i.exec(header(request.headers, 'Sforce-Query-Options') ?? '');
    if (!match) return DEFAULT_BATCH_SIZE;
    return Math.min(DEFAULT_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1])));
  }

  private versions(): { label: string; url: string; version: string }[] {
    const out = [];
    for (let v = MIN_VERSION; v <= Number(this.apiVersion); v++) {
      const version = `${v}.0`;
      out.push({ label: `API ${version}`, url: `/services/data/v${version}`, version });
    }
    return out;
  }

  private errorResponse(error: ApiError): EmulatedHttpResponse {
    return jsonResponse(error.status, error.errors);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Test/ops API: data

  /** Inserts a Contact without an API call; system fields (CreatedDate, …) may be given. Returns the id. */
  seedContact(fields: Record<string, unknown>): string {
    return this.seed(this.schema.contact, fields);
  }

  seedAccount(fields: Record<string, unknown>): string {
    return this.seed(this.schema.account, fields);
  }

  getContact(id: string): SalesforceRecord | undefined {
    return this.snapshotOf(this.schema.contact, id);
  }

  getAccount(id: string): SalesforceRecord | undefined {
    return this.snapshotOf(this.schema.account, id);
  }

  /** Live (not deleted) contacts matching the predicate, in creation order. */
  findContacts(predicate: (contact: SalesforceRecord) => boolean): SalesforceRecord[] {
    return this.allContacts().filter(predicate);
  }

  findAccounts(predicate: (account: SalesforceRecord) => boolean): SalesforceRecord[] {
    return this.allAccounts().filter(predicate);
  }

  allContacts(options: { includeDeleted?: boolean } = {}): SalesforceRecord[] {
    return this.store.all('Contact', options.includeDeleted).map((r) => this.snapshot(this.schema.contact, r));
  }

  allAccounts(options: { includeDeleted?: boolean } = {}): SalesforceRecord[] {
    return this.store.all('Account', options.includeDeleted).map((r) => this.snapshot(this.schema.account, r));
  }

  /**
   * A person editing the record in Salesforce: same validation as the API, bumps LastModifiedDate and
   * SystemModstamp, sets LastModifiedById to the user. Throws when Salesforce would refuse the edit.
   */
  updateAsUser(type: SObjectName, id: string, fields: Record<string, unknown>, options: UserEditOptions = {}): void {
    const obj = this.schema.object(type)!;
    const record = this.liveRecord(obj, id);
    const outcome = this.writer.update(record, this.toBodyFields(obj, fields), {
      actorId: options.userId ?? this.humanUserId,
      ignoreLocks: true,
    });
    if (!outcome.ok) throw new Error(`updateAsUser(${type}, ${id}) refused: ${JSON.stringify(outcome.errors)}`);
    if (options.stampedAt !== undefined) {
      const saved = this.liveRecord(obj, id);
      const at = options.stampedAt.getTime();
      this.store.put({ ...saved, values: { ...saved.values, SystemModstamp: at, LastModifiedDate: at } });
    }
  }

  deleteAsUser(type: SObjectName, id: string, options: UserEditOptions = {}): void {
    const obj = this.schema.object(type)!;
    this.writer.remove(this.liveRecord(obj, id), { actorId: options.userId ?? this.humanUserId, ignoreLocks: true });
  }

  /**
   * A deleted record gone for good: out of the recycle bin (after its 15 days, or emptied with emptyRecycleBin()) and
   * past the time queryAll still returns it ("After records are deleted from the Recycle Bin using this call, they can
   * be queried using queryAll() for some time. Typically this time is 24 hours", SOAP API Developer Guide,
   * emptyRecycleBin()). Neither /query nor /queryAll returns it any more. Only a deleted record can be purged.
   */
  purgeDeleted(type: SObjectName, id: string): void {
    const record = this.store.get(id);
    if (record?.type !== type || record.values.IsDeleted !== true) throw new Error(`purgeDeleted(${type}, ${id}): only a deleted ${type} can be purged`);
    this.store.purge(id);
  }

  /**
   * A person merging duplicates in Salesforce (the UI, or SOAP merge(); REST has no merge resource). Modelled on the
   * SOAP API Developer Guide, merge(): up to three records, the master included; one transaction; the others are
   * deleted (recycle bin, so only queryAll sees them) with MasterRecordId naming the master ("To find all records
   * that have been merged since a given point in time, use queryAll() … masterRecordId"); related records are
   * re-parented to the master (an Account's Contacts move to it). The master keeps its own values. Every record the
   * merge touches gets the transaction's stamp.
   */
  mergeAsUser(type: SObjectName, masterId: string, loserIds: readonly string[], options: UserEditOptions = {}): void {
    if (loserIds.length < 1 || loserIds.length > 2) throw new Error('merge(): up to three records in one merge, the master included');
    const obj = this.schema.object(type)!;
    const master = this.liveRecord(obj, masterId);
    const losers = loserIds.map((id) => this.liveRecord(obj, id));
    if (losers.some((l) => l.id === master.id)) throw new Error('merge(): the master cannot be merged into itself');
    const actor = options.userId ?? this.humanUserId;
    const stamp = this.clock.stamp();
    const put = (record: StoredRecord, values: Record<string, FieldValue>): void => {
      this.store.put({ ...record, values: { ...record.values, ...values, LastModifiedDate: stamp, LastModifiedById: actor, SystemModstamp: stamp } });
    };
    const loserIdSet = new Set(losers.map((l) => l.id));
    if (type === 'Account') {
      for (const contact of this.store.all('Contact')) {
        if (typeof contact.values.AccountId === 'string' && loserIdSet.has(contact.values.AccountId)) put(contact, { AccountId: master.id });
      }
    }
    for (const loser of losers) put(loser, { IsDeleted: true, MasterRecordId: master.id });
    put(this.liveRecord(obj, master.id), {});
  }

  /**
   * Calls `listener` for every Contact or Account an API write creates (after the request), e.g. to model Account
   * Engagement's connector creating prospects from new Contacts. Seeds and ops edits do not fire it.
   */
  onRecordCreated(listener: (type: SObjectName, record: SalesforceRecord) => void): void {
    this.createdListeners.push(listener);
  }

  private notifyCreated(): void {
    const ids = this.writer.takeCreated();
    if (this.createdListeners.length === 0) return;
    for (const id of ids) {
      const record = this.store.get(id);
      // A record rolled back (allOrNone) was never created.
      if (record === undefined || isDeleted(record)) continue;
      const obj = this.schema.object(record.type)!;
      for (const listener of this.createdListeners) listener(record.type, this.snapshot(obj, record));
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Test/ops API: counters, limits, clock-driven state

  counters(): SalesforceCounters {
    return {
      apiCalls: this.stats.apiCalls,
      httpRequests: this.stats.httpRequests,
      byKind: { ...this.stats.byKind },
      recordsPerRequest: [...this.stats.recordsPerRequest],
      requests: this.stats.requests.map((e) => ({ ...e })),
    };
  }

  /** Clears the counters; the daily API usage (a property of the org) is left alone. */
  resetCounters(): void {
    this.stats = emptyCounters();
  }

  apiUsage(): { used: number; limit: number } {
    return { used: this.usage.used(), limit: this.usage.limit };
  }

  setApiUsage(used: number): void {
    this.usage.set(used);
  }

  /** Whether an access token is live: Pardot accepts Salesforce tokens (api-facts §2.1), so its emulator asks here. */
  isTokenValid(accessToken: string): boolean {
    return this.auth.isValid(`Bearer ${accessToken}`);
  }

  expireAllTokens(): void {
    this.auth.expireAll();
  }

  /** Forces every query page to `size` records (undefined restores Sforce-Query-Options/2000). */
  setQueryPageSize(size: number | undefined): void {
    this.queryPageSize = size;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Test/ops API: fault injection

  injectFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
    this.locks.unlock();
  }

  /** The next `times` calls of this kind answer `response` instead of being handled. */
  failNext(kind: RequestKind, response: EmulatedHttpResponse, times = 1): void {
    this.faults.add({ match: (r) => this.kindOf(r) === kind, times, respond: response });
  }

  /** The next n API calls (token calls excluded unless listed in `kinds`) answer 503 SERVER_UNAVAILABLE. */
  unavailable(n = 1, kinds?: readonly RequestKind[]): void {
    this.faults.add({
      match: (r) => (kinds ? kinds.includes(this.kindOf(r)) : this.kindOf(r) !== 'token'),
      times: n,
      respond: salesforceError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable. Please try again later.'),
    });
  }

  /** The next call (of `kind`, if given) throws EmulatedTimeout, as a connect/read timeout would. */
  timeoutNext(kind?: RequestKind): void {
    this.faults.add({ match: (r) => kind === undefined || this.kindOf(r) === kind, respond: 'timeout' });
  }

  /** The next n API calls answer 403 REQUEST_LIMIT_EXCEEDED, whatever the usage counter says. */
  limitExceededNext(n = 1): void {
    this.faults.add({
      match: (r) => !['token', 'versions'].includes(this.kindOf(r)),
      times: n,
      respond: salesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
    });
  }

  /**
   * Writes to these records (and contacts under these accounts) fail with UNABLE_TO_LOCK_ROW, per record, for
   * `attempts` attempts each (default: until unlockRows).
   */
  lockRows(ids: readonly string[], options: { attempts?: number } = {}): void {
    this.locks.lock(ids, options.attempts ?? Number.POSITIVE_INFINITY);
  }

  unlockRows(ids?: readonly string[]): void {
    this.locks.unlock(ids);
  }

  // ---------------------------------------------------------------------------------------------------------

  private kindOf(request: EmulatedHttpRequest): RequestKind {
    return route(request.method, parseUrl(request.url).pathname).kind;
  }

  private seed(obj: ObjectDef, fields: Record<string, unknown>): string {
    const given = Object.entries(fields).find(([k]) => k.toLowerCase() === 'id')?.[1];
    if (given !== undefined) {
      const id = typeof given === 'string' ? to18(given) : undefined;
      if (!id || keyPrefix(id) !== obj.keyPrefix || this.store.get(id)) {
        throw new Error(`seed${obj.name}: Id ${JSON.stringify(given)} is not a free ${obj.name} id`);
      }
    }
    const outcome = this.writer.create(obj, this.toBodyFields(obj, fields), {
      actorId: this.humanUserId,
      seed: true,
    });
    if (!outcome.ok) throw new Error(`seed${obj.name} refused: ${JSON.stringify(outcome.errors)}`);
    return outcome.id;
  }

  /** Ops-API input may use Date objects for datetimes; everything else goes through API deserialisation. */
  private toBodyFields(obj: ObjectDef, fields: Record<string, unknown>): ReturnType<typeof deserializeRecord> {
    const normalised = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, v instanceof Date ? formatDateTime(v.getTime()) : v]),
    );
    try {
      return deserializeRecord(obj, normalised, JSON.stringify(normalised));
    } catch (error) {
      if (error instanceof ApiError) throw new Error(`${obj.name}: ${error.message}`);
      throw error;
    }
  }

  private liveRecord(obj: ObjectDef, id: string): StoredRecord {
    const found = this.writer.resolve(id, obj);
    if (found.kind !== 'ok') throw new Error(`${obj.name} ${id} is ${found.kind}`);
    return found.record;
  }

  private snapshotOf(obj: ObjectDef, id: string): SalesforceRecord | undefined {
    const id18 = to18(id);
    const record = id18 === undefined ? undefined : this.store.get(id18);
    return record?.type === obj.name ? this.snapshot(obj, record) : undefined;
  }

  private snapshot(obj: ObjectDef, record: StoredRecord): SalesforceRecord {
    const out: SalesforceRecord = {};
    for (const def of obj.fields) out[def.name] = wireValue(def, record.values);
    return out;
  }
}

/**
 * "In each REST call, the maximum length for the combined URI and headers is 16,384 bytes. A request exceeding this
 * limit returns a 431 Request Header Fields Too Large error. If the URI itself exceeds this limit, the request returns
 * a 414 URI Too Long error." (Salesforce Help, "Maximum number of rows returned by SOQL queries over the REST API",
 * article 000386264, which also advises putting a long SOQL into a Composite request body). Such a request never
 * reaches the API, so it is not counted (a guess: README, Assumptions).
 */
export const MAX_URI_AND_HEADER_BYTES = 16_384;

function uriTooLong(request: EmulatedHttpRequest): EmulatedHttpResponse | null {
  const parsed = new URL(request.url);
  const uriBytes = Buffer.byteLength(parsed.pathname + parsed.search, 'utf8');
  if (uriBytes > MAX_URI_AND_HEADER_BYTES) return salesforceError(414, 'URI_TOO_LONG', 'URI Too Long');
  const headerBytes = Object.entries(request.headers).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}`, 'utf8'), 0);
  if (uriBytes + headerBytes > MAX_URI_AND_HEADER_BYTES) return salesforceError(431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'Request Header Fields Too Large');
  return null;
}

/** Size and carried fields of a collection write, for the test/ops counters (not part of the REST API). */
function writeShape(kind: RequestKind, body: string | undefined): Pick<RequestLogEntry, 'bytes' | 'fields' | 'types'> {
  if (body === undefined || body === '') return {};
  const bytes = Buffer.byteLength(body, 'utf8');
  if (kind !== 'collectionsCreate' && kind !== 'collectionsUpdate' && kind !== 'collectionsUpsert') return { bytes };
  try {
    const parsed = JSON.parse(body) as { records?: Record<string, unknown>[] };
    const fields = new Set((parsed.records ?? []).flatMap((rec) => Object.keys(rec).filter((k) => k !== 'attributes' && k !== 'id')));
    const types = new Set((parsed.records ?? []).map((rec) => {
      const type = (rec.attributes as { type?: unknown } | undefined)?.type;
      return typeof type === 'string' ? type : '';
    }));
    return { bytes, fields: [...fields].sort(), types: [...types].sort() };
  } catch {
    return { bytes };
  }
}

/** The headers that make the caller's session (the composite's own auth); nothing else is inherited by a subrequest. */
function pickAuth(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() === 'authorization'));
}
