/**
 * `npm run bench -- --concurrency [--seeds N]`: the concurrency cases of test/reliability/concurrency.ts at
 * concurrency 1, 2 and 5 over seeds 1..N (default 12), with Pardot on for every third seed. Prints one row per level:
 * changes made, records written twice, changes lost, queue entries left, Account row locks hit, runs held back.
 */
import { runConcurrencyCase } from '../reliability/concurrency';

export function runConcurrencyBench(seeds: number): void {
  const rows: string[][] = [['concurrency', 'cases', 'changes', 'written twice', 'lost', 'queue left', 'row locks', 'runs held back']];
  for (const concurrency of [1, 2, 5]) {
    const sum = { changes: 0, twice: 0, lost: 0, queue: 0, locks: 0, held: 0 };
    for (let seed = 1; seed <= seeds; seed++) {
      const r = runConcurrencyCase({ concurrency, seed, sizes: [3, 12, 1, 20], pardot: seed % 3 === 0 });
      sum.changes += r.changes;
      sum.twice += r.duplicates.length + r.report.duplicated.length;
      sum.lost += r.report.lost.length + r.report.unexplained.length;
      sum.queue += r.report.queue.length;
      sum.locks += r.rowLocks;
      sum.held += r.heldBack;
    }
    rows.push([String(concurrency), String(seeds), String(sum.changes), String(sum.twice), String(sum.lost), String(sum.queue), String(sum.locks), String(sum.held)]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  process.stdout.write(rows.map((row) => '| ' + row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |').join('\n') + '\n');
}
