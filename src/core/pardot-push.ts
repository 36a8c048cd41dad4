/**
 * NetSuite → Pardot for one batch: first sync links by email (upsertLatestByEmail only where auto-create
 * applies), later syncs update by the stored prospect id. Pardot v5 has no batch write, so each prospect is
 * one call; unchanged payloads cost none.
 */
import { isCrmTransportError } from './errors';
import { classifyPardot } from './failures';
import { buildProspectPayload, type ProspectSource, type ProspectValues } from './mapping/to-pardot-prospect';
import type { Outcome, WorkItem } from './model';
import { completed, failed, forPardot, retrying, skipped } from './outcomes';
import type { ReasonCode } from './reasons';

/** A per-prospect error Pardot answered with ({code, message}); whole-request failures are CrmTransportErrors. */
export class PardotRecordError extends Error {
  readonly pardotCode: number;
  constructor(pardotCode: number, message: string) {
    super(message);
    this.name = 'PardotRecordError';
    this.pardotCode = pardotCode;
  }
}

export interface PardotApi {
  /** Prospects whose email equals `email` exactly (Pardot matches case-sensitively). */
  findByEmail(email: string): { id: number }[];
  upsertLatestByEmail(email: string, values: ProspectValues): { id: number; created: boolean };
  update(id: number, values: ProspectValues): void;
}

export interface PardotPushSettings {
  autoCreate: boolean;
  /** ISO time auto-create was turned on; only records created after it create prospects. */
  autoCreateSince: string | null;
  maxAttempts: number;
}

export interface ProspectSubject {
  item: WorkItem;
  source: ProspectSource;
  /** The email exactly as stored in NetSuite (may differ in case from the normalised one). */
  rawEmail: string | null;
  prospectId: string | null;
  syncedHash: string | null;
  createdAt: string | null;
  /** Why this record must not sync with Pardot (lock, partner, portal), if so. */
  excluded: ReasonCode | null;
}

export interface PardotPushDeps {
  pardot: PardotApi;
  settings: PardotPushSettings;
  now: () => Date;
}


/** NetSuite shows creation times to the minute, so the setting's time is compared at that precision too. */
function mayAutoCreate(subject: ProspectSubject, settings: PardotPushSettings): boolean {
  if (!settings.autoCreate || settings.autoCreateSince === null || subject.createdAt === null) return false;
  return subject.createdAt.slice(0, 16) >= settings.autoCreateSince.slice(0, 16);
}

function pushOne(deps: PardotPushDeps, subject: ProspectSubject): Outcome {
  const { item } = subject;
  if (subject.excluded !== null) return skipped(item, subject.excluded);
  const payload = buildProspectPayload(subject.source);
  if (!payload.ok) return payload.code === 'NO_EMAIL' ? skipped(item, 'NO_EMAIL', payload.message) : failed(item, payload.code, payload.message);
  if (subject.prospectId !== null && subject.syncedHash === payload.hash) return completed(item, 'skip', subject.prospectId, payload.hash, 'NO_CHANGE');
  try {
    if (subject.prospectId !== null) {
      deps.pardot.update(Number(subject.prospectId), payload.values);
      return completed(item, 'update', subject.prospectId, payload.hash);
    }
    // Pardot matches case-sensitively: a prospect may exist under the address exactly as NetSuite holds it.
    // Where auto-create applies, upsertLatestByEmail itself matches the normalised address (one call).
    const autoCreate = mayAutoCreate(subject, deps.settings);
    const lookups = [...new Set([...(autoCreate ? [] : [payload.email]), subject.rawEmail ?? payload.email])].filter((e) => !autoCreate || e !== payload.email);
    for (const email of lookups) {
      const existing = deps.pardot.findByEmail(email)[0];
      if (existing !== undefined) {
        deps.pardot.update(existing.id, payload.values);
        return completed(item, 'update', String(existing.id), payload.hash, 'MATCHED_BY_EMAIL');
      }
    }
    if (!autoCreate) return skipped(item, 'PROSPECT_NOT_AUTO_CREATED');
    const result = deps.pardot.upsertLatestByEmail(payload.email, payload.values);
    return completed(item, result.created ? 'create' : 'update', String(result.id), payload.hash);
  } catch (error) {
    if (error instanceof PardotRecordError) {
      const c = classifyPardot({ pardotCode: error.pardotCode });
      const outcome = c.transient ? retrying(item, c.code, error.message, deps.now(), deps.settings.maxAttempts) : failed(item, c.code, error.message);
      return { ...outcome, clearLink: c.clearLink };
    }
    if (isCrmTransportError(error)) {
      return error.transient ? retrying(item, error.code, error.message, deps.now(), deps.settings.maxAttempts) : failed(item, error.code, error.message);
    }
    throw error;
  }
}

export function pushProspects(deps: PardotPushDeps, subjects: readonly ProspectSubject[]): Outcome[] {
  return subjects.map((subject) => forPardot(pushOne(deps, subject)));
}
