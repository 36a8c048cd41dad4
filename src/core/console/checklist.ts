/**
 * The console's setup checklist: what an administrator does after installing the bundle, in order, each step with
 * its state and where to do it. A step is "waiting" while an earlier one is not done (it cannot be judged yet).
 */
import type { Prerequisite } from '../health';

export type StepState = 'done' | 'todo' | 'problem' | 'waiting';

export interface SetupStep {
  key: 'settings' | 'connect' | 'health' | 'searches' | 'full-sync';
  label: string;
  state: StepState;
  detail: string;
  /** Where to do it: a page, or a console action the page posts (with its button text). */
  link: { label: string; url: string } | null;
  action: { name: string; button: string } | null;
}

export interface ChecklistInput {
  settingsExists: boolean;
  settingsUrl: string;
  connection: { ok: boolean; configured: boolean; detail: string };
  prerequisites: readonly Prerequisite[];
  searches: { installed: number; total: number };
  /** When the last full sync ran; null when none has. */
  fullSyncAt: string | null;
  canAct: boolean;
}

export function setupChecklist(input: ChecklistInput): SetupStep[] {
  const steps: SetupStep[] = [];
  steps.push({
    key: 'settings', label: 'Create the CRM Sync Settings record',
    state: input.settingsExists ? 'done' : 'todo',
    detail: input.settingsExists ? 'The active settings record exists.' : 'No CRM Sync Settings record yet: create one with the Salesforce login URL, consumer key and certificate (or API secret).',
    link: { label: input.settingsExists ? 'Open the settings' : 'Create the settings', url: input.settingsUrl }, action: null,
  });
  const connectState: StepState = !input.settingsExists ? 'waiting' : input.connection.ok ? 'done' : input.connection.configured ? 'problem' : 'todo';
  steps.push({
    key: 'connect', label: 'Connect to Salesforce',
    state: connectState, detail: input.connection.detail,
    link: { label: 'Fix the connection settings', url: input.settingsUrl }, action: null,
  });
  const checked = input.prerequisites.length > 0 && !input.prerequisites.some((p) => p.key === 'not-checked' || p.key === 'connection');
  const missing = input.prerequisites.filter((p) => !p.ok).length;
  steps.push({
    key: 'health', label: 'Org health check',
    state: connectState !== 'done' ? 'waiting' : !checked ? 'todo' : missing === 0 ? 'done' : 'problem',
    detail: !checked ? 'Not checked yet: the first push or pull checks the Salesforce org (the full sync below does).'
      : missing === 0 ? 'Every prerequisite is in place.' : `${missing} prerequisite(s) missing: see the Org health card.`,
    link: { label: 'Org health', url: '#org-health' }, action: null,
  });
  const allSearches = input.searches.installed >= input.searches.total;
  steps.push({
    key: 'searches', label: 'Install the integration log saved searches',
    state: allSearches ? 'done' : 'todo',
    detail: `${input.searches.installed} of ${input.searches.total} installed.`,
    link: { label: 'Saved searches', url: '#saved-searches' },
    action: allSearches || !input.canAct ? null : { name: 'install_searches', button: 'Install saved searches' },
  });
  const fullState: StepState = connectState !== 'done' ? 'waiting' : input.fullSyncAt !== null ? 'done' : 'todo';
  steps.push({
    key: 'full-sync', label: 'Run the first full sync',
    state: fullState,
    detail: input.fullSyncAt !== null ? `Last full sync: ${input.fullSyncAt}.`
      : connectState !== 'done' ? 'Waits for a working connection: nothing is sent before.' : 'Sends every contact and customer once; later saves sync on their own.',
    link: { label: 'Last runs', url: '#runs' },
    action: fullState === 'todo' && input.canAct ? { name: 'full_sync', button: 'Start the first full sync' } : null,
  });
  return steps;
}

/** Whether the checklist still needs the admin (the console shows it open at the top until then). */
export function setupComplete(steps: readonly SetupStep[]): boolean {
  return steps.every((s) => s.state === 'done');
}
