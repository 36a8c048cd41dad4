/**
 * In-memory Pardot data: prospects (with a version history so reads can lag writes), campaigns and users.
 * Records are immutable snapshots; every write appends a new one, which is what makes the stale-read view cheap.
 */
import type { FieldValue } from './fields';

export interface ProspectState {
  readonly id: number;
  /** Every non-structural field; datetimes (lastActivityAt, salesforceLastSync) as epoch ms. */
  readonly values: Readonly<Record<string, FieldValue>>;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly isDeleted: boolean;
}

export interface Campaign {
  readonly id: number;
  readonly name: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly isDeleted: boolean;
}

export interface User {
  readonly id: number;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

interface Version {
  readonly committedAtMs: number;
  readonly state: ProspectState;
}

export class ProspectStore {
  private readonly history = new Map<number, Version[]>();
  /** Lower-cased email → ids; a superset for either matching mode, so upserts stay O(matches) in benchmarks. */
  private readonly byEmail = new Map<string, Set<number>>();
  private nextId = 1;
  private readonly lagMs: number;

  constructor(lagMs: number) {
    this.lagMs = lagMs;
  }

  insert(values: Record<string, FieldValue>, stampMs: number): ProspectState {
    const state: ProspectState = { id: this.nextId++, values: { ...values }, createdAtMs: stampMs, updatedAtMs: stampMs, isDeleted: false };
    this.history.set(state.id, [{ committedAtMs: stampMs, state }]);
    this.index(state.id, undefined, state.values['email']);
    return state;
  }

  /** Appends a new version; returns it. */
  commit(next: ProspectState, stampMs: number, nowMs: number): ProspectState {
    const versions = this.history.get(next.id);
    if (!versions) throw new Error(`prospect ${next.id} does not exist`);
    this.index(next.id, versions.at(-1)?.state.values['email'], next.values['email']);
    versions.push({ committedAtMs: stampMs, state: next });
    this.prune(versions, nowMs);
    return next;
  }

  /** The authoritative (primary) state, as writes and the ops API see it. */
  primary(id: number): ProspectState | undefined {
    return this.history.get(id)?.at(-1)?.state;
  }

  primaryAll(): ProspectState[] {
    const out: ProspectState[] = [];
    for (const versions of this.history.values()) {
      const last = versions.at(-1);
      if (last) out.push(last.state);
    }
    return out;
  }

  /** Primary states whose email equals `email` ignoring case; callers apply the exact matching rule. */
  primaryByEmailIgnoringCase(email: string): ProspectState[] {
    const ids = this.byEmail.get(email.toLowerCase());
    if (!ids) return [];
    return [...ids].map((id) => this.primary(id)).filter((s): s is ProspectState => s !== undefined);
  }

  private index(id: number, before: FieldValue | undefined, after: FieldValue | undefined): void {
    if (before === after) return;
    if (typeof before === 'string') this.byEmail.get(before.toLowerCase())?.delete(id);
    if (typeof after === 'string') {
      const key = after.toLowerCase();
      const ids = this.byEmail.get(key) ?? new Set<number>();
      ids.add(id);
      this.byEmail.set(key, ids);
    }
  }

  /** What a v5 read served from the (possibly lagging) cache sees at `nowMs`. */
  visible(id: number, nowMs: number): ProspectState | undefined {
    const versions = this.history.get(id);
    return versions ? this.asOf(versions, nowMs) : undefined;
  }

  visibleAll(nowMs: number): ProspectState[] {
    const out: ProspectState[] = [];
    for (const versions of this.history.values()) {
      const state = this.asOf(versions, nowMs);
      if (state) out.push(state);
    }
    return out;
  }

  private asOf(versions: Version[], nowMs: number): ProspectState | undefined {
    if (this.lagMs <= 0) return versions.at(-1)?.state;
    const cutoff = nowMs - this.lagMs;
    for (let i = versions.length - 1; i >= 0; i--) {
      const version = versions[i]!;
      if (version.committedAtMs <= cutoff) return version.state;
    }
    return undefined;
  }

  /** Keeps only the versions a lagging reader can still see, so long runs do not grow without bound. */
  private prune(versions: Version[], nowMs: number): void {
    if (this.lagMs <= 0) {
      versions.splice(0, versions.length - 1);
      return;
    }
    const cutoff = nowMs - this.lagMs;
    let keepFrom = 0;
    for (let i = versions.length - 1; i >= 0; i--) {
      if (versions[i]!.committedAtMs <= cutoff) {
        keepFrom = i;
        break;
      }
    }
    if (keepFrom > 0) versions.splice(0, keepFrom);
  }
}

export class Directory {
  readonly campaigns = new Map<number, Campaign>();
  readonly users = new Map<number, User>();

  addCampaign(input: { id?: number; name: string; isDeleted?: boolean }, stampMs: number): number {
    const id = input.id ?? nextKey(this.campaigns);
    this.campaigns.set(id, { id, name: input.name, createdAtMs: stampMs, updatedAtMs: stampMs, isDeleted: input.isDeleted ?? false });
    return id;
  }

  addUser(input: { id?: number; email: string; firstName?: string; lastName?: string }): number {
    const id = input.id ?? nextKey(this.users);
    this.users.set(id, { id, email: input.email, firstName: input.firstName ?? null, lastName: input.lastName ?? null });
    return id;
  }
}

function nextKey(map: Map<number, unknown>): number {
  let max = 0;
  for (const key of map.keys()) max = Math.max(max, key);
  return max + 1;
}
