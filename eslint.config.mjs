// Flat config: typescript-eslint strictTypeChecked everywhere; src/core stays free of NetSuite and adapters.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

function restrictImports(files, patterns) {
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

export default tseslint.config(
  { ignores: ['node_modules/', 'FileCabinet/', 'coverage/', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', 'setTimeout', 'setInterval', 'setImmediate', 'global', '__dirname'],
    },
  },
  // The tree reads entry points → jobs → (core, netsuite stores, salesforce client, pardot client): each folder
  // may import only what lies below it, and the two clients never each other.
  ...restrictImports('src/core/**/*.ts', [
    { group: ['N', 'N/*'], message: 'src/core is pure: NetSuite modules belong in src/netsuite adapters.' },
    { group: ['**/netsuite/**', '**/salesforce/**', '**/pardot/**', '**/jobs/**', '**/entrypoints/**'], message: 'src/core must not import adapters, jobs or entry points.' },
  ]),
  ...restrictImports('src/netsuite/**/*.ts', [
    { group: ['**/salesforce/**', '**/pardot/**', '**/jobs/**', '**/entrypoints/**'], message: 'src/netsuite holds stores over N/ modules: it imports only the core and ids.' },
  ]),
  ...restrictImports('src/salesforce/**/*.ts', [
    { group: ['**/netsuite/**', '**/pardot/**', '**/jobs/**', '**/entrypoints/**'], message: 'The Salesforce client takes settings and tokens as arguments: it imports only the core, ids and N/https-level modules.' },
    { group: ['N/record', 'N/search', 'N/query', 'N/runtime', 'N/task', 'N/file'], message: 'NetSuite data belongs in src/netsuite stores.' },
  ]),
  ...restrictImports('src/pardot/**/*.ts', [
    { group: ['**/netsuite/**', '**/salesforce/**', '**/jobs/**', '**/entrypoints/**'], message: 'The Pardot client gets its token through a port: it imports only the core and ids.' },
    { group: ['N/record', 'N/search', 'N/query', 'N/runtime', 'N/task', 'N/file'], message: 'NetSuite data belongs in src/netsuite stores.' },
  ]),
  ...restrictImports('src/jobs/**/*.ts', [
    { group: ['**/entrypoints/**'], message: 'Jobs are called by entry points, never the other way.' },
    { group: ['N/record', 'N/search', 'N/query', 'N/runtime', 'N/task', 'N/file'], message: 'Jobs compose stores: N/record, N/search, N/query, N/runtime, N/task and N/file appear only in src/netsuite.' },
  ]),
  ...restrictImports('src/entrypoints/**/*.ts', [
    { group: ['**/core/**', '**/netsuite/**', '**/salesforce/**', '**/pardot/**'], message: 'An entry point calls a job (and ids): it parses the context and hands it over.' },
    { regex: '^N(/(?!types$).*)?$', message: 'An entry point calls a job; only N/types (its signature) belongs here.' },
  ]),
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      // Tests and emulators parse untyped JSON wire bodies constantly; the emulators validate shapes themselves.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
