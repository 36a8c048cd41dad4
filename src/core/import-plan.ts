/**
 * Preview of "Import from Salesforce" (the pull's initial load): the pull's own decisions (planPullBatch), turned into
 * plan rows — create in NetSuite, link an existing NetSuite record (by its stored NetSuite id, by email, or by company
 * name), update a linked record, unchanged, skip or fail with the reason, or apply a Salesforce delete or merge. Nothing
 * here decides anything: it reads the decisions and the lookups they were made from.
 */
import { ENTITY_FIELDS } from '../ids';
import { normaliseEmail } from './mapping/email';
import type { FieldChange, PlannedOutcome, PlanRow } from './preview';
import type { LocalCustomer, PlannedPullRow, PullLookups, SalesforceRow } from './pull';
import type { ReasonCode } from './reasons';

const REMOVAL_CODES: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['SF_MERGED_RELINKED', 'SF_MERGED_SURVIVOR_LINKED', 'SF_DELETED_UNLINKED', 'SF_DELETED_INACTIVATED']);

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Whether the row links a NetSuite record that no Salesforce record was linked to (or another one was). */
function links(planned: PlannedPullRow, lookups: PullLookups): boolean {
  const { decision } = planned;
  if (decision.netsuiteId === null) return false;
  const local = decision.recordType === 'contact' ? lookups.contactsById.get(decision.netsuiteId) : lookups.customersById.get(decision.netsuiteId);
  return local !== undefined && local.salesforceId !== decision.salesforceId;
}

function outcomeOf(planned: PlannedPullRow, lookups: PullLookups): PlannedOutcome {
  const { decision } = planned;
  if (REMOVAL_CODES.has(decision.code)) return 'delete';
  if (decision.action === 'fail') return 'fail';
  if (decision.action === 'create') return 'create';
  if (decision.action === 'update') return links(planned, lookups) ? 'link' : 'update';
  // A linked record whose values already match Salesforce's.
  return decision.code === 'ECHO_OF_OWN_WRITE' && decision.netsuiteId !== null ? 'unchanged' : 'skip';
}

/** How a link was found, in the admin's words. */
function linkedBy(row: SalesforceRow, netsuiteId: string, object: 'Account' | 'Contact'): string {
  if (row.Oracle_netsuiteid__c === netsuiteId) return 'the NetSuite id the Salesforce record carries';
  return object === 'Contact' ? 'email' : 'company name';
}

/** The plan row of one decision, with the NetSuite fields it would write (bookkeeping fields left out). */
export function importPlanRow(object: 'Account' | 'Contact', planned: PlannedPullRow, lookups: PullLookups): PlanRow {
  const { decision, row } = planned;
  const outcome = outcomeOf(planned, lookups);
  const local = decision.netsuiteId === null ? undefined
    : decision.recordType === 'contact' ? lookups.contactsById.get(decision.netsuiteId) : lookups.customersById.get(decision.netsuiteId);
  const changes: FieldChange[] = [];
  if (outcome === 'create' || outcome === 'link' || outcome === 'update' || outcome === 'delete') {
    for (const [field, value] of Object.entries(decision.values)) {
      if (field.startsWith('custentity_crmsync_') && field !== ENTITY_FIELDS.salesforceId) continue;
      const from = outcome === 'create' ? '' : text(local?.fields[field] ?? (field === ENTITY_FIELDS.salesforceId ? local?.salesforceId : undefined));
      const to = text(value);
      if (from !== to) changes.push({ field, from, to });
    }
  }
  // Other unlinked NetSuite contacts with the email: the pull links the first; an admin may want another.
  const email = object === 'Contact' && typeof row.Email === 'string' ? normaliseEmail(row.Email) : '';
  const alsoMatching = outcome === 'link' && email !== ''
    ? (lookups.contactsByEmail.get(email) ?? []).filter((c) => c.salesforceId === null && c.id !== decision.netsuiteId).map((c) => c.id)
    : [];
  const message = outcome === 'link' && decision.netsuiteId !== null
    ? `Links NetSuite ${decision.recordType} ${decision.netsuiteId} by ${linkedBy(row, decision.netsuiteId, object)}. ${decision.message}`
    : decision.message;
  return {
    object, recordType: decision.recordType, recordId: decision.netsuiteId ?? '', outcome, code: decision.code, externalId: decision.salesforceId,
    changes, alsoMatching, message,
  };
}

/**
 * The lookups of a contact batch as the import's Account stage leaves them: the import applies Accounts before the
 * contacts (map stage), so a customer an Account decision links (by its NetSuite id or its name) is linked when the
 * contacts are decided. `accounts` are the Account stage's decisions for the Accounts these contacts belong to.
 */
export function afterAccountStage(lookups: PullLookups, accounts: readonly PlannedPullRow[], accountLookups: PullLookups): PullLookups {
  const bySalesforceId = new Map(lookups.customersBySalesforceId);
  const byId = new Map(lookups.customersById);
  for (const { decision } of accounts) {
    if (decision.action !== 'update' || decision.netsuiteId === null || REMOVAL_CODES.has(decision.code) || bySalesforceId.has(decision.salesforceId)) continue;
    const customer: LocalCustomer | undefined = byId.get(decision.netsuiteId) ?? accountLookups.customersById.get(decision.netsuiteId);
    if (customer === undefined) continue;
    const linked: LocalCustomer = { ...customer, salesforceId: decision.salesforceId };
    bySalesforceId.set(decision.salesforceId, linked);
    byId.set(linked.id, linked);
  }
  return { ...lookups, customersBySalesforceId: bySalesforceId, customersById: byId };
}
