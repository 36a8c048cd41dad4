import { CrmTransportError } from '../../src/core/errors';
import { DEFAULT_ACCOUNT_MAPPINGS, DEFAULT_CONTACT_MAPPINGS } from '../../src/core/mapping/field-map';
import { DEFAULT_SETTINGS, type NsContact, type NsCustomer, type Settings, type WorkItem } from '../../src/core/model';
import type { SalesforceApi, SaveResult, SObjectWrite } from '../../src/core/ports';
import { LINK_READ_MAX_AGE_MS, planContactBatch, preMatchRequests, pushContacts, pushDeletes, type LinkRead, type PushDeps } from '../../src/core/push';
import { buildMatchQueries, matchUpFront, type ContactCandidate, type PreMatch } from '../../src/core/matching';

/** A tiny in-memory Salesforce behind the port: enough to check decisions, not wire fidelity (the emulator does that). */
/** `recycleBin`: records deleted (or merged away into MasterRecordId) that only /queryAll returns. */
function fakeSalesforce(existing: { Id: string; Email: string; Oracle_netsuiteid__c: string | null; CreatedDate: string }[] = [], recycleBin: Record<string, string | null> = {}) {
  const contacts = new Map<string, Record<string, unknown>>(existing.map((c) => [c.Id, { ...c }]));
  let next = 1;
  const calls: { kind: string; records: number }[] = [];
  let failNext: CrmTransportError | null = null;
  const guard = (kind: string, records: number): void => {
    calls.push({ kind, records });
    if (failNext !== null) {
      const error = failNext;
      failNext = null;
      throw error;
    }
  };
  const select = (soql: string): Record<string, unknown>[] => {
    const emails = [...soql.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    return [...contacts.values()].filter((c) => emails.includes(String(c.Email)) || emails.includes(String(c.Oracle_netsuiteid__c)) || emails.includes(String(c.Id)));
  };
  const update = (records: readonly SObjectWrite[]): SaveResult[] => records.map((r: SObjectWrite): SaveResult => {
        const found = contacts.get(r.id ?? '');
        if (found === undefined) return { id: null, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
        Object.assign(found, r.values);
        return { id: r.id ?? null, success: true, errors: [] };
      });
  const upsert = (field: string, records: readonly SObjectWrite[]): SaveResult[] => records.map((r): SaveResult => {
        const match = [...contacts.values()].find((c) => c[field] === r.values[field]);
        if (match !== undefined) {
          Object.assign(match, r.values);
          return { id: String(match.Id), success: true, created: false, errors: [] };
        }
        const id = `003${String(next++).padStart(15, '0')}`;
        contacts.set(id, { Id: id, CreatedDate: '2026-02-01T00:00:00.000Z', ...r.values });
        return { id, success: true, created: true, errors: [] };
      });
  const api: SalesforceApi = {
    query(soql) {
      guard('query', 0);
      return select(soql);
    },
    queryAll(soql) {
      guard('queryAll', 0);
      const ids = [...soql.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
      return ids.flatMap((id) => (id in recycleBin ? [{ Id: id, IsDeleted: true, MasterRecordId: recycleBin[id] ?? null }] : contacts.has(id) ? [{ Id: id, IsDeleted: false, MasterRecordId: null }] : []));
    },
    queryMany(soqls) {
      guard('queryMany', 0);
      return soqls.map(select);
    },
    update(records) {
      guard('update', records.length);
      return update(records);
    },
    upsert(_type, field, records) {
      guard('upsert', records.length);
      return upsert(field, records);
    },
    writeMany(writes) {
      guard('composite', Math.max(...writes.map((w) => w.records.length)));
      return writes.map((w) => ({ ok: true as const, results: w.kind === 'update' ? update(w.records) : upsert(w.externalIdField, w.records) }));
    },
    picklistValues() {
      return ['USD', 'EUR'];
    },
    describe() {
      return [];
    },
    remove(ids) {
      guard('delete', ids.length);
      return ids.map((id) => ({ id, success: contacts.delete(id), errors: [] }));
    },
  };
  return { api, contacts, calls, failOnce: (error: CrmTransportError) => { failNext = error; } };
}

const customer = (id: string, extra: Partial<NsCustomer> = {}): NsCustomer => ({
  id, isPerson: false, fields: { companyname: `Customer ${id}` }, salesforceId: `001${id.padStart(15, '0')}`, locked: false, inactive: false,
  currencyIso: 'USD', subsidiaryId: '1', syncedHash: null, ...extra,
});
const contact = (id: string, customerId: string | null, extra: Partial<NsContact> = {}): NsContact => ({
  id, fields: { firstname: 'C', lastname: `Contact ${id}`, email: `c${id}@example.com` }, customerId, salesforceId: null, locked: false, inactive: false, syncedHash: null, ...extra,
});
const item = (id: string, customerId: string | null = '1', extra: Partial<WorkItem> = {}): WorkItem => ({
  queueId: `q${id}`, recordType: 'contact', recordId: id, customerId, operation: 'upsert', attempts: 0, externalId: null, changedAt: '2026-01-01T00:00:00.000Z', ...extra,
});

function deps(sf: SalesforceApi, contacts: NsContact[], customers: NsCustomer[], settings: Partial<Settings> = {}): PushDeps {
  return {
    salesforce: sf,
    reader: {
      contacts: (ids) => new Map(contacts.filter((c) => ids.includes(c.id)).map((c) => [c.id, c])),
      customers: (ids) => new Map(customers.filter((c) => ids.includes(c.id)).map((c) => [c.id, c])),
    },
    settings: { ...DEFAULT_SETTINGS, ...settings },
    mappings: { contact: DEFAULT_CONTACT_MAPPINGS, customer: DEFAULT_ACCOUNT_MAPPINGS },
    now: () => new Date('2026-03-01T00:00:00.000Z'),
  };
}

describe('pushContacts decisions', () => {
  it('skips orphans, locked contacts, contacts of locked customers and inactive ones, each with its reason', () => {
    const sf = fakeSalesforce();
    const outcomes = pushContacts(deps(sf.api, [
      contact('1', null), contact('2', '1', { locked: true }), contact('3', '2'), contact('4', '1', { inactive: true }),
    ], [customer('1'), customer('2', { locked: true })]), [item('1', null), item('2'), item('3', '2'), item('4')]);
    expect(Object.fromEntries(outcomes.map((o) => [o.item.recordId, `${o.status}:${o.code}`]))).toEqual({
      1: 'Skipped:ORPHAN_CONTACT', 2: 'Skipped:RECORD_LOCKED', 3: 'Skipped:CUSTOMER_LOCKED', 4: 'Skipped:INACTIVE_RECORD',
    });
    expect(sf.calls).toEqual([]);
  });

  it('matches an existing Salesforce contact by email on first sync, then updates it by id', () => {
    const sf = fakeSalesforce([{ Id: '003A', Email: 'c1@example.com', Oracle_netsuiteid__c: null, CreatedDate: '2020-01-01T00:00:00.000Z' }]);
    const [outcome] = pushContacts(deps(sf.api, [contact('1', '1')], [customer('1')]), [item('1')]);
    expect(outcome).toMatchObject({ status: 'Completed', code: 'MATCHED_BY_EMAIL', externalId: '003A', operation: 'update' });
    expect(sf.contacts.get('003A')).toMatchObject({ Oracle_netsuiteid__c: '1', LastName: 'Contact 1' });
    expect(sf.calls.map((c) => c.kind)).toEqual(['query', 'update']);
  });

  it('picks the oldest of several same-email contacts and warns', () => {
    const sf = fakeSalesforce([
      { Id: '003B', Email: 'c1@example.com', Oracle_netsuiteid__c: null, CreatedDate: '2021-01-01T00:00:00.000Z' },
      { Id: '003A', Email: 'c1@example.com', Oracle_netsuiteid__c: null, CreatedDate: '2020-01-01T00:00:00.000Z' },
    ]);
    const [outcome] = pushContacts(deps(sf.api, [contact('1', '1')], [customer('1')]), [item('1')]);
    expect(outcome).toMatchObject({ externalId: '003A', warnings: [{ code: 'AMBIGUOUS_EMAIL_MATCH' }] });
  });

  it('never takes over a Salesforce contact linked to another NetSuite record', () => {
    const sf = fakeSalesforce([{ Id: '003A', Email: 'c1@example.com', Oracle_netsuiteid__c: '999', CreatedDate: '2020-01-01T00:00:00.000Z' }]);
    const [outcome] = pushContacts(deps(sf.api, [contact('1', '1')], [customer('1')]), [item('1')]);
    expect(outcome).toMatchObject({ status: 'Completed', operation: 'create' });
    expect(outcome?.externalId).not.toBe('003A');
  });

  it('create-only never updates: a linked contact is skipped and nothing is sent', () => {
    const sf = fakeSalesforce([{ Id: '003A', Email: 'c1@example.com', Oracle_netsuiteid__c: '1', CreatedDate: '2020-01-01T00:00:00.000Z' }]);
    const [outcome] = pushContacts(deps(sf.api, [contact('1', '1', { salesforceId: '003A' })], [customer('1')], { createOnly: true }), [item('1')]);
    expect(outcome).toMatchObject({ status: 'Skipped', code: 'CREATE_ONLY' });
    expect(sf.calls).toEqual([]);
  });

  it('an invalid email fails that contact alone; the rest of the batch syncs', () => {
    const sf = fakeSalesforce();
    const outcomes = pushContacts(deps(sf.api, [contact('1', '1', { fields: { lastname: 'Bad', email: 'nope@' } }), contact('2', '1')], [customer('1')]), [item('1'), item('2')]);
    expect(outcomes.find((o) => o.item.recordId === '1')).toMatchObject({ status: 'Failed', code: 'INVALID_EMAIL' });
    expect(outcomes.find((o) => o.item.recordId === '2')).toMatchObject({ status: 'Completed', operation: 'create' });
  });

  it('a 503 puts the whole request back in the queue with backoff; the retry creates no duplicate', () => {
    const sf = fakeSalesforce();
    const d = deps(sf.api, [contact('1', '1'), contact('2', '1')], [customer('1')]);
    sf.failOnce(new CrmTransportError('SF_UNAVAILABLE', 'SERVER_UNAVAILABLE', { transient: true, status: 503 }));
    sf.calls.length = 0;
    const first = pushContacts(d, [item('1'), item('2')]);
    expect(first.every((o) => o.status === 'Retrying' && o.nextAttemptAt === '2026-03-01T00:01:00.000Z')).toBe(true);
    const second = pushContacts(d, [item('1', '1', { attempts: 1 }), item('2', '1', { attempts: 1 })]);
    expect(second.every((o) => o.status === 'Completed')).toBe(true);
    const third = pushContacts(d, [item('1'), item('2')]);
    expect(third.every((o) => o.status === 'Completed')).toBe(true);
    expect(sf.contacts.size).toBe(2);
  });

  it('gives up after the configured attempts with RETRIES_EXHAUSTED', () => {
    const sf = fakeSalesforce();
    sf.failOnce(new CrmTransportError('SF_TIMEOUT', 'SSS_REQUEST_TIME_EXCEEDED', { transient: true }));
    const [outcome] = pushContacts(deps(sf.api, [contact('1', '1')], [customer('1')], { maxAttempts: 3 }), [item('1', '1', { attempts: 2 })]);
    expect(outcome).toMatchObject({ status: 'Failed', code: 'RETRIES_EXHAUSTED' });
  });

  it('sends nothing when the payload equals the last synced one', () => {
    const sf = fakeSalesforce();
    const d = deps(sf.api, [contact('1', '1')], [customer('1')]);
    const [first] = pushContacts(d, [item('1')]);
    const synced = contact('1', '1', { salesforceId: first?.externalId ?? null, syncedHash: first?.payloadHash ?? null });
    sf.calls.length = 0;
    const [again] = pushContacts(deps(sf.api, [synced], [customer('1')]), [item('1')]);
    expect(again).toMatchObject({ status: 'Completed', code: 'NO_CHANGE' });
    expect(sf.calls).toEqual([]);
  });

  it('pushes a customer without an Account first (setting on) or holds its contacts (setting off)', () => {
    const unsynced = customer('1', { salesforceId: null });
    const first = pushContacts(deps(fakeSalesforce().api, [contact('1', '1')], [unsynced]), [item('1')]);
    expect(first.map((o) => `${o.item.recordType}:${o.status}`).sort()).toEqual(['contact:Completed', 'customer:Completed']);
    const held = pushContacts(deps(fakeSalesforce().api, [contact('1', '1')], [unsynced], { syncParentFirst: false }), [item('1')]);
    expect(held).toMatchObject([{ status: 'Retrying', code: 'ACCOUNT_NOT_SYNCED' }]);
  });

  it('a currency the Salesforce org does not have fails the record before anything is sent', () => {
    const sf = fakeSalesforce();
    const d = { ...deps(sf.api, [contact('1', '1')], [customer('1', { currencyIso: 'JPY' })]), currencies: ['USD', 'EUR'] };
    const [outcome] = pushContacts(d, [item('1')]);
    expect(outcome).toMatchObject({ status: 'Failed', code: 'INVALID_VALUE' });
    expect(sf.calls).toEqual([]);
  });

  it('skips a new contact without email (email is how the first sync matches)', () => {
    const [outcome] = pushContacts(deps(fakeSalesforce().api, [contact('1', '1', { fields: { lastname: 'No Email' } })], [customer('1')]), [item('1')]);
    expect(outcome).toMatchObject({ status: 'Skipped', code: 'NO_EMAIL' });
  });

  it('clears a link to a Salesforce contact that is gone even from /queryAll (purged, or not shared)', () => {
    const sf = fakeSalesforce();
    const [outcome] = pushContacts(deps(sf.api, [contact('1', '1', { salesforceId: '003GONE' })], [customer('1')]), [item('1')]);
    expect(outcome).toMatchObject({ status: 'Retrying', code: 'SF_ENTITY_DELETED', clearLink: true });
    expect(sf.calls.map((c) => c.kind)).toEqual(['query', 'queryAll']);
  });

  it.each([[null, 'deleted'], ['003SURVIVOR', 'merged into Contact 003SURVIVOR']])('a target in the recycle bin (master %s) waits for the pull: link kept, nothing written, no attempt used', (master, said) => {
    const sf = fakeSalesforce([], { '003GONE': master });
    const [outcome] = pushContacts(deps(sf.api, [contact('1', '1', { salesforceId: '003GONE' })], [customer('1')]), [item('1')]);
    expect(outcome).toMatchObject({ status: 'Waiting', code: 'SF_REMOVAL_PENDING_PULL', clearLink: false });
    expect(outcome?.message).toContain(`Contact 003GONE was ${said}`);
    expect(sf.calls.map((c) => c.kind)).toEqual(['query', 'queryAll']);
  });

  it('a target found by the link read costs no /queryAll; when /queryAll fails the missing link is kept and retried', () => {
    const live = fakeSalesforce([{ Id: '003A', Email: 'c1@example.com', Oracle_netsuiteid__c: '1', CreatedDate: '2020-01-01T00:00:00.000Z' }]);
    pushContacts(deps(live.api, [contact('1', '1', { salesforceId: '003A' })], [customer('1')]), [item('1')]);
    expect(live.calls.map((c) => c.kind)).not.toContain('queryAll');
    const failing = fakeSalesforce();
    const api: SalesforceApi = { ...failing.api, queryAll: () => { throw new CrmTransportError('SF_UNAVAILABLE', 'down', { transient: true }); } };
    const [outcome] = pushContacts(deps(api, [contact('1', '1', { salesforceId: '003GONE' })], [customer('1')]), [item('1')]);
    expect(outcome).toMatchObject({ status: 'Retrying', code: 'SF_UNAVAILABLE', clearLink: false });
  });
});

describe('the run\'s up-front read of stored links', () => {
  const linkedContact = (id: string, sfId: string): NsContact => contact(id, '1', { salesforceId: sfId });
  const target = (sfId: string, netsuiteId: string) => ({ Id: sfId, Email: `c${netsuiteId}@example.com`, Oracle_netsuiteid__c: netsuiteId, CreatedDate: '2020-01-01T00:00:00.000Z' });
  const readAt = (ms: number): string => new Date(new Date('2026-03-01T00:00:00.000Z').getTime() - ms).toISOString();
  const read = (ids: string[], targets: Record<string, unknown>[], ageMs = 1_000): LinkRead => ({ readAt: readAt(ageMs), ids, targets });

  it('a batch of linked contacts whose targets the run read up front makes exactly one Salesforce call: its write', () => {
    const sf = fakeSalesforce([target('003A', '1'), target('003B', '2')]);
    const outcomes = pushContacts(deps(sf.api, [linkedContact('1', '003A'), linkedContact('2', '003B')], [customer('1')]), [item('1'), item('2')], new Map(), read(['003A', '003B'], [target('003A', '1'), target('003B', '2')]));
    expect(outcomes.map((o) => `${o.status}:${o.code}`)).toEqual(['Completed:SYNCED', 'Completed:SYNCED']);
    expect(sf.calls.map((c) => c.kind)).toEqual(['update']);
  });

  it('without it (or when it is older than the limit) the batch reads its links itself, one SOQL before the write', () => {
    for (const linkRead of [undefined, read(['003A'], [target('003A', '1')], LINK_READ_MAX_AGE_MS + 1)]) {
      const sf = fakeSalesforce([target('003A', '1')]);
      pushContacts(deps(sf.api, [linkedContact('1', '003A')], [customer('1')]), [item('1')], new Map(), linkRead);
      expect(sf.calls.map((c) => c.kind)).toEqual(['query', 'update']);
    }
  });

  it('a target the up-front read missed is looked up in the recycle bin and waits for the pull: never re-created', () => {
    const sf = fakeSalesforce([], { '003GONE': '003SURVIVOR' });
    const [outcome] = pushContacts(deps(sf.api, [linkedContact('1', '003GONE')], [customer('1')]), [item('1')], new Map(), read(['003GONE'], []));
    expect(outcome).toMatchObject({ status: 'Waiting', code: 'SF_REMOVAL_PENDING_PULL', clearLink: false });
    expect(sf.calls.map((c) => c.kind)).toEqual(['queryAll']);
    expect(sf.contacts.size).toBe(0);
  });

  it('a target claimed by another NetSuite record in the up-front read is refused, nothing written', () => {
    const sf = fakeSalesforce([target('003A', '99')]);
    const [outcome] = pushContacts(deps(sf.api, [linkedContact('1', '003A')], [customer('1')]), [item('1')], new Map(), read(['003A'], [target('003A', '99')]));
    expect(outcome).toMatchObject({ status: 'Failed', code: 'LINK_CLAIM_REJECTED' });
    expect(sf.calls).toEqual([]);
  });

  it('a write carrying a field Salesforce owns reads its target next to the write, not up front', () => {
    const sf = fakeSalesforce([target('003A', '1')]);
    const d = deps(sf.api, [linkedContact('1', '003A')], [customer('1')]);
    const owned = { ...d, mappings: { ...d.mappings, contact: d.mappings.contact.map((m) => (m.target === 'LastName' ? { ...m, owner: 'salesforce' as const } : m)) } };
    pushContacts(owned, [item('1')], new Map(), read(['003A'], [target('003A', '1')]));
    expect(sf.calls.map((c) => c.kind)).toEqual(['query', 'update']);
  });

  it('a link the run did not read (changed since the plan) is read by the batch', () => {
    const sf = fakeSalesforce([target('003A', '1'), target('003B', '2')]);
    pushContacts(deps(sf.api, [linkedContact('1', '003A'), linkedContact('2', '003B')], [customer('1')]), [item('1'), item('2')], new Map(), read(['003A'], [target('003A', '1')]));
    expect(sf.calls.map((c) => c.kind)).toEqual(['query', 'update']);
  });
});

describe('pushDeletes', () => {
  const deleted = (id: string, externalId: string | null): WorkItem => item(id, '1', { operation: 'delete', externalId });
  it.each([
    ['ignore', 'Skipped:DELETE_IGNORED', 1],
    ['delete', 'Completed:DELETED_IN_CRM', 0],
    ['unlink', 'Completed:UNLINKED_IN_CRM', 1],
  ] as const)('policy %s → %s', (policy, expected, remaining) => {
    const sf = fakeSalesforce([{ Id: '003A', Email: 'a@example.com', Oracle_netsuiteid__c: '1', CreatedDate: '2020-01-01T00:00:00.000Z' }]);
    const outcomes = pushDeletes(deps(sf.api, [], [], { deletePolicy: policy }), [deleted('1', '003A'), deleted('2', null)]);
    expect(outcomes.map((o) => `${o.status}:${o.code}`).sort()).toEqual([expected, 'Skipped:NOT_IN_CRM'].sort());
    expect(sf.contacts.size).toBe(remaining);
  });
});

describe('match once up front, then one write request per batch', () => {
  const old = (id: string, email: string, netsuiteId: string | null = null): { Id: string; Email: string; Oracle_netsuiteid__c: string | null; CreatedDate: string } => ({ Id: id, Email: email, Oracle_netsuiteid__c: netsuiteId, CreatedDate: '2020-01-01T00:00:00.000Z' });
  const upFront = (sf: ReturnType<typeof fakeSalesforce>, contacts: NsContact[], items: WorkItem[]): Map<string, PreMatch> => {
    const { requests, storedIds } = preMatchRequests(items, new Map(contacts.map((c) => [c.id, c])), { contact: DEFAULT_CONTACT_MAPPINGS, customer: DEFAULT_ACCOUNT_MAPPINGS });
    const candidates = sf.api.queryMany(buildMatchQueries(requests, storedIds, true)).flat() as unknown as ContactCandidate[];
    return matchUpFront(requests, candidates, storedIds);
  };

  it('a batch matched up front sends no SOQL, and its update and create go in one composite request', () => {
    const sf = fakeSalesforce([old('003A', 'c1@example.com')]);
    const contacts = [contact('1', '1'), contact('2', '1')];
    const matches = upFront(sf, contacts, [item('1'), item('2')]);
    expect(matches.get('1')).toMatchObject({ salesforceId: '003A', byEmail: true });
    expect(matches.get('2')).toMatchObject({ salesforceId: null });
    sf.calls.length = 0;
    const outcomes = pushContacts(deps(sf.api, contacts, [customer('1')]), [item('1'), item('2')], matches);
    expect(Object.fromEntries(outcomes.map((o) => [o.item.recordId, `${o.status}:${o.code}:${o.operation}`]))).toEqual({
      1: 'Completed:MATCHED_BY_EMAIL:update', 2: 'Completed:SYNCED:create',
    });
    expect(sf.calls).toEqual([{ kind: 'composite', records: 1 }]);
    expect(sf.contacts.get('003A')).toMatchObject({ Oracle_netsuiteid__c: '1' });
  });

  it('a contact whose email changed after the up-front match is matched again in the batch', () => {
    const sf = fakeSalesforce([old('003A', 'c1@example.com'), old('003B', 'new@example.com')]);
    const matches = upFront(sf, [contact('1', '1')], [item('1')]);
    expect(matches.get('1')?.salesforceId).toBe('003A');
    sf.calls.length = 0;
    const moved = contact('1', '1', { fields: { firstname: 'C', lastname: 'Contact 1', email: 'new@example.com' } });
    const [outcome] = pushContacts(deps(sf.api, [moved], [customer('1')]), [item('1')], matches);
    expect(outcome).toMatchObject({ code: 'MATCHED_BY_EMAIL', externalId: '003B' });
    expect(sf.calls.map((c) => c.kind)).toEqual(['query', 'update']);
  });

  it('matching the whole run at once never gives one Salesforce contact to two NetSuite contacts in different batches', () => {
    const sf = fakeSalesforce([old('003A', 'shared@example.com')]);
    const twin = (id: string, customerId: string): NsContact => contact(id, customerId, { fields: { firstname: 'T', lastname: `Twin ${id}`, email: 'shared@example.com' } });
    const contacts = [twin('1', '1'), twin('2', '2')];
    const matches = upFront(sf, contacts, [item('1'), item('2', '2')]);
    // Two batches of one contact each (two customers): only the first claims 003A.
    const first = pushContacts(deps(sf.api, contacts, [customer('1'), customer('2')]), [item('1')], matches);
    const second = pushContacts(deps(sf.api, contacts, [customer('1'), customer('2')]), [item('2', '2')], matches);
    expect(first[0]).toMatchObject({ externalId: '003A', code: 'MATCHED_BY_EMAIL' });
    expect(second[0]).toMatchObject({ code: 'SYNCED', operation: 'create' });
    expect(second[0]?.externalId).not.toBe('003A');
  });

  it("a stored link is still verified by the batch's SOQL; when that SOQL fails both contacts wait and nothing is written", () => {
    const sf = fakeSalesforce([old('003A', 'c1@example.com', '1')]);
    const contacts = [contact('1', '1', { salesforceId: '003A' }), contact('2', '1')];
    const matches = upFront(sf, contacts, [item('1'), item('2')]);
    sf.calls.length = 0;
    sf.failOnce(new CrmTransportError('SF_UNAVAILABLE', '503', { transient: true }));
    // The failure hits the batch's SOQL: both wait, nothing was written.
    const outcomes = pushContacts(deps(sf.api, contacts, [customer('1')]), [item('1'), item('2')], matches);
    expect(outcomes.map((o) => o.status)).toEqual(['Retrying', 'Retrying']);
    expect(sf.contacts.size).toBe(1);
  });

  it('the plan of a batch is a pure function of NetSuite rows and match results (the preview uses it)', () => {
    const contacts = [contact('1', '1'), contact('2', '1'), contact('3', null)];
    const matches = new Map<string, PreMatch>([
      ['1', { email: 'c1@example.com', salesforceId: '003A', byEmail: true, alsoMatching: ['003Z'] }],
      ['2', { email: 'c2@example.com', salesforceId: null, byEmail: false, alsoMatching: [] }],
    ]);
    const plan = planContactBatch(deps(fakeSalesforce().api, [], []), [item('1'), item('2'), item('3', null)], new Map(contacts.map((c) => [c.id, c])), new Map([['1', customer('1')]]), [], matches);
    expect(plan.writes.map((w) => ({ id: w.item.recordId, to: w.write.id ?? 'upsert', byEmail: w.matchedByEmail, warnings: w.warnings.map((x) => x.code) }))).toEqual([
      { id: '1', to: '003A', byEmail: true, warnings: ['AMBIGUOUS_EMAIL_MATCH'] },
      { id: '2', to: 'upsert', byEmail: false, warnings: [] },
    ]);
    expect(plan.outcomes.map((o) => `${o.item.recordId}:${o.code}`)).toEqual(['3:ORPHAN_CONTACT']);
  });

  it('up-front SOQLs are sliced by length, and each request lands in exactly one', () => {
    const requests = Array.from({ length: 1200 }, (_, i) => ({ netsuiteId: String(i), email: `person${i}@example.com` }));
    const soqls = buildMatchQueries(requests, ['003000000000001AAA'], true);
    expect(soqls.length).toBeGreaterThan(1);
    for (const soql of soqls) expect(soql.length).toBeLessThanOrEqual(20_000);
    const all = soqls.join(' ');
    for (const r of requests) expect(all.split(`'${r.email}'`).length - 1).toBe(1);
  });
});
