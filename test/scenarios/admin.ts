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
  // The console page's form carries it as custpage_crmsync_token (a Suitelet form's field), other pages as crmsync_token.
  const token = /name="(?:custpage_)?crmsync_token" value="([0-9a-f]+)"/.exec(page.body)?.[1];
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
  // The console page's form names its token field custpage_crmsync_token (a Suitelet form field); tests read it as crmsync_token.
  if (fields.custpage_crmsync_token !== undefined) fields.crmsync_token ??= fields.custpage_crmsync_token;
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
  const fields = options.token === undefined ? formFields(consoleGet(world).body) : {};
  const token = options.token === undefined ? fields.crmsync_token ?? lastToken.get(world) ?? '' : options.token;
  const sent = token === null ? parameters : { ...parameters, crmsync_token: token };
  const body = new URLSearchParams(sent).toString();
  return world.account.runSuitelet({
    scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId, method: 'POST', parameters: sent, body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: appOrigin(world), ...options.headers },
  });
}

type SuiteletResult = ReturnType<typeof consoleGet>;

/**
 * Where a browser ends after a console response: a redirect to a contact or customer (redirect.toRecord) is followed
 * by opening that record with the URL's parameters, so `body` is the record page (with its page messages); anything
 * else is the response itself. `redirectedTo` is the Location followed, if any.
 */
export function followRedirect(world: World, response: SuiteletResult): SuiteletResult & { redirectedTo: string | null } {
  const location = response.code === 302 ? response.headers.Location ?? null : null;
  if (location === null) return { ...response, redirectedTo: null };
  const target = new URL(`https://${world.account.accountId.toLowerCase()}.app.netsuite.com${location}`);
  const type = /\/app\/common\/entity\/(contact|customer)\.nl$/.exec(target.pathname)?.[1];
  if (type === undefined) throw new Error(`The console redirected somewhere this helper does not open: ${location}`);
  const parameters = Object.fromEntries(target.searchParams);
  const id = parameters.id ?? '';
  delete parameters.id;
  const view = world.account.ui.view(type, id, parameters);
  return { ...response, body: view.html, redirectedTo: location };
}

/** A record button by its fallback: GET shows the confirmation page, its form is submitted, the redirect followed. */
export function consoleConfirm(world: World, parameters: Record<string, string>) {
  const confirm = consoleGet(world, parameters);
  const fields = formFields(confirm.body);
  const result = Object.keys(fields).length === 0 ? { ...confirm, redirectedTo: null } : followRedirect(world, consolePost(world, fields, { token: null }));
  return { confirm, result };
}

/**
 * A user clicks a record button ("Sync now", "Update from Salesforce") on the record's page: its client module builds
 * the form and submits it (same origin), the console acts and redirects back, and the browser opens the record again.
 */
export function clickRecordButton(world: World, type: 'contact' | 'customer', id: number, label: string) {
  const click = world.account.ui.click(type, id, label);
  if (click.report.error !== undefined) throw new Error(`The click failed: ${JSON.stringify(click.report.error)}`);
  const form = click.submitted;
  if (form === null) throw new Error(`The click submitted no form (it went to ${click.navigatedTo ?? 'nowhere'}).`);
  const action = new URL(`https://x${form.action}`);
  const query = Object.fromEntries(action.searchParams);
  const response = world.account.runSuitelet({
    scriptId: ADMIN_SCRIPTS.slConsole.scriptId, deploymentId: ADMIN_SCRIPTS.slConsole.deploymentId, method: form.method === 'GET' ? 'GET' : 'POST',
    parameters: { ...query, ...form.fields }, body: new URLSearchParams(form.fields).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: appOrigin(world) },
  });
  return { click, response, page: followRedirect(world, response) };
}

/** NetSuite's page messages on a rendered record page (Form.addPageInitMessage): type (CONFIRMATION…) and the text a reader sees. */
export function bannersOf(page: string): { type: string; text: string }[] {
  return pageMessages(page).map((m) => ({ type: m.type.toUpperCase(), text: `${m.title} ${m.text}`.replace(/\s*\n\s*/g, ' ').trim() }));
}

// ───────────── reading the console's NetSuite page (the emulator's rendering of a serverWidget Form) ─────────────

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text as the browser shows it: tags dropped, entities decoded, line breaks (<br>, list items) kept as newlines. */
export function textOf(markup: string): string {
  return markup.replace(/<br>|<\/li>/g, '\n').replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|[a-z]+);/g, (m, e: string) => (e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ENTITY[e] ?? m)).trim();
}

/** The shown value of a page field (`<span id="<id>_fs">`), as text; null when the page has no such field. */
export function fieldText(page: string, id: string): string | null {
  const match = new RegExp(`id="${id}_fs">([\\s\\S]*?)</span></div>`).exec(page);
  return match === null ? null : textOf(match[1] ?? '');
}

/** The page's messages (Form.addPageInitMessage): type, title and text. */
export function pageMessages(page: string): { type: string; title: string; text: string }[] {
  return [...page.matchAll(/<div class="uir-page-message" data-message-type="(\w*)" role="\w+"><div class="uir-page-message-title">([\s\S]*?)<\/div><div class="uir-page-message-text">([\s\S]*?)<\/div><\/div>/g)]
    .map((m) => ({ type: m[1] ?? '', title: textOf(m[2] ?? ''), text: textOf(m[3] ?? '') }));
}

/** The label of a sublist (e.g. "Failed records (1)"). */
export function listLabel(page: string, id: string): string | null {
  const match = new RegExp(`id="${id}_label">([\\s\\S]*?)</h2>`).exec(page);
  return match === null ? null : textOf(match[1] ?? '');
}

/** The lines of a LIST sublist: each cell's text by field id, plus the line's markup. */
export function listRows(page: string, id: string): (Record<string, string> & { html: string })[] {
  const table = new RegExp(`<table class="uir-list" id="${id}_splits">([\\s\\S]*?)</table>`).exec(page)?.[1] ?? '';
  return [...table.matchAll(new RegExp(`<tr class="uir-list-row-tr" id="${id}row\\d+" data-line="\\d+">([\\s\\S]*?)</tr>`, 'g'))].map((row) => {
    const cells: Record<string, string> = {};
    for (const cell of (row[1] ?? '').matchAll(/<td data-field="(\w+)">([\s\S]*?)<\/td>/g)) cells[cell[1] ?? ''] = textOf(cell[2] ?? '');
    for (const hidden of (row[1] ?? '').matchAll(new RegExp(`<input type="hidden" name="${id}_(custpage_\\w+?)_\\d+" value="([^"]*)">`, 'g'))) cells[hidden[1] ?? ''] ??= textOf(hidden[2] ?? '');
    return { ...cells, html: row[1] ?? '' };
  });
}

/** The console's "Failed records" list as (type, id, system, reason, message …) rows. */
export function failedRows(page: string): (Record<string, string> & { html: string })[] {
  return listRows(page, 'custpage_failed');
}

/**
 * What a console page's form posts when a user ticks lines of its lists and submits with this action (as the browser
 * would): every hidden field, each select's chosen value, the ticked checkboxes, then `fields` on top.
 */
export function submitForm(world: World, page: string, action: string, options: { lists?: Record<string, (row: Record<string, string>) => boolean>; fields?: Record<string, string> } = {}) {
  const posted: Record<string, string> = {};
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) posted[m[1] ?? ''] = textOf(m[2] ?? '');
  for (const m of page.matchAll(/<select name="([^"]+)" id="[^"]+">([\s\S]*?)<\/select>/g)) posted[m[1] ?? ''] = /<option value="([^"]*)" selected>/.exec(m[2] ?? '')?.[1] ?? '';
  for (const [list, tick] of Object.entries(options.lists ?? {})) {
    listRows(page, list).forEach((row, line) => {
      if (tick(row)) posted[`${list}_custpage_select_${line}`] = 'T';
    });
  }
  return consolePost(world, { ...posted, custpage_action: action, ...options.fields }, { token: null });
}

/** The console form submitted with this action and the error-list lines `tick` selects. */
export function consoleSubmit(world: World, action: string, options: { tick?: (row: Record<string, string>) => boolean; fields?: Record<string, string>; page?: string } = {}) {
  return submitForm(world, options.page ?? consoleGet(world).body, action, { lists: options.tick === undefined ? {} : { custpage_failed: options.tick }, ...(options.fields === undefined ? {} : { fields: options.fields }) });
}
