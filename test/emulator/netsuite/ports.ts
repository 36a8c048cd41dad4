/**
 * What an invocation may use of its account, as small interfaces: N/ modules get these (and the data-access point,
 * data.ts), never the EmulatedAccount itself.
 */
import type { EmulatedService } from '../http';
import type { ExecutionContext } from './context';
import type { DataAccess } from './data';
import type { LogEntry, ScriptRunReport } from './execution';
import type { FormatPreferences } from './format-util';
import type { BudgetKey, Meter } from './governance';
import type { DeploymentDef, ScriptDef } from './objects';
import type { MapReduceReport } from './runners/map-reduce';
import type { FileCabinet } from './file-cabinet';

export interface Clock {
  now(): Date;
  advance(ms: number): Date;
  set(date: Date): void;
}

export interface Certificate {
  privateKeyPem: string;
  certificatePem?: string;
}

export interface EmailMessage {
  author: string;
  recipients: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
  relatedRecords?: unknown;
  scriptId: string;
  at: Date;
}

export interface HttpLogEntry {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  response?: { code: number; headers: Record<string, string>; body: string };
  error?: string;
  scriptId: string;
  deploymentId: string;
  at: Date;
}

export interface Redirect {
  url: string;
  kind: string;
  scriptId: string;
}

export type TaskStatus = 'PENDING' | 'PROCESSING' | 'COMPLETE' | 'FAILED';

export interface QueuedTask {
  taskId: string;
  taskType: 'MAP_REDUCE' | 'SCHEDULED_SCRIPT';
  scriptId: string;
  deploymentId: string;
  params: Record<string, unknown>;
  status: TaskStatus;
  submittedBy: string;
  report?: MapReduceReport | ScriptRunReport;
}

export interface SavedSearchDef {
  type: string;
  filters?: unknown;
  columns?: unknown;
  title?: string;
}

export interface CacheEntry {
  value: string;
  expiresAt: number | undefined;
}

/** Facts about the account: N/runtime, N/format, N/url, record.Type. */
export interface AccountInfo {
  readonly accountId: string;
  readonly format: FormatPreferences;
  readonly recordTypes: Readonly<Record<string, string>>;
  readonly clock: Clock;
  isFeatureInEffect(feature: string): boolean;
  /** The signed-in user's runtime.Session: kept across requests; clear() is a new sign-in. */
  readonly session: Map<string, string>;
  /** A user preference, else a company preference, else null. */
  preference(name: string): unknown;
}

/** Scripts and deployments from Objects/, their files and parameter values. */
export interface ScriptCatalog {
  find(scriptId: string): ScriptDef | undefined;
  /** Throws SSS_INVALID_SCRIPT_ID. */
  script(scriptId: string): ScriptDef;
  /** Throws SSS_INVALID_DEPLOYMENT_ID. */
  deployment(script: ScriptDef, deploymentId?: string): DeploymentDef;
  parameterValues(script: ScriptDef, deployment: DeploymentDef, runParams?: Record<string, unknown>): Map<string, unknown>;
  source(script: ScriptDef): { code: string; path: string };
}

/** N/task's queue. */
export interface TaskQueue {
  readonly tasks: QueuedTask[];
  nextTaskId(prefix: string): string;
}

/** N/cache: one map per cache (scope and name). */
export interface CacheStore {
  bucket(key: string): Map<string, CacheEntry>;
}

/** What invocations leave behind for the test to read. */
export interface Outbox {
  readonly logs: LogEntry[];
  readonly emails: EmailMessage[];
  readonly httpLog: HttpLogEntry[];
  readonly redirects: Redirect[];
  recordUsage(report: ScriptRunReport): void;
}

/** N/https and N/crypto: the services by host, API secrets and certificates (scripts never read the last two). */
export interface ServiceGateway {
  service(host: string): EmulatedService | undefined;
  secret(id: string): string | undefined;
  secrets(): Iterable<[string, string]>;
  certificate(id: string): Certificate | undefined;
}

export interface SavedSearchStore {
  get(id: string): SavedSearchDef | undefined;
  define(id: string, def: SavedSearchDef): void;
  delete(id: string): boolean;
  count(): number;
}

/** Called after each governed call is charged (the account's onGovernedCall, for tracing). */
export type GovernedCallObserver = (meter: Meter, api: string, units: number) => void;

export interface AccountPorts {
  readonly info: AccountInfo;
  readonly scripts: ScriptCatalog;
  readonly tasks: TaskQueue;
  readonly caches: CacheStore;
  readonly outbox: Outbox;
  readonly gateway: ServiceGateway;
  readonly savedSearches: SavedSearchStore;
  /** The File Cabinet (N/file). */
  readonly fileCabinet: FileCabinet;
  /** Notes an access a role permission governs ("role permkey level"), as the data-access point does for records. */
  noteAccess(scriptId: string, access: string): void;
  /** The data-access point for `scriptId` running in `context`. */
  data(context: ExecutionContext, scriptId: string): DataAccess;
  /** A custom role's grants (permkey → level) from Objects/customrole_*.xml; undefined for a standard role. */
  roleGrants(role: string): ReadonlyMap<string, string> | undefined;
  /** Budget per invocation kind for this account. */
  budget(key: BudgetKey): number;
  /** Every invocation's meter reports its governed calls here. */
  readonly governedCall: GovernedCallObserver;
  /** After a governed call completed: the scheduler may let other invocations run here (runners/scheduler.ts). */
  readonly afterGovernedCall: () => void;
}
