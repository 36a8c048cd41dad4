/**
 * Call accounting for tests and benchmarks. `apiCalls` counts every request the emulator received (including ones
 * failed by limits or injected faults), because that is what a sync's call budget pays for on the client side.
 * The Pardot-side daily usage (`apiCallsUsed`, code 122) is tracked separately in the emulator.
 */

export const CALL_KINDS = ['create', 'read', 'update', 'delete', 'upsert', 'query', 'account', 'batch', 'other'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export interface RecordedRequest {
  readonly method: string;
  /** URL path without the query string. */
  readonly path: string;
  /** Raw query string without the leading "?", '' when none. */
  readonly query: string;
  readonly kind: CallKind;
  /** HTTP status returned, or 'timeout' when EmulatedTimeout was thrown. */
  status: number | 'timeout';
}

export interface PardotCounters {
  readonly apiCalls: number;
  readonly byKind: Readonly<Record<CallKind, number>>;
  readonly requests: readonly RecordedRequest[];
}

export class CallCounter {
  private requests: RecordedRequest[] = [];

  record(entry: RecordedRequest): RecordedRequest {
    this.requests.push(entry);
    return entry;
  }

  snapshot(): PardotCounters {
    const byKind = Object.fromEntries(CALL_KINDS.map((k) => [k, 0])) as Record<CallKind, number>;
    for (const r of this.requests) byKind[r.kind] += 1;
    return { apiCalls: this.requests.length, byKind, requests: this.requests.map((r) => ({ ...r })) };
  }

  reset(): void {
    this.requests = [];
  }
}

/** Classifies a request by route so counters can say "3 upserts, 1 query". */
export function classify(method: string, segments: readonly string[]): CallKind {
  // segments: path after /api/v5/objects, e.g. ['prospects'], ['prospects', '12'], ['prospects', 'do', 'upsertLatestByEmail']
  const [object, second, third] = segments;
  if (object === 'v4-batch') return 'batch';
  if (object === 'account') return 'account';
  if (object === 'prospects') {
    if (second === 'do' && third === 'upsertLatestByEmail') return 'upsert';
    if (second === undefined) return method === 'POST' ? 'create' : method === 'GET' ? 'query' : 'other';
    if (method === 'GET') return 'read';
    if (method === 'PATCH') return 'update';
    if (method === 'DELETE') return 'delete';
    return 'other';
  }
  if (object === 'campaigns' && method === 'GET') return second === undefined ? 'query' : 'read';
  return 'other';
}
