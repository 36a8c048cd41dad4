/** NetSuite ⇄ Pardot (Account Engagement), end to end on the built bundle. */
import { ENTITY_FIELDS, SETTINGS } from '../../src/ids';
import { createCustomerWithContacts, createWorld, drainPush, logReasons, PARDOT_BUSINESS_UNIT, seedCustomer, type World } from './world';

function pardotWorld(settings: Record<string, unknown> = {}): World {
  return createWorld({
    settings: {
      [SETTINGS.pardotEnabled]: true,
      [SETTINGS.pardotBusinessUnit]: PARDOT_BUSINESS_UNIT,
      [SETTINGS.pardotHost]: 'https://pi.pardot.com',
      [SETTINGS.pardotAutoCreate]: true,
      [SETTINGS.pardotAutoCreateSince]: '2026-01-01T00:00:00.000Z',
      ...settings,
    },
  });
}

describe('NetSuite → Pardot', () => {
  it('a new contact with an email creates a prospect, linked by its id', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 2);
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(2);
    const id = contactIds[0] ?? 0;
    const prospectId = world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId];
    expect(world.pardot.getProspect(Number(prospectId))).toMatchObject({ email: `c${world.account.get('contact', id)?.company}-1@example.com`.toLowerCase() });
    expect(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotStatus]).toBe('Completed');
  });

  it('a NetSuite edit never overwrites Pardot score, grade, campaign or comments', () => {
    const world = pardotWorld();
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    const id = contactIds[0] ?? 0;
    const prospectId = Number(world.account.get('contact', id)?.[ENTITY_FIELDS.pardotId]);
    world.pardot.updateAsMarketer(prospectId, { score: 87, comments: 'Hot lead', campaignId: 2 });
    world.account.ui.edit('contact', id, { title: 'Buyer', firstname: 'Changed' });
    drainPush(world);
    expect(world.pardot.getProspect(prospectId)).toMatchObject({ score: 87, comments: 'Hot lead', campaignId: 2, jobTitle: 'Buyer', firstName: 'Changed' });
  });

  it('auto-create is not retroactive: records created before it was turned on do not create prospects', () => {
    const world = pardotWorld({ [SETTINGS.pardotAutoCreateSince]: '2026-06-01T00:00:00.000Z' });
    const { contactIds } = createCustomerWithContacts(world, 1);
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(0);
    expect(logReasons(world, contactIds[0])).toContain('PROSPECT_NOT_AUTO_CREATED');
  });

  it('an existing prospect is matched by email even when the case differs; no second prospect', () => {
    const world = pardotWorld({ [SETTINGS.pardotAutoCreate]: false });
    const existing = world.pardot.seedProspect({ email: 'Mixed.Case@Example.com', score: 12 });
    const customerId = seedCustomer(world);
    const { id } = world.account.ui.create('contact', { firstname: 'Mia', lastname: 'Case', email: 'Mixed.Case@Example.com', company: customerId, subsidiary: world.subsidiary });
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(1);
    expect(world.account.get('contact', Number(id))?.[ENTITY_FIELDS.pardotId]).toBe(String(existing));
    world.account.ui.inlineEdit('contact', Number(id), { email: 'mixed.case@example.com' });
    drainPush(world);
    expect(world.pardot.allProspects()).toHaveLength(1);
  });
});
