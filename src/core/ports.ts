/**
 * The small synchronous interfaces the core needs from the outside world. N/https is synchronous and every
 * call costs governance, so these stay synchronous and explicit about each call.
 */
import type { NsContact, NsCustomer } from './model';
import type { SObjectValues } from './mapping/build-payload';
import type { DescribedField } from './health';
import type { CrmTransportError } from './errors';

export type SObjectType = 'Contact' | 'Account';

export interface SObjectWrite {
  type: SObjectType;
  /** Salesforce id for an update; absent for an upsert by external id. */
  id?: string;
  values: SObjectValues;
}

export interface SalesforceError {
  statusCode: string;
  message: string;
  fields: string[];
  /** DUPLICATES_DETECTED: which duplicate rule fired and the records it matched (REST API Developer Guide, "DuplicateResult"). */
  duplicateResult?: DuplicateResult;
}

export interface DuplicateResult {
  /** True for an Alert rule (the duplicate-rule header may save anyway), false for a Block rule. */
  allowSave: boolean;
  duplicateRule: string;
  matchResults?: { entityType?: string; matchRecords?: { record?: { Id?: string } }[] }[];
}

export interface SaveResult {
  id: string | null;
  success: boolean;
  created?: boolean;
  errors: SalesforceError[];
}

/** One sObject Collections write inside a /composite request. */
export type CollectionWrite =
  | { kind: 'update'; records: readonly SObjectWrite[] }
  | { kind: 'upsert'; type: SObjectType; externalIdField: string; records: readonly SObjectWrite[] };

/** A collection write's answer inside /composite: per-record results in input order, or why the whole write failed. */
export type CollectionAnswer = { ok: true; results: SaveResult[] } | { ok: false; error: CrmTransportError };

export interface SalesforceApi {
  /** Runs a SOQL query and follows nextRecordsUrl to the end. */
  query(soql: string): Record<string, unknown>[];
  /** The same, through /queryAll: deleted and merged records too (IsDeleted, MasterRecordId). */
  queryAll(soql: string): Record<string, unknown>[];
  /** sObject Collections update (allOrNone false): results in input order. */
  update(records: readonly SObjectWrite[]): SaveResult[];
  /** sObject Collections upsert by external id (allOrNone false): results in input order. */
  upsert(type: SObjectType, externalIdField: string, records: readonly SObjectWrite[]): SaveResult[];
  /**
   * Several SOQL queries in /composite requests (at most 5 query subrequests each, every request one API call;
   * the SOQL travels in the body, so the 16,384-byte URI limit does not cap it). All pages of each, in order.
   */
  queryMany(soqls: readonly string[]): Record<string, unknown>[][];
  /** Up to 5 collection writes (≤ 200 records each) in one /composite request: one API call. Answers in order. */
  writeMany(writes: readonly CollectionWrite[]): CollectionAnswer[];
  /** sObject Collections delete (allOrNone false). */
  remove(ids: readonly string[]): SaveResult[];
  /** Active values of a restricted picklist, from the object's describe. */
  picklistValues(type: SObjectType, field: string): string[];
  /** The object's fields as the integration user sees them (sObject Describe). */
  describe(type: SObjectType): DescribedField[];
}

export interface RecordReader {
  contacts(ids: readonly string[]): Map<string, NsContact>;
  customers(ids: readonly string[]): Map<string, NsCustomer>;
}

/** A Salesforce access token (also what Pardot's API takes) and where to send it. */
export interface AccessToken {
  accessToken: string;
  instanceUrl: string;
  /** The integration user's id: changes it makes in Salesforce are our own echoes. */
  userId: string | null;
}

/** Gives the current access token; both CRM clients sign in through it and never through each other. */
export interface TokenSource {
  get(): AccessToken;
  /** Drops the cached token (after a 401 or Pardot error 184) so the next get() signs in again. */
  invalidate(): void;
}
