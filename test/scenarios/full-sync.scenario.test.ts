/**
 * A full sync of a customer bigger than one reduce invocation can carry: its contacts run in one lane (so two
 * requests never lock the same Account), the lane runs out of governance part-way, and what it leaves behind has no
 * queue entry (a full sync reaches records without one). The run queues what it left, and the follow-up sends it.
 */
import { SCRIPT_PARAMS } from '../../src/ids';
import { createWorld, drainPush, runPush, seedCustomer } from './world';

describe('full sync of a big customer', () => {
  it('sends every contact, over follow-up runs, even those the first run could not reach', () => {
    const world = createWorld();
    const customerId = seedCustomer(world);
    const total = 1500;
    for (let i = 0; i < total; i++) {
      world.account.seed('contact', { firstname: 'Big', lastname: `Contact ${i}`, email: `big.${i}@bigco.example`, company: customerId, subsidiary: world.subsidiary });
    }
    runPush(world, { [SCRIPT_PARAMS.fullSync]: true });
    drainPush(world);
    const sent = world.salesforce.findContacts((c) => typeof c.Email === 'string' && c.Email.endsWith('@bigco.example'));
    expect(sent).toHaveLength(total);
  });
});
