/**
 * The tree reads entry points → jobs → (core, netsuite stores, salesforce client, pardot client). The lint rule
 * keeps it so: each wrong-way import below, added to a real file of that folder, must fail `npm run lint`.
 */
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const ROOT = join(__dirname, '..', '..');

const WRONG_WAY: [file: string, importLine: string][] = [
  ['src/core/push.ts', "import { loadSettings } from '../netsuite/config';"],
  ['src/core/push.ts', "import * as search from 'N/search';"],
  ['src/netsuite/queue.ts', "import { pushJob } from '../jobs/push';"],
  ['src/netsuite/queue.ts', "import { createSalesforceClient } from '../salesforce/client';"],
  ['src/salesforce/client.ts', "import { loadSettings } from '../netsuite/config';"],
  ['src/salesforce/client.ts', "import { createPardotClient } from '../pardot/client';"],
  ['src/pardot/client.ts', "import { createTokenSource } from '../salesforce/auth';"],
  ['src/pardot/client.ts', "import * as record from 'N/record';"],
  ['src/jobs/push.ts', "import * as record from 'N/record';"],
  ['src/jobs/retry.ts', "import * as runtime from 'N/runtime';"],
  ['src/entrypoints/crmsync_mr_push.ts', "import { dueEntries } from '../netsuite/queue';"],
  ['src/entrypoints/crmsync_mr_push.ts', "import { planBatches } from '../core/batching';"],
  ['src/entrypoints/crmsync_mr_push.ts', "import * as task from 'N/task';"],
];

/**
 * Lints each case in one Node process (ESLint loads its flat config with a dynamic import, which Jest's VM lacks).
 * Only the import rule runs, without type information: the type-aware rules have nothing to say about an import
 * line, and building a TypeScript program for text that differs from the file on disk crashed one of them in CI.
 */
function restrictedImports(cases: readonly (readonly [string, string])[]): number[] {
  const script = `
    const { ESLint } = require('eslint');
    const { readFileSync } = require('node:fs');
    const { join } = require('node:path');
    (async () => {
      const eslint = new ESLint({
        cwd: process.cwd(),
        ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
        overrideConfig: { languageOptions: { parserOptions: { project: null, projectService: false } } },
      });
      const cases = JSON.parse(process.argv[1]);
      const restricted = (r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      const wrongWay = [];
      for (const [file, line] of cases) {
        const [result] = await eslint.lintText(line + '\\n' + readFileSync(join(process.cwd(), file), 'utf8'), { filePath: join(process.cwd(), file) });
        wrongWay.push(restricted(result).filter((m) => m.line === 1).length);
      }
      process.stdout.write(JSON.stringify(wrongWay));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' })) as number[];
}

describe('layout', () => {
  // The tree as it is passes the same rule: `npm run lint` checks it.
  const wrongWay = restrictedImports(WRONG_WAY);

  it.each(WRONG_WAY.map((c, i) => [...c, i] as const))('%s may not import: %s', (_file, _line, index) => {
    expect(wrongWay[index]).toBe(1);
  });
});
