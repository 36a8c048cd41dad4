/** N/file in the emulated account, against Oracle's N/file pages (modules/file.ts cites each). */
import { fixtureAccount, probe } from './helpers';
import { FILE_MEMORY_LIMIT_BYTES } from './modules/file';
import { SUITESCRIPTS_FOLDER_ID } from './file-cabinet';

const units = (report: { usage: number }): number => report.usage;

describe('N/file', () => {
  test('a deployed file loads by absolute or relative path; its folder is the deployed folder', () => {
    const account = fixtureAccount();
    const { value, report } = probe(account, `
      const byPath = N.file.load({ id: 'SuiteScripts/fx/data/people.csv' });
      const slash = N.file.load('/SuiteScripts/fx/data/people.csv');
      const relative = N.file.load({ id: './data/people.csv' });
      return [byPath.getContents(), byPath.fileType, byPath.folder === slash.folder && slash.id === relative.id, byPath.path];`);
    expect(value).toEqual(['name,email\nAda,ada@example.com\n', 'CSV', true, 'SuiteScripts/fx/data/people.csv']);
    expect(units(report)).toBe(30);
    const missing = probe(account, `try { N.file.load({ id: 'SuiteScripts/fx/none.txt' }); return 'loaded'; } catch (e) { return e.name; }`);
    expect(missing.value).toBe('RCRD_DSNT_EXIST');
  });

  test('create costs nothing; save needs a folder that exists (20 units); the saved file has a read-only URL', () => {
    const account = fixtureAccount();
    const { value, report } = probe(account, `
      const out = [];
      const f = N.file.create({ name: 'plan.csv', fileType: N.file.Type.CSV });
      try { f.save(); } catch (e) { out.push(e.name + ': ' + e.message); }
      f.folder = 999999;
      try { f.save(); } catch (e) { out.push(e.name); }
      f.folder = ${SUITESCRIPTS_FOLDER_ID};
      f.appendLine({ value: 'a,b' }).appendLine({ value: '1,2' });
      const id = f.save();
      const loaded = N.file.load({ id });
      try { loaded.url = 'x'; } catch (e) { out.push(e.name); }
      out.push(typeof id, loaded.getContents(), loaded.url.startsWith('/core/media/media.nl?id=' + id + '&'));
      return out;`);
    expect(value).toEqual(['SSS_MISSING_REQD_ARGUMENT: Please enter value(s) for: Folder', 'INVALID_KEY_OR_REF', 'READ_ONLY_PROPERTY', 'number', 'a,b\n1,2', true]);
    // Two refused saves are charged too (the call is governed before it fails), one good save, one load.
    expect(units(report)).toBe(20 * 3 + 10);
    const stored = account.fileCabinet.inFolder(SUITESCRIPTS_FOLDER_ID).find((f) => f.name === 'plan.csv');
    expect(stored === undefined ? '' : account.fileCabinet.contents(stored)).toBe('a,b\n1,2');
  });

  test('10 MB: create and getContents refuse more, appendLine builds a larger file line by line and save streams it', () => {
    const account = fixtureAccount();
    const { value } = probe(account, `
      const out = [];
      const big = 'x'.repeat(${FILE_MEMORY_LIMIT_BYTES} + 1);
      try { N.file.create({ name: 'big.txt', fileType: N.file.Type.PLAINTEXT, contents: big }); } catch (e) { out.push(e.name); }
      const f = N.file.create({ name: 'big.csv', fileType: N.file.Type.CSV, folder: ${SUITESCRIPTS_FOLDER_ID} });
      const line = 'y'.repeat(1024 * 1024);
      for (let i = 0; i < 11; i++) f.appendLine({ value: line });
      try { f.appendLine({ value: big }); } catch (e) { out.push(e.name); }
      const id = f.save();
      const loaded = N.file.load({ id });
      out.push(loaded.size > ${FILE_MEMORY_LIMIT_BYTES});
      try { loaded.getContents(); } catch (e) { out.push(e.name); }
      let lines = 0;
      loaded.lines.iterator().each(() => { lines++; return true; });
      out.push(lines);
      try { loaded.appendLine({ value: 'more' }); } catch (e) { out.push(e.name); }
      loaded.resetStream();
      loaded.appendLine({ value: 'more' });
      return out;`);
    expect(value).toEqual(['SSS_FILE_CONTENT_SIZE_EXCEEDED', 'SSS_FILE_CONTENT_SIZE_EXCEEDED', true, 'SSS_FILE_CONTENT_SIZE_EXCEEDED', 11, 'YOU_CANNOT_WRITE_TO_A_FILE_AFTER_YOU_BEGAN_READING_FROM_IT']);
  });

  test('delete costs 20 units and the file is gone', () => {
    const account = fixtureAccount();
    const { value, report } = probe(account, `
      const id = N.file.create({ name: 'gone.txt', fileType: N.file.Type.PLAINTEXT, contents: 'x', folder: ${SUITESCRIPTS_FOLDER_ID} }).save();
      N.file.delete({ id });
      try { N.file.load({ id }); return 'loaded'; } catch (e) { return e.name; }`);
    expect(value).toBe('INSUFFICIENT_PERMISSION');
    expect(units(report)).toBe(20 + 20 + 10);
  });
});
