/**
 * `npm start`: builds the bundle (npm script), seeds a sample NetSuite account, runs the sync scripts the
 * way NetSuite would, and prints what happened to every record.
 */
import { ENTITY_FIELDS, LOG, SCRIPT_PARAMS, SETTINGS } from '../../src/ids';
import { REASONS, type ReasonCode } from '../../src/core/reasons';
import { createWorld, drainPush, PARDOT_BUSINESS_UNIT, runPull, runPush, seedCustomer, type World } from '../scenarios/world';

function step(text: string): void {
  process.stdout.write(`\n▶ ${text}\n`);
}

function table(rows: (string | number)[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length))) ?? [];
  for (const [index, row] of rows.entries()) {
    process.stdout.write(`  ${row.map((cell, i) => String(cell).padEnd(widths[i] ?? 0)).join('  ')}\n`);
    if (index === 0) process.stdout.write(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}\n`);
  }
}

function seedSample(world: World): void {
  const { account } = world;
  const big = seedCustomer(world, { companyname: 'Globex Corporation', phone: '+1 555 0100' });
  for (let i = 1; i <= 40; i++) {
    account.seed('contact', { firstname: `Employee${i}`, lastname: 'Globex', email: `employee${i}@globex.example`, company: big, subsidiary: world.subsidiary, title: i === 1 ? 'CEO' : 'Staff' });
  }
  for (let i = 1; i <= 3; i++) account.seed('contact', { firstname: 'Orphan', lastname: `Number${i}`, email: `orphan${i}@example.com`, subsidiary: world.subsidiary });
  const locked = seedCustomer(world, { companyname: 'Initech (locked)', [ENTITY_FIELDS.lock]: true });
  for (let i = 1; i <= 2; i++) account.seed('contact', { firstname: 'Peter', lastname: `Initech${i}`, email: `peter${i}@initech.example`, company: locked, subsidiary: world.subsidiary });
  seedCustomer(world, { isperson: true, firstname: 'Grace', lastname: 'Hopper', companyname: '', email: 'grace@hopper.example' });
  const dupes = seedCustomer(world, { companyname: 'Umbrella Ltd' });
  account.seed('contact', { firstname: 'Alice', lastname: 'Umbrella', email: 'alice@umbrella.example', company: dupes, subsidiary: world.subsidiary });
  const sfAccount = world.salesforce.seedAccount({ Name: 'Umbrella Ltd (Salesforce)' });
  world.salesforce.seedContact({ LastName: 'Umbrella', FirstName: 'Alice', Email: 'alice@umbrella.example', AccountId: sfAccount });
  world.salesforce.seedContact({ LastName: 'Umbrella (duplicate)', Email: 'ALICE@umbrella.example', AccountId: sfAccount });
}

function summary(world: World): void {
  const byStatus = new Map<string, number>();
  for (const type of ['customer', 'contact'] as const) {
    for (const row of world.account.all(type)) {
      const status = row[ENTITY_FIELDS.status];
      const key = `${type} ${typeof status === 'string' && status !== '' ? status : 'never queued'}`;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
  }
  step('Records in NetSuite by CRM Sync status');
  table([['record / status', 'count'], ...[...byStatus].sort().map(([k, v]) => [k, v])]);

  const reasons = new Map<string, number>();
  for (const row of world.account.all(LOG.type)) {
    if (row[LOG.status] === 'Completed') continue;
    const key = `${String(row[LOG.status])} ${String(row[LOG.reason])}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  step('Integration log: every skip, failure and warning, with its reason');
  table([['status reason', 'rows', 'what it means'], ...[...reasons].sort().map(([k, v]) => {
    const code = k.split(' ')[1] as ReasonCode;
    return [k, v, (REASONS[code] ?? '').slice(0, 90)];
  })]);

  const counters = world.salesforce.counters();
  const usage = world.account.usageReport();
  step('Cost');
  table([
    ['figure', 'value'],
    ['Salesforce API calls', counters.apiCalls],
    ['largest request (records)', Math.max(0, ...counters.recordsPerRequest)],
    ['Salesforce contacts / accounts', `${world.salesforce.allContacts().length} / ${world.salesforce.allAccounts().length}`],
    ['Pardot API calls / prospects', `${world.pardot.counters().apiCalls} / ${world.pardot.allProspects().length}`],
    ...usage.map((u) => [`units ${u.scriptId.replace('customscript_crmsync_', '')}.${u.entryPoint} (max / total)`, `${u.max} / ${u.total}`]),
  ]);
}

function main(): void {
  const world = createWorld({
    settings: {
      [SETTINGS.pardotEnabled]: true, [SETTINGS.pardotBusinessUnit]: PARDOT_BUSINESS_UNIT, [SETTINGS.pardotHost]: 'https://pi.pardot.com',
      [SETTINGS.pardotAutoCreate]: true, [SETTINGS.pardotAutoCreateSince]: '2000-01-01T00:00:00.000Z',
    },
  });
  step('Seeding the sample account: Globex (40 contacts), 3 orphan contacts, Initech (locked, 2 contacts), an individual customer, Umbrella (its contact has 2 Salesforce matches by email); Pardot is on');
  seedSample(world);

  step('Initial sync: push map/reduce with Full Sync (customers as Accounts in map, contacts ≤ 15 per request in reduce)');
  const initial = runPush(world, { [SCRIPT_PARAMS.fullSync]: true });
  process.stdout.write(`  run ${initial.status}: ${initial.stages.map.invocations} map and ${initial.stages.reduce.invocations} reduce invocation(s); at most ${initial.stages.map.usageMax} units in a map (limit 1,000) and ${initial.stages.reduce.usageMax} in a reduce (limit 5,000)\n`);

  step('A user edits contacts in NetSuite (one mapped field, one unmapped inline edit)');
  const ceo = world.account.find('contact', (r) => r.email === 'employee1@globex.example')[0];
  if (ceo !== undefined) {
    world.account.ui.edit('contact', Number(ceo.id), { title: 'Chief Executive Officer' });
    world.account.ui.inlineEdit('contact', Number(ceo.id), { comments: 'Met at the fair' });
  }
  drainPush(world);

  step('Marketing scores the CEO in Pardot; the pull copies the Pardot-owned fields');
  const prospectId = ceo === undefined ? undefined : world.account.get('contact', Number(ceo.id))?.[ENTITY_FIELDS.pardotId];
  if (typeof prospectId === 'string' && prospectId !== '') world.pardot.updateAsMarketer(Number(prospectId), { score: 92, comments: 'Asked for pricing' });

  step('Someone edits the CEO in Salesforce; the pull brings it back');
  const sfCeo = world.salesforce.findContacts((c) => c.Email === 'employee1@globex.example')[0];
  if (sfCeo !== undefined) world.salesforce.updateAsUser('Contact', String(sfCeo.Id), { MobilePhone: '+1 555 0199' });
  world.advance(60_000);
  const pull = runPull(world);
  const after = ceo === undefined ? undefined : world.account.get('contact', Number(ceo.id));
  process.stdout.write(`  pull ${pull.status}; NetSuite CEO mobile phone is now ${String(after?.mobilephone)}, Pardot score ${String(after?.custentity_crmsync_pi_score)}\n`);

  summary(world);
}

main();
