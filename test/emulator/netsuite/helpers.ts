/** Test helpers for the emulator's own tests: a fixture account and a probe that runs inline script code. */
import { join } from 'node:path';
import { EmulatedAccount, type AccountOptions } from './account';
import type { ScriptRunReport } from './execution';

export const FIXTURE_ROOT = join(__dirname, 'fixtures', 'project');

export function fixtureAccount(options: Partial<AccountOptions> = {}): EmulatedAccount {
  return new EmulatedAccount({ projectRoot: FIXTURE_ROOT, ...options });
}

/**
 * Runs `code` (a function body receiving `N`, the map of N/ modules) in the probe scheduled script, returning what it
 * returned (JSON round-trip) and the run report.
 */
export function probe(account: EmulatedAccount, code: string, params: Record<string, unknown> = {}): { value: unknown; report: ScriptRunReport } {
  const report = account.runScheduled({ scriptId: 'customscript_fx_probe', params: { custscript_fx_code: code, ...params } });
  const entry = report.logs.find((l) => l.title === 'result');
  return { value: entry ? JSON.parse(entry.details) : undefined, report };
}
