import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSchemaFacts, validateProject } from '../../scripts/validate-sdf';
import * as ids from '../../src/ids';

const root = join(__dirname, '..', '..');

function collectIds(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collectIds(v, into);
  return into;
}

describe('SDF project', () => {
  it('validates: objects, file references, headers, manifest and deploy.xml', () => {
    expect(validateProject(root).errors).toEqual([]);
  });

  it('declares every id of src/ids.ts in Objects/, each at most 40 characters', () => {
    const { declaredIds } = validateProject(root);
    const used = collectIds(ids, []).filter((id) => /^(cust|customrecord_|customscript_|customdeploy_)/.test(id) && !id.startsWith('custsecret'));
    expect(used.length).toBeGreaterThan(30);
    for (const id of used) {
      expect(id.length).toBeLessThanOrEqual(40);
      // Saved searches are created by the console (SDF cannot author a savedsearch definition), not declared in Objects/.
      const scriptCreated = (Object.values(ids.SAVED_SEARCHES) as string[]).includes(id);
      expect(declaredIds.has(id) || scriptCreated ? id : `missing ${id}`).toBe(id);
    }
  });

  it('grants only permission keys read from the SDF types (Salto enums.ts at the facts commit), none assumed', () => {
    const facts = readSchemaFacts();
    const read = new Set(facts.enums.generic_permission ?? []);
    const keys = readdirSync(join(root, 'Objects')).filter((f) => f.startsWith('customrole_'))
      .flatMap((f) => [...readFileSync(join(root, 'Objects', f), 'utf8').matchAll(/<permkey>([A-Z_]+)<\/permkey>/g)].map((m) => m[1] ?? ''));
    expect(keys).toContain('LIST_EMPLOYEE');
    expect(keys.filter((k) => !read.has(k))).toEqual([]);
    expect(facts.assumedValues.generic_permission ?? {}).toEqual({});
  });

  describe('catches mistakes', () => {
    let copy: string;
    beforeEach(() => {
      copy = mkdtempSync(join(tmpdir(), 'crmsync-sdf-'));
      for (const part of ['Objects', 'FileCabinet', 'src', 'manifest.xml', 'deploy.xml']) cpSync(join(root, part), join(copy, part), { recursive: true });
    });
    afterEach(() => { rmSync(copy, { recursive: true, force: true }); });

    it('a malformed object, a wrong prefix and an undeclared id used in src', () => {
      writeFileSync(join(copy, 'Objects/custentity_broken.xml'), '<entitycustomfield scriptid="custentity_broken"><label>x</entitycustomfield>');
      writeFileSync(join(copy, 'Objects/custfield_wrong.xml'), '<entitycustomfield scriptid="custfield_wrong"><label>x</label></entitycustomfield>');
      writeFileSync(join(copy, 'src/extra.ts'), "export const x = 'custentity_crmsync_not_declared';");
      const { errors } = validateProject(copy);
      expect(errors.some((e) => e.includes('not well-formed'))).toBe(true);
      expect(errors.some((e) => e.includes('must start with custentity_'))).toBe(true);
      expect(errors.some((e) => e.includes('custentity_crmsync_not_declared'))).toBe(true);
    });

    it('a script whose built file is missing or declares the wrong type', () => {
      rmSync(join(copy, 'FileCabinet/SuiteScripts/crmsync/crmsync_ue_customer.js'));
      writeFileSync(join(copy, 'FileCabinet/SuiteScripts/crmsync/crmsync_ue_contact.js'), '/**\n * @NApiVersion 2.1\n * @NScriptType Suitelet\n */\ndefine([], function () {});');
      const { errors } = validateProject(copy);
      expect(errors.some((e) => e.includes('crmsync_ue_customer.js, which does not exist'))).toBe(true);
      expect(errors.some((e) => e.includes('declares @NScriptType Suitelet, expected UserEventScript'))).toBe(true);
    });

    it('a deploy.xml that does not cover Objects', () => {
      writeFileSync(join(copy, 'deploy.xml'), '<deploy><files><path>~/FileCabinet/SuiteScripts/crmsync/*</path></files></deploy>');
      expect(validateProject(copy).errors).toContain('deploy.xml: must deploy ~/Objects/*');
    });

    it('a role with an unchecked permission key, a bad level or center, and a reference to nothing', () => {
      const role = readFileSync(join(copy, 'Objects/customrole_crmsync_viewer.xml'), 'utf8')
        .replace('<centertype>BASIC</centertype>', '<centertype>CRMCENTER</centertype>')
        .replace('<permkey>LIST_CONTACT</permkey>', '<permkey>LIST_CONTACTS</permkey>')
        .replace('[scriptid=customrecord_crmsync_log]</permkey>\n      <permlevel>VIEW', '[scriptid=customrecord_crmsync_logs]</permkey>\n      <permlevel>READ');
      writeFileSync(join(copy, 'Objects/customrole_crmsync_viewer.xml'), role);
      const { errors } = validateProject(copy);
      expect(errors).toEqual(expect.arrayContaining([
        expect.stringContaining('role <centertype> must be one of'),
        expect.stringContaining('permission key LIST_CONTACTS is not one this project has checked'),
        expect.stringContaining('permission [scriptid=customrecord_crmsync_logs] needs <permlevel>'),
        expect.stringContaining('references [scriptid=customrecord_crmsync_logs], which no Objects/*.xml declares'),
      ]));
    });

    it('a deployment that runs as Administrator, or a run-as role on a scheduled script', () => {
      const push = join(copy, 'Objects/customscript_crmsync_mr_push.xml');
      writeFileSync(push, readFileSync(push, 'utf8').replace('<runasrole>[scriptid=customrole_crmsync_integration]</runasrole>', '<runasrole>ADMINISTRATOR</runasrole>'));
      const retention = join(copy, 'Objects/customscript_crmsync_sc_retention.xml');
      writeFileSync(retention, readFileSync(retention, 'utf8').replace('<loglevel>AUDIT</loglevel>', '<loglevel>AUDIT</loglevel>\n      <runasrole>[scriptid=customrole_crmsync_integration]</runasrole>'));
      const { errors } = validateProject(copy);
      expect(errors).toEqual(expect.arrayContaining([
        expect.stringContaining('deployment customdeploy_crmsync_mr_push runs as ADMINISTRATOR'),
        expect.stringContaining('<scheduledscript> deployments have no <runasrole>'),
      ]));
    });

    it('against the SDF schema facts: a value SDF does not allow, a missing required element, a wrong value type, an unknown element', () => {
      const status = join(copy, 'Objects/custentity_crmsync_status.xml');
      writeFileSync(status, readFileSync(status, 'utf8')
        .replace('<displaytype>STATICTEXT</displaytype>', '<displaytype>INLINE</displaytype>')
        .replace('<storevalue>T</storevalue>', '<storevalue>yes</storevalue>')
        .replace('<globalsearch>F</globalsearch>', '<globalsearch>F</globalsearch>\n  <inlineeditable>T</inlineeditable>'));
      const push = join(copy, 'Objects/customscript_crmsync_mr_push.xml');
      writeFileSync(push, readFileSync(push, 'utf8').replace(/<title>CRM Sync Push \(on demand\)<\/title>\n\s*/, ''));
      const retention = join(copy, 'Objects/customscript_crmsync_sc_retention.xml');
      writeFileSync(retention, readFileSync(retention, 'utf8').replace('<everyxdays>1</everyxdays>', '<everyxdays>daily</everyxdays>'));
      const { errors } = validateProject(copy);
      expect(errors).toEqual(expect.arrayContaining([
        'Objects/custentity_crmsync_status.xml: entitycustomfield/displaytype is INLINE, which is not an SDF value; allowed: HIDDEN, LOCKED, NORMAL, SHOWASLIST, STATICTEXT',
        'Objects/custentity_crmsync_status.xml: entitycustomfield/storevalue must be T or F (found yes)',
        expect.stringContaining('<inlineeditable> in entitycustomfield is not in the SDF schema facts for entitycustomfield'),
        'Objects/customscript_crmsync_mr_push.xml: mapreducescript/scriptdeployments[customdeploy_crmsync_mr_push_od] is missing <title>, which SDF requires',
        expect.stringContaining('recurrence/daily/everyxdays must be a number (found daily)'),
      ]));
    });

    it('feature dependencies: of a field, and of a selectrecordtype value (which needs the feature as required)', () => {
      const console = join(copy, 'Objects/customscript_crmsync_sl_console.xml');
      writeFileSync(console, readFileSync(console, 'utf8').replace('<allroles>F</allroles>', '<allroles>F</allroles>\n      <allpartners>F</allpartners>'));
      const log = join(copy, 'Objects/customrecord_crmsync_log.xml');
      writeFileSync(log, readFileSync(log, 'utf8').replace('<selectrecordtype>-2</selectrecordtype>', '<selectrecordtype>-117</selectrecordtype>'));
      const { errors } = validateProject(copy);
      expect(errors).toEqual(expect.arrayContaining([
        expect.stringContaining('scriptdeployments[customdeploy_crmsync_sl_console]/allpartners is set: it depends on the CRM feature; declare it in manifest.xml'),
        expect.stringContaining('selectrecordtype value -117 needs SUBSIDIARIES as a required feature in manifest.xml'),
      ]));
      writeFileSync(join(copy, 'manifest.xml'), readFileSync(join(copy, 'manifest.xml'), 'utf8').replace(/\s*<feature required="false">SUBSIDIARIES<\/feature>/, ''));
      expect(validateProject(copy).errors).toEqual(expect.arrayContaining([
        expect.stringContaining('selectrecordtype value -117 depends on the SUBSIDIARIES feature; declare it in manifest.xml (<feature required="true">SUBSIDIARIES</feature>)'),
      ]));
    });

    it('references of the wrong type, and list values that are neither a reference nor an SDF value', () => {
      const field = join(copy, 'Objects/custentity_crmsync_status.xml');
      writeFileSync(field, readFileSync(field, 'utf8').replace('<subtab>[scriptid=custtab_crmsync]</subtab>', '<subtab>[scriptid=customrole_crmsync_admin]</subtab>'));
      const ue = join(copy, 'Objects/customscript_crmsync_ue_contact.xml');
      writeFileSync(ue, readFileSync(ue, 'utf8').replace('<recordtype>CONTACT</recordtype>', '<recordtype>CONTACTS</recordtype>'));
      const { errors } = validateProject(copy);
      expect(errors).toEqual(expect.arrayContaining([
        'Objects/custentity_crmsync_status.xml: entitycustomfield/subtab references customrole_crmsync_admin, a role; it accepts subtab',
        expect.stringContaining('scriptdeployments[customdeploy_crmsync_ue_contact]/recordtype is CONTACTS: neither a [scriptid=…] reference'),
      ]));
    });

    it('a settings field on a subtab its record does not have, a subtab without a title, or a renamed subtab its fields still name', () => {
      const settings = join(copy, 'Objects/customrecord_crmsync_settings.xml');
      let xml = readFileSync(settings, 'utf8');
      xml = xml.replace('[scriptid=customrecord_crmsync_settings.tab_crmsync_set_log]</subtab>', '[scriptid=customrecord_crmsync_settings.tab_crmsync_set_nope]</subtab>');
      xml = xml.replace('<tabtitle>Pardot</tabtitle>', '');
      xml = xml.replace('<subtab scriptid="tab_crmsync_set_connection">', '<subtab scriptid="custrecord_crmsync_set_tab">');
      writeFileSync(settings, xml);
      const { errors } = validateProject(copy);
      expect(errors).toEqual(expect.arrayContaining([
        expect.stringContaining('references [scriptid=customrecord_crmsync_settings.tab_crmsync_set_nope], which no Objects/*.xml declares'),
        expect.stringContaining('customrecordtype/subtabs[tab_crmsync_set_pardot] is missing <tabtitle>'),
        expect.stringContaining('references [scriptid=customrecord_crmsync_settings.tab_crmsync_set_connection], which no Objects/*.xml declares'),
      ]));
    });

    it('a deployment audience naming a role that is not shipped, or not a role at all', () => {
      const console = join(copy, 'Objects/customscript_crmsync_sl_console.xml');
      rmSync(join(copy, 'Objects/customrole_crmsync_viewer.xml'));
      writeFileSync(console, readFileSync(console, 'utf8').replace('<audslctrole>ADMINISTRATOR|', '<audslctrole>Administrator|'));
      const { errors } = validateProject(copy);
      expect(errors).toEqual(expect.arrayContaining([
        expect.stringContaining('audience role Administrator is neither a standard role'),
        expect.stringContaining('references [scriptid=customrole_crmsync_viewer], which no Objects/*.xml declares'),
      ]));
    });
  });

  it('puts every CRM Sync Settings field on a subtab by topic, with help that says what it does and its range or default', () => {
    const xml = readFileSync(join(root, 'Objects/customrecord_crmsync_settings.xml'), 'utf8');
    const tabs = new Map([...xml.matchAll(/<subtab scriptid="(tab_[a-z_]+)">\s*<tabtitle>([^<]+)<\/tabtitle>/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    expect([...tabs.values()]).toEqual(['Connection', 'Salesforce', 'Pardot', 'Schedules &amp; Pauses', 'Log &amp; Alerts']);
    const fields = [...xml.matchAll(/<customrecordcustomfield scriptid="([a-z_]+)">([\s\S]*?)<\/customrecordcustomfield>/g)].map((m) => ({ id: m[1] ?? '', body: m[2] ?? '' }));
    const settingIds = collectIds([ids.SETTINGS, ids.ADMIN_SETTINGS], []).filter((id) => id.startsWith('custrecord_crmsync_set_'));
    expect(fields.map((f) => f.id).sort()).toEqual([...new Set(settingIds)].sort());
    const used = new Set<string>();
    for (const { id, body } of fields) {
      const tab = /<subtab>\[scriptid=customrecord_crmsync_settings\.(tab_[a-z_]+)\]<\/subtab>/.exec(body)?.[1];
      expect([id, tab !== undefined && tabs.has(tab)]).toEqual([id, true]);
      used.add(tab ?? '');
      const help = /<help>([^<]*)<\/help>/.exec(body)?.[1] ?? '';
      expect([id, help.length >= 60]).toEqual([id, true]);
      const type = /<fieldtype>([A-Z]+)<\/fieldtype>/.exec(body)?.[1];
      // A choice (checkbox, list, number) names its default; a number also its range, the same as the field's limits.
      if (type === 'CHECKBOX' || type === 'SELECT' || type === 'INTEGER') expect([id, /default/i.test(help)]).toEqual([id, true]);
      for (const limit of ['minvalue', 'maxvalue']) {
        const value = new RegExp(`<${limit}>(\\d+)</${limit}>`).exec(body)?.[1];
        if (value !== undefined) expect([id, help.includes(Number(value).toLocaleString('en-US')) || help.includes(value)]).toEqual([id, true]);
      }
    }
    expect([...used].sort()).toEqual([...tabs.keys()].sort());
  });

  it('ships the two CRM Sync roles: every custom record reachable by the administrator role, nothing writable by the viewer', () => {
    const customRecords = readdirSync(join(root, 'Objects')).filter((f) => f.startsWith('customrecord_')).map((f) => f.replace('.xml', ''));
    const grants = (role: string): Map<string, string> => {
      const xml = readFileSync(join(root, 'Objects', `${role}.xml`), 'utf8');
      return new Map([...xml.matchAll(/<permkey>([^<]+)<\/permkey>\s*<permlevel>([^<]+)<\/permlevel>/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    };
    const admin = grants(ids.ROLES.admin);
    const viewer = grants(ids.ROLES.viewer);
    expect(customRecords.length).toBeGreaterThanOrEqual(5);
    for (const record of customRecords) {
      expect([record, admin.get(`[scriptid=${record}]`) !== undefined]).toEqual([record, true]);
      expect([record, viewer.get(`[scriptid=${record}]`)]).toEqual([record, 'VIEW']);
    }
    expect(admin.get(`[scriptid=${ids.LOG.type}]`)).toBe('FULL');
    expect(admin.get(`[scriptid=${ids.QUEUE.type}]`)).toBe('FULL');
    const audience = /<audslctrole>([^<]+)<\/audslctrole>/.exec(readFileSync(join(root, 'Objects/customscript_crmsync_sl_console.xml'), 'utf8'))?.[1]?.split('|');
    expect(audience).toEqual(['ADMINISTRATOR', `[scriptid=${ids.ROLES.admin}]`, `[scriptid=${ids.ROLES.viewer}]`]);
  });
});
