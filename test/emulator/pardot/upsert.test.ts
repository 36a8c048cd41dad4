import { call, makeEmulator } from './support';

const UPSERT = '/prospects/do/upsertLatestByEmail';

describe('Pardot emulator: upsertLatestByEmail', () => {
  it('creates (201) when nothing matches and updates (200) afterwards, echoing the requested fields', () => {
    const em = makeEmulator();
    const created = call(em, 'POST', UPSERT, {
      body: { matchEmail: 'a@example.com', prospect: { firstName: 'Ada' }, fields: ['id', 'email', 'firstName'] },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: 1, email: 'a@example.com', firstName: 'Ada' });

    const updated = call(em, 'POST', UPSERT, {
      body: { matchEmail: 'a@example.com', prospect: { email: 'a@example.com', lastName: 'Lovelace' }, fields: ['id', 'lastName'] },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toEqual({ id: 1, lastName: 'Lovelace' });
    expect(em.allProspects()).toHaveLength(1);

    const always201 = makeEmulator({ upsertUpdateStatus: 201 });
    call(always201, 'POST', UPSERT, { body: { matchEmail: 'a@example.com', prospect: {} } });
    const second = call(always201, 'POST', UPSERT, { body: { matchEmail: 'a@example.com', prospect: {} } });
    expect(second.status).toBe(201);
    expect(second.json).toEqual({ id: 1, email: 'a@example.com' });
  });

  it('updates the most recently updated of several matching prospects', () => {
    const em = makeEmulator();
    const older = em.seedProspect({ email: 'dup@example.com', firstName: 'Older' });
    const newer = em.seedProspect({ email: 'dup@example.com', firstName: 'Newer' });
    em.updateAsMarketer(older, { score: 10 }); // now `older` is the latest
    const r = call(em, 'POST', UPSERT, { body: { matchEmail: 'dup@example.com', prospect: { company: 'Acme' }, fields: ['id'] } });
    expect(r.json).toEqual({ id: older });
    expect(em.getProspect(older)!.company).toBe('Acme');
    expect(em.getProspect(newer)!.company).toBeNull();
  });

  it('matches email case-sensitively: different casing creates a second prospect', () => {
    const em = makeEmulator();
    call(em, 'POST', UPSERT, { body: { matchEmail: 'Ada@Example.com', prospect: {} } });
    const r = call(em, 'POST', UPSERT, { body: { matchEmail: 'ada@example.com', prospect: {} } });
    expect(r.status).toBe(201);
    expect(em.allProspects().map((p) => p.email)).toEqual(['Ada@Example.com', 'ada@example.com']);

    const folded = makeEmulator({ emailMatching: 'case-insensitive' });
    call(folded, 'POST', UPSERT, { body: { matchEmail: 'Ada@Example.com', prospect: {} } });
    expect(call(folded, 'POST', UPSERT, { body: { matchEmail: 'ada@example.com', prospect: {} } }).status).toBe(200);
  });

  it('ignores deleted matches unless secondaryDeletedSearch is set, which undeletes the latest', () => {
    const em = makeEmulator();
    const id = em.seedProspect({ email: 'gone@example.com' });
    em.deleteAsMarketer(id);
    const fresh = call(em, 'POST', UPSERT, { body: { matchEmail: 'gone@example.com', prospect: {}, fields: ['id'] } });
    expect(fresh.status).toBe(201);
    expect(fresh.json.id).not.toBe(id);

    const em2 = makeEmulator();
    const id2 = em2.seedProspect({ email: 'gone@example.com' });
    em2.deleteAsMarketer(id2);
    const revived = call(em2, 'POST', UPSERT, {
      body: { matchEmail: 'gone@example.com', prospect: { firstName: 'Back' }, secondaryDeletedSearch: true, fields: ['id', 'isDeleted'] },
    });
    expect(revived.status).toBe(200);
    expect(revived.json).toEqual({ id: id2, isDeleted: false });
  });

  it('validates the body: matchEmail (code 4 / 153), prospect (153) and its fields (180)', () => {
    const em = makeEmulator();
    expect(call(em, 'POST', UPSERT, { body: { matchEmail: 'bad', prospect: {} } }).json.code).toBe(4);
    expect(call(em, 'POST', UPSERT, { body: { prospect: {} } }).json.code).toBe(153);
    expect(call(em, 'POST', UPSERT, { body: { matchEmail: 'a@example.com' } }).json.code).toBe(153);
    expect(call(em, 'POST', UPSERT, { body: { matchEmail: 'a@example.com', prospect: { grade: 'A' } } }).json.code).toBe(180);
    expect(call(em, 'POST', UPSERT, { body: { matchEmail: 'a@example.com', prospect: {}, fields: ['nope'] } }).json.code).toBe(5);
    expect(call(em, 'GET', UPSERT).status).toBe(405);
    expect(em.allProspects()).toHaveLength(0);
  });
});
