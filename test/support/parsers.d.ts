/** The two pieces of ESLint's own toolchain the N/ contract test reads the built files with (they ship no types). */
declare module 'espree' {
  export function parse(code: string, options: { ecmaVersion: number; sourceType: 'script' | 'module'; range?: boolean }): unknown;
}

declare module 'eslint-scope' {
  export interface Definition { type: string }
  export interface Reference { identifier: unknown }
  export interface Variable { name: string; defs: Definition[]; references: Reference[] }
  export interface Scope { type: string; variables: Variable[] }
  export interface ScopeManager { scopes: Scope[] }
  export function analyze(ast: unknown, options: { ecmaVersion: number }): ScopeManager;
}
