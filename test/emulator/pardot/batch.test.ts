import { BUSINESS_UNIT, call, GOOD_TOKEN, makeEmulator } from './support';

const V4 = 'https://pi.pardot.com/api/prospect/version/4/do';
const form = (rows: unknown[]): string => `format=json&prospects=${encodeURIComponent(JSON.stringify({ prospects: rows }))}`;
const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('Pardot emulator: v4 batchCreate / batchUpdate', () => {
  it('creates every valid row, reports only the bad rows by index, and returns no ids', () => {
    const em = makeEmulator();
    const result = call(em, 'POST', `${V4}/batchCreate`, { body: form([{ email: 'a@example.com', first_name: 'Ada', job_title: 'CTO' }, { email: 'not-an-email' }, { email: 'b@example.com' }]), headers: formHeaders });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ '@attributes': { stat: 'ok', version: 1 }, errors: { '1': expect.stringContaining('Invalid prospect email address') } });
    expect(em.allProspects().map((p) => [p.email, p.firstName ?? null, p.jobTitle ?? null])).toEqual([['a@example.com', 'Ada', 'CTO'], ['b@example.com', null, null]]);
    expect(em.counters().byKind.batch).toBe(1);
    expect(em.apiCallsUsedToday()).toBe(1);
  });

  it('creates a second prospect for an email that exists (batchCreate never matches)', () => {
    const em = makeEmulator();
    em.seedProspect({ email: 'a@example.com' });
    call(em, 'POST', `${V4}/batchCreate`, { body: form([{ email: 'a@example.com' }]), headers: formHeaders });
    expect(em.findByEmail('a@example.com')).toHaveLength(2);
  });

  it('updates by id only, leaves fields not sent alone, and rejects email as an identifier', () => {
    const em = makeEmulator();
    const id = em.seedProspect({ email: 'a@example.com', firstName: 'Ada', phone: '555' });
    const result = call(em, 'POST', `${V4}/batchUpdate`, { body: form([{ id: String(id), last_name: 'Lovelace' }, { email: 'a@example.com', first_name: 'X' }, { id: 999, first_name: 'Y' }]), headers: formHeaders });
    expect(Object.keys((result.json as { errors: Record<string, string> }).errors)).toEqual(['1', '2']);
    expect(em.allProspects()[0]).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', phone: '555' });
  });

  it('refuses more than 50 rows and writes nothing', () => {
    const em = makeEmulator();
    const rows = Array.from({ length: 51 }, (_, i) => ({ email: `p${i}@example.com` }));
    const result = call(em, 'POST', `${V4}/batchCreate`, { body: form(rows), headers: formHeaders });
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ '@attributes': { stat: 'fail', err_code: 5 } });
    expect(em.allProspects()).toHaveLength(0);
    expect(call(em, 'POST', `${V4}/batchCreate`, { body: form(rows.slice(0, 50)), headers: formHeaders }).status).toBe(200);
    expect(em.allProspects()).toHaveLength(50);
  });

  it('needs the same auth as v5 and counts against the daily limit and concurrency per call', () => {
    const em = makeEmulator({ dailyLimit: 1 });
    const noAuth = call(em, 'POST', `${V4}/batchCreate`, { body: form([{ email: 'a@example.com' }]), rawHeaders: { 'Pardot-Business-Unit-Id': BUSINESS_UNIT, ...formHeaders } });
    expect(noAuth.status).toBe(401);
    expect(call(em, 'POST', `${V4}/batchCreate`, { body: form([{ email: 'a@example.com' }]), rawHeaders: { Authorization: `Bearer ${GOOD_TOKEN}`, ...formHeaders } }).status).toBe(400);
    expect(call(em, 'POST', `${V4}/batchCreate`, { body: form([{ email: 'a@example.com' }, { email: 'b@example.com' }]), headers: formHeaders }).status).toBe(200);
    const limited = call(em, 'POST', `${V4}/batchCreate`, { body: form([{ email: 'c@example.com' }]), headers: formHeaders });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ '@attributes': { stat: 'fail', err_code: 122 } });
    const busy = makeEmulator();
    busy.simulateConcurrent(5);
    expect(call(busy, 'POST', `${V4}/batchCreate`, { body: form([{ email: 'a@example.com' }]), headers: formHeaders }).json).toMatchObject({ '@attributes': { err_code: 66 } });
  });
});
