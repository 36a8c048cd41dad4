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

/** The last request token a page gave each world's user (a form left open in another tab still carries it). */
const lastToken = new WeakMap<World, string>();

export function consoleGet(world: World, parameters: Record<string, string> = {}) {
  const page = world.account.runSuitelet({ scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId, method: 'GET', parameters });
  const token = /name="crmsync_token" value="([0-9a-f]+)"/.exec(page.body)?.[1];
  if (token !== undefined) lastToken.set(world, token);
  return page;
}

/** The account's NetSuite UI origin, as a browser on a console page sends it in `Origin`. */
export function appOrigin(world: World): string {
  return `https://${world.account.accountId.toLowerCase()}.app.netsuite.com`;
}

/** The hidden fields of the first POST form on a page (what a browser submits besides the clicked button). */
export function formFields(page: string): Record<string, string> {
  const form = /<form method="POST"[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[match[1] ?? ''] = match[2] ?? '';
  return fields;
}

export interface PostOptions {
  /** The request token sent; default: the one the console page's forms carry now (else the last one a page gave). */
  token?: string | null;
  /** Extra or replacing headers; default Origin is the account's own. */
  headers?: Record<string, string>;
}

/** A POST as the console's own forms send it: same origin, the user's token; `options` lets a test forge one. */
export function consolePost(world: World, parameters: Record<string, string>, options: PostOptions = {}) {
  const token = options.token === undefined ? formFields(consoleGet(world).body).crmsync_token ?? lastToken.get(world) ?? '' : options.token;
  const sent = token === null ? parameters : { ...parameters, crmsync_token: token };
  const body = new URLSearchParams(sent).toString();
  return world.account.runSuitelet({
    scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId, method: 'POST', parameters: sent, body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: appOrigin(world), ...options.headers },
  });
}

/** A record button: GET shows the confirmation page, then its form is submitted as the browser would. */
export function consoleConfirm(world: World, parameters: Record<string, string>) {
  const confirm = consoleGet(world, parameters);
  const fields = formFields(confirm.body);
  const result = Object.keys(fields).length === 0 ? confirm : consolePost(world, fields, { token: null });
  return { confirm, result };
}
