/**
 * Reconcile's pure part: compare a linked NetSuite record with its Salesforce record or Pardot prospect field by field
 * and say which way a repair copies each field. The NetSuite side is always the push's own payload (buildContactPayload,
 * buildAccountPayload, buildProspectPayload), so a value differs here exactly when the push would send something
 * else; values compare the way the merge base fingerprints them (`comparable`, src/core/snapshot.ts).
 *
 * Which way a field goes follows the merge (README, "How the pull merges"):
 * - NetSuite changed it since the two last agreed and Salesforce did not → from NetSuite (the push would send it);
 * - Salesforce changed it and NetSuite did not → from Salesforce (the pull would apply it) — a Salesforce mass update
 *   by another user, or an edit the pull never saw;
 * - both changed, or no merge base (never synced with one), or the base says neither changed → the field's owner:
 *   NetSuite unless its mapping gives it to Salesforce;
 * - a field the pull cannot write (derived: the NetSuite id, the Account, currency, subsidiary, a company field) and a
 *   blank Salesforce value while blanks never overwrite → from NetSuite.
 * Pardot: the prospect fields NetSuite sends come from NetSuite; campaign, score, grade and comments from Pardot.
 */
import { foreignClaim } from './matching';
import { changedSince, comparable, type Snapshot } from './snapshot';
import type { FieldMapping } from './mapping/field-map';
import type { SObjectValues } from './mapping/build-payload';
import type { FieldValue, NsRecordType } from './model';
import { soqlString } from './salesforce-results';

export type DriftSystem = 'salesforce' | 'pardot';
export type RepairFrom = 'netsuite' | 'salesforce' | 'pardot';
/** differs: fields differ; missing: the linked id points nowhere; linked_twice: the counterpart is claimed by another record. */
export type DriftKind = 'differs' | 'missing' | 'linked_twice';

export interface FieldDrift {
  /** The Salesforce field, the prospect field, or the NetSuite field of a Pardot-owned value. */
  field: string;
  netsuite: string;
  crm: string;
  from: RepairFrom;
}

export interface DriftEntry {
  recordType: NsRecordType;
  recordId: string;
  system: DriftSystem;
  externalId: string;
  kind: DriftKind;
  fields: FieldDrift[];
  /** linked_twice: the other NetSuite records claiming the same counterpart. */
  others: string[];
}

function entry(base: Pick<DriftEntry, 'recordType' | 'recordId' | 'system' | 'externalId'>, kind: DriftKind, fields: FieldDrift[] = [], others: string[] = []): DriftEntry {
  return { ...base, kind, fields, others };
}

/** A mapping the pull can write back into NetSuite: a plain field of the record itself. */
function pullable(mapping: FieldMapping): boolean {
  return !mapping.source.startsWith('$') && !mapping.source.startsWith('company.');
}

/** Which side a drifted Salesforce field is repaired from (see the file comment). */
export function repairFrom(mapping: FieldMapping, netsuite: unknown, salesforce: unknown, base: Snapshot | null, blanksOverwrite: boolean): 'netsuite' | 'salesforce' {
  if (!pullable(mapping)) return 'netsuite';
  let from: 'netsuite' | 'salesforce' = mapping.owner;
  if (base !== null) {
    const ours = changedSince(base, mapping.target, netsuite);
    const theirs = changedSince(base, mapping.target, salesforce);
    if (ours && !theirs) from = 'netsuite';
    else if (theirs && !ours) from = 'salesforce';
  }
  if (from === 'salesforce' && comparable(salesforce) === '' && !blanksOverwrite) return 'netsuite';
  return from;
}

export interface SalesforceSide {
  recordType: NsRecordType;
  recordId: string;
  salesforceId: string;
  /** The push's payload for the record (what it would send in full). */
  values: SObjectValues;
  base: Snapshot | null;
  mappings: readonly FieldMapping[];
  /** The linked Salesforce record as SOQL returned it; undefined when Salesforce has none with that id. */
  row: Readonly<Record<string, unknown>> | undefined;
  blanksOverwrite: boolean;
}

/** Null when the record and its Salesforce counterpart agree on every mapped field the org has. */
export function salesforceDrift(side: SalesforceSide): DriftEntry | null {
  const base = { recordType: side.recordType, recordId: side.recordId, system: 'salesforce' as const, externalId: side.salesforceId };
  if (side.row === undefined) return entry(base, 'missing');
  const claimedBy = foreignClaim(side.recordId, side.row);
  if (claimedBy !== null) return entry(base, 'linked_twice', [], [claimedBy]);
  const fields: FieldDrift[] = [];
  for (const mapping of side.mappings) {
    // A field the org lacks (or hides from the integration user) is neither read nor sent: nothing to compare.
    if (!(mapping.target in side.row) || !(mapping.target in side.values)) continue;
    const ours = side.values[mapping.target];
    const theirs = side.row[mapping.target];
    if (comparable(ours) === comparable(theirs)) continue;
    fields.push({ field: mapping.target, netsuite: comparable(ours), crm: comparable(theirs), from: repairFrom(mapping, ours, theirs, side.base, side.blanksOverwrite) });
  }
  return fields.length === 0 ? null : entry(base, 'differs', fields);
}

export interface PardotSide {
  recordType: NsRecordType;
  recordId: string;
  prospectId: string;
  /** The Pardot push's payload (buildProspectPayload values), or null when the record has none (no email …). */
  values: Readonly<Record<string, string | number | null>> | null;
  /** The prospect as Pardot returned it; undefined when Pardot has no prospect with that id. */
  prospect: Readonly<Record<string, unknown>> | undefined;
  /** Pardot-owned values Pardot holds that NetSuite lacks (the Pardot pull's decision), by NetSuite field id. */
  pardotOwned: Readonly<Record<string, FieldValue>>;
  /** What NetSuite holds of those fields. */
  netsuiteOwned: Readonly<Record<string, FieldValue>>;
}

/** Prospect fields NetSuite never sends a blank for: a blank NetSuite value leaves Pardot's as it is (the client's rule). */
function pardotComparable(value: unknown): string {
  return comparable(typeof value === 'number' ? String(value) : value);
}

export function pardotDrift(side: PardotSide): DriftEntry | null {
  const base = { recordType: side.recordType, recordId: side.recordId, system: 'pardot' as const, externalId: side.prospectId };
  if (side.prospect === undefined) return entry(base, 'missing');
  const fields: FieldDrift[] = [];
  for (const [field, ours] of Object.entries(side.values ?? {})) {
    // userId (the assigned user) follows the sales rep and is left to the push; a blank is never sent to Pardot.
    if (field === 'userId' || pardotComparable(ours) === '') continue;
    const theirs = side.prospect[field];
    if (pardotComparable(ours) !== pardotComparable(theirs)) fields.push({ field, netsuite: pardotComparable(ours), crm: pardotComparable(theirs), from: 'netsuite' });
  }
  for (const [field, theirs] of Object.entries(side.pardotOwned)) {
    fields.push({ field, netsuite: pardotComparable(side.netsuiteOwned[field]), crm: pardotComparable(theirs), from: 'pardot' });
  }
  return fields.length === 0 ? null : entry(base, 'differs', fields);
}

export interface LinkRef {
  recordType: NsRecordType;
  recordId: string;
  externalId: string;
}

/** Counterparts two or more NetSuite records of one type are linked to, each with all its claimants (one entry per record). */
export function linkedTwice(links: readonly LinkRef[], system: DriftSystem): DriftEntry[] {
  const byTarget = new Map<string, LinkRef[]>();
  for (const link of links) {
    const key = `${link.recordType}:${link.externalId}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), link]);
  }
  const entries: DriftEntry[] = [];
  for (const claimants of byTarget.values()) {
    if (claimants.length < 2) continue;
    for (const link of claimants) {
      entries.push(entry({ recordType: link.recordType, recordId: link.recordId, system, externalId: link.externalId }, 'linked_twice', [], claimants.filter((c) => c !== link).map((c) => c.recordId)));
    }
  }
  return entries;
}

/**
 * SOQL reading linked records by id, split so no request line passes `maxUriBytes`. Salesforce: "In each REST call,
 * the maximum length for the combined URI and headers is 16,384 bytes … If the URI itself exceeds this limit, the
 * request returns a 414 URI Too Long error" (Salesforce Help, "Maximum number of rows returned by SOQL queries over
 * the REST API", article 000386264). 200 ids of 18 characters encode to about 6,000 bytes: one query per batch.
 */
export function queriesByIds(object: 'Contact' | 'Account', fields: readonly string[], ids: readonly string[], maxUriBytes: number): string[] {
  const head = `SELECT ${[...new Set(['Id', ...fields])].join(', ')} FROM ${object} WHERE Id IN (`;
  const bytes = (soql: string): number => encodeURIComponent(soql).length;
  const queries: string[] = [];
  let current: string[] = [];
  for (const id of [...new Set(ids)]) {
    const next = [...current, soqlString(id)];
    if (current.length > 0 && bytes(`${head}${next.join(', ')})`) > maxUriBytes) {
      queries.push(`${head}${current.join(', ')})`);
      current = [soqlString(id)];
    } else current = next;
  }
  if (current.length > 0) queries.push(`${head}${current.join(', ')})`);
  return queries;
}

/**
 * Linked records one map invocation compares: one SOQL of up to 400 ids (about 11,000 bytes of URI, under the
 * 16,384-byte limit; queriesByIds splits a longer one), repairing or not — so a report reads well under one Salesforce
 * call per 200 linked records (each object's last batch is the only partial one).
 */
export const RECONCILE_BATCH = 400;

/** Reads the `…?q=` part of a query URL may use: the 16,384-byte limit less the path and the request headers. */
export const MAX_QUERY_URI_BYTES = 12_000;

/** Salesforce fields of a drifted record to send from NetSuite, and whether anything comes from Salesforce or Pardot. */
export function repairPlan(drift: DriftEntry): { fromNetsuite: string[]; fromSalesforce: boolean; fromPardot: boolean } {
  return {
    fromNetsuite: drift.fields.filter((f) => f.from === 'netsuite').map((f) => f.field),
    fromSalesforce: drift.fields.some((f) => f.from === 'salesforce'),
    fromPardot: drift.fields.some((f) => f.from === 'pardot'),
  };
}

/** The merge base without the given fields: the push then sees them as changed by NetSuite and sends them. */
export function withoutFields(base: Snapshot | null, fields: readonly string[]): Snapshot | null {
  if (base === null) return null;
  const drop = new Set(fields);
  return Object.fromEntries(Object.entries(base).filter(([field]) => !drop.has(field)));
}

/** "contact:12,customer:3" → refs; "all" → 'all'; blank → null. Anything malformed is left out. */
export function parseRepairTargets(raw: string | null): 'all' | { recordType: NsRecordType; recordId: string }[] | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  if (text === 'all') return 'all';
  return text.split(',').flatMap((part) => {
    const match = /^(contact|customer):(\d{1,12})$/.exec(part.trim());
    return match === null ? [] : [{ recordType: match[1] as NsRecordType, recordId: match[2] ?? '' }];
  });
}

/** One line of a repair's log message: field ← side. */
export function describeRepair(drift: DriftEntry): string {
  return drift.fields.map((f) => `${f.field} from ${f.from === 'netsuite' ? 'NetSuite' : f.from === 'salesforce' ? 'Salesforce' : 'Pardot'} (NetSuite "${f.netsuite}", ${drift.system === 'pardot' ? 'Pardot' : 'Salesforce'} "${f.crm}")`).join('; ');
}


const DAY_MS = 24 * 60 * 60_000;
/** Scheduled runs start a little early or late (the deployment fires daily): half an hour of slack. */
const SLACK_MS = 30 * 60_000;

/** Whether a scheduled reconcile runs: "Reconcile Every" (weekly, daily or off) since the last scheduled one. */
export function reconcileDue(every: 'weekly' | 'daily' | 'off', lastStartedAt: string | null, now: Date): { run: true } | { run: false; message: string } {
  if (every === 'off') return { run: false, message: '"Reconcile Every" is off in the CRM Sync settings; "Run reconcile now" in the console still works.' };
  const last = lastStartedAt === null ? Number.NaN : Date.parse(lastStartedAt);
  const interval = every === 'weekly' ? 7 * DAY_MS : DAY_MS;
  if (Number.isNaN(last) || now.getTime() - last >= interval - SLACK_MS) return { run: true };
  return { run: false, message: `The last scheduled reconcile started at ${lastStartedAt ?? '?'}; the settings run it ${every}.` };
}
