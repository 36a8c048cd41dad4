import { cpSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateProject } from '../../scripts/validate-sdf';
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
  });
});
