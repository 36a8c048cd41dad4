/**
 * Prospect domain rules shared by the wire handlers and the test/ops API: reference checks, duplicate-email policy,
 * update-with-timestamp semantics and the upsertLatestByEmail match.
 */
import { PardotApiError, PardotCode } from './errors';
import { GRADES, STORED_DATETIME_FIELDS, STRUCTURAL_FIELDS, type FieldValue, type ProspectSchema } from './fields';
import type { ResolvedOptions } from './options';
import type { Directory, ProspectState, ProspectStore } from './store';
import { parseTimestamp, type Clock } from './time';

export interface ServiceDeps {
  readonly options: ResolvedOptions;
  readonly schema: ProspectSchema;
  readonly store: ProspectStore;
  readonly directory: Directory;
  readonly clock: Clock;
}

export class ProspectService {
  private readonly deps: ServiceDeps;

  constructor(deps: ServiceDeps) {
    this.deps = deps;
  }

  emailMatches(stored: FieldValue | undefined, wanted: string): boolean {
    if (typeof stored !== 'string') return false;
    return this.deps.options.emailMatching === 'case-sensitive' ? stored === wanted : stored.toLowerCase() === wanted.toLowerCase();
  }

  /** campaignId and userId must name existing objects (codes 38 and 10 [S70]). */
  checkReferences(values: Readonly<Record<string, FieldValue>>): void {
    const campaignId = values['campaignId'];
    if (typeof campaignId === 'number' && !this.deps.directory.campaigns.has(campaignId)) {
      throw new PardotApiError(400, PardotCode.INVALID_CAMPAIGN_ID, String(campaignId));
    }
    const userId = values['userId'];
    if (typeof userId === 'number' && !this.deps.directory.users.has(userId)) {
      throw new PardotApiError(400, PardotCode.INVALID_USER_ID, String(userId));
    }
  }

  /** Without AMPSEA an email belongs to one live prospect (create → 9, update → 54). */
  checkDuplicateEmail(email: FieldValue | undefined, mode: 'create' | 'update', exceptId?: number): void {
    if (this.deps.options.allowDuplicateEmails || typeof email !== 'string') return;
    const clash = this.deps.store
      .primaryByEmailIgnoringCase(email)
      .some((s) => !s.isDeleted && s.id !== exceptId && this.emailMatches(s.values['email'], email));
    if (clash) {
      throw new PardotApiError(400, mode === 'create' ? PardotCode.EMAIL_ALREADY_EXISTS : PardotCode.EMAIL_IN_USE, email);
    }
  }

  create(values: Readonly<Record<string, FieldValue>>): ProspectState {
    return this.deps.store.insert({ ...this.deps.schema.defaults(), ...values }, this.deps.clock.stamp());
  }

  /**
   * Applies `values`; updatedAt moves only when something changed (or `force`), so a sync that writes back what it
   * read does not see its own echo as a new change. Undeleting always counts as a change.
   */
  update(state: ProspectState, values: Readonly<Record<string, FieldValue>>, opts: { force?: boolean; undelete?: boolean } = {}): ProspectState {
    const changed = Object.entries(values).some(([k, v]) => (state.values[k] ?? null) !== v);
    const undelete = opts.undelete === true && state.isDeleted;
    if (!changed && !undelete && opts.force !== true && !this.deps.options.bumpUpdatedAtOnNoop) return state;
    const stamp = this.deps.clock.stamp();
    const next: ProspectState = {
      ...state,
      values: { ...state.values, ...values },
      updatedAtMs: stamp,
      isDeleted: undelete ? false : state.isDeleted,
    };
    return this.deps.store.commit(next, stamp, this.deps.clock.nowMs());
  }

  softDelete(state: ProspectState): ProspectState {
    const stamp = this.deps.clock.stamp();
    return this.deps.store.commit({ ...state, isDeleted: true, updatedAtMs: stamp }, stamp, this.deps.clock.nowMs());
  }

  /**
   * upsertLatestByEmail target: the latest live prospect whose email matches; when all matches are deleted and
   * `secondaryDeletedSearch` is set, the latest deleted one (to be undeleted) [S61][S62].
   */
  findUpsertTarget(email: string, secondaryDeletedSearch: boolean): ProspectState | undefined {
    const matches = this.deps.store.primaryByEmailIgnoringCase(email).filter((s) => this.emailMatches(s.values['email'], email));
    const live = matches.filter((s) => !s.isDeleted);
    const pool = live.length > 0 ? live : secondaryDeletedSearch ? matches : [];
    return pool.sort((a, b) => this.recency(b) - this.recency(a) || b.id - a.id)[0];
  }

  private recency(state: ProspectState): number {
    if (this.deps.options.upsertMatchBy === 'lastActivityAt') {
      const activity = state.values['lastActivityAt'];
      return typeof activity === 'number' ? activity : Number.NEGATIVE_INFINITY;
    }
    return state.updatedAtMs;
  }

  /**
   * Validation for the ops API (seeding and "marketer" edits), which may set read-only fields such as grade,
   * optedOut or the salesforce* ids but must still produce values the wire could have produced.
   */
  coerceOps(fields: Readonly<Record<string, unknown>>): Record<string, FieldValue> {
    const out: Record<string, FieldValue> = {};
    for (const [name, raw] of Object.entries(fields)) {
      const spec = this.deps.schema.get(name);
      if (!spec || STRUCTURAL_FIELDS.has(name)) throw new Error(`cannot set prospect field "${name}" through the ops API`);
      out[name === 'assignedToId' ? 'userId' : name] = coerceOpsValue(name, spec.type, raw, this.deps.options.timeZoneOffsetMinutes);
    }
    this.checkReferences(out);
    return out;
  }
}

function coerceOpsValue(name: string, type: string, raw: unknown, offsetMinutes: number): FieldValue {
  if (raw === null) return null;
  const fail = (): never => {
    throw new Error(`invalid value for ${name}: ${JSON.stringify(raw)}`);
  };
  if (STORED_DATETIME_FIELDS.has(name)) {
    if (raw instanceof Date) return raw.getTime();
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'string') return parseTimestamp(raw, offsetMinutes) ?? fail();
    return fail();
  }
  switch (type) {
    case 'grade':
      return typeof raw === 'string' && (GRADES as readonly string[]).includes(raw) ? raw : fail();
    case 'integer':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : fail();
    case 'boolean':
      return typeof raw === 'boolean' ? raw : fail();
    default:
      return typeof raw === 'string' ? raw : fail();
  }
}
