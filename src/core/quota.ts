/**
 * Quota-aware sending. A daily-limit or concurrency-limit answer stops the run's sending to that service at once:
 * the one run's batches share a breaker per service (kept in the state record between invocations), later calls
 * of the run are not made, and the records wait Pending without using an attempt. The next run tries again, so the
 * run that finds quota again sends them. Scheduled runs also keep a reserve of the daily allocation, read from the
 * usage each answer reports.
 *
 * Sources: Salesforce REST API Developer Guide, "Status Codes and Error Responses" (403 REQUEST_LIMIT_EXCEEDED) and
 * "Limit Info Header" (`Sforce-Limit-Info: api-usage=used/max`, a rolling 24 hours); Account Engagement API v5
 * "Error Codes" (66 concurrent requests, 122 daily limit), "Rate Limits" (5 concurrent requests; the daily
 * allocation resets at midnight in the account's time zone) and the v5 overview (`X-Return-Api-Usage`).
 */
import { CrmTransportError, isCrmTransportError } from './errors';
import { parseLimitInfo, parsePardotUsage, type ApiUsage } from './console/limit-info';
import { explain, type ReasonCode } from './reasons';
import { CONNECTION_SETTINGS, connectionFault, faultFor, isConnectionStop, serviceOfCode, storedConnectionStop, type ConnectionFault, type ConnectionSetting } from './connection';

export const MAX_RESERVE_PERCENT = 90;
/** A usage figure is trusted this long; after that a scheduled run goes ahead and its first answer brings a new one. */
export const USAGE_RECHECK_MINUTES = 60;

export type QuotaService = 'salesforce' | 'pardot';
export const QUOTA_SERVICES: readonly QuotaService[] = ['salesforce', 'pardot'];

const STOP_CODES: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['SF_DAILY_LIMIT', 'PD_DAILY_LIMIT', 'PD_CONCURRENCY_LIMIT', 'API_RESERVE_KEPT']);

/**
 * Codes that stop a run's sending to a service and keep records Pending without using an attempt: the quota codes,
 * and the connection's own failures (sign-in, configuration: src/core/connection.ts), which are no record's fault.
 */
export function isQuotaStop(code: ReasonCode): boolean {
  return STOP_CODES.has(code) || isConnectionStop(code);
}

export interface QuotaStop {
  runId: string;
  code: ReasonCode;
  message: string;
  at: string;
  /** For a connection stop: the setting at fault and the service's error, as far as the answer tells. */
  fault?: ConnectionFault;
}

export interface ServiceQuota {
  /** Last usage a response reported, and when. */
  usage: { used: number; max: number; seenAt: string } | null;
  /** Why and when a run stopped sending to the service; null while sending works. */
  stop: QuotaStop | null;
}

export type QuotaState = Record<QuotaService, ServiceQuota>;

export function emptyQuotaState(): QuotaState {
  return { salesforce: { usage: null, stop: null }, pardot: { usage: null, stop: null } };
}

const KEYS: Record<QuotaService, string> = { salesforce: 'sf', pardot: 'pd' };
const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
const iso = (sec: unknown): string | null => (typeof sec === 'number' && Number.isFinite(sec) ? new Date(sec * 1000).toISOString() : null);

function storedStopMessage(service: QuotaService, code: ReasonCode): string {
  return `${LABEL[service]} refused a call earlier in this run (${code}), so no further call was made to it.`;
}

/**
 * The state as stored: compact, because a state value holds at most 300 characters. Per service `u` is
 * [used, max, seen (epoch seconds)] and `s` is [run id, code, stopped (epoch seconds)], plus for a connection stop the
 * setting at fault and the service's error (each at most 40 characters); the stop's words are not kept.
 */
export function serializeQuotaState(state: QuotaState): string {
  const out: Record<string, { u?: [number, number, number]; s?: (string | number)[] }> = {};
  for (const service of QUOTA_SERVICES) {
    const { usage, stop } = state[service];
    out[KEYS[service]] = {
      ...(usage === null ? {} : { u: [usage.used, usage.max, seconds(usage.seenAt)] }),
      ...(stop === null ? {} : {
        s: [stop.runId, stop.code, seconds(stop.at), ...(stop.fault === undefined ? [] : [stop.fault.setting ?? '', (stop.fault.error ?? '').slice(0, 40)])],
      }),
    };
  }
  return JSON.stringify(out);
}

/** The stored state; anything unreadable counts as "nothing known", never as a stop. */
export function parseQuotaState(text: string | null): QuotaState {
  const state = emptyQuotaState();
  if (text === null || text === '') return state;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return state;
  }
  if (parsed === null || typeof parsed !== 'object') return state;
  for (const service of QUOTA_SERVICES) {
    const entry: unknown = (parsed as Record<string, unknown>)[KEYS[service]];
    if (entry === undefined || entry === null || typeof entry !== 'object') continue;
    const { u, s } = entry as { u?: unknown; s?: unknown };
    const [used, max, seen] = Array.isArray(u) ? u as unknown[] : [];
    const seenAt = iso(seen);
    if (typeof used === 'number' && typeof max === 'number' && seenAt !== null) state[service].usage = { used, max, seenAt };
    const [runId, code, at, setting, error] = Array.isArray(s) ? s as unknown[] : [];
    const stoppedAt = iso(at);
    if (typeof runId === 'string' && typeof code === 'string' && isQuotaStop(code as ReasonCode) && stoppedAt !== null) {
      const stop: QuotaStop = { runId, code: code as ReasonCode, at: stoppedAt, message: storedStopMessage(service, code as ReasonCode) };
      const fault = storedFault(code as ReasonCode, setting, error);
      state[service].stop = fault === null ? stop : { ...stop, fault, message: storedConnectionStop(fault) };
    }
  }
  return state;
}

function storedFault(code: ReasonCode, setting: unknown, error: unknown): ConnectionFault | null {
  if (!isConnectionStop(code)) return null;
  const known = typeof setting === 'string' && Object.hasOwn(CONNECTION_SETTINGS, setting) ? setting as ConnectionSetting : null;
  return faultFor(serviceOfCode(code), known, typeof error === 'string' && error !== '' ? error : null);
}

export function usageFromHeader(service: QuotaService, header: string | null): ApiUsage | null {
  return service === 'salesforce' ? parseLimitInfo(header) : parsePardotUsage(header);
}

/** Whether less than `reservePercent` of the allocation is left (exact ratio, no rounding). */
export function inReserve(usage: { used: number; max: number }, reservePercent: number): boolean {
  return usage.used * 100 >= usage.max * (100 - reservePercent);
}

/** The last usage, if it is recent enough to hold a run back on. */
export function freshUsage(quota: ServiceQuota, now: Date): ServiceQuota['usage'] {
  if (quota.usage === null) return null;
  const seen = Date.parse(quota.usage.seenAt);
  return Number.isFinite(seen) && now.getTime() - seen < USAGE_RECHECK_MINUTES * 60_000 ? quota.usage : null;
}

const LABEL: Record<QuotaService, string> = { salesforce: 'Salesforce', pardot: 'Pardot' };

function reserveStop(service: QuotaService, runId: string, usage: { used: number; max: number }, reservePercent: number, now: Date): QuotaStop {
  return {
    runId, code: 'API_RESERVE_KEPT', at: now.toISOString(),
    message: `${LABEL[service]} reported ${usage.used} of ${usage.max} daily API calls used; ${reservePercent} % is kept in reserve, so scheduled sending waits.`,
  };
}

/**
 * Whether a scheduled run waits for the reserve: the Salesforce usage last seen (within the recheck period) leaves
 * less than the reserve. Pardot's reserve holds only Pardot's share of a run (the breaker starts stopped).
 */
export function reserveHold(state: QuotaState, reservePercent: number, now: Date): { code: ReasonCode; message: string } | null {
  const usage = freshUsage(state.salesforce, now);
  if (usage === null || !inReserve(usage, reservePercent)) return null;
  const resumes = new Date(Date.parse(usage.seenAt) + USAGE_RECHECK_MINUTES * 60_000).toISOString();
  return { code: 'API_RESERVE_KEPT', message: `${reserveStop('salesforce', '', usage, reservePercent, now).message} The next scheduled run after ${resumes} reads the usage again.` };
}

/** One service's breaker in one batch. */
export interface QuotaBreaker {
  readonly service: QuotaService;
  readonly runId: string;
  /** Scheduled runs and runs of more than one record keep the reserve; a single-record "Sync now" may use it. */
  readonly keepReserve: boolean;
  readonly reservePercent: number;
  stop: QuotaStop | null;
  /** The stop was set in this batch (the state must be written so later batches see it). */
  tripped: boolean;
  /** A call got an ordinary answer in this batch (an earlier run's stop is over). */
  answered: boolean;
  usage: ServiceQuota['usage'];
}

/**
 * A stop this run already recorded means no call; an earlier run's stop does not (quota may be back, and this run
 * is the one that finds out). With the reserve kept, a recent usage figure in the reserve stops sending at once.
 */
export function openBreaker(service: QuotaService, quota: ServiceQuota, run: { runId: string; keepReserve: boolean; reservePercent: number }, now: Date): QuotaBreaker {
  let stop = quota.stop?.runId === run.runId ? quota.stop : null;
  const usage = freshUsage(quota, now);
  if (stop === null && run.keepReserve && usage !== null && inReserve(usage, run.reservePercent)) stop = reserveStop(service, run.runId, usage, run.reservePercent, now);
  return { service, runId: run.runId, keepReserve: run.keepReserve, reservePercent: run.reservePercent, stop, tripped: false, answered: false, usage: quota.usage };
}

/**
 * Wraps every method of a CRM client: no call once the breaker is stopped (the caller gets the stop as a transient
 * CrmTransportError, which becomes a Waiting outcome); a quota answer stops it; every answer's usage header is kept.
 * `usageHeader` reads the client's counters (the last `Sforce-Limit-Info` or `x-api-usage`).
 */
export function guarded<T extends object>(api: T, breaker: QuotaBreaker, usageHeader: () => string | null, now: () => Date): T {
  const noteUsage = (): void => {
    const usage = usageFromHeader(breaker.service, usageHeader());
    if (usage === null) return;
    breaker.usage = { used: usage.used, max: usage.max, seenAt: now().toISOString() };
    if (breaker.stop === null && breaker.keepReserve && inReserve(usage, breaker.reservePercent)) {
      breaker.stop = reserveStop(breaker.service, breaker.runId, usage, breaker.reservePercent, now());
      breaker.tripped = true;
    }
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(api)) {
    if (typeof member !== 'function') {
      wrapped[name] = member;
      continue;
    }
    const method = member as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]): unknown => {
      const stop = breaker.stop;
      if (stop !== null) throw new CrmTransportError(stop.code, stop.message, { transient: true });
      try {
        const result = method.apply(api, args);
        breaker.answered = true;
        noteUsage();
        return result;
      } catch (error) {
        if (isCrmTransportError(error) && isQuotaStop(error.code)) {
          const fault = connectionFault(error.code, error.message);
          const stop: QuotaStop = { runId: breaker.runId, code: error.code, message: isConnectionStop(error.code) ? error.message : `${LABEL[breaker.service]} answered: ${error.message}`, at: now().toISOString() };
          breaker.stop = fault === null ? stop : { ...stop, fault };
          breaker.tripped = true;
        } else if (!isCrmTransportError(error)) {
          breaker.answered = true; // a per-record answer (e.g. a Pardot error about one prospect) is still an answer
        }
        noteUsage();
        throw error;
      }
    };
  }
  // Every function member of T was replaced by one with the same parameters and result, the rest copied.
  return wrapped as T;
}

/** The state after a batch: this run's stop (or the earlier one's, until a call gets through) and the newest usage. */
export function closeBreaker(quota: ServiceQuota, breaker: QuotaBreaker): ServiceQuota {
  const stop = breaker.tripped ? breaker.stop : breaker.answered ? null : quota.stop;
  return { usage: breaker.usage ?? quota.usage, stop };
}

/** The console's line per service: when calls (the push's sending, the pull's reading) stopped and when they resume; null while they work. */
export function quotaNotice(service: QuotaService, quota: ServiceQuota, pushEveryMinutes: number): string | null {
  const stop = quota.stop;
  if (stop === null) return null;
  const next = new Date(Date.parse(stop.at) + pushEveryMinutes * 60_000).toISOString();
  if (isConnectionStop(stop.code)) {
    const what = stop.fault?.setting === undefined || stop.fault.setting === null ? 'the connection settings' : CONNECTION_SETTINGS[stop.fault.setting];
    return `Sending to ${LABEL[service]} is held since ${stop.at} (${stop.code}): the connection failed, check ${what}. Records wait without using attempts; every run from ${next} tries to sign in once and sends as soon as it works.`;
  }
  const resumes = stop.code === 'API_RESERVE_KEPT'
    ? `Scheduled sending resumes once usage is below the reserve; the usage is read again after ${new Date(Date.parse(stop.at) + USAGE_RECHECK_MINUTES * 60_000).toISOString()}.`
    : stop.code === 'PD_DAILY_LIMIT'
      ? `Pardot's allocation comes back at midnight in the account's time zone; every run from ${next} tries once and sends as soon as it is back.`
      : stop.code === 'PD_CONCURRENCY_LIMIT'
        ? `The next run, from ${next}, sends again.`
        : `Every run from ${next} tries once and sends as soon as Salesforce accepts calls again (the allocation counts the last 24 hours).`;
  return `Calls to ${LABEL[service]} (sending and reading) stopped at ${stop.at} (${stop.code}): ${explain(stop.code).split('. ')[0] ?? ''}. ${resumes}`;
}
