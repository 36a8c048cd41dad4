/**
 * Per-record history: every sync is findable from the record (its last-success link to the batch row that logged it,
 * per system), and a record shows Pending while a change is queued, whether sending is paused or not.
 */
import { ENTITY_FIELDS, LOG, SCRIPTS, SETTINGS } from '../../src/ids';
import { createCustomerWithContacts, drainPush, logRows, pardotWorld, type World } from './world';

function linkedRow(world: World, field: string, type: 'contact' | 'customer', id: number): Record<string, unknown> | undefined {
  const value = world.account.get(type, id)?.[field];
  const link = typeof value === 'string' ? value : '';
  expect(link).toMatch(/^https:\/\/[^/]+\/app\/common\/custom\/custrecordentry\.nl\?rectype=customrecord_crmsync_log&id=\d+$/);
  const rowId = Number(/id=(\d+)$/.exec(link)?.[1]);
  return logRows(world).find((r) => Number(r.id) === rowId);
}

function editSettings(world: World, values: Record<string, unknown>): void {
  const id = Number(world.account.all(SETTINGS.type)[0]?.id);
  expect(world.account.ui.edit(SETTINGS.type, id, values).error).toBeUndefined();
}

describe('per-record history', () => {
  it('links each synced record to the batch rows of its last Salesforce and Pardot success', () => {
    const world = pardotWorld();
    const { customerId, contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    const [contact = 0] = contactIds;
    const sfRow = linkedRow(world, ENTITY_FIELDS.lastBatch, 'contact', contact);
    expect(sfRow?.[LOG.status]).toBe('Completed');
    expect(sfRow?.[LOG.system]).toBe('salesforce');
    expect(String(sfRow?.[LOG.records])).toMatch(new RegExp(`^contact:${contact}=`, 'm'));
    const pdRow = linkedRow(world, ENTITY_FIELDS.pardotLastBatch, 'contact', contact);
    expect(pdRow?.[LOG.system]).toBe('pardot');
    expect(String(pdRow?.[LOG.records])).toMatch(new RegExp(`^contact:${contact}=`, 'm'));
    expect(linkedRow(world, ENTITY_FIELDS.lastBatch, 'customer', customerId)?.[LOG.status]).toBe('Completed');
  });

  it('shows Pending while a change waits, paused or not, then the new batch', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const [contact = 0] = contactIds;
    const firstRow = linkedRow(world, ENTITY_FIELDS.lastBatch, 'contact', contact)?.id;

    editSettings(world, { [SETTINGS.pausePush]: true });
    world.account.ui.inlineEdit('contact', contact, { title: 'Queued while paused' });
    drainPush(world);
    expect(world.account.get('contact', contact)?.[ENTITY_FIELDS.status]).toBe('Pending');
    expect(world.salesforce.allContacts().some((c) => c.Title === 'Queued while paused')).toBe(false);

    editSettings(world, { [SETTINGS.pausePush]: false });
    world.advance(16 * 60_000);
    world.account.runMapReduce({ scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.deploymentId });
    drainPush(world);
    expect(world.account.get('contact', contact)?.[ENTITY_FIELDS.status]).toBe('Completed');
    expect(linkedRow(world, ENTITY_FIELDS.lastBatch, 'contact', contact)?.id).not.toBe(firstRow);
  });
});
