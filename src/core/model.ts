/** Canonical shapes the core works with; adapters translate NetSuite and CRM wire data into these. */
import type { ReasonCode } from './reasons';
import type { Snapshot } from './snapshot';

export type NsRecordType = 'contact' | 'customer';
export type QueueOperation = 'upsert' | 'delete' | 'cascade';
export type SyncStatus = 'Pending' | 'Completed' | 'Failed' | 'Skipped';
export type CrmSystem = 'salesforce' | 'pardot';

/** A field value as read from NetSuite (select fields by internal id). */
export type FieldValue = string | number | boolean | null;

export interface NsContact {
  id: string;
  fields: Readonly<Record<string, FieldValue>>;
  customerId: string | null;
  salesforceId: string | null;
  locked: boolean;
  inactive: boolean;
  syncedHash: string | null;
  /** The values both sides last agreed on (per-field fingerprints); null before the first sync that kept one. */
  snapshot?: Snapshot | null;
}

export interface NsCustomer {
  id: string;
  isPerson: boolean;
  fields: Readonly<Record<string, FieldValue>>;
  salesforceId: string | null;
  locked: boolean;
  inactive: boolean;
  currencyIso: string | null;
  subsidiaryId: string | null;
  syncedHash: string | null;
  /** The values both sides last agreed on (per-field fingerprints); null before the first sync that kept one. */
  snapshot?: Snapshot | null;
}

/** One unit of push work: a queued change (on the record, or an entry of the queue custom record), or a record reached through a customer's cascade or a full sync. */
export interface WorkItem {
  queueId: string | null;
  recordType: NsRecordType;
  recordId: string;
  customerId: string | null;
  operation: QueueOperation;
  attempts: number;
  externalId: string | null;
  /** ISO time of the change that queued it; the entry is only closed if it did not change since. */
  changedAt: string | null;
  /**
   * The change is queued on the record itself (its queued-change fields): the record's own write-back of the outcome
   * closes it, with no write of a queue entry. Absent: not queued on the record.
   */
  queuedOnRecord?: boolean;
}

export interface Settings {
  createOnly: boolean;
  syncParentFirst: boolean;
  skipInactive: boolean;
  deletePolicy: 'ignore' | 'unlink' | 'delete';
  /** A record deleted in Salesforce: unlink the NetSuite record (kept as it is), or also make it inactive. */
  salesforceDeletePolicy: 'unlink' | 'inactivate';
  batchSize: number;
  maxAttempts: number;
  /** Pull: create NetSuite orphans for Salesforce contacts without Account (Oracle) or skip them (Celigo). */
  importOrphans: boolean;
  /** Pull: a blank in Salesforce clears the NetSuite value. */
  blanksOverwrite: boolean;
  /** Pull: link an Account with no stored id to the one unlinked company customer of the same name. */
  matchAccountsByName: boolean;
  /** Directions and schedules (src/core/schedule.ts): a paused direction keeps its changes waiting. */
  pausePush: boolean;
  pausePull: boolean;
  pushEveryMinutes: number;
  pullEveryMinutes: number;
  /** Share of the daily API allocation scheduled runs leave unused (src/core/quota.ts). */
  apiReservePercent: number;
  /**
   * When a Salesforce duplicate rule matches: report (Failed, the matches named, no retries) or allow (send
   * `Sforce-Duplicate-Rule-Header: allowSave=true`, which saves past Alert rules; Block rules still refuse).
   */
  duplicateRules: 'report' | 'allow';
}

export const DEFAULT_SETTINGS: Settings = {
  createOnly: false,
  syncParentFirst: true,
  skipInactive: true,
  deletePolicy: 'ignore',
  salesforceDeletePolicy: 'unlink',
  batchSize: 15,
  maxAttempts: 8,
  importOrphans: false,
  blanksOverwrite: false,
  matchAccountsByName: false,
  pausePush: false,
  pausePull: false,
  pushEveryMinutes: 15,
  pullEveryMinutes: 15,
  apiReservePercent: 20,
  duplicateRules: 'report',
};

/** The most contacts Oracle's connector can push for one customer before timing out; we never exceed it. */
export const MAX_CONTACTS_PER_REQUEST = 15;

/** Waiting: a quota stop kept the record Pending without using an attempt (src/core/quota.ts). */
export type OutcomeStatus = 'Completed' | 'Skipped' | 'Failed' | 'Retrying' | 'Waiting';

/** What happened to one record in one run; the entry point writes it to the record, the queue and the log. */
export interface Outcome {
  item: WorkItem;
  status: OutcomeStatus;
  code: ReasonCode;
  message: string;
  operation: 'create' | 'update' | 'skip' | 'delete';
  /** Which CRM the outcome is about. */
  system: CrmSystem;
  /** The CRM record's id (Salesforce id or Pardot prospect id) when known. */
  externalId: string | null;
  /** Hash of the payload the CRM accepted (written back so unchanged saves are not re-sent). */
  payloadHash: string | null;
  /** When a transient failure is retried: the earliest next attempt (ISO). */
  nextAttemptAt: string | null;
  /** The stored Salesforce id points to a deleted record and must be cleared. */
  clearLink: boolean;
  /** Salesforce only: the merge base after this committed write (serialized), written with the outcome. */
  snapshot?: string;
  warnings: { code: ReasonCode; message: string }[];
  /** A failure's request and response, shortened (the log redacts it): what the console's Details page shows. */
  excerpt?: string;
}
