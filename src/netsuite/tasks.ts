/**
 * Starting the bundle's scripts with N/task. NetSuite refuses a submit while that deployment is queued or running
 * (MAP_REDUCE_ALREADY_RUNNING, or no free deployment): that run, or the schedule, takes the work, so a refusal is
 * logged and never thrown.
 */
import * as log from 'N/log';
import * as task from 'N/task';
import { errorName } from '../core/errors';

/** True when NetSuite accepted the submit. */
export function submitMapReduce(scriptId: string, deploymentId: string, why: string): boolean {
  try {
    task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId, deploymentId }).submit();
    return true;
  } catch (error) {
    log.audit({ title: `crmsync ${why} not submitted (already queued or running)`, details: errorName(error) ?? String(error) });
    return false;
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
