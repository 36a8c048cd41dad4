/**
 * Least privilege: every deployment that can take a run-as role runs as the bundle's CRM Sync Integration role,
 * never as Administrator, and that role grants what the jobs use and nothing more. The emulated account enforces
 * the run-as role's record permissions (INSUFFICIENT_PERMISSION, as NetSuite) and notes every record access, so
 * a busy life on the built bundle — pushes, pulls, Pardot, the console's actions, settings saves — shows both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_SCRIPTS, REPORT_SCRIPTS, ROLES, SETTINGS } from '../../src/ids';
import { consoleConfirm, consoleGet, consolePost } from '../scenarios/admin';
import { drainPush, runPull, runReconcile } from '../scenarios/world';
import { linkedBaseline, nsCreateContact, nsCreateCustomer, nsEdit, quiesce, reliabilityWorld, sfEdit, sfIdOf } from '../reliability/harness';
import { seeds } from '../emulator/netsuite';

const ROOT = join(__dirname, '..', '..');
const INTEGRATION: string = ROLES.integration;
const LEVELS = ['NONE', 'VIEW', 'CREATE', 'EDIT', 'FULL'];

function grants(role: string): Map<string, string> {
  const xml = readFileSync(join(ROOT, 'Objects', `${role}.xml`), 'utf8');
  return new Map([...xml.matchAll(/<permkey>([^<]+)<\/permkey>\s*<permlevel>([^<]+)<\/permlevel>/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

/** Grants no record access shows, with why the jobs need them. */
const NOT_A_RECORD_ACCESS: Readonly<Record<string, string>> = {
  // Oracle, MapReduceScriptTask.submit(): "a role with the SuiteScript and SuiteScript Scheduling permissions".
  ADMI_CUSTOMSCRIPT: 'user events, the console and the push submit the push map/reduce (task.submit)',
  // Oracle, ScheduledScriptTask.submit(): "Only roles with the SuiteScript Scheduling permission or Administrators".
  ADMI_SS_SCHEDULING: 'the emulated task.submit refuses the integration role without it',
};

function busyLife() {
  const world = reliabilityWorld({ pardot: true });
  const rep = seeds.salesRep(world.account);
  const base = linkedBaseline(world, [2, 3]);
  const repCustomer = nsCreateCustomer(world, { salesrep: rep });
  nsCreateContact(world, repCustomer);
  const partner = world.account.seed('partner', { companyname: 'Reseller Partner', entityid: 'Reseller Partner', subsidiary: world.subsidiary });
  nsCreateContact(world, partner);
  nsEdit(world, 'contact', base.contacts[0] ?? 0, { title: 'Edited in NetSuite' });
  drainPush(world);
  sfEdit(world, 'Contact', sfIdOf(world, 'contact', base.contacts[1] ?? 0), { Title: 'Edited in Salesforce' });
  world.salesforce.seedContact({ FirstName: 'New', LastName: 'In Salesforce', Email: 'new.sf@example.com', AccountId: sfIdOf(world, 'customer', base.customers[0] ?? 0) });
  runPull(world);
  quiesce(world, { pull: true });
  const bad = nsCreateContact(world, base.customers[0] ?? null, { email: 'first,last@example.com' });
  drainPush(world);
  consolePost(world, { action: 'retry_selected', [`retry_contact_${bad}`]: 'T' });
  consoleConfirm(world, { action: 'syncnow', recordtype: 'contact', id: String(base.contacts[0] ?? 0) });
  consoleConfirm(world, { action: 'pullnow', recordtype: 'contact', id: String(base.contacts[1] ?? 0) });
  consolePost(world, { action: 'install_searches' });
  consolePost(world, { action: 'import_salesforce' });
  world.account.ui.delete('contact', base.contacts[2] ?? 0); // a linked contact deleted: its tombstone is created
  // Reconcile with a repair, a preview, and their console pages.
  sfEdit(world, 'Contact', sfIdOf(world, 'contact', base.contacts[0] ?? 0), { Title: 'Drifted in Salesforce' });
  runReconcile(world, 'all');
  world.account.runMapReduce({ scriptId: REPORT_SCRIPTS.mrPreview.scriptId, deploymentId: REPORT_SCRIPTS.mrPreview.deploymentId });
  consoleGet(world, { page: 'reconcile' });
  consoleGet(world, { page: 'preview' });
  const settings = world.account.all(SETTINGS.type)[0];
  world.account.ui.edit(SETTINGS.type, Number(settings?.id), { [SETTINGS.batchSize]: 10 });
  drainPush(world);
  return world;
}

describe('run-as roles', () => {
  const world = busyLife();
  const accesses = [...world.account.roleAccess].map((line) => {
    const [script = '', role = '', key = '', level = ''] = line.split(' ');
    return { script, role, key, level };
  });
  const ours = accesses.filter((a) => a.script.startsWith('customscript_crmsync_'));

  it('no CRM Sync script touches a record as Administrator; all but the retention script run as the integration role', () => {
    expect(ours.length).toBeGreaterThan(20);
    const scripts = new Set(ours.map((a) => a.script));
    for (const s of ['customscript_crmsync_mr_push', 'customscript_crmsync_mr_pull', 'customscript_crmsync_ue_contact', 'customscript_crmsync_ue_customer', 'customscript_crmsync_sl_console']) expect(scripts).toContain(s);
    const elsewhere = ours.filter((a) => a.role !== INTEGRATION && a.script !== ADMIN_SCRIPTS.scRetention.scriptId);
    expect(elsewhere).toEqual([]);
    expect(ours.filter((a) => a.role === 'ADMINISTRATOR')).toEqual([]);
  });

  it('the integration role grants exactly the levels the jobs used', () => {
    const used = new Map<string, string>();
    for (const a of ours.filter((x) => x.role === INTEGRATION)) {
      if (LEVELS.indexOf(a.level) > LEVELS.indexOf(used.get(a.key) ?? 'NONE')) used.set(a.key, a.level);
    }
    const granted = grants(ROLES.integration);
    for (const key of Object.keys(NOT_A_RECORD_ACCESS)) expect([key, granted.has(key)]).toEqual([key, true]);
    const recordGrants = new Map([...granted].filter(([key]) => !(key in NOT_A_RECORD_ACCESS)));
    expect(Object.fromEntries(recordGrants)).toEqual(Object.fromEntries(used));
    expect(world.account.submittedTasks.length).toBeGreaterThan(0);
  });

  it('the role grants nothing outside the sync (no transactions, setup or user management); every deployment that takes a run-as role uses it', () => {
    // A write the jobs never make (an employee, a transaction, a role) is refused by the account itself: the emulated
    // account enforces the run-as role as NetSuite does, so a forged link cannot reach beyond these records.
    const granted = grants(ROLES.integration);
    for (const key of ['LIST_EMPLOYEE', 'LIST_PARTNER', 'LIST_CURRENCY']) expect(granted.get(key) ?? 'VIEW').toBe('VIEW');
    expect([...granted.keys()].filter((k) => /^(TRAN|REGT|REPO)_|ADMI_(KERNEL|MANAGEROLES|MANAGEUSERS|SETUPCOMPANY|ENABLEFEATURES)/.test(k))).toEqual([]);
    for (const file of ['customscript_crmsync_mr_push', 'customscript_crmsync_mr_pull', 'customscript_crmsync_ue_contact', 'customscript_crmsync_ue_customer', 'customscript_crmsync_ue_settings', 'customscript_crmsync_sl_console']) {
      const xml = readFileSync(join(ROOT, 'Objects', `${file}.xml`), 'utf8');
      expect([file, [...xml.matchAll(/<runasrole>([^<]+)<\/runasrole>/g)].map((m) => m[1])]).toEqual([file, expect.arrayContaining([`[scriptid=${INTEGRATION}]`])]);
      expect(xml).not.toContain('<runasrole>ADMINISTRATOR');
    }
  });
});
