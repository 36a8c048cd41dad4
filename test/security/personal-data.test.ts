/**
 * Personal data: what CRM Sync stores about a failure keeps the reason code and a short message with emails and
 * phone numbers taken out; every log status is purged after its retention window; the failure digest carries no
 * header, markup or link that came from outside. All on the built bundle in the emulated account.
 */
import { ADMIN_SCRIPTS, ADMIN_SETTINGS, ENTITY_FIELDS, LOG, QUEUE, SETTINGS } from '../../src/ids';
import type { EmulatedHttpRequest, EmulatedHttpResponse } from '../emulator/http';
import { show } from '../reliability/harness';
import { createWorld, drainPush, type World } from '../scenarios/world';

const DAY = 86_400_000;
const VICTIM_EMAIL = 'jane.doe@victim.example';
const VICTIM_PHONE = '+1 (415) 555-0100';

const isContactUpsert = (r: EmulatedHttpRequest): boolean => r.method === 'PATCH' && new URL(r.url).pathname.endsWith('/composite/sobjects/Contact/Oracle_netsuiteid__c');

/** Salesforce's answer for one record a validation rule rejects, echoing values the way real rule messages do. */
function rejected(message: string): EmulatedHttpResponse {
  return {
    code: 200, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([{ success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, fields: ['Email'] }] }]),
  };
}

/** A customer and one contact; Salesforce rejects the contact with `message`; the digest goes to ops. */
function rejectedContact(message: string): { world: World; contactId: number } {
  const world = createWorld({ settings: { [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example' } });
  const customerId = Number(world.account.ui.create('customer', { companyname: 'Victim Co', subsidiary: world.subsidiary, currency: world.usd }).id);
  const contactId = Number(world.account.ui.create('contact', { firstname: 'Jane', lastname: 'Doe', email: VICTIM_EMAIL, phone: VICTIM_PHONE, company: customerId, subsidiary: world.subsidiary }).id);
  world.salesforce.injectFault({ match: isContactUpsert, respond: rejected(message) });
  drainPush(world);
  return { world, contactId };
}

/** Every stored or sent text that describes the failure. */
function failureTexts(world: World, contactId: number): { where: string; text: string }[] {
  const contact = world.account.get('contact', contactId) ?? {};
  return [
    { where: 'contact last error', text: show(contact[ENTITY_FIELDS.lastError]) },
    ...world.account.all(LOG.type).map((r) => ({ where: `log ${String(r.id)} ${String(r[LOG.status])}`, text: `${show(r[LOG.message])} ${show(r[LOG.excerpt])}` })),
    ...world.account.all(QUEUE.type).map((r) => ({ where: `queue ${String(r.id)}`, text: show(r[QUEUE.lastError]) })),
    ...world.account.emails.map((e) => ({ where: 'digest email', text: `${e.subject}\n${e.body}` })),
  ];
}

describe('stored error texts', () => {
  it('keep the code and a short message; the email and phone number Salesforce echoed are redacted everywhere', () => {
    const { world, contactId } = rejectedContact(`Contact ${VICTIM_EMAIL} (phone ${VICTIM_PHONE}, mobile 07700 900123) matches a blocked lead.${' Details.'.repeat(200)}`);
    const contact = world.account.get('contact', contactId) ?? {};
    expect(contact[ENTITY_FIELDS.status]).toBe('Failed');
    const lastError = String(contact[ENTITY_FIELDS.lastError]);
    expect(lastError).toMatch(/^SF_VALIDATION_RULE: (FIELD_CUSTOM_VALIDATION_EXCEPTION: )?Contact \[email\] \(phone \[phone\], mobile \[phone\]\) matches a blocked lead\./);
    expect(lastError.length).toBeLessThanOrEqual(320);
    const texts = failureTexts(world, contactId);
    expect(texts.some((t) => t.where === 'digest email')).toBe(true);
    expect(texts.filter((t) => t.text.includes('[email]')).map((t) => t.where)).toEqual(expect.arrayContaining(['contact last error', 'digest email']));
    const leaks = texts.filter((t) => t.text.includes(VICTIM_EMAIL) || /555.?0100|900123/.test(t.text)).map((t) => t.where);
    expect(leaks).toEqual([]);
  });
});

describe('the failure digest', () => {
  it('carries no header, markup or link that a Salesforce user typed into a rule message', () => {
    const attack = 'Rejected\r\nBcc: attacker@evil.example\r\n\r\n<a href="https://evil.example/login">Re-enter your NetSuite password</a> or visit www.evil.example';
    const { world } = rejectedContact(attack);
    expect(world.account.emails).toHaveLength(1);
    const [mail] = world.account.emails;
    const body = mail?.body ?? '';
    expect(mail?.subject).toMatch(/^CRM Sync: 1 record\(s\) failed in run push-[\w:.-]+$/);
    expect(mail?.recipients).toEqual(['ops@acme.example']);
    const line = body.split('\n').find((l) => l.includes('— SF_VALIDATION_RULE:')) ?? '';
    // The whole outside text stays on its record's line: nothing starts a header-like or new paragraph line.
    expect(line).toContain('Rejected Bcc: [email]');
    expect(body.split('\n').some((l) => /^\s*Bcc:/i.test(l))).toBe(false);
    expect(body).not.toMatch(/[<>]|https?:\/\/evil|www\.evil/i);
    expect(body).not.toContain('attacker@evil.example');
    // The console's own (absolute) address is the only link left.
    const host = `${world.account.accountId.toLowerCase()}.app.netsuite.com`;
    expect(body.match(/https?:\/\/\S+/g)).toEqual([expect.stringMatching(new RegExp(`^https://${host.replace(/\./g, '\\.')}/app/site/hosting/scriptlet\\.nl\\?script=\\d+&deploy=\\d+$`))]);
  });
});

describe('retention', () => {
  function seedAt(world: World, daysAgo: number, type: string, values: Record<string, unknown>): number {
    const now = world.account.clock.now();
    world.account.clock.set(new Date(now.getTime() - daysAgo * DAY));
    const id = world.account.seed(type, values);
    world.account.clock.set(now);
    return id;
  }
  const row = (world: World, daysAgo: number, status: string): number =>
    seedAt(world, daysAgo, LOG.type, { name: `${status} row`, [LOG.status]: status, [LOG.reason]: 'SF_REJECTED', [LOG.message]: `old text about ${VICTIM_EMAIL}` });

  it('purges every status after Keep Log Days and failures after Keep Failure Log Days', () => {
    const world = createWorld();
    const settings = world.account.all(SETTINGS.type)[0];
    world.account.seedUpdate(SETTINGS.type, Number(settings?.id), { [ADMIN_SETTINGS.logDays]: 10, [ADMIN_SETTINGS.failureLogDays]: 60 });
    const expired = ['Completed', 'Skipped', 'Warning', 'Retrying'].map((status) => row(world, 11, status));
    const expiredFailure = row(world, 61, 'Failed');
    const keptFailure = row(world, 30, 'Failed');
    const kept = row(world, 5, 'Skipped');
    const failedEntry = seedAt(world, 61, QUEUE.type, { name: 'contact 1', [QUEUE.recordType]: 'contact', [QUEUE.recordId]: 1, [QUEUE.state]: 'failed', [QUEUE.lastError]: `salesforce SF_REJECTED: ${VICTIM_EMAIL}` });
    const report = world.account.runScheduled({ scriptId: ADMIN_SCRIPTS.scRetention.scriptId, deploymentId: ADMIN_SCRIPTS.scRetention.deploymentId });
    expect(report.error).toBeUndefined();
    const left = world.account.all(LOG.type).map((r) => r.id);
    expect(left).toEqual(expect.not.arrayContaining([...expired, expiredFailure]));
    expect(left).toEqual(expect.arrayContaining([keptFailure, kept]));
    expect(world.account.all(QUEUE.type).map((r) => r.id)).not.toContain(failedEntry);
  });

  it('without settings a failure is gone after 90 days, anything else after 30', () => {
    const world = createWorld();
    const oldFailure = row(world, 91, 'Failed');
    const oldSkip = row(world, 31, 'Skipped');
    const recentFailure = row(world, 89, 'Failed');
    world.account.runScheduled({ scriptId: ADMIN_SCRIPTS.scRetention.scriptId, deploymentId: ADMIN_SCRIPTS.scRetention.deploymentId });
    const left = world.account.all(LOG.type).map((r) => r.id);
    expect(left).toEqual(expect.not.arrayContaining([oldFailure, oldSkip]));
    expect(left).toContain(recentFailure);
  });
});
