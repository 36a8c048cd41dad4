import { call, createProspect, makeEmulator } from './support';

describe('Pardot emulator: prospect create / read / update / delete', () => {
  it('creates with 201, a Location header and the requested fields', () => {
    const em = makeEmulator();
    const r = call(em, 'POST', '/prospects?fields=id,email,firstName,score,createdAt', {
      body: { email: 'Ada@Example.com', firstName: 'Ada', campaignId: 1 },
    });
    expect(r.status).toBe(201);
    expect(r.headers['Location']).toBe(`https://pi.pardot.com/api/v5/objects/prospects/${r.json.id}`);
    expect(r.json).toEqual({ id: 1, email: 'Ada@Example.com', firstName: 'Ada', score: 0, createdAt: '2024-05-01T12:00:00.000+00:00' });
  });

  it('requires a valid email of at most 255 characters (code 4)', () => {
    const em = makeEmulator();
    expect(call(em, 'POST', '/prospects', { body: { firstName: 'No Email' } }).json.code).toBe(4);
    expect(call(em, 'POST', '/prospects', { body: { email: 'not-an-email' } }).json.code).toBe(4);
    const long = `${'a'.repeat(250)}@example.com`;
    const r = call(em, 'POST', '/prospects', { body: { email: long } });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(4);
    expect(r.json.message).toMatch(/^Invalid prospect email address/);
  });

  it('rejects unknown and read-only fields in writes (code 180)', () => {
    const em = makeEmulator({ customFields: ['NetSuite_Id__c'] });
    const unknown = call(em, 'POST', '/prospects', { body: { email: 'a@example.com', favouriteColour: 'blue' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.code).toBe(180);
    for (const field of ['grade', 'optedOut', 'salesforceId', 'salesforceOwnerId', 'updatedAt', 'id', 'isDeleted']) {
      const r = call(em, 'POST', '/prospects', { body: { email: 'a@example.com', [field]: 'x' } });
      expect([field, r.json.code]).toEqual([field, 180]);
    }
    const custom = call(em, 'POST', '/prospects?fields=NetSuite_Id__c', { body: { email: 'a@example.com', NetSuite_Id__c: '42' } });
    expect(custom.status).toBe(201);
    expect(custom.json).toEqual({ NetSuite_Id__c: '42' });
  });

  it('checks types, lengths and references', () => {
    const em = makeEmulator();
    expect(call(em, 'POST', '/prospects', { body: { email: 'a@example.com', score: '10' } }).json.code).toBe(56);
    expect(call(em, 'POST', '/prospects', { body: { email: 'a@example.com', isDoNotEmail: 'yes' } }).json.code).toBe(50);
    expect(call(em, 'POST', '/prospects', { body: { email: 'a@example.com', city: 'x'.repeat(256) } }).json.code).toBe(154);
    expect(call(em, 'POST', '/prospects', { body: { email: 'a@example.com', campaignId: 999 } }).json.code).toBe(38);
    expect(call(em, 'POST', '/prospects', { body: { email: 'a@example.com', userId: 999 } }).json.code).toBe(10);
    expect(call(em, 'POST', '/prospects', { body: '{"email":' }).json.code).toBe(150);
  });

  it('requires fields on read (code 13) and rejects unknown names in fields (code 5)', () => {
    const em = makeEmulator();
    const id = createProspect(em, { email: 'a@example.com' });
    const missing = call(em, 'GET', `/prospects/${id}`);
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ code: 13, message: 'One or more required parameters are missing: fields' });
    expect(call(em, 'GET', `/prospects/${id}?fields=id,emailAddress`).json.code).toBe(5);
    const ok = call(em, 'GET', `/prospects/${id}?fields=id,email,campaign.name,assignedTo.email`);
    expect(ok.json).toEqual({ id, email: 'a@example.com', campaign: null, assignedTo: null });
  });

  it('updates only by id: PATCH on an email or on the collection fails', () => {
    const em = makeEmulator();
    const id = createProspect(em, { email: 'a@example.com' });
    expect(call(em, 'PATCH', '/prospects/a@example.com', { body: { firstName: 'A' } }).json.code).toBe(16);
    const collection = call(em, 'PATCH', '/prospects?email=a@example.com', { body: { firstName: 'A' } });
    expect(collection.status).toBe(405);
    expect(collection.json.code).toBe(60);

    const noFields = call(em, 'PATCH', `/prospects/${id}`, { body: { firstName: 'A', userId: 1, campaignId: 2 } });
    expect(noFields.status).toBe(204);
    const withFields = call(em, 'PATCH', `/prospects/${id}?fields=id,firstName,assignedToId,assignedTo.email,campaign.name`, {
      body: { lastName: 'Lovelace' },
    });
    expect(withFields.status).toBe(200);
    expect(withFields.json).toEqual({
      id,
      firstName: 'A',
      assignedToId: 1,
      assignedTo: { email: 'marketing.admin@example.com' },
      campaign: { name: 'NetSuite Sync' },
    });
    expect(call(em, 'PATCH', '/prospects/999', { body: { firstName: 'A' } }).status).toBe(404);
  });

  it('only moves updatedAt when an update changes something', () => {
    const em = makeEmulator();
    const id = createProspect(em, { email: 'a@example.com', firstName: 'A' });
    const before = em.getProspect(id)!.updatedAt;
    call(em, 'PATCH', `/prospects/${id}`, { body: { firstName: 'A' } });
    expect(em.getProspect(id)!.updatedAt).toBe(before);
    call(em, 'PATCH', `/prospects/${id}`, { body: { firstName: 'B' } });
    expect(em.getProspect(id)!.updatedAt > before).toBe(true);
  });

  it('soft-deletes: 204, then 404 with a recycle-bin warning, visible with deleted=all', () => {
    const em = makeEmulator();
    const id = createProspect(em, { email: 'a@example.com' });
    createProspect(em, { email: 'b@example.com' });
    expect(call(em, 'DELETE', `/prospects/${id}`).status).toBe(204);

    const read = call(em, 'GET', `/prospects/${id}?fields=id`);
    expect(read.status).toBe(404);
    expect(read.json.code).toBe(192);
    expect(read.headers['Pardot-Warning']).toBe('201;Record In Recycle Bin');
    expect(call(em, 'GET', `/prospects/${id}?fields=id,isDeleted&deleted=true`).json).toEqual({ id, isDeleted: true });

    expect(call(em, 'GET', '/prospects?fields=id').json.values).toEqual([{ id: 2 }]);
    expect(call(em, 'GET', '/prospects?fields=id,isDeleted&deleted=all').json.values).toEqual([
      { id, isDeleted: true },
      { id: 2, isDeleted: false },
    ]);
    expect(call(em, 'GET', '/prospects?fields=id&deleted=true').json.values).toEqual([{ id }]);
    expect(call(em, 'PATCH', `/prospects/${id}`, { body: { firstName: 'A' } }).json.code).toBe(219);
    expect(call(em, 'DELETE', `/prospects/${id}`).status).toBe(404);
  });

  it('allows several prospects per email by default (AMPSEA) and refuses them when configured', () => {
    const ampsea = makeEmulator();
    createProspect(ampsea, { email: 'a@example.com' });
    expect(call(ampsea, 'POST', '/prospects', { body: { email: 'a@example.com' } }).status).toBe(201);
    expect(ampsea.findByEmail('a@example.com')).toHaveLength(2);

    const unique = makeEmulator({ allowDuplicateEmails: false });
    createProspect(unique, { email: 'a@example.com' });
    const r = call(unique, 'POST', '/prospects', { body: { email: 'a@example.com' } });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(9);
  });

  it('can reproduce the historical 405 / code 60 on v5 create', () => {
    const em = makeEmulator({ prospectCreateSupported: false });
    const r = call(em, 'POST', '/prospects', { body: { email: 'a@example.com' } });
    expect(r.status).toBe(405);
    expect(r.json).toEqual({ code: 60, message: 'Invalid HTTP request method: POST' });
  });
});
