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
export function submitMapReduce(scriptId: string, deploymentId: string, why: string, params?: Record<string, string | number | boolean>): SubmitResult {
  try {
    task.create({ taskType: task.TaskType.MAP_REDUCE, scriptId, deploymentId, ...(params === undefined ? {} : { params }) }).submit();
    return { submitted: true };
  } catch (error) {
    const code = errorName(error) ?? String(error);
    log.audit({ title: `crmsync ${why} not submitted`, details: code });
    return { submitted: false, code };
  }
}

/**
 * Submits a scheduled script's own Not Scheduled deployment. Always name it: without a deployment id NetSuite picks
 * any deployment it may run now, and a submit can only queue a deployment whose status is Not Scheduled
 * (ScheduledScriptTask.submit(), Oracle Help Center). A script resubmitting the deployment it runs on is queued behind
 * the current execution (same page); any other unfinished task of that deployment refuses the submit
 * (FAILED_TO_SUBMIT_JOB_REQUEST_1, Oracle's N/task stub). Never throws: a refusal is logged and returned.
 */
export function submitScheduled(scriptId: string, deploymentId: string, why: string): SubmitResult {
  try {
    task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId, deploymentId }).submit();
    return { submitted: true };
  } catch (error) {
    const code = errorName(error) ?? String(error);
    log.audit({ title: `crmsync ${why} not submitted`, details: code });
    return { submitted: false, code };
  }
}
