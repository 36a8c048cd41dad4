/**
 * A small version of the bench's load run (`npm run bench -- --load 100000`): contacts created as users would,
 * then the initial sync while users keep editing between the job's invocations. Nothing may be lost or left queued,
 * and no invocation may run out of governance.
 */
import { runLoad } from '../bench/reliability';

describe('load: initial sync with edits landing while it runs', () => {
  it('syncs every contact and every edit, within every budget', () => {
    const figures = runLoad(600);
    expect(figures.editsWhileSyncing).toBe(figures.edits);
    expect(figures.edits).toBe(60);
    expect(figures).toMatchObject({ inSalesforce: 600, pendingAfter: 0, violations: 0, overBudget: 0, governanceErrors: 0 });
    expect(figures.maxUsageShare).toBeLessThan(0.5);
  });
});
