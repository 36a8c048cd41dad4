/** Run summary log rows (reason RUN_SUMMARY) read back into figures: their stats JSON is written by the push and pull summarize. */
export interface RunSummaryRow {
  runId: string;
  direction: string;
  status: string;
  message: string;
  /** The row's creation time as NetSuite displays it (fallback when the run id carries no timestamp). */
  created: string;
  stats: string | null;
}

/** One system's records of a run by status. */
export interface StatusCounts {
  completed: number;
  skipped: number;
  failed: number;
  retrying: number;
  waiting: number;
}

export interface RunFigures {
  runId: string;
  kind: 'push' | 'pull' | 'other';
  /** ISO start time taken from the run id, if it has one. */
  startedAt: string | null;
  created: string;
  /** From the run's outcomes: Completed, Failures, Waiting, or Errors (an invocation failed); never the log row's own. */
  status: string;
  message: string;
  records: number;
  completed: number;
  skipped: number;
  failed: number;
  retrying: number;
  /** Held by a quota or connection stop, no attempt used. */
  waiting: number;
  apiCalls: number | null;
  unitsUsed: number | null;
  seconds: number | null;
  /** Failed records plus failed invocations: what went wrong in the run. */
  errors: number;
  limitInfo: string | null;
  /** Per system (Salesforce, Pardot) one status per record; empty for runs written before the split. */
  systems: { system: 'salesforce' | 'pardot'; counts: StatusCounts }[];
  /** The run was a full sync (every contact and customer). */
  fullSync: boolean;
  /** Pardot's `x-api-usage` as the run last saw it ("used/max"), null when the run made no Pardot call. */
  pardotUsage: string | null;
}

function numberOr(value: unknown, fallback: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function parseStats(text: string | null): Record<string, unknown> {
  if (text === null || text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

function statusCounts(table: unknown): StatusCounts {
  const byStatus = (table !== null && typeof table === 'object' ? table : {}) as Record<string, unknown>;
  const count = (key: string): number => numberOr(byStatus[key], 0) ?? 0;
  return { completed: count('Completed'), skipped: count('Skipped'), failed: count('Failed'), retrying: count('Retrying'), waiting: count('Waiting') };
}

export function runFigures(row: RunSummaryRow): RunFigures {
  const stats = parseStats(row.stats);
  const byStatus = (stats.byStatus !== null && typeof stats.byStatus === 'object' ? stats.byStatus : {}) as Record<string, unknown>;
  const count = (key: string): number => numberOr(byStatus[key], 0) ?? 0;
  const iso = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/.exec(row.runId)?.[1] ?? null;
  const kind = row.runId.startsWith('push-') ? 'push' : row.runId.startsWith('pull-') ? 'pull' : 'other';
  const invocationErrors = Array.isArray(stats.errors) ? stats.errors.length : 0;
  const failed = count('Failed');
  const waiting = count('Waiting');
  return {
    runId: row.runId,
    kind,
    startedAt: iso,
    created: row.created,
    status: invocationErrors > 0 ? 'Errors' : failed > 0 ? 'Failures' : waiting > 0 ? 'Waiting' : row.status === 'Warning' ? 'Warning' : 'Completed',
    message: row.message,
    records: numberOr(stats.records, null) ?? numberOr(stats.results, 0) ?? 0,
    completed: count('Completed'),
    skipped: count('Skipped'),
    failed,
    retrying: count('Retrying'),
    waiting,
    apiCalls: numberOr(stats.apiCalls, null),
    unitsUsed: numberOr(stats.unitsUsed, null) ?? numberOr(stats.usage, null),
    seconds: numberOr(stats.seconds, null),
    errors: failed + invocationErrors,
    limitInfo: typeof stats.limitInfo === 'string' ? stats.limitInfo : null,
    pardotUsage: typeof stats.pardotUsage === 'string' ? stats.pardotUsage : null,
    fullSync: stats.fullSync === true,
    systems: (['salesforce', 'pardot'] as const).flatMap((system) => {
      const table: unknown = stats.bySystem !== null && typeof stats.bySystem === 'object' ? (stats.bySystem as Record<string, unknown>)[system] : undefined;
      return table === undefined ? [] : [{ system, counts: statusCounts(table) }];
    }),
  };
}
