/** Shared steps of the admin-experience scenarios: a world with failed records, and the console Suitelet. */
import { ADMIN_SCRIPTS } from '../../src/ids';
import { createCustomerWithContacts, drainPush, type World } from './world';

export const BAD_NAME = '<script>alert("x")</script> Bad';

/** A customer with two good contacts and one whose email Salesforce rejects; the push leaves it Failed. */
export function seedFailure(world: World): { customerId: number; good: number[]; bad: number } {
  const { customerId, contactIds } = createCustomerWithContacts(world, 2);
  const bad = world.account.seed('contact', { firstname: BAD_NAME, lastname: 'Email', email: 'first,last@example.com', company: customerId, subsidiary: world.subsidiary });
  world.account.ui.inlineEdit('contact', bad, { title: 'Imported' });
  drainPush(world);
  return { customerId, good: contactIds, bad };
}

export function consoleGet(world: World, parameters: Record<string, string> = {}) {
  return world.account.runSuitelet({ scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId, method: 'GET', parameters });
}

export function consolePost(world: World, parameters: Record<string, string>) {
  const body = new URLSearchParams(parameters).toString();
  return world.account.runSuitelet({
    scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId, method: 'POST', parameters, body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}
