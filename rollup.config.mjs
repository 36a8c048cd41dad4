// Builds one self-contained AMD file per SuiteScript entry point into FileCabinet/SuiteScripts/crmsync/.
// N/* modules stay external (NetSuite provides them); everything else is bundled so each file has exactly one define().
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, basename } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import { suiteScriptHeader } from './scripts/rollup-suitescript-header.mjs';

const ENTRY_DIR = 'src/entrypoints';
const OUT_DIR = 'FileCabinet/SuiteScripts/crmsync';

const entries = readdirSync(ENTRY_DIR).filter((f) => f.endsWith('.ts')).sort();

// The folder the preview writes its plans to (src/ids.ts PLAN_FILES): SDF deploys files, not empty folders, so the
// folder ships with this marker file, and scripts find the folder's id by loading it.
const PLANS_DIR = join(OUT_DIR, 'plans');
const plansFolder = {
  name: 'crmsync-plans-folder',
  writeBundle() {
    mkdirSync(PLANS_DIR, { recursive: true });
    writeFileSync(join(PLANS_DIR, 'README.txt'), 'CRM Sync writes the plan of each preview here as a CSV file (linked from the CRM Sync console).\n'
      + 'Files older than the Keep Log Days setting are deleted with their preview. Keep this file: it marks the folder.\n');
  },
};

export default entries.map((file, i) => ({
  input: join(ENTRY_DIR, file),
  external: (id) => id === 'N' || id.startsWith('N/'),
  plugins: [esbuild({ target: 'es2022', minify: false, tsconfig: 'tsconfig.json' }), suiteScriptHeader(), ...(i === 0 ? [plansFolder] : [])],
  output: {
    file: join(OUT_DIR, basename(file, '.ts') + '.js'),
    format: 'amd',
    interop: 'esModule',
    freeze: false,
    exports: 'named',
    generatedCode: { preset: 'es2015', symbols: false },
  },
  treeshake: { moduleSideEffects: false },
}));
