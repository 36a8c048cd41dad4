/** Every reason code the sync can log is explained to admins: in README's "For administrators" table and in the console's legend. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain, REASONS, type ReasonCode } from '../../src/core/reasons';
import { consoleGet, listRows } from './admin';
import { createWorld } from './world';

const codes = Object.keys(REASONS) as ReasonCode[];

function adminSection(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## For administrators');
  expect(start).toBeGreaterThan(0);
  const next = readme.indexOf('\n## ', start + 5);
  return readme.slice(start, next < 0 ? undefined : next);
}

describe('reason codes are explained', () => {
  const section = adminSection();
  // The console's "Reason codes explained" list (a LIST sublist): code → what it means, as shown.
  const legend = new Map(listRows(consoleGet(createWorld()).body, 'custpage_legend').map((r) => [r.custpage_code ?? '', r.custpage_meaning ?? '']));

  it.each(codes)('%s in the README reason table', (code) => {
    const row = section.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row ?? `no row for ${code} in README "For administrators"`).toMatch(/^\| `\w+` \| .{20,} \|$/);
  });

  it.each(codes)('%s in the console legend with its explanation', (code) => {
    expect(legend.get(code)).toBe(explain(code));
  });
});
