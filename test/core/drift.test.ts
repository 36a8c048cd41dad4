/** Reconcile's comparison, repair direction, schedule and bulk reads (src/core/drift.ts). */
import {
  linkedTwice, MAX_QUERY_URI_BYTES, RECONCILE_BATCH, pardotDrift, parseRepairTargets, queriesByIds, reconcileDue, repairFrom, salesforceDrift, withoutFields,
} from '../../src/core/drift';
import { DEFAULT_CONTACT_MAPPINGS, type FieldMapping } from '../../src/core/mapping/field-map';
import { snapshotOf } from '../../src/core/snapshot';
import { readSettings } from '../../src/core/settings';
import { SETTINGS } from '../../src/ids';

const title: FieldMapping = { source: 'title', target: 'Title', owner: 'netsuite' };
const agreed = snapshotOf({ Title: 'CTO', Phone: '111' });

describe('repairFrom follows the merge', () => {
  it.each([
    ['NetSuite changed, Salesforce did not', 'CEO', 'CTO', 'netsuite'],
    ['Salesforce changed, NetSuite did not', 'CTO', 'VP', 'salesforce'],
    ['both changed: the owner (NetSuite)', 'CEO', 'VP', 'netsuite'],
  ] as const)('%s', (_label, ours, theirs, expected) => {
    expect(repairFrom(title, ours, theirs, agreed, false)).toBe(expected);
  });

  it('both changed on a Salesforce-owned field: Salesforce', () => {
    expect(repairFrom({ ...title, owner: 'salesforce' }, 'CEO', 'VP', agreed, false)).toBe('salesforce');
  });

  it('no merge base: the owner decides', () => {
    expect(repairFrom(title, 'CEO', 'VP', null, false)).toBe('netsuite');
    expect(repairFrom({ ...title, owner: 'salesforce' }, 'CEO', 'VP', null, false)).toBe('salesforce');
  });

  it('a field the pull cannot write, and a blank that may not overwrite, come from NetSuite', () => {
    expect(repairFrom({ source: '$accountId', target: 'AccountId', owner: 'netsuite' }, '001A', '001B', snapshotOf({ AccountId: '001A' }), false)).toBe('netsuite');
    expect(repairFrom(title, 'CTO', '', agreed, false)).toBe('netsuite');
    expect(repairFrom(title, 'CTO', '', agreed, true)).toBe('salesforce');
  });
});

describe('salesforceDrift', () => {
  const side = { recordType: 'contact' as const, recordId: '20', salesforceId: '003A', base: agreed, mappings: DEFAULT_CONTACT_MAPPINGS, blanksOverwrite: false };
  it('compares mapped fields the way the merge base fingerprints them (trimmed), only those the org returned', () => {
    const values = { Oracle_netsuiteid__c: '20', Title: 'CTO', Phone: '111', Fax: '9' };
    expect(salesforceDrift({ ...side, values, row: { Id: '003A', Oracle_netsuiteid__c: '20', Title: ' CTO ', Phone: '111' } })).toBeNull();
    expect(salesforceDrift({ ...side, values, row: { Id: '003A', Oracle_netsuiteid__c: '20', Title: 'VP', Phone: '111' } })?.fields)
      .toEqual([{ field: 'Title', netsuite: 'CTO', crm: 'VP', from: 'salesforce' }]);
  });
  it('a link that points nowhere is missing; a target carrying another NetSuite id is linked twice', () => {
    expect(salesforceDrift({ ...side, values: {}, row: undefined })?.kind).toBe('missing');
    expect(salesforceDrift({ ...side, values: {}, row: { Id: '003A', Oracle_netsuiteid__c: '99' } })).toMatchObject({ kind: 'linked_twice', others: ['99'] });
  });
});

describe('pardotDrift', () => {
  it('NetSuite-sent fields come from NetSuite (blanks are never sent), Pardot-owned ones from Pardot', () => {
    const drift = pardotDrift({
      recordType: 'contact', recordId: '5', prospectId: '7', values: { email: 'a@x.com', firstName: 'Ada', phone: null, userId: 3 },
      prospect: { id: 7, email: 'a@x.com', firstName: 'Eve', phone: '123', userId: 4 }, pardotOwned: { score_field: 50 }, netsuiteOwned: { score_field: 10 },
    });
    expect(drift?.fields).toEqual([
      { field: 'firstName', netsuite: 'Ada', crm: 'Eve', from: 'netsuite' },
      { field: 'score_field', netsuite: '10', crm: '50', from: 'pardot' },
    ]);
  });
});

describe('bulk reads', () => {
  const id = (n: number): string => `003${String(n).padStart(15, '0')}`;
  it('200 linked records take one query whose URI stays under the limit', () => {
    const queries = queriesByIds('Contact', ['Title', 'Email'], Array.from({ length: 200 }, (_, i) => id(i)), MAX_QUERY_URI_BYTES);
    expect(queries).toHaveLength(1);
    expect(encodeURIComponent(queries[0] ?? '').length).toBeLessThanOrEqual(MAX_QUERY_URI_BYTES);
  });
  it('a reconcile batch (400 linked records) takes one query with a full field list: under one call per 200 records', () => {
    // Every field the default Contact mapping reads back, plus the Oracle custom fields and the pull's own.
    const fields = ['FirstName', 'LastName', 'Salutation', 'Title', 'Email', 'Phone', 'MobilePhone', 'Fax', 'MailingStreet', 'MailingCity', 'MailingState',
      'MailingPostalCode', 'MailingCountry', 'Description', 'AccountId', 'CurrencyIsoCode', 'Oracle_netsuiteid__c', 'Oracle_NetSuite_Subsidiary__c',
      'LastModifiedById', 'SystemModstamp', 'IsDeleted', 'MasterRecordId'];
    const queries = queriesByIds('Contact', fields, Array.from({ length: RECONCILE_BATCH }, (_, i) => id(i)), MAX_QUERY_URI_BYTES);
    expect(queries).toHaveLength(1);
    expect(encodeURIComponent(queries[0] ?? '').length).toBeLessThanOrEqual(MAX_QUERY_URI_BYTES);
  });
  it('more ids than fit are split, each query within the limit, no id lost or repeated', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => id(i));
    const queries = queriesByIds('Contact', ['Title'], [...ids, ids[0] ?? ''], 4000);
    expect(queries.length).toBeGreaterThan(1);
    for (const q of queries) expect(encodeURIComponent(q).length).toBeLessThanOrEqual(4000);
    expect(queries.flatMap((q) => q.match(/003\d{15}/g) ?? []).sort()).toEqual(ids);
  });
});

describe('linked twice, repair targets, merge base', () => {
  it('lists every claimant of a shared counterpart, per record type', () => {
    const found = linkedTwice([
      { recordType: 'contact', recordId: '1', externalId: 'A' }, { recordType: 'contact', recordId: '2', externalId: 'A' },
      { recordType: 'customer', recordId: '3', externalId: 'A' }, { recordType: 'contact', recordId: '4', externalId: 'B' },
    ], 'salesforce');
    expect(found.map((d) => [d.recordId, d.others])).toEqual([['1', ['2']], ['2', ['1']]]);
  });
  it('parses what to repair and ignores anything malformed', () => {
    expect(parseRepairTargets('')).toBeNull();
    expect(parseRepairTargets('all')).toBe('all');
    expect(parseRepairTargets('contact:12, customer:3,record:4,contact:x')).toEqual([{ recordType: 'contact', recordId: '12' }, { recordType: 'customer', recordId: '3' }]);
  });
  it('drops fingerprints so the push sends the field', () => {
    expect(withoutFields(agreed, ['Title'])).toEqual({ Phone: agreed.Phone });
    expect(withoutFields(null, ['Title'])).toBeNull();
  });
});

describe('the reconcile schedule', () => {
  const now = new Date('2026-03-10T02:00:00Z');
  it('weekly by default, daily or off as set', () => {
    expect(readSettings(() => undefined).reconcile).toEqual({ every: 'weekly', autoRepair: false });
    expect(readSettings((f) => ({ [SETTINGS.reconcileEvery]: 'Off', [SETTINGS.reconcileAutoRepair]: 'T' })[f]).reconcile).toEqual({ every: 'off', autoRepair: true });
    expect(reconcileDue('weekly', null, now).run).toBe(true);
    expect(reconcileDue('weekly', '2026-03-04T02:00:00Z', now).run).toBe(false);
    expect(reconcileDue('weekly', '2026-03-03T02:05:00Z', now).run).toBe(true);
    expect(reconcileDue('daily', '2026-03-09T02:10:00Z', now).run).toBe(true);
    expect(reconcileDue('off', null, now).run).toBe(false);
  });
});
