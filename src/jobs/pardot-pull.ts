/**
 * The pull's Pardot part: prospects changed since the Pardot high-water mark (updatedAt). Pardot-owned
 * fields land on the matched NetSuite record; assigned prospects with no match create a contact (and its
 * company customer when none has that name). Runs in the pull map/reduce's reduce stage.
 */
import { tombstonedIds } from '../netsuite/tombstones';
import { explain } from '../core/reasons';
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS } from '../ids';
import { decideProspect, type PardotPullSettings, type ProspectChange, type ProspectDecision } from '../core/pardot-pull';
import type { PardotCounters } from '../pardot/client';
import { guarded, type QuotaBreaker } from '../core/quota';
import type { ProspectRow } from '../pardot/types';
import { pardotClient, salesforceTokens } from './connections';
import { loadSettings } from '../netsuite/config';
import { enqueue } from '../netsuite/queue';
import { createEntity, updateEntity } from '../netsuite/entity-writes';
import { prospectLookups } from '../netsuite/pardot-people';
import { accountFeatures, currentUser } from '../netsuite/script-context';

export const PROSPECT_FIELDS = ['id', 'email', 'firstName', 'lastName', 'company', 'score', 'grade', 'comments', 'campaignId', 'campaign.name', 'assignedTo.email', 'updatedAt'];

/** With a breaker, a daily or concurrency limit answer stops the read at once (the caller keeps the mark). */
export function changedProspects(since: string, limit: number, counters: PardotCounters, breaker?: QuotaBreaker): ProspectChange[] {
  const settings = loadSettings();
  const plain = pardotClient(settings, salesforceTokens(settings), counters);
  const client = breaker === undefined ? plain : guarded(plain, breaker, () => counters.apiUsage, () => new Date());
  return client.changedSince(since, PROSPECT_FIELDS, limit).map(toChange);
}

/** A prospect row as the Pardot pull's decisions take it (reconcile reads prospects the same way). */
export function toChange(row: ProspectRow): ProspectChange {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
  return {
    id: row.id,
    email: text(row.email),
    firstName: text(row.firstName),
    lastName: text(row.lastName),
    company: text(row.company),
    score: typeof row.score === 'number' ? row.score : null,
    grade: text(row.grade),
    campaign: text(row['campaign.name'] ?? row.campaign?.name),
    comments: text(row.comments),
    assignedUserEmail: text(row['assignedTo.email'] ?? row.assignedTo?.email),
    updatedAt: row.updatedAt,
  };
}


/** What applying a prospect left behind: the company customer it created (for the rest of the batch), and warnings. */
export interface AppliedProspect {
  createdCompanyId: string | null;
  warnings: { code: 'ENTITY_ID_TAKEN'; message: string }[];
}

function takenWarning(type: string, taken: string | null, crmId: string): AppliedProspect['warnings'] {
  return taken === null ? [] : [{ code: 'ENTITY_ID_TAKEN', message: `A ${type} named "${taken}" already exists and Auto-Generated Numbering is off: created as "${taken} (${crmId})".` }];
}

export function applyProspect(decision: ProspectDecision, now: Date): AppliedProspect {
  const applied: AppliedProspect = { createdCompanyId: null, warnings: [] };
  if (decision.action === 'update') {
    updateEntity(decision.recordType, decision.netsuiteId, decision.values);
    return applied;
  }
  if (decision.action !== 'create') return applied;
  const { pardot } = loadSettings();
  const crmId = decision.prospectId;
  let companyId = decision.companyId;
  if (companyId === null && decision.newCustomer !== null) {
    // Only OneWorld accounts have a subsidiary field (setting it elsewhere fails); NetSuite then picks none.
    const subsidiary = accountFeatures().oneWorld ? { subsidiary: pardot.subsidiaryId ?? String(currentUser().subsidiary) } : {};
    const company = createEntity('customer', { ...decision.newCustomer, ...subsidiary, [ENTITY_FIELDS.pulledAt]: now.toISOString() }, crmId);
    companyId = company.id;
    applied.createdCompanyId = company.id;
    applied.warnings.push(...takenWarning('customer', company.entityIdTaken, crmId));
    enqueue({ recordType: 'customer', recordId: companyId, customerId: companyId, operation: 'upsert', externalId: null, queueId: null, now });
  }
  const contact = createEntity('contact', { ...decision.contact, company: companyId, [ENTITY_FIELDS.pulledAt]: now.toISOString() }, crmId);
  applied.warnings.push(...takenWarning('contact', contact.entityIdTaken, crmId));
  // The push then gives the prospect the company's sales rep as assigned user (the rep overrides Pardot).
  enqueue({ recordType: 'contact', recordId: contact.id, customerId: companyId, operation: 'upsert', externalId: null, queueId: null, now });
  return applied;
}

export function decideProspects(changes: readonly ProspectChange[]): ProspectDecision[] {
  const { pardot } = loadSettings();
  const settings: PardotPullSettings = {
    stopPackageFields: pardot.stopPackageFields,
    fields: { ...PARDOT_OWNED_FIELDS, prospectId: ENTITY_FIELDS.pardotId },
  };
  const lookups = prospectLookups(changes);
  const decisions = changes.map((change) => decideProspect(change, lookups, settings));
  // A prospect whose NetSuite record was deleted (its tombstone) never creates it again.
  const creates = decisions.filter((d) => d.action === 'create').map((d) => d.prospectId);
  const tombstoned = creates.length === 0 ? new Set<string>() : tombstonedIds(creates, 'pardotId');
  return decisions.map((d) => (d.action === 'create' && tombstoned.has(d.prospectId)
    ? { action: 'skip', recordType: 'contact', netsuiteId: null, code: 'NETSUITE_RECORD_DELETED', message: `${explain('NETSUITE_RECORD_DELETED')} (its tombstone keeps Pardot prospect ${d.prospectId} out)`, updatedAt: d.updatedAt, prospectId: d.prospectId }
    : d));
}
