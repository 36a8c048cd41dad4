/** Task bookkeeping shared by the M/R and scheduled runners, so N/task sees what is running. */
import type { EmulatedAccount, QueuedTask, TaskStatus } from '../account';
import type { ScriptRunReport } from '../execution';
import type { MapReduceReport } from './map-reduce';

export function beginTask(account: EmulatedAccount, taskType: QueuedTask['taskType'], scriptId: string, deploymentId: string, params: Record<string, unknown>, taskId?: string): QueuedTask {
  const existing = taskId ? account.submittedTasks.find((t) => t.taskId === taskId) : undefined;
  if (existing) {
    existing.status = 'PROCESSING';
    return existing;
  }
  const task: QueuedTask = {
    taskId: account.ports.tasks.nextTaskId(taskType === 'MAP_REDUCE' ? 'MAPREDUCETASK' : 'SCHEDSCRIPT'),
    taskType, scriptId, deploymentId, params, status: 'PROCESSING', submittedBy: 'harness',
  };
  account.submittedTasks.push(task);
  return task;
}

export function endTask(task: QueuedTask, status: TaskStatus, report: MapReduceReport | ScriptRunReport): void {
  task.status = status;
  task.report = report;
}
