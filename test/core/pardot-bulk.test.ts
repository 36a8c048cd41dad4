/** The Pardot bulk's decisions (src/core/pardot-bulk.ts) against a small in-memory Pardot behind its port. */
import { CrmTransportError } from '../../src/core/errors';
import { bulkOutcome, bulkPushProspects, emailIndex, type BulkDeps, type PardotBulkApi, type ProspectRef } from '../../src/core/pardot-bulk';
import { buildProspectPayload, type ProspectValues } from '../../src/core/mapping/to-pardot-prospect';
import type { PardotPushSettings, ProspectSubject } from '../../src/core/pardot-push';

const SETTINGS: PardotPushSettings = { autoCreate: true, autoCreateSince: '2000-01-01T00:00:00.000Z', maxAttempts: 5 };

function subject(n: number, extra: Partial<ProspectSubject> = {}): ProspectSubject {
  return {
    item: { queueId: null, recordType: 'contact', recordId: String(n), customerId: null, operation: 'upsert', attempts: 0, externalId: null, changedAt: null },
    source: { fields: { email: `p${n}@example.com`, firstname: `F${n}`, lastname: null }, company: null, assignedUserId: null },
    rawEmail: `p${n}@example.com`, prospectId: null, syncedHash: null, createdAt: '2026-01-01T00:00:00.000Z', excluded: null, ...extra,
  };
}

function fakePardot(existing: ProspectRef[] = [], options: { pages?: boolean; hideCreated?: string[]; failAt?: number; rowErrors?: Record<string, string> } = {}) {
  const prospects: ProspectRef[] = [...existing];
  const calls: string[] = [];
  const sent: (ProspectValues & { id?: number })[] = [];
  const guard = (kind: string): void => {
    calls.push(kind);
    if (options.failAt === calls.length) throw new CrmTransportError('PD_DAILY_LIMIT', 'Daily API rate limit met', { transient: true });
  };
  const api: PardotBulkApi = {
    scanProspects: () => { guard('scan'); return { complete: options.pages !== true, rows: [...prospects] }; },
    createdSince: () => { guard('createdSince'); return prospects.filter((p) => !existing.includes(p) && !(options.hideCreated ?? []).includes(p.email)); },
    batchCreate: (rows) => {
      guard('batchCreate');
      const errors = new Map<number, string>();
      rows.forEach((row, i) => {
        sent.push(row);
        const error = options.rowErrors?.[String(row.email)];
        if (error !== undefined) errors.set(i, error);
        else prospects.push({ id: 100 + prospects.length, email: String(row.email) });
      });
      return errors;
    },
    batchUpdate: (rows) => {
      guard('batchUpdate');
      const errors = new Map<number, string>();
      rows.forEach((row, i) => {
        sent.push({ ...row.values, id: row.id });
        const error = options.rowErrors?.[String(row.id)];
        if (error !== undefined) errors.set(i, error);
      });
      return errors;
    },
  };
  const deps: BulkDeps = { pardot: api, settings: SETTINGS, now: () => new Date('2026-02-01T00:00:00Z'), existing: () => { const scan = api.scanProspects(2); return scan.complete ? emailIndex(scan.rows) : null; } };
  return { deps, calls, sent, prospects };
}

describe('Pardot bulk decisions', () => {
  it('creates 120 unlinked records in 3 calls and links each by its email; an email match is updated by id', () => {
    const { deps, calls } = fakePardot([{ id: 7, email: 'p3@example.com' }]);
    const results = bulkPushProspects(deps, Array.from({ length: 120 }, (_, i) => subject(i + 1)));
    expect(calls).toEqual(['scan', 'batchUpdate', 'batchCreate', 'batchCreate', 'batchCreate', 'createdSince']);
    expect(results.get('contact:3')).toMatchObject({ status: 'Completed', operation: 'update', prospectId: '7', code: 'MATCHED_BY_EMAIL' });
    expect(results.get('contact:1')).toMatchObject({ status: 'Completed', operation: 'create' });
    expect([...results.values()].filter((r) => r.status === 'Completed')).toHaveLength(120);
  });

  it('a refused row is Rejected with Pardot\'s words and code; the rest of its call is created', () => {
    const { deps } = fakePardot([], { rowErrors: { 'p2@example.com': 'Invalid prospect email address: p2@example.com' } });
    const results = bulkPushProspects(deps, [1, 2, 3, 4, 5].map((n) => subject(n)));
    expect(results.get('contact:2')).toMatchObject({ status: 'Rejected', pardotCode: 4, message: expect.stringContaining('Invalid prospect email address') });
    expect([1, 3, 4, 5].every((n) => results.get(`contact:${n}`)?.status === 'Completed')).toBe(true);
  });

  it('without auto-create nothing is created: unmatched records are Skipped without a call', () => {
    const { deps, calls } = fakePardot();
    deps.settings = { ...SETTINGS, autoCreate: false };
    const results = bulkPushProspects(deps, [1, 2].map((n) => subject(n)));
    expect(calls).toEqual(['scan']);
    expect(results.get('contact:1')).toMatchObject({ status: 'Skipped', code: 'PROSPECT_NOT_AUTO_CREATED' });
  });

  it('connector mode creates nothing and reads nothing for unlinked records; linked ones are still updated in bulk', () => {
    const { deps, calls } = fakePardot();
    deps.settings = { ...SETTINGS, connectorCreates: true };
    const results = bulkPushProspects(deps, [subject(1), subject(2, { prospectId: '55', syncedHash: 'old' })]);
    expect(calls).toEqual(['batchUpdate']);
    expect(results.has('contact:1')).toBe(false);
    expect(results.get('contact:2')).toMatchObject({ status: 'Completed', prospectId: '55' });
  });

  it('too many prospects to read within the bound: unlinked records are left to the per-record path', () => {
    const { deps, calls } = fakePardot([], { pages: true });
    const results = bulkPushProspects(deps, [1, 2].map((n) => subject(n)));
    expect(calls).toEqual(['scan']);
    expect(results.size).toBe(0);
  });

  it('writes nothing for excluded, unchanged or non-owner records (blanks are left out on the wire by the client)', () => {
    const { deps, calls, sent } = fakePardot();
    const unchanged = subject(2, { prospectId: '9' });
    const hash = buildProspectPayload(unchanged.source);
    const results = bulkPushProspects(deps, [
      subject(1, { excluded: 'PARTNER_CONTACT' }),
      { ...unchanged, syncedHash: hash.ok ? hash.hash : null },
      subject(3, { sharedWith: ['customer:1', 'contact:3'] }),
      subject(4),
    ]);
    expect([...results.keys()]).toEqual(['contact:4']);
    expect(calls).toEqual(['scan', 'batchCreate', 'createdSince']);
    expect(sent).toEqual([{ email: 'p4@example.com', firstName: 'F4', lastName: null, salutation: null, jobTitle: null, phone: null, fax: null, company: null }]);
  });

  it('a new prospect whose id the read does not return gets no result (the batch upserts it by email); a limit stops the bulk', () => {
    const hidden = fakePardot([], { hideCreated: ['p2@example.com'] });
    const results = bulkPushProspects(hidden.deps, [1, 2].map((n) => subject(n)));
    expect(results.has('contact:1')).toBe(true);
    expect(results.has('contact:2')).toBe(false);
    const limited = fakePardot([], { failAt: 2 });
    expect(bulkPushProspects(limited.deps, [1, 2].map((n) => subject(n))).size).toBe(0);
  });

  it('a batch turns each result into its outcome: linked with the hash sent, skipped, or failed with Pardot\'s reason; the owner carries the duplicate report', () => {
    const { deps } = fakePardot([], { rowErrors: { 'p2@example.com': 'Invalid prospect email address: p2@example.com' } });
    const owner = subject(1, { sharedWith: ['contact:1', 'contact:9'] });
    const results = bulkPushProspects(deps, [owner, subject(2)]);
    const now = new Date('2026-02-01T00:00:00Z');
    const made = results.get('contact:1');
    if (made?.status !== 'Completed') throw new Error('expected a created prospect');
    const linked = bulkOutcome(owner.item, made, now, 5);
    expect(linked).toMatchObject({ status: 'Completed', operation: 'create', externalId: made.prospectId, payloadHash: made.hash });
    expect(linked.warnings.map((w) => w.code)).toEqual(['PARDOT_DUPLICATE_EMAIL']);
    const refused = results.get('contact:2');
    if (refused === undefined) throw new Error('expected a result');
    expect(bulkOutcome(subject(2).item, refused, now, 5)).toMatchObject({ status: 'Failed', code: 'PD_INVALID_EMAIL', message: expect.stringContaining('Invalid prospect email address') });
    expect(bulkOutcome(subject(3).item, { status: 'Rejected', pardotCode: 219, message: 'Pardot: Deleted records can\'t be updated', hash: 'h', prospectId: '5' }, now, 5)).toMatchObject({ status: 'Retrying', code: 'PD_PROSPECT_DELETED', clearLink: true });
    expect(bulkOutcome(subject(4).item, { status: 'Skipped', code: 'PROSPECT_NOT_AUTO_CREATED', hash: 'h' }, now, 5)).toMatchObject({ status: 'Skipped', code: 'PROSPECT_NOT_AUTO_CREATED' });
  });
});
