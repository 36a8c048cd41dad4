/**
 * Fault injection at every step of push and pull (issue 8): each case makes NetSuite, Salesforce and Pardot
 * changes in a linked world, injects one fault, runs, then runs to quiescence; the one invariant checker then
 * says whether any change was lost, duplicated or left unexplained, and whether the queue drained.
 * Restart sweeps (cut after every governed call) are in faults-restarts.test.ts.
 */
import { ENTITY_FIELDS } from '../../src/ids';
import { FAULT_CASES, runFaultCase } from './fault-cases';
import { checkInvariants, linkedBaseline, reliabilityWorld, sfIdOf, violations } from './harness';

describe('the invariant checker is not vacuous', () => {
  it('reports a change that never reached Salesforce, a duplicate and an unexplained failure', () => {
    const world = reliabilityWorld();
    const base = linkedBaseline(world, [3]);
    expect(violations(checkInvariants(world))).toEqual([]);
    const [a = 0, b = 0, c = 0] = base.contacts;
    world.account.seedUpdate('contact', a, { title: 'Changed behind the sync' });
    world.salesforce.seedContact({ LastName: 'Twin', Email: String(world.account.get('contact', b)?.email), Oracle_netsuiteid__c: String(b) });
    world.account.seedUpdate('contact', c, { [ENTITY_FIELDS.status]: 'Failed' });
    const report = checkInvariants(world);
    expect(report.lost.join('\n')).toContain(`contact ${a} (salesforce): Title`);
    expect(report.duplicated.join('\n')).toContain(`contact ${b} (salesforce): 2 Salesforce contacts carry its NetSuite id`);
    expect(report.unexplained.join('\n')).toContain(`contact ${c} (salesforce): Failed without a reason`);
    expect(sfIdOf(world, 'contact', a)).toMatch(/^003/);
  });
});

describe('faults at each step of push and pull, then quiescence', () => {
  it.each(FAULT_CASES.map((c) => [c.name, c] as const))('%s', (_name, faultCase) => {
    const result = runFaultCase(faultCase);
    expect(result.faults).toBeGreaterThan(0);
    expect(result.changes).toBeGreaterThan(0);
    expect(violations(result.report)).toEqual([]);
    // Every injected fault is transient: once it clears, nothing may stay Failed or Skipped because of it.
    expect(result.report.failedExplained).toEqual([]);
    // No record ran out of attempts because a limit ran out (nor for any other transient fault).
    expect(result.exhausted).toBe(0);
    expect(result.report.checked).toBeGreaterThan(10);
  });
});
