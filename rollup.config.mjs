// Builds one self-contained AMD file per SuiteScript entry point into FileCabinet/SuiteScripts/crmsync/.
// N/* modules stay external (NetSuite provides them); everything else is bundled so each file has exactly one define().
import { readdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import { suiteScriptHeader } from './scripts/rollup-suitescript-header.mjs';

const ENTRY_DIR = 'src/entrypoints';
const OUT_DIR = 'FileCabinet/SuiteScripts/crmsync';

const entries = readdirSync(ENTRY_DIR).filter((f) => f.endsWith('.ts')).sort();

export default entries.map((file) => ({
  input: join(ENTRY_DIR, file),
  external: (id) => id === 'N' || id.startsWith('N/'),
  plugins: [esbuild({ target: 'es2022', minify: false, tsconfig: 'tsconfig.json' }), suiteScriptHeader()],
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
