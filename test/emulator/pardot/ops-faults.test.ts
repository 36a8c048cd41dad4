import { EmulatedTimeout } from '../http';
import { call, createProspect, makeEmulator } from './support';

describe('Pardot emulator: counters', () => {
  it('counts wire calls by kind (seeding is free) and resets', () => {
    const em = makeEmulator();
    em.seedProspect({ email: 'seed@example.com' });
    const id = createProspect(em, { email: 'a@example.com' });
    call(em, 'GET', `/prospects/${id}?fields=id`);
    call(em, 'PATCH', `/prospects/${id}`, { body: { firstName: 'A' } });
    call(em, 'POST', '/prospects/do/upsertLatestByEmail', { body: { matchEmail: 'a@example.com', prospect: {} } });
    call(em, 'GET', '/prospects?fields=id');
    call(em, 'DELETE', `/prospects/${id}`);
    call(em, 'GET', '/account?fields=apiCallsUsed');
    call(em, 'GET', '/prospects', { headers: { Authorization: 'Bearer nope' } });

    const counters = em.counters();
    expect(counters.apiCalls).toBe(8);
    expect(counters.byKind).toEqual({ create: 1, read: 1, update: 1, delete: 1, upsert: 1, query: 2, account: 1, batch: 0, other: 0 });
    expect(counters.requests[0]).toEqual({ method: 'POST', path: '/api/v5/objects/prospects', query: 'fields=id', kind: 'create', status: 201 });
    expect(counters.requests.at(-1)!.status).toBe(401);
    // Pardot bills only calls that got past authentication and limits.
    expect(em.apiCallsUsedToday()).toBe(7);

    em.resetCounters();
    expect(em.counters()).toEqual({
      apiCalls: 0,
      byKind: { create: 0, read: 0, update: 0, delete: 0, upsert: 0, query: 0, account: 0, batch: 0, other: 0 },
      requests: [],
    });
  });
});

describe('Pardot emulator: ops API', () => {
  it('updateAsMarketer changes Pardot-owned fields and bumps updatedAt', () => {
    const em = makeEmulator();
    const id = em.seedProspect({ email: 'a@example.com', salesforceContactId: '003000000000001AAA' });
    const before = em.getProspect(id)!;
    const after = em.updateAsMarketer(id, { score: 75, grade: 'B+', campaignId: 2, comments: 'Hot lead', userId: 1 });
    expect(after).toMatchObject({ score: 75, grade: 'B+', campaignId: 2, comments: 'Hot lead', userId: 1, assignedToId: 1 });
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(() => em.updateAsMarketer(id, { grade: 'Z' })).toThrow(/grade/);
    expect(() => em.updateAsMarketer(id, { campaignId: 77 })).toThrow();
    expect(em.counters().apiCalls).toBe(0);
  });

  it('lists seeded campaigns over the wire', () => {
    const em = makeEmulator();
    const id = em.seedCampaign({ name: 'Trade Show' });
    const r = call(em, 'GET', '/campaigns?fields=id,name');
    expect(r.json.values).toEqual([
      { id: 1, name: 'Website' },
      { id: 2, name: 'NetSuite Sync' },
      { id, name: 'Trade Show' },
    ]);
    expect(call(em, 'GET', `/campaigns/${id}?fields=name`).json).toEqual({ name: 'Trade Show' });
  });
});

describe('Pardot emulator: fault injection', () => {
  it('fires a FaultRule on the nth matching call for `times` calls', () => {
    const em = makeEmulator();
    em.injectFault({
      match: (req) => req.method === 'POST',
      nth: 2,
      times: 2,
      respond: { code: 500, headers: {}, body: 'boom' },
    });
    const statuses = [0, 1, 2, 3].map((i) => call(em, 'POST', '/prospects', { body: { email: `p${i}@example.com` } }).status);
    expect(statuses).toEqual([201, 500, 500, 201]);
    expect(call(em, 'GET', '/prospects?fields=id').status).toBe(200);
    expect(em.allProspects()).toHaveLength(2);
  });

  it('has one-shot helpers for 66, 122, 184 and the XML auth failure', () => {
    const em = makeEmulator();
    em.concurrencyLimitNext();
    expect(call(em, 'GET', '/prospects?fields=id').json.code).toBe(66);
    em.dailyLimitNext();
    expect(call(em, 'GET', '/prospects?fields=id').json.code).toBe(122);
    em.invalidTokenNext();
    const token = call(em, 'GET', '/prospects?fields=id');
    expect([token.status, token.json.code]).toEqual([401, 184]);
    em.xmlAuthFailureNext();
    const xml = call(em, 'GET', '/prospects?fields=id');
    expect(xml.status).toBe(403);
    expect(xml.headers['Content-Type']).toContain('text/xml');
    expect(call(em, 'GET', '/prospects?fields=id').status).toBe(200);
  });

  it('timeoutNext throws EmulatedTimeout; afterProcessing applies the write first', () => {
    const em = makeEmulator();
    em.timeoutNext();
    expect(() => call(em, 'POST', '/prospects', { body: { email: 'a@example.com' } })).toThrow(EmulatedTimeout);
    expect(em.allProspects()).toHaveLength(0);

    em.timeoutNext({ afterProcessing: true });
    expect(() => call(em, 'POST', '/prospects', { body: { email: 'a@example.com' } })).toThrow(EmulatedTimeout);
    expect(em.allProspects()).toHaveLength(1);
    expect(em.counters().requests.map((r) => r.status)).toEqual(['timeout', 'timeout']);
  });
});

describe('users object', () => {
  it('lists users with the requested fields (for mapping NetSuite sales reps by email)', () => {
    const em = makeEmulator();
    em.seedUser({ id: 7, email: 'rep@example.com', firstName: 'Rita' });
    const response = call(em, 'GET', '/users?fields=id,email');
    expect(response.status).toBe(200);
    expect((response.json as { values: unknown[] }).values).toContainEqual({ id: 7, email: 'rep@example.com' });
  });
});
