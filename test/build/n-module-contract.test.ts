/**
 * Oracle's SuiteCloud unit-testing stubs (@oracle/suitecloud-unit-testing/stubs) are Oracle's own statement of the
 * SuiteScript 2.x surface. For every N/ module the built bundle imports, this checks that
 *  - every member and enum value the built files use (read from the AMD output, not the TypeScript) exists in
 *    Oracle's stub of that module, and
 *  - every member and enum value the emulated account offers for that module exists there too,
 * unless a written reason below says where the surface comes from instead (@hitc/netsuite-types where the stubs lag,
 * or the Help Center page that documents it). A new member on either side without a reason fails this test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureAccount } from '../emulator/netsuite/helpers';
import { Execution } from '../emulator/netsuite/execution';
import { createModule } from '../emulator/netsuite/modules';
import { parse } from 'espree';
import { analyze } from 'eslint-scope';

const ROOT = join(__dirname, '..', '..');
const STUBS = join(ROOT, 'node_modules', '@oracle', 'suitecloud-unit-testing', 'stubs');
const BUILT = join(ROOT, 'FileCabinet', 'SuiteScripts', 'crmsync');

/** Modules Oracle ships no stub for: the surface comes from @hitc/netsuite-types (file named), with why. */
const NOT_IN_STUBS: Readonly<Record<string, string>> = {
  'N/crypto/random': '@hitc/netsuite-types N/crypto/random.d.ts (generateBytes, generateInt, generateUUID); Oracle Help Center "N/crypto/random Module" (SuiteScript 2.1). The 1.9 stubs predate the module.',
};

/**
 * Members (`module.member` or `module.Enum.VALUE`) beyond Oracle's 1.9 stubs that the product uses or the emulator
 * offers, with where Oracle documents them: the stubs lag the Help Center in places.
 */
const BEYOND_STUBS: Readonly<Record<string, string>> = {
  'N/https.Method.PATCH': '@hitc/netsuite-types N/http.d.ts Method.PATCH; Oracle Help Center, https.request(options): "Only the PUT, POST, and PATCH https.Method values support this parameter". Salesforce sObject Collections update and upsert are PATCH requests.',
  'N/crypto/certificate.HashAlg': '@hitc/netsuite-types N/crypto/certificate.d.ts HashAlg; Oracle Help Center, "certificate.HashAlg" (the algorithm Signer.createSigner takes; the stub documents createSigner\'s options.algorithm without the enum).',
};

type Surface = Map<string, Set<string> | null>;

/** Loads a stub file the way its AMD define would run: dependencies become empty constructors (only the module's own surface is read). */
function loadStub(module: string): Surface | null {
  const parts = module.replace(/^N\//, '').split('/');
  const file = join(STUBS, ...parts, `${parts[parts.length - 1] ?? ''}.js`);
  if (!existsSync(file)) return null;
  let exported: unknown;
  const define = (deps: unknown, factory?: unknown): void => {
    const fn = (typeof deps === 'function' ? deps : factory) as (...args: unknown[]) => unknown;
    const count = Array.isArray(deps) ? deps.length : 0;
    exported = fn(...Array.from({ length: count }, () => function stubDependency(): void { /* not read */ }));
  };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- Oracle's stub files are AMD modules: running them with our define is how they are read.
  new Function('define', readFileSync(file, 'utf8'))(define);
  return surfaceOf(exported);
}

/** member → enum values (null for a function or plain value). */
function surfaceOf(moduleObject: unknown): Surface {
  const surface: Surface = new Map();
  if (moduleObject === null || typeof moduleObject !== 'object') return surface;
  for (const key in moduleObject) {
    const value = (moduleObject as Record<string, unknown>)[key];
    const isEnum = value !== null && typeof value === 'object' && !Array.isArray(value);
    surface.set(key, isEnum ? new Set(Object.keys(value)) : null);
  }
  return surface;
}

/** For each built file: its N/ modules and the parameter name each is bound to. */
function builtModules(): { file: string; bindings: Map<string, string>; code: string }[] {
  return readdirSync(BUILT).filter((f) => f.endsWith('.js')).map((file) => {
    const code = readFileSync(join(BUILT, file), 'utf8');
    const match = /define\(\[([^\]]*)\],\s*\(?function\s*\(([^)]*)\)/.exec(code);
    const deps = (match?.[1] ?? '').split(',').map((d) => d.trim().replace(/^'|'$/g, ''));
    const params = (match?.[2] ?? '').split(',').map((p) => p.trim());
    const bindings = new Map<string, string>();
    deps.forEach((dep, i) => { if (dep.startsWith('N/') && params[i] !== undefined) bindings.set(params[i] ?? '', dep); });
    return { file, bindings, code };
  });
}

interface Node { type: string; [key: string]: unknown }

/**
 * `module.member` and `module.Enum.VALUE` uses in the built code: references to the AMD factory's parameter bound to
 * the module, resolved by scope (a local variable that happens to share the name is not the module).
 */
function usesIn(code: string, alias: string): { member: string; value: string | null }[] {
  const ast = parse(code, { ecmaVersion: 2022, sourceType: 'script', range: true }) as Node;
  const parents = new Map<Node, Node>();
  const walk = (node: Node): void => {
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child !== null && typeof child === 'object' && typeof (child as Node).type === 'string') {
          parents.set(child as Node, node);
          walk(child as Node);
        }
      }
    }
  };
  walk(ast);
  const scopes = analyze(ast, { ecmaVersion: 2022 });
  const factory = scopes.scopes.find((scope) => scope.type === 'function' && scope.variables.some((v) => v.name === alias && v.defs.some((d) => d.type === 'Parameter')));
  const variable = factory?.variables.find((v) => v.name === alias);
  const found: { member: string; value: string | null }[] = [];
  for (const reference of variable?.references ?? []) {
    const identifier = reference.identifier as Node;
    const member = parents.get(identifier);
    if (member?.type !== 'MemberExpression' || member.object !== identifier || member.computed === true) continue;
    const outer = parents.get(member);
    const value = outer?.type === 'MemberExpression' && outer.object === member && outer.computed !== true ? ((outer.property as Node).name as string) : null;
    found.push({ member: (member.property as Node).name as string, value });
  }
  return found;
}

const built = builtModules();
const modules = [...new Set(built.flatMap((b) => [...b.bindings.values()]))].sort();

describe('Oracle\'s stubs are the contract of the N/ surface', () => {
  it('the bundle imports N/ modules and the reader finds their uses (the build ran)', () => {
    expect(modules.length).toBeGreaterThan(5);
    const push = built.find((b) => b.file === 'crmsync_mr_push.js');
    const searchAlias = [...(push?.bindings ?? [])].find(([, dep]) => dep === 'N/search')?.[0] ?? '';
    expect(usesIn(push?.code ?? '', searchAlias).map((u) => u.member)).toContain('create');
  });

  it.each(modules)('%s: every member and enum value the built files use exists in Oracle\'s stub', (module) => {
    const stub = loadStub(module);
    if (stub === null) {
      expect([module, NOT_IN_STUBS[module] ?? 'no stub and no written reason']).toEqual([module, expect.stringMatching(/netsuite-types/)]);
      return;
    }
    const missing: string[] = [];
    for (const { file, bindings, code } of built) {
      for (const [alias, dep] of bindings) {
        if (dep !== module) continue;
        for (const { member, value } of usesIn(code, alias)) {
          if (!stub.has(member) && BEYOND_STUBS[`${module}.${member}`] === undefined) missing.push(`${file}: ${module}.${member}`);
          const values = stub.get(member);
          if (value !== null && values instanceof Set && !values.has(value) && BEYOND_STUBS[`${module}.${member}.${value}`] === undefined) missing.push(`${file}: ${module}.${member}.${value}`);
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it.each(modules)('%s: every member and enum value the emulated account offers exists in Oracle\'s stub', (module) => {
    const stub = loadStub(module);
    if (stub === null) return; // covered above: the surface then comes from @hitc/netsuite-types, whose types the emulator satisfies
    const account = fixtureAccount();
    const script = account.ports.scripts.script('customscript_fx_probe');
    const x = new Execution(account.ports, {
      context: account.contextFor(undefined), script, deployment: account.ports.scripts.deployment(script),
      entryPoint: 'execute', executionContext: 'SCHEDULED', budget: 10_000,
    });
    const offered = surfaceOf(createModule(module, x));
    const extra: string[] = [];
    for (const [member, values] of offered) {
      if (!stub.has(member)) {
        if (BEYOND_STUBS[`${module}.${member}`] === undefined) extra.push(`${module}.${member}`);
        continue;
      }
      const stubValues = stub.get(member);
      for (const value of values ?? []) {
        if (stubValues instanceof Set && !stubValues.has(value) && BEYOND_STUBS[`${module}.${member}.${value}`] === undefined) extra.push(`${module}.${member}.${value}`);
      }
    }
    expect(extra).toEqual([]);
  });
});

/** Stub file (under stubs/) for each emulator cost-table prefix. */
const COST_SOURCES: Readonly<Record<string, string>> = {
  search: 'search/search.js', Search: 'search/SearchInstance.js', ResultSet: 'search/ResultSet.js', PagedData: 'search/SearchPagedData.js',
  https: 'https/https.js', task: 'task/MapReduceScriptTask.js', cache: 'cache/CacheInstance.js', certificate: 'crypto/certificate/certificate.js',
  email: 'email/email.js', record: 'record/record.js',
};

/**
 * Where the emulator's unit costs differ from the stubs' @governance notes, the source that wins and why (the emulator
 * README repeats this). A difference not listed fails the test.
 */
const GOVERNANCE_DIFFERENCES: Readonly<Record<string, string>> = {
  'Search.runPaged': 'Help Center, Search.runPaged(options): 5 units (the stub says "none"). The Help Center wins: it is what NetSuite meters.',
  'PagedData.fetch': 'Help Center, PagedData.fetch(options): 5 units (the stub has no governance note). The Help Center wins.',
  'search.save': 'The emulator\'s key names Search.save (the instance method, 5 units in SearchInstance.js and the Help Center); search.js has no module-level save.',
};

/** `@governance` notes of a stub file: method name → text. */
function governanceNotes(file: string): Map<string, string> {
  const notes = new Map<string, string>();
  let pending: string | null = null;
  for (const line of readFileSync(join(STUBS, file), 'utf8').split('\n')) {
    const note = /@governance\s+(.*)$/.exec(line);
    if (note !== null) pending = (note[1] ?? '').trim();
    const method = /(?:this|\.prototype)(?:\.(\w+)|\['(\w+)'\])\s*=\s*function/.exec(line);
    const name = method?.[1] ?? method?.[2];
    if (name !== undefined && pending !== null) {
      if (!notes.has(name)) notes.set(name, pending);
      pending = null;
    }
  }
  return notes;
}

/** The units a note states for the emulator's key ("none" is 0; cache hit/miss and record categories are read apart). */
function stubUnits(key: string, note: string): number | null {
  if (note === 'none') return 0;
  if (key === 'cache.getMiss') return Number(/(\d+) units? for cache miss/.exec(note)?.[1] ?? Number.NaN);
  const first = /^(\d+)\s+units?/.exec(note);
  return first === null ? null : Number(first[1]);
}

describe('unit costs agree with the stubs, or the README says which source wins', () => {
  it('every emulator cost the stubs document matches, or is a listed difference', async () => {
    const { COSTS, RECORD_COSTS } = await import('../emulator/netsuite/governance');
    const mismatched: string[] = [];
    for (const [key, units] of Object.entries(COSTS)) {
      const [prefix = '', method = ''] = key.split('.');
      const file = COST_SOURCES[prefix];
      if (file === undefined) continue;
      const note = governanceNotes(file).get(method === 'getMiss' ? 'get' : method);
      const stated = note === undefined ? null : stubUnits(key, note);
      if (stated !== units && GOVERNANCE_DIFFERENCES[key] === undefined) mismatched.push(`${key}: emulator ${units}, stub ${note ?? 'no note'}`);
    }
    const recordNotes = governanceNotes(COST_SOURCES.record ?? '');
    for (const [operation, byCategory] of Object.entries(RECORD_COSTS)) {
      const note = recordNotes.get(operation);
      if (note === undefined) continue;
      const stated = /(\d+) units for transactions, (\d+) for custom records, (\d+) for all other records/.exec(note);
      const expected = stated === null ? null : { transaction: Number(stated[1]), custom: Number(stated[2]), other: Number(stated[3]) };
      if (JSON.stringify(expected) !== JSON.stringify(byCategory)) mismatched.push(`record.${operation}: emulator ${JSON.stringify(byCategory)}, stub ${note}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('the emulator README names each listed difference', () => {
    const readme = readFileSync(join(ROOT, 'test', 'emulator', 'README.md'), 'utf8');
    for (const key of Object.keys(GOVERNANCE_DIFFERENCES)) expect([key, readme.includes(`\`${key}\``)]).toEqual([key, true]);
  });
});
