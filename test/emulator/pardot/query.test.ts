import { call, createProspect, makeEmulator } from './support';

describe('Pardot emulator: prospect query', () => {
  it('enforces limit between 1 and 1000 and defaults to 200', () => {
    const em = makeEmulator();
    for (let i = 0; i < 201; i++) em.seedProspect({ email: `p${i}@example.com` });
    const tooBig = call(em, 'GET', '/prospects?fields=id&limit=1001');
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.code).toBe(23);
    expect(call(em, 'GET', '/prospects?fields=id&limit=0').json.code).toBe(23);
    expect(call(em, 'GET', '/prospects?fields=id&limit=1000').json.values).toHaveLength(201);
    const first = call(em, 'GET', '/prospects?fields=id');
    expect(first.json.values).toHaveLength(200);
    expect(first.json.nextPageToken).toEqual(expect.any(String));
  });

  it('requires fields and rejects unknown parameters', () => {
    const em = makeEmulator();
    expect(call(em, 'GET', '/prospects').json.code).toBe(13);
    expect(call(em, 'GET', '/prospects?fields=id&updatedAfter=2024-01-01T00:00:00Z').json.code).toBe(5);
    expect(call(em, 'GET', '/prospects?fields=id&orderBy=email').json.code).toBe(5);
  });

  it('pages with nextPageToken / nextPageUrl until both are null', () => {
    const em = makeEmulator();
    for (let i = 0; i < 7; i++) em.seedProspect({ email: `p${i}@example.com` });
    const seen: number[] = [];
    let url: string | null = 'https://pi.pardot.com/api/v5/objects/prospects?fields=id,email&limit=3&orderBy=id';
    let pages = 0;
    while (url !== null) {
      const r = call(em, 'GET', url);
      expect(r.status).toBe(200);
      seen.push(...r.json.values.map((v: { id: number }) => v.id));
      url = r.json.nextPageUrl;
      if (url !== null) expect(url).toBe(`https://pi.pardot.com/api/v5/objects/prospects?nextPageToken=${r.json.nextPageToken}`);
      else expect(r.json.nextPageToken).toBeNull();
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the original query in the token and rejects tokens combined with other parameters, tampered or expired', () => {
    const em = makeEmulator();
    for (let i = 0; i < 4; i++) em.seedProspect({ email: `p${i}@example.com` });
    const first = call(em, 'GET', '/prospects?fields=id&limit=2&orderBy=id DESC');
    expect(first.json.values).toEqual([{ id: 4 }, { id: 3 }]);
    const token = first.json.nextPageToken as string;
    expect(call(em, 'GET', `/prospects?nextPageToken=${token}`).json.values).toEqual([{ id: 2 }, { id: 1 }]);
    expect(call(em, 'GET', `/prospects?nextPageToken=${token}&fields=email`).json.values).toEqual([
      { email: 'p1@example.com' },
      { email: 'p0@example.com' },
    ]);
    expect(call(em, 'GET', `/prospects?nextPageToken=${token}&limit=5`).json.code).toBe(5);
    expect(call(em, 'GET', '/prospects?nextPageToken=garbage').json.code).toBe(211);
    em.advanceTime(4 * 3600_000 + 1);
    expect(call(em, 'GET', `/prospects?nextPageToken=${token}`).json.code).toBe(210);
  });

  it('filters on updatedAt so a watermark picks up exactly the later changes, even with a frozen clock', () => {
    const em = makeEmulator();
    const a = createProspect(em, { email: 'a@example.com' });
    const b = createProspect(em, { email: 'b@example.com' });
    const watermark = em.getProspect(b)!.updatedAt;
    // The clock never moves, yet updatedAt stays strictly increasing.
    expect(watermark > em.getProspect(a)!.updatedAt).toBe(true);

    em.updateAsMarketer(a, { score: 50 });
    const c = createProspect(em, { email: 'c@example.com' });
    const q = (params: string): number[] =>
      call(em, 'GET', `/prospects?fields=id&orderBy=updatedAt&${params}`).json.values.map((v: { id: number }) => v.id);

    expect(q(`updatedAtAfter=${encodeURIComponent(watermark)}`)).toEqual([a, c]);
    expect(q(`updatedAtAfterOrEqualTo=${encodeURIComponent(watermark)}`)).toEqual([b, a, c]);
    expect(q(`updatedAtBefore=${encodeURIComponent(watermark)}`)).toEqual([]);
    expect(q(`updatedAtBeforeOrEqualTo=${encodeURIComponent(watermark)}`)).toEqual([b]);
  });

  it('rejects a positive offset whose "+" was not URL-encoded (code 7)', () => {
    const em = makeEmulator();
    const raw = call(em, 'GET', '/prospects?fields=id&updatedAtAfter=2024-05-01T12:00:00+02:00');
    expect(raw.status).toBe(400);
    expect(raw.json.code).toBe(7);
    expect(call(em, 'GET', '/prospects?fields=id&updatedAtAfter=2024-05-01T12:00:00%2B02:00').status).toBe(200);
  });

  it('at second precision several writes share one updatedAt, so updatedAtAfter can skip rows', () => {
    const em = makeEmulator({ timestampPrecision: 'second', timeZoneOffsetMinutes: -300 });
    const a = createProspect(em, { email: 'a@example.com' });
    createProspect(em, { email: 'b@example.com' });
    const stamp = em.getProspect(a)!.updatedAt;
    expect(stamp).toBe('2024-05-01T07:00:00-05:00');
    const after = call(em, 'GET', `/prospects?fields=id&updatedAtAfter=${encodeURIComponent(stamp)}`);
    expect(after.json.values).toEqual([]);
  });

  it('matches the email filter case-sensitively and limits filters to 3 fields (code 209)', () => {
    const em = makeEmulator();
    createProspect(em, { email: 'Ada@example.com' });
    createProspect(em, { email: 'ada@example.com' });
    expect(call(em, 'GET', '/prospects?fields=id,email&email=ada@example.com').json.values).toEqual([{ id: 2, email: 'ada@example.com' }]);
    const many = call(
      em,
      'GET',
      '/prospects?fields=id&email=a@example.com&idGreaterThan=1&createdAtAfter=2024-01-01&updatedAtAfter=2024-01-01',
    );
    expect(many.json.code).toBe(209);
  });

  it('serves reads from a lagging cache when readLagMs is set', () => {
    const em = makeEmulator({ readLagMs: 60_000 });
    const id = createProspect(em, { email: 'a@example.com', firstName: 'Old' });
    expect(call(em, 'GET', `/prospects/${id}?fields=id`).status).toBe(404);
    expect(call(em, 'GET', '/prospects?fields=id').json.values).toEqual([]);
    em.advanceTime(60_000);
    call(em, 'PATCH', `/prospects/${id}`, { body: { firstName: 'New' } });
    expect(call(em, 'GET', `/prospects/${id}?fields=firstName`).json).toEqual({ firstName: 'Old' });
    em.advanceTime(60_001);
    expect(call(em, 'GET', `/prospects/${id}?fields=firstName`).json).toEqual({ firstName: 'New' });
  });
});
