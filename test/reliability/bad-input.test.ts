/**
 * The bad-input corpus (≥ 50 cases in test/fixtures/bad-input/cases.json), all in one account and mixed into
 * shared batches with good contacts: each case ends synced, failed or skipped as the corpus says, with its
 * reason code in the integration log, without its bad value ever reaching Salesforce, and without crashing
 * the batch it shares.
 */
import { loadCorpus, runCorpus, type CorpusRun } from './bad-input';

const cases = loadCorpus();
let run: CorpusRun;

beforeAll(() => {
  run = runCorpus(cases);
});

describe('bad-input corpus', () => {
  it('has at least 50 cases, each with a name and an expected outcome', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const c of cases) expect(['synced', 'failed', 'skipped']).toContain(c.expected);
    for (const c of cases.filter((x) => x.expected !== 'synced')) expect(c.reason).toMatch(/^[A-Z_]+$/);
  });

  it('never crashes a batch: every good contact sharing the batches syncs, no invocation errors, the queue drains', () => {
    expect(run.siblingsSynced).toBe(run.siblings);
    expect(run.invocationErrors).toEqual([]);
    expect(run.pendingAfter).toBe(0);
  });

  const result = (name: string) => run.results.find((r) => r.name === name);

  it.each(cases.map((c) => [c.name, c.expected] as const))('%s → %s', (name) => {
    expect(result(name)?.problems).toEqual([]);
  });
});
