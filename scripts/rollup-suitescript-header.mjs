// Rollup drops the entry file's JSDoc header (esbuild strips comments, AMD wraps the rest in define()).
// NetSuite reads @NApiVersion / @NScriptType from the first comment of the file, so this plugin copies the
// header block from the entry source to line 1 of the output and fails the build when it is missing.
import { readFileSync } from 'node:fs';

const HEADER_BLOCK = /\/\*\*[\s\S]*?\*\//;

export function extractHeader(source) {
  const match = HEADER_BLOCK.exec(source);
  if (!match || !/@NApiVersion\s+2\.1/.test(match[0]) || !/@NScriptType\s+\w+/.test(match[0])) {
    return undefined;
  }
  return match[0];
}

export function suiteScriptHeader() {
  let header;
  return {
    name: 'suitescript-header',
    buildStart(options) {
      const input = Array.isArray(options.input) ? options.input[0] : Object.values(options.input)[0];
      header = extractHeader(readFileSync(input, 'utf8'));
      if (!header) {
        this.error(`${input}: the first /** */ block must declare @NApiVersion 2.1 and @NScriptType (SuiteScript header)`);
      }
    },
    renderChunk(code) {
      return { code: `${header}\n${code}`, map: null };
    },
  };
}
