/**
 * Checks what NetSuite will load: the built files (npm test builds before jest) have the SuiteScript header on
 * line 1, exactly one define(), only N/ dependencies, and no Node globals.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = join(__dirname, '..', '..');
const outDir = join(root, 'FileCabinet/SuiteScripts/crmsync');
const entryDir = join(root, 'src/entrypoints');

beforeAll(() => {
  if (!existsSync(outDir) || readdirSync(outDir).length < readdirSync(entryDir).length) {
    execFileSync('npx', ['rollup', '-c', 'rollup.config.mjs'], { cwd: root, stdio: 'ignore' });
  }
});

const entries = readdirSync(entryDir).filter((f) => f.endsWith('.ts'));

describe.each(entries)('built %s', (entry) => {
  const built = (): string => readFileSync(join(outDir, entry.replace(/\.ts$/, '.js')), 'utf8');

  it('starts with the @NApiVersion 2.1 / @NScriptType header of its source', () => {
    const source = readFileSync(join(entryDir, entry), 'utf8');
    const type = /@NScriptType\s+(\w+)/.exec(source)?.[1];
    const text = built();
    expect(text.startsWith('/**')).toBe(true);
    const header = text.slice(0, text.indexOf('*/') + 2);
    expect(header).toMatch(/@NApiVersion 2\.1/);
    expect(header).toContain(`@NScriptType ${type}`);
    expect(header).toMatch(/@NModuleScope SameAccount/);
  });

  it('has exactly one define() whose dependencies are N/ modules', () => {
    const text = built();
    expect(text.match(/\bdefine\(/g)).toHaveLength(1);
    const deps = /define\(\[([^\]]*)\]/.exec(text)?.[1] ?? '';
    for (const dep of deps.split(',').map((d) => d.trim().replace(/'/g, ''))) {
      expect(dep === 'exports' || dep.startsWith('N/')).toBe(true);
    }
  });

  it('uses no Node globals and no default-import interop of N/ modules', () => {
    const text = built();
    expect(text).not.toMatch(/\b(require|process|Buffer|setTimeout|setInterval|__dirname)\b/);
    expect(text).not.toMatch(/\.default\./);
  });
});

describe('header plugin', () => {
  // The plugin is an ES module (rollup config); run it in a real Node ESM process rather than jest's CJS.
  const extract = (source: string): string =>
    execFileSync('node', ['--input-type=module', '-e',
      `import { extractHeader } from './scripts/rollup-suitescript-header.mjs'; process.stdout.write(String(extractHeader(${JSON.stringify(source)})));`], { cwd: root, encoding: 'utf8' });

  it('finds the header only when it declares @NApiVersion 2.1 and @NScriptType', () => {
    expect(extract('export const x = 1;')).toBe('undefined');
    expect(extract('/**\n * @NApiVersion 2.0\n * @NScriptType UserEventScript\n */')).toBe('undefined');
    expect(extract('/**\n * @NApiVersion 2.1\n * @NScriptType MapReduceScript\n */\nx')).toContain('MapReduceScript');
  });
});
