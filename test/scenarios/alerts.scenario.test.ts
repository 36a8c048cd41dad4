/**
 * The failure digest, end to end. The push map/reduce is owned elsewhere, so this test builds a copy of it with
 * exactly the lines the lead is asked to add (ALERT_IMPORT, ALERT_CALL) into a scratch project in the
 * system temp folder, and runs the push there. Once the lines are in src, the copy is identical to the real build.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_SETTINGS, SETTINGS } from '../../src/ids';
import { createCustomerWithContacts, createWorld, drainPush, type World } from './world';

export const ALERT_IMPORT = "import { sendFailureDigest } from '../netsuite/alerts';";
export const ALERT_CALL = '  sendFailureDigest(stats.runId, stats.byStatus.Failed ?? 0);';

const root = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'crmsync-alerts-'));
const project = join(scratch, 'project');

function patchedPushSource(): string {
  let source = readFileSync(join(root, 'src/entrypoints/crmsync_mr_push.ts'), 'utf8');
  if (!source.includes('sendFailureDigest(')) {
    const summary = source.indexOf('  writeLogRow({ runId: stats.runId');
    const end = source.indexOf('\n  });\n', summary);
    if (summary < 0 || end < 0) throw new Error('push summarize changed shape: update ALERT_CALL placement in this test');
    source = `${source.slice(0, end + 6)}\n${ALERT_CALL}\n${source.slice(end + 6)}`;
    source = source.replace("import { writeLogRow } from '../netsuite/sync-log';", `import { writeLogRow } from '../netsuite/sync-log';\n${ALERT_IMPORT}`);
  }
  return source.replace(/from '\.\.\/([^']+)'/g, (_m, path: string) => `from '${join(root, 'src', path)}.ts'`);
}

afterAll(() => { rmSync(scratch, { recursive: true, force: true }); });

beforeAll(() => {
  mkdirSync(join(scratch, 'entry'), { recursive: true });
  for (const part of ['Objects', 'FileCabinet', 'manifest.xml', 'deploy.xml']) cpSync(join(root, part), join(project, part), { recursive: true });
  writeFileSync(join(scratch, 'entry', 'crmsync_mr_push.ts'), patchedPushSource());
  writeFileSync(join(scratch, 'rollup.config.mjs'), [
    `import esbuild from ${JSON.stringify(join(root, 'node_modules/rollup-plugin-esbuild/dist/index.mjs'))};`,
    `import { suiteScriptHeader } from ${JSON.stringify(join(root, 'scripts/rollup-suitescript-header.mjs'))};`,
    `export default { input: ${JSON.stringify(join(scratch, 'entry', 'crmsync_mr_push.ts'))}, external: (id) => id === 'N' || id.startsWith('N/'),`,
    `  plugins: [esbuild({ target: 'es2022', minify: false, tsconfig: ${JSON.stringify(join(root, 'tsconfig.json'))} }), suiteScriptHeader()],`,
    `  output: { file: ${JSON.stringify(join(project, 'FileCabinet/SuiteScripts/crmsync/crmsync_mr_push.js'))}, format: 'amd', interop: 'esModule', freeze: false, exports: 'named', generatedCode: { preset: 'es2015', symbols: false } },`,
    '  treeshake: { moduleSideEffects: false } };',
  ].join('\n'));
  execFileSync(join(root, 'node_modules/.bin/rollup'), ['-c', join(scratch, 'rollup.config.mjs')], { cwd: root, stdio: 'pipe' });
  const built = readFileSync(join(project, 'FileCabinet/SuiteScripts/crmsync/crmsync_mr_push.js'), 'utf8');
  // Everything but N/ modules must be bundled, as in the real build.
  expect(/define\(\[([^\]]*)\]/.exec(built)?.[1]?.split(',').every((d) => /'(N\/[\w/]+|exports)'/.test(d.trim()))).toBe(true);
});

function failingWorld(settings: Record<string, unknown>): { world: World; bad: number[] } {
  const world = createWorld({ projectRoot: project, settings });
  const { customerId } = createCustomerWithContacts(world, 1);
  const bad = ['a,b@example.com', 'c,d@example.com'].map((email) => world.account.seed('contact', { firstname: 'Bad', lastname: 'Email', email, company: customerId, subsidiary: world.subsidiary }));
  for (const id of bad) world.account.ui.inlineEdit('contact', id, { title: 'Imported' });
  return { world, bad };
}

describe('failure digest email', () => {
  it('sends one email per run listing every failure, to the configured recipients', () => {
    const { world, bad } = failingWorld({ [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example, crm-admin@acme.example' });
    drainPush(world);
    expect(world.account.emails).toHaveLength(1);
    const [mail] = world.account.emails;
    expect(mail?.recipients).toEqual(['ops@acme.example', 'crm-admin@acme.example']);
    expect(mail?.subject).toMatch(/^CRM Sync: 2 record\(s\) failed in run push-/);
    for (const id of bad) expect(mail?.body).toContain(`contact ${id} — INVALID_EMAIL`);
  });

  it('stays quiet under the threshold, without recipients, and when nothing failed', () => {
    const under = failingWorld({ [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example', [ADMIN_SETTINGS.alertThreshold]: 3 });
    drainPush(under.world);
    expect(under.world.account.emails).toHaveLength(0);

    const nobody = failingWorld({});
    drainPush(nobody.world);
    expect(nobody.world.account.emails).toHaveLength(0);

    const fine = createWorld({ projectRoot: project, settings: { [ADMIN_SETTINGS.alertEmails]: 'ops@acme.example' } });
    createCustomerWithContacts(fine, 3);
    drainPush(fine);
    expect(fine.account.emails).toHaveLength(0);
    expect(fine.account.all(SETTINGS.type)).toHaveLength(1);
  });
});
