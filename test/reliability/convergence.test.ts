/**
 * Convergence (issue 8): seeded random edit sequences across NetSuite, Salesforce and Pardot end where the
 * ownership rules say, consistent in all three systems, and one more push + pull cycle writes nothing.
 * More seeds run in the benchmark (`npm run bench`).
 */
import { drainPush, runPull } from '../scenarios/world';
import { runConvergence, type ConvergenceResult } from './convergence';
import { checkInvariants, linkedBaseline, nsEdit, reliabilityWorld, runPushWithFaults, sfEdit, sfIdOf, violations } from './harness';

describe('random bidirectional edits converge with zero ping-pong', () => {
  const seen: ConvergenceResult['removals'][] = [];
  it.each([1, 2, 3, 4])('seed %i', (seed) => {
    const result = runConvergence(seed);
    seen.push(result.removals);
    expect(result.edits.netsuite + result.edits.salesforce + result.edits.pardot).toBeGreaterThan(20);
    expect(result.ownership).toEqual([]);
    expect(result.violations).toEqual([]);
    expect(result.resurrections).toEqual([]);
    expect(result.extraWrites).toEqual({ salesforce: 0, pardot: 0 });
  });

  it('the seeds model people: late commits, deletes on both sides and merges all happen', () => {
    const totals = seen;
    expect(totals).toHaveLength(4);
    const sum = (key: keyof (typeof totals)[number]): number => totals.reduce((n, t) => n + t[key], 0);
    expect(sum('lateCommits')).toBeGreaterThan(0);
    expect(sum('netsuiteDeletes')).toBeGreaterThan(0);
    expect(sum('salesforceDeletes')).toBeGreaterThan(0);
    expect(sum('merges')).toBeGreaterThan(0);
    // A Salesforce delete or merge of a record whose NetSuite change is still on its way (the push waits for the pull).
    expect(sum('racingNetSuiteChange')).toBeGreaterThan(0);
  });

  it('is reproducible: the same seed gives the same sequence', () => {
    expect(runConvergence(9, 30).edits).toEqual(runConvergence(9, 30).edits);
  });

  it('a NetSuite change that leaves the Salesforce payload as it was does not undo a Salesforce edit of another field', () => {
    const world = reliabilityWorld();
    const base = linkedBaseline(world, [2]);
    const id = base.contacts[0] ?? 0;
    const email = String(world.account.get('contact', id)?.email);
    sfEdit(world, 'Contact', sfIdOf(world, 'contact', id), { Title: 'Edited in Salesforce' });
    nsEdit(world, 'contact', id, { email: email.toUpperCase() }, true); // queued, but the payload (lower-cased) is the same
    world.advance(60_000);
    runPull(world); // no conflict: NetSuite changed no field Salesforce holds, the Title edit is applied
    drainPush(world);
    runPushWithFaults(world);
    runPull(world);
    expect(violations(checkInvariants(world))).toEqual([]);
    expect(world.salesforce.getContact(sfIdOf(world, 'contact', id))?.Title).toBe('Edited in Salesforce');
    expect(world.account.get('contact', id)?.title).toBe('Edited in Salesforce');
  });
});
