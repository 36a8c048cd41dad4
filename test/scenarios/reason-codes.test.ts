/** Every reason code the sync can log is explained to admins: in README's "For administrators" table and in the console's legend. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REASONS, type ReasonCode } from '../../src/core/reasons';
import { consoleGet } from './admin';
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
  const legend = ((): string => {
    const body = consoleGet(createWorld()).body;
    return body.slice(body.indexOf('<table id="legend">'), body.indexOf('</table>', body.indexOf('<table id="legend">')));
  })();

  it.each(codes)('%s in the README reason table', (code) => {
    const row = section.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row ?? `no row for ${code} in README "For administrators"`).toMatch(/^\| `\w+` \| .{20,} \|$/);
  });

  it.each(codes)('%s in the console legend with its explanation', (code) => {
    expect(legend).toContain(`<tr><td><code>${code}</code></td><td>`);
    expect(legend.length).toBeGreaterThan(0);
  });
});
