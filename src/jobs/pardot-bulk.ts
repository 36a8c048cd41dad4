/**
 * The run's Pardot bulk, before its batches (see src/core/pardot-bulk.ts): for a run with at least PARDOT_BULK_MIN
 * prospects to sync, the records are read 200 at a time (the batch's own reads, so the same rules decide), written to
 * Pardot 50 a call, and the results go into the batch payloads. Small runs ("Sync now", a save) stay per record.
 */
import * as log from 'N/log';
import { bulkPushProspects, emailIndex, PARDOT_BATCH_LIMIT, PARDOT_BULK_MIN, PARDOT_PAGE, type BulkResult } from '../core/pardot-bulk';
import { subjectKey, type FoundProspect, type ProspectSubject } from '../core/pardot-push';
import { normaliseEmail } from '../core/mapping/email';
import { prospectsInOtherCase } from '../netsuite/pardot-email-case';
import type { PardotClient } from '../pardot/client';
import { readState } from '../netsuite/state';
import { watermarkKey } from './pull';
import type { WorkItem } from '../core/model';
import { guarded } from '../core/quota';
import { isCrmTransportError } from '../core/errors';
import { loadSettings } from '../netsuite/config';
import { unitsLeftFor } from '../netsuite/governance';
import { prospectSubjects } from '../netsuite/pardot-subjects';
import { pardotUsers } from '../netsuite/pardot-users';
import { newPardotCounters } from '../pardot/client';
import { pardotClient, salesforceTokens } from './connections';
import { closeBreakers, openBreakers } from './quota';

/** Records read per slice: the email searches of pardot-subjects OR one filter per address, and read ≤ 1,000 rows. */
const SLICE = 200;
/** Units a slice's reads need, plus a reserve for the Pardot calls (10 units each) and the rest of getInputData. */
const UNITS_PER_SLICE = 1500;

export function pardotUpFront(runId: string, items: readonly WorkItem[], keepReserve: boolean): { results: Map<string, BulkResult>; calls: number } {
  const results = new Map<string, BulkResult>();
  const settings = loadSettings();
  const people = items.filter((i) => i.operation !== 'delete');
  if (!settings.pardot.enabled || people.length < PARDOT_BULK_MIN) return { results, calls: 0 };
  const counters = newPardotCounters();
  const now = (): Date => new Date();
  const quota = openBreakers({ runId, keepReserve, reservePercent: settings.sync.apiReservePercent }, now());
  const client = guarded(pardotClient(settings, salesforceTokens(settings), counters), quota.breakers.pardot, () => counters.apiUsage, now);
  let users: Map<string, number> | null = null;
  let existing: Map<string, number> | null | undefined;
  const deps = {
    pardot: client,
    settings: { autoCreate: settings.pardot.autoCreate, autoCreateSince: settings.pardot.autoCreateSince, maxAttempts: settings.sync.maxAttempts, connectorCreates: settings.pardot.connectorCreates },
    now,
    // One read of the business unit's prospects per run, bounded by one page per 50 records (what per-record lookups would cost / 50).
    existing: (): Map<string, number> | null => {
      if (existing === undefined) {
        const scan = client.scanProspects(Math.ceil(people.length / PARDOT_BATCH_LIMIT));
        existing = scan.complete ? emailIndex(scan.rows) : null;
      }
      return existing;
    },
  };
  try {
    // Read every slice first, then write: the 50-prospect calls are full across slice boundaries.
    const subjects: ProspectSubject[] = [];
    for (let i = 0; i < people.length; i += SLICE) {
      if (!unitsLeftFor(UNITS_PER_SLICE) || quota.breakers.pardot.stop !== null) break;
      subjects.push(...prospectSubjects(people.slice(i, i + SLICE), settings.pardot, (email) => {
        users ??= pardotUsers(() => client.users());
        return users.get(email) ?? null;
      }));
    }
    for (const [key, result] of bulkPushProspects(deps, subjects)) results.set(key, result);
  } catch (error) {
    // A user lookup stopped by a limit: what is settled stays, the rest syncs per record in its batch.
    if (!isCrmTransportError(error)) throw error;
    log.audit({ title: 'crmsync push: Pardot bulk stopped, batches sync the rest per record', details: `${error.code}: ${error.message}` });
  } finally {
    closeBreakers(quota);
  }
  return { results, calls: counters.calls };
}

/** The results of a batch's own records, for its payload. */
export function bulkResultsFor(results: ReadonlyMap<string, BulkResult>, items: readonly WorkItem[]): Record<string, BulkResult> | undefined {
  const mine = items.flatMap((i) => {
    const result = results.get(subjectKey({ item: i }));
    return result === undefined ? [] : [[subjectKey({ item: i }), result] as const];
  });
  return mine.length === 0 ? undefined : Object.fromEntries(mine);
}

/**
 * The per-record push's lookup of prospects stored with the address in another case, made only when Pardot's exact
 * and lower-case lookups found nothing:
 * 1. the prospects the Pardot pull noted so (src/netsuite/pardot-email-case.ts): one State search for the batch's
 *    addresses; each id is read back from Pardot (one call) and used only if its email still matches, whatever the case;
 * 2. else the prospects changed since the Pardot pull's mark, which no pull has read yet (a prospect made or edited in
 *    Pardot since): v5 queries on updatedAt (1,000 a page, up to RECENT_PAGES pages) per batch, matched in lower case;
 * 3. before the first Pardot pull (no mark) the business unit itself, when one page holds it all.
 * Where neither read is complete (a first pull still to come in a large unit, or more changes since the mark than the
 * pages hold) it answers null: the record waits (PARDOT_CASE_UNCHECKED) rather than create a second prospect.
 */
export function knownProspectsFor(client: Pick<PardotClient, 'readProspect' | 'changedSince' | 'scanProspects'>, subjects: readonly ProspectSubject[]): (email: string) => FoundProspect[] | null {
  let recorded: Map<string, number[]> | null = null;
  let recent: { id: number; email: string; salesforceContactId: string | null }[] | null | undefined;
  return (email) => {
    const wanted = normaliseEmail(email);
    recorded ??= prospectsInOtherCase(subjects.flatMap((s) => {
      const address = s.source.fields.email ?? null;
      return address === null || address.trim() === '' ? [] : [address];
    }));
    const noted = (recorded.get(wanted) ?? []).flatMap((id) => {
      const prospect = client.readProspect(id);
      return prospect !== null && normaliseEmail(prospect.email) === wanted ? [{ id: prospect.id, salesforceContactId: prospect.salesforceContactId }] : [];
    });
    if (noted.length > 0) return noted;
    if (recent === undefined) recent = unreadProspects(client);
    if (recent === null) return null;
    return recent.filter((p) => normaliseEmail(p.email) === wanted).sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, salesforceContactId: p.salesforceContactId }));
  };
}

/** Pages of changes since the Pardot pull's mark read for one batch; beyond them the batch waits for the pull. */
const RECENT_PAGES = 5;

/** The prospects no Pardot pull has read yet, or null when they are more than this batch may read. */
function unreadProspects(client: Pick<PardotClient, 'changedSince' | 'scanProspects'>): { id: number; email: string; salesforceContactId: string | null }[] | null {
  const mark = readState(watermarkKey('Prospect'));
  if (mark === null) {
    const unit = client.scanProspects(1);
    return unit.complete ? unit.rows.flatMap((row) => (typeof row.email === 'string' ? [{ id: row.id, email: row.email, salesforceContactId: null }] : [])) : null;
  }
  const limit = RECENT_PAGES * PARDOT_PAGE;
  const rows = client.changedSince(mark, ['id', 'email', 'salesforceContactId'], limit);
  if (rows.length >= limit) return null;
  return rows.flatMap((row) => (typeof row.email === 'string'
    ? [{ id: row.id, email: row.email, salesforceContactId: typeof row.salesforceContactId === 'string' ? row.salesforceContactId : null }]
    : []));
}
