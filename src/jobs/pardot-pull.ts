/**
 * The pull's Pardot part: prospects changed since the Pardot high-water mark (updatedAt). Pardot-owned
 * fields land on the matched NetSuite record; assigned prospects with no match create a contact (and its
 * company customer when none has that name). Runs in the pull map/reduce's reduce stage.
 */
import { ENTITY_FIELDS, PARDOT_OWNED_FIELDS } from '../ids';
import { decideProspect, type PardotPullSettings, type ProspectChange, type ProspectDecision } from '../core/pardot-pull';
import type { PardotCounters } from '../pardot/client';
import type { ProspectRow } from '../pardot/types';
import { pardotClient, salesforceTokens } from './connections';
import { loadSettings } from '../netsuite/config';
import { enqueue } from '../netsuite/queue';
import { createEntity, updateEntity } from '../netsuite/entity-writes';
import { prospectLookups } from '../netsuite/pardot-people';
import { accountFeatures, currentUser } from '../netsuite/script-context';

export const PROSPECT_FIELDS = ['id', 'email', 'firstName', 'lastName', 'company', 'score', 'grade', 'comments', 'campaignId', 'campaign.name', 'assignedTo.email', 'updatedAt'];

export function changedProspects(since: string, limit: number, counters: PardotCounters): ProspectChange[] {
  const settings = loadSettings();
  const client = pardotClient(settings, salesforceTokens(settings), counters);
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


export function applyProspect(decision: ProspectDecision, now: Date): void {
  if (decision.action === 'update') {
    updateEntity(decision.recordType, decision.netsuiteId, decision.values);
    return;
  }
  if (decision.action !== 'create') return;
  const { pardot } = loadSettings();
  let companyId = decision.companyId;
  if (companyId === null && decision.newCustomer !== null) {
    // Only OneWorld accounts have a subsidiary field (setting it elsewhere fails); NetSuite then picks none.
    const subsidiary = accountFeatures().oneWorld ? { subsidiary: pardot.subsidiaryId ?? String(currentUser().subsidiary) } : {};
    companyId = createEntity('customer', { ...decision.newCustomer, ...subsidiary, [ENTITY_FIELDS.pulledAt]: now.toISOString() });
    enqueue({ recordType: 'customer', recordId: companyId, customerId: companyId, operation: 'upsert', externalId: null, queueId: null, now });
  }
  const contactId = createEntity('contact', { ...decision.contact, company: companyId, [ENTITY_FIELDS.pulledAt]: now.toISOString() });
  // The push then gives the prospect the company's sales rep as assigned user (the rep overrides Pardot).
  enqueue({ recordType: 'contact', recordId: contactId, customerId: companyId, operation: 'upsert', externalId: null, queueId: null, now });
}

export function decideProspects(changes: readonly ProspectChange[]): ProspectDecision[] {
  const { pardot } = loadSettings();
  const settings: PardotPullSettings = {
    stopPackageFields: pardot.stopPackageFields,
    fields: { ...PARDOT_OWNED_FIELDS, prospectId: ENTITY_FIELDS.pardotId },
  };
  const lookups = prospectLookups(changes);
  return changes.map((change) => decideProspect(change, lookups, settings));
}
