/**
 * Starting the bundle's scripts with N/task. NetSuite refuses a submit while that deployment is queued or running
 * (MAP_REDUCE_ALREADY_RUNNING, or no free deployment): that run, or the schedule, takes the work, so a refusal is
 * logged and never thrown.
 */
import * as log from 'N/log';
import * as task from 'N/task';
import { errorName } from '../core/errors';

/** What became of a submit: accepted, or refused with NetSuite's error name (MAP_REDUCE_ALREADY_RUNNING, INSUFFICIENT_PERMISSION …). */
export type SubmitResult = { submitted: true } | { submitted: false; code: string };

/** Never throws: a refusal is logged and returned. */
export function submitMapReduce(scriptId: string, deploymentId: string, why: string, params?: Record<string, string | boolean>): SubmitResult {
  try {
    task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId, deploymentId, ...(params === undefined ? {} : { params }) }).submit();
    return { submitted: true };
  } catch (error) {
    const code = errorName(error) ?? String(error);
    log.audit({ title: `crmsync ${why} not submitted`, details: code });
    return { submitted: false, code };
  }
}

/** Without a deployment id NetSuite takes a free deployment of the script (the caller's is still running). */
export function submitScheduled(scriptId: string, why: string): boolean {
  try {
    task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId }).submit();
    return true;
  } catch (error) {
    log.audit({ title: `crmsync ${why} not submitted`, details: errorName(error) ?? String(error) });
    return false;
  }
}
