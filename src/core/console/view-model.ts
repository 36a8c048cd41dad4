/** Everything the console page shows, computed from plain rows the adapters read (no N/ here). */
import { QUOTA_SERVICES, quotaNotice, type QuotaState } from '../quota';
import type { Prerequisite } from '../health';
import { REASONS, type ReasonCode } from '../reasons';
import { dayRange, type DayCounts } from './chart';
import { parseLimitInfo, parsePardotUsage, type ApiUsage } from './limit-info';
import { runFigures, type RunFigures, type RunSummaryRow } from './runs';
import type { DirectionSettings } from '../schedule';
import { faultTitle, isConnectionStop, type ConnectionFault } from '../connection';
import { setupComplete, type SetupStep } from './checklist';
import { DEFAULT_FAILURE_QUERY, failedRecordCount, failurePage, matchingFailures, reasonCounts, type FailurePage, type FailureQuery, type FailureRow } from './failures';

export interface ConsoleData {
  now: Date;
  queue: { pending: number; oldestChangedAt: string | null };
  runs: RunSummaryRow[];
  /** Every failed or skipped record per system (failures.ts). */
  failures: readonly FailureRow[];
  /** The error list's filter, sort and page; the default when absent. */
  failureQuery?: FailureQuery;
  /** The background retry's progress line ("Retry these N"), when one was started. */
  retryTask?: string | null;
  /** "Mark All": every row of the page is shown selected. */
  markAll?: boolean;
  /** The console's own sign-in: `fault` names the setting when it failed for the connection's reasons. */
  connection: { ok: boolean; detail: string; fault?: ConnectionFault | null };
  /** The settings record to link to (edit mode), or the new-record page when there is none. */
  settingsUrl?: string;
  /** The push's log rows of the chart's days (records per day are counted from them). */
  outcomeRows?: readonly OutcomeLogRow[];
  /** The setup checklist (checklist.ts); absent in older callers. */
  checklist?: readonly SetupStep[];
  /** The org health check (src/core/health.ts); absent in older callers. */
  prerequisites?: readonly Prerequisite[];
  /** "Sync With Pardot" on the settings record. */
  pardotEnabled: boolean;
  /** Pauses and intervals from the settings record. */
  directions: DirectionSettings;
  /** Quota stops and usage kept between runs (src/core/quota.ts); absent in older callers. */
  quota?: QuotaState;
  canRetry: boolean;
  roleLabel: string;
  savedSearches: { id: string; title: string; installed: boolean }[];
  notice: Notice | null;
  /** URL the page's forms post to (the Suitelet itself). */
  postUrl: string;
}

export interface Notice {
  kind: 'success' | 'error' | 'info';
  title: string;
  lines: string[];
}

/** What the console says about Pardot's daily API allocation (from the newest run that saw `x-api-usage`). */
export type PardotUsageView =
  | { kind: 'disabled' }
  | { kind: 'none' }
  /** The header arrived but is not `used/max`: shown as text, never turned into a number. */
  | { kind: 'unreadable'; header: string; runId: string }
  | (ApiUsage & { kind: 'usage'; runId: string; high: boolean });

/** One line per direction for the queue card; `paused` lines are highlighted. */
export interface DirectionsView {
  sending: { paused: boolean; text: string };
  receiving: { paused: boolean; text: string };
}

export function directionsView(settings: DirectionSettings, pending: number): DirectionsView {
  return {
    sending: settings.pausePush
      ? { paused: true, text: `Sending is paused ("Pause Sending" in CRM Sync Settings): ${pending} change(s) wait in the queue and go once it is unchecked.` }
      : { paused: false, text: `Sending: right after each save, and every ${settings.pushEveryMinutes} minutes for retries.` },
    receiving: settings.pausePull
      ? { paused: true, text: 'Receiving is paused ("Pause Receiving" in CRM Sync Settings): Salesforce and Pardot changes wait until it is unchecked.' }
      : { paused: false, text: `Receiving: every ${settings.pullEveryMinutes} minutes.` },
  };
}

/** One red banner per service whose connection is at fault: which setting, what to do, where. */
export interface ConnectionBanner {
  service: ConnectionFault['service'];
  title: string;
  fix: string;
  detail: string;
  settingsUrl: string | null;
}

/**
 * The console's own sign-in speaks for Salesforce; a run's stored connection stop speaks for a service the console
 * did not check (Pardot) or for a refusal the sign-in alone cannot see. One banner per service at most.
 */
export function connectionBanners(data: Pick<ConsoleData, 'connection' | 'quota' | 'settingsUrl'>): ConnectionBanner[] {
  const banners: ConnectionBanner[] = [];
  const add = (fault: ConnectionFault, detail: string): void => {
    if (banners.some((b) => b.service === fault.service)) return;
    banners.push({ service: fault.service, title: faultTitle(fault), fix: fault.fix, detail, settingsUrl: data.settingsUrl ?? null });
  };
  const live = data.connection.fault ?? null;
  if (live !== null) add(live, data.connection.detail);
  for (const service of QUOTA_SERVICES) {
    const stop = data.quota?.[service].stop ?? null;
    if (stop === null || !isConnectionStop(stop.code) || stop.fault === undefined) continue;
    // The console just signed in to Salesforce: a stored Salesforce sign-in stop is over at the next run. (Pardot signs in
    // with the Salesforce token, so its stop may carry a Salesforce fault too: that one is judged the same way.)
    if (stop.fault.service === 'salesforce' && data.connection.ok) continue;
    add(stop.fault, `The run at ${stop.at} stopped sending (${stop.code}).`);
  }
  return banners;
}

export interface ConsoleView {
  generatedAt: string;
  connectionBanners: ConnectionBanner[];
  checklist: { steps: readonly SetupStep[]; complete: boolean };
  queue: { pending: number; oldestAge: string | null };
  lastRuns: RunFigures[];
  chart: DayCounts[];
  chartDays: number;
  topReasons: { code: string; system: FailureRow['system']; count: number; explanation: string }[];
  failures: {
    page: FailurePage;
    query: FailureQuery;
    /** Distinct records Failed in either system, and those Skipped. */
    failedRecords: number;
    skippedRecords: number;
    /** Reason codes present, for the filter. */
    reasons: string[];
    markAll: boolean;
    retryTask: string | null;
  };
  connection: { ok: boolean; detail: string };
  prerequisites: readonly Prerequisite[];
  apiUsage: (ApiUsage & { runId: string; high: boolean }) | null;
  pardotUsage: PardotUsageView;
  directions: DirectionsView;
  /** One line per service whose sending stopped for quota: since when, and when it resumes. */
  quotaLines: string[];
  canRetry: boolean;
  roleLabel: string;
  savedSearches: ConsoleData['savedSearches'];
  notice: Notice | null;
  legend: { code: string; explanation: string }[];
  postUrl: string;
}

export const CHART_DAYS = 14;
const LAST_RUNS = 10;
const TOP_REASONS = 8;
/** Above this share of the daily allocation the usage line turns into a warning. */
export const USAGE_WARNING_PERCENT = 80;

export function explainCode(code: string): string {
  return Object.hasOwn(REASONS, code) ? REASONS[code as ReasonCode] : 'No explanation is recorded for this code yet.';
}

export function formatAge(fromIso: string | null, now: Date): string | null {
  if (fromIso === null) return null;
  const from = Date.parse(fromIso);
  if (!Number.isFinite(from)) return null;
  const minutes = Math.max(0, Math.floor((now.getTime() - from) / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/** A push log row as the chart reads it: a record's own row, or a batch row listing its records. */
export interface OutcomeLogRow {
  runId: string;
  status: string;
  recordType: string;
  recordId: string | null;
  /** The batch row's record list: one `type:id=…` line per record. */
  records: string | null;
}

const CHART_URGENCY: Record<string, number> = { Failed: 3, Completed: 2, Skipped: 1 };

/**
 * Records per day, not outcomes: each record counts once a day, with its last outcome that day (a record that failed
 * in four runs is one failed record; one that failed and was then synced is one completed). Days are UTC, from the
 * run id's start time; within one run the most urgent of its rows (Salesforce and Pardot) counts.
 */
export function recordsPerDay(rows: readonly OutcomeLogRow[], now: Date, days = CHART_DAYS): DayCounts[] {
  const series = new Map<string, DayCounts>(dayRange(now, days).map((day) => [day, { day, completed: 0, skipped: 0, failed: 0 }]));
  const latest = new Map<string, { runId: string; status: string }>(); // day|record → last run's status
  for (const row of rows) {
    const started = /(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/.exec(row.runId);
    if (started === null || !Object.hasOwn(CHART_URGENCY, row.status)) continue;
    const day = started[1] ?? '';
    if (!series.has(day)) continue;
    const keys = row.records !== null && row.records !== ''
      ? row.records.split('\n').map((line) => /^(\w+):(\d+)/.exec(line)).flatMap((m) => (m === null ? [] : [`${m[1] ?? ''}:${m[2] ?? ''}`]))
      : row.recordId === null ? [] : [`${row.recordType}:${row.recordId}`];
    for (const key of keys) {
      const slot = `${day}|${key}`;
      const before = latest.get(slot);
      const later = before === undefined || row.runId > before.runId;
      const sameRunMoreUrgent = before !== undefined && row.runId === before.runId && (CHART_URGENCY[row.status] ?? 0) > (CHART_URGENCY[before.status] ?? 0);
      if (later || sameRunMoreUrgent) latest.set(slot, { runId: row.runId, status: row.status });
    }
  }
  for (const [slot, { status }] of latest) {
    const bucket = series.get(slot.slice(0, 10));
    if (bucket === undefined) continue;
    if (status === 'Completed') bucket.completed += 1;
    else if (status === 'Skipped') bucket.skipped += 1;
    else bucket.failed += 1;
  }
  return [...series.values()];
}

/** Exact ratio, not the rounded percent: 20001/25000 is over 80 % even though it prints as 80. */
function overWarning(usage: ApiUsage): boolean {
  return usage.used * 100 > USAGE_WARNING_PERCENT * usage.max;
}

export function pardotUsageView(runs: readonly RunFigures[], enabled: boolean): PardotUsageView {
  if (!enabled) return { kind: 'disabled' };
  const newest = runs.find((r) => r.pardotUsage !== null);
  const header = newest?.pardotUsage ?? null;
  if (newest === undefined || header === null) return { kind: 'none' };
  const usage = parsePardotUsage(header);
  if (usage === null) return { kind: 'unreadable', header: header.slice(0, 80), runId: newest.runId };
  return { kind: 'usage', ...usage, runId: newest.runId, high: overWarning(usage) };
}

export function buildConsoleView(data: ConsoleData): ConsoleView {
  const runs = data.runs.map(runFigures)
    .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  const withLimit = runs.find((r) => r.limitInfo !== null);
  const usage = withLimit === undefined ? null : parseLimitInfo(withLimit.limitInfo);
  return {
    generatedAt: data.now.toISOString(),
    connectionBanners: connectionBanners(data),
    checklist: { steps: data.checklist ?? [], complete: setupComplete(data.checklist ?? []) },
    queue: { pending: data.queue.pending, oldestAge: formatAge(data.queue.oldestChangedAt, data.now) },
    lastRuns: runs.slice(0, LAST_RUNS),
    chart: recordsPerDay(data.outcomeRows ?? [], data.now),
    chartDays: CHART_DAYS,
    topReasons: reasonCounts(data.failures).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)).slice(0, TOP_REASONS)
      .map((r) => ({ code: r.reason, system: r.system, count: r.count, explanation: explainCode(r.reason) })),
    failures: {
      page: failurePage(data.failures, data.failureQuery ?? DEFAULT_FAILURE_QUERY, data.now),
      query: data.failureQuery ?? DEFAULT_FAILURE_QUERY,
      failedRecords: failedRecordCount(data.failures),
      skippedRecords: new Set(matchingFailures(data.failures, { ...DEFAULT_FAILURE_QUERY, status: 'Skipped' }, data.now).map((r) => `${r.recordType}:${r.id}`)).size,
      reasons: [...new Set(data.failures.map((r) => r.code))].sort(),
      markAll: data.markAll === true,
      retryTask: data.retryTask ?? null,
    },
    connection: data.connection,
    prerequisites: data.prerequisites ?? [],
    apiUsage: usage === null || withLimit === undefined ? null : { ...usage, runId: withLimit.runId, high: overWarning(usage) },
    pardotUsage: pardotUsageView(runs, data.pardotEnabled),
    directions: directionsView(data.directions, data.queue.pending),
    quotaLines: data.quota === undefined ? [] : QUOTA_SERVICES.flatMap((service) => {
      const line = data.quota === undefined ? null : quotaNotice(service, data.quota[service], data.directions.pushEveryMinutes);
      return line === null ? [] : [line];
    }),
    canRetry: data.canRetry,
    roleLabel: data.roleLabel,
    savedSearches: data.savedSearches,
    notice: data.notice,
    legend: Object.entries(REASONS).map(([code, explanation]) => ({ code, explanation })),
    postUrl: data.postUrl,
  };
}
