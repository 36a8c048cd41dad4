/**
 * Map/reduce restarts (SSS_APP_SERVER_RESTART, isRestarted) at every cut point: each sweep cuts one invocation
 * after its 1st, 2nd, … governed call — sign-in, SOQL, collection write, Pardot call, write-back with
 * submitFields, queue update, integration-log write, watermark commit — and checks the invariants after each.
 */
import { SWEEPS, runSweep } from './fault-cases';
import { violations } from './harness';

describe('a map/reduce restart at every governed call', () => {
  it.each(SWEEPS.map((s) => [s.name, s] as const))('%s', (_name, spec) => {
    const result = runSweep(spec);
    expect(result.governedCalls).toBeGreaterThan(2);
    expect(result.points).toHaveLength(result.governedCalls);
    const failing = result.points.filter((p) => violations(p.report).length > 0).map((p) => ({ cutAfter: p.cutAfter, reached: p.reached, violations: violations(p.report) }));
    expect(failing).toEqual([]);
    const reached = new Set(result.points.map((p) => p.reached));
    for (const step of spec.mustReach ?? []) expect(reached).toContain(step);
  });

});
