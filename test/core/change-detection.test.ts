import { cascadeFields, decideChange, watchedFields, type ChangeInput } from '../../src/core/change-detection';
import { DEFAULT_ACCOUNT_MAPPINGS, DEFAULT_CONTACT_MAPPINGS, type FieldMapping } from '../../src/core/mapping/field-map';
import { prospectSourceFields } from '../../src/core/mapping/to-pardot-prospect';

const base: Omit<ChangeInput, 'event' | 'newValues' | 'oldValues' | 'recordType'> = {
  mappings: { contact: DEFAULT_CONTACT_MAPPINGS, customer: DEFAULT_ACCOUNT_MAPPINGS },
  bookkeepingFields: ['custentity_crmsync_sf_id', 'custentity_crmsync_status', 'custentity_crmsync_hash', 'custentity_crmsync_last_sync'],
  controlFields: ['custentity_crmsync_lock', 'isinactive'],
  inboundMarkerField: 'custentity_crmsync_pulled_at',
};

describe('decideChange', () => {
  it('queues creates and deletes', () => {
    expect(decideChange({ ...base, recordType: 'contact', event: 'create', newValues: {}, oldValues: {} })).toMatchObject({ enqueue: true, operation: 'upsert' });
    expect(decideChange({ ...base, recordType: 'contact', event: 'delete', newValues: {}, oldValues: {} })).toMatchObject({ enqueue: true, operation: 'delete' });
  });

  it('ignores an inline edit of a field no mapping uses', () => {
    expect(decideChange({ ...base, recordType: 'contact', event: 'xedit', newValues: { comments: 'hello' }, oldValues: { title: 'CTO' } }).enqueue).toBe(false);
  });

  it('queues an inline edit of a mapped field', () => {
    expect(decideChange({ ...base, recordType: 'contact', event: 'xedit', newValues: { title: 'CEO' }, oldValues: { title: 'CTO' } })).toMatchObject({ enqueue: true, changedFields: ['title'] });
  });

  it('ignores its own write-back (only bookkeeping fields changed)', () => {
    const decision = decideChange({ ...base, recordType: 'contact', event: 'xedit', newValues: { custentity_crmsync_sf_id: '003A', custentity_crmsync_status: 'Completed' }, oldValues: {} });
    expect(decision.enqueue).toBe(false);
  });

  it('compares old and new values on a full edit and treats empty, null and false alike', () => {
    const same = { firstname: 'Ada', lastname: 'L', email: 'a@b.co', title: '', isinactive: false };
    expect(decideChange({ ...base, recordType: 'contact', event: 'edit', newValues: { ...same, title: null, comments: 'x' }, oldValues: same }).enqueue).toBe(false);
    expect(decideChange({ ...base, recordType: 'contact', event: 'edit', newValues: { ...same, email: 'new@b.co' }, oldValues: same }).enqueue).toBe(true);
  });

  it('never queues the pull\'s own writes back (inbound marker changed)', () => {
    const pulled = { title: 'CEO', custentity_crmsync_pulled_at: '2026-03-01T00:00:00.000Z' };
    expect(decideChange({ ...base, recordType: 'contact', event: 'xedit', newValues: pulled, oldValues: { title: 'CTO' } }).enqueue).toBe(false);
    expect(decideChange({ ...base, recordType: 'contact', event: 'create', newValues: pulled, oldValues: {} }).enqueue).toBe(false);
  });

  it('queues a lock change so unlocking syncs again', () => {
    expect(decideChange({ ...base, recordType: 'contact', event: 'xedit', newValues: { custentity_crmsync_lock: false }, oldValues: { custentity_crmsync_lock: true } }).enqueue).toBe(true);
  });

  it('cascades a customer change that alters its contacts (currency, subsidiary, lock)', () => {
    expect(decideChange({ ...base, recordType: 'customer', event: 'xedit', newValues: { currency: '2' }, oldValues: { currency: '1' } }).operation).toBe('cascade');
    expect(decideChange({ ...base, recordType: 'customer', event: 'xedit', newValues: { phone: '1' }, oldValues: { phone: '2' } }).operation).toBe('upsert');
  });
});

describe('watched fields come from the mappings', () => {
  const mappings = { contact: DEFAULT_CONTACT_MAPPINGS, customer: DEFAULT_ACCOUNT_MAPPINGS };

  it('a new mapping is watched, cascades and is read with no other list to edit', () => {
    const contact: FieldMapping[] = [...DEFAULT_CONTACT_MAPPINGS, { source: 'department', target: 'Department', owner: 'netsuite' }, { source: 'company.url', target: 'Account_Website__c', owner: 'netsuite' }];
    const custom = { ...mappings, contact };
    expect(watchedFields('contact', custom, [])).toContain('department');
    expect(cascadeFields(custom, [])).toContain('url');
    expect(decideChange({ ...base, mappings: custom, recordType: 'contact', event: 'xedit', newValues: { department: 'Sales' }, oldValues: { department: 'Ops' } }).enqueue).toBe(true);
    expect(decideChange({ ...base, mappings: custom, recordType: 'customer', event: 'xedit', newValues: { url: 'https://b.example' }, oldValues: { url: 'https://a.example' } }).operation).toBe('cascade');
  });

  it('derived sources watch what they read; Pardot watches its own fields on both record types', () => {
    expect(watchedFields('customer', mappings, [])).toEqual(expect.arrayContaining(['companyname', 'firstname', 'lastname', 'isperson', 'currency', 'subsidiary', 'salesrep', 'email', 'giveaccess']));
    expect(watchedFields('contact', mappings, [])).toEqual(expect.arrayContaining(['company', 'subsidiary', 'giveaccess', ...prospectSourceFields('contact')]));
    // An individual customer's salutation feeds its prospect.
    expect(watchedFields('customer', mappings, [])).toContain('salutation');
    expect(prospectSourceFields('customer')).not.toContain('title');
    expect(cascadeFields(mappings, ['custentity_crmsync_lock'])).toEqual(expect.arrayContaining(['currency', 'subsidiary', 'custentity_crmsync_lock']));
  });
});
