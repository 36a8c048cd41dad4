/** Scheduled script runner: execute({type}) with the 10,000-unit budget. */
import type { EmulatedAccount } from '../account';
import { Execution, type ScriptRunReport } from '../execution';
import type { EmulatedUser } from '../profile';
import { nsError } from '../errors';
import { beginTask, endTask } from './tasks';

export interface ScheduledOptions {
  scriptId: string;
  deploymentId?: string;
  params?: Record<string, unknown>;
  /** context.type: SCHEDULED, ONDEMAND (default, as when N/task submitted it), USERINTERFACE, ABORTED, SKIPPED. */
  type?: string;
  taskId?: string;
  abortAfterGovernedCalls?: number;
  /** Run as this user (fields not given are the administrator's); default: the administrator. */
  user?: Partial<EmulatedUser>;
}

export function runScheduled(account: EmulatedAccount, options: ScheduledOptions): ScriptRunReport {
  const script = account.script(options.scriptId);
  if (script.kind !== 'scheduledscript') throw nsError('SSS_INVALID_SCRIPT_TYPE', `${script.id} is a ${script.kind}, not a scheduled script.`);
  const deployment = account.deployment(script, options.deploymentId);
  const task = beginTask(account, 'SCHEDULED_SCRIPT', script.id, deployment.id, options.params ?? {}, options.taskId);
  const x = new Execution(account.ports, {
    context: account.contextFor(options.user, deployment, account.profile.administrator),
    script, deployment, entryPoint: 'execute', executionContext: 'SCHEDULED', budget: account.budgets.scheduled,
    params: options.params ?? {}, taskId: task.taskId,
    ...(options.abortAfterGovernedCalls !== undefined ? { abortAfterGovernedCalls: options.abortAfterGovernedCalls } : {}),
  });
  let error: unknown;
  try {
    const entry = x.load().execute;
    if (typeof entry !== 'function') throw nsError('SSS_MISSING_ENTRY_POINT', `${script.id} does not export execute.`);
    error = x.invoke(entry, [{ type: options.type ?? 'ONDEMAND', InvocationType: { SCHEDULED: 'SCHEDULED', ON_DEMAND: 'ONDEMAND', USER_INTERFACE: 'USERINTERFACE', ABORTED: 'ABORTED', SKIPPED: 'SKIPPED' } }]).error;
  } catch (e) {
    error = e;
  }
  const report = x.report({ error });
  endTask(task, error === undefined ? 'COMPLETE' : 'FAILED', report);
  return report;
}
