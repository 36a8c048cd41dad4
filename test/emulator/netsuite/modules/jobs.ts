/** N/task and N/cache: both keep their state on the account so later runs see it. */
import { str } from '../text';
import { ERR, nsError } from '../errors';
import type { Execution } from '../execution';
import { COSTS } from '../governance';
import { MAX_LENGTH, type FieldType } from '../schema';
import type { CacheEntry, QueuedTask } from '../ports';
import type * as taskApi from 'N/task';
import type * as cacheApi from 'N/cache';
import type { ModuleSurface } from './surface';

type Opts = Record<string, unknown>;

export const TaskType = {
  SCHEDULED_SCRIPT: 'SCHEDULED_SCRIPT', MAP_REDUCE: 'MAP_REDUCE', CSV_IMPORT: 'CSV_IMPORT', ENTITY_DEDUPLICATION: 'ENTITY_DEDUPLICATION',
  WORKFLOW_TRIGGER: 'WORKFLOW_TRIGGER', SEARCH: 'SEARCH', RECORD_ACTION: 'RECORD_ACTION', SUITE_QL: 'SUITE_QL', QUERY: 'QUERY',
} as const;

export const TaskStatus = { PENDING: 'PENDING', PROCESSING: 'PROCESSING', COMPLETE: 'COMPLETE', FAILED: 'FAILED' } as const;

/** The role permission "SuiteScript Scheduling" (Setup), as SDF role XML names it (Salto generic_permission). */
export const SCHEDULING_PERMISSION = 'ADMI_SS_SCHEDULING';

/**
 * "Only roles with the SuiteScript Scheduling permission or Administrators can run scheduled scripts executed by API"
 * (ScheduledScriptTask.submit(), Oracle Help Center); a map/reduce submitted from a script needs "the Administrator
 * role or a role with SuiteScript and SuiteScript Scheduling permissions" ("Submitting an On-Demand Map/Reduce Script
 * Deployment from a Script"). The role is the effective one (Execute As Role, else the user's). Custom roles are
 * checked against their XML; standard roles other than Administrator are assumed not to have it (guess: the emulator
 * knows no standard role's permission list). The error name is the one NetSuite uses for permission violations.
 */
function mayScheduleScripts(x: Execution): void {
  const role = x.context.effectiveRole;
  if (role.toLowerCase() === 'administrator') return;
  const grants = x.env.roleGrants(role);
  if (grants?.has(SCHEDULING_PERMISSION) === true) return;
  throw nsError('INSUFFICIENT_PERMISSION', `Permission Violation: you need the 'SuiteScript Scheduling' permission to submit a script task (role ${role}).`);
}

const busy = (t: QueuedTask): boolean => t.status === 'PENDING' || t.status === 'PROCESSING';

export function createTaskModule(x: Execution): object {
  const { scripts, tasks: queue } = x.env;
  class ScriptTask {
    scriptId: string | undefined;
    deploymentId: string | undefined;
    params: Record<string, unknown> | undefined;
    id: string | undefined;
    readonly taskType: 'MAP_REDUCE' | 'SCHEDULED_SCRIPT';
    constructor(taskType: 'MAP_REDUCE' | 'SCHEDULED_SCRIPT', o: Opts) {
      this.taskType = taskType;
      this.scriptId = o.scriptId as string | undefined;
      this.deploymentId = o.deploymentId as string | undefined;
      this.params = o.params as Record<string, unknown> | undefined;
    }
    submit(): string | null {
      if (!this.scriptId) throw ERR.missingArg('Task.submit', 'scriptId');
      const scriptId = this.scriptId;
      return x.gov('task.submit', COSTS['task.submit'], () => {
        mayScheduleScripts(x);
        const kind = this.taskType === 'MAP_REDUCE' ? 'mapreducescript' : 'scheduledscript';
        const script = scripts.find(scriptId);
        if (!script || script.kind !== kind) throw nsError('INVALID_SCRIPT_ID_1', `Invalid script ID: ${scriptId}. No ${kind} with that ID is deployed.`);
        // A parameter value is stored in the script's parameter field, so it must fit that field: Free-Form Text holds
        // 300 characters, Text Area 4,000 (SuiteBuilder's field types). What submit does with a longer value is not
        // documented; refusing it (the error name is the emulator's) is the strict reading, never a silent cut.
        for (const [name, value] of Object.entries(this.params ?? {})) {
          const def = script.params.find((p) => p.id === name);
          const max = def === undefined ? undefined : def.maxLength ?? MAX_LENGTH[def.fieldType as FieldType];
          if (typeof value === 'string' && max !== undefined && value.length > max) {
            throw nsError('EMULATOR_PARAMETER_TOO_LONG', `Task parameter ${name} holds ${value.length} characters; its ${def?.fieldType ?? ''} field takes at most ${max}.`);
          }
        }
        const deployed = script.deployments.filter((d) => d.isDeployed);
        const alreadyQueued = (depId: string): QueuedTask | undefined => queue.tasks.find((t) => t.deploymentId === depId && busy(t));
        let deploymentId = this.deploymentId;
        if (deploymentId) {
          const target = deployed.find((d) => d.id === deploymentId);
          if (!target) throw nsError('INVALID_SCRIPT_DEPLOYMENT_ID_1', `Invalid script deployment ID: ${deploymentId}.`);
          const current = alreadyQueued(deploymentId);
          if (current) {
            const selfResubmit = current.status === 'PROCESSING' && current.taskId === x.options.taskId
              && !queue.tasks.some((t) => t.deploymentId === deploymentId && t.status === 'PENDING');
            if (selfResubmit) {
              // Documented for both types: a script resubmitting its own deployment is queued behind the current
              // execution ("the resubmit does not occur until the current execution completes", ScheduledScriptTask
              // .submit() and MapReduceScriptTask.submit()). A map/reduce gets no task id (documented); a scheduled
              // script gets one (guess: its page does not say).
              const taskId = this.queue(scriptId, deploymentId);
              return this.taskType === 'MAP_REDUCE' ? null : taskId;
            }
            throw this.taskType === 'MAP_REDUCE'
              ? nsError('MAP_REDUCE_ALREADY_RUNNING', `Map/Reduce script ${scriptId} with deployment ${deploymentId} is already running or queued.`)
              : nsError('FAILED_TO_SUBMIT_JOB_REQUEST_1', `Failed to submit job request: script deployment ${deploymentId} is already in the queue (INQUEUE).`);
          }
          // "The scheduled script must have a status of Not Scheduled": a Scheduled deployment is queued only at its
          // schedule's times, a Testing one not at all (ScheduledScriptTask.submit(); "Submitting an On-Demand
          // Map/Reduce Script Deployment from a Script": "the Status field ... must be set to Not Scheduled"). The
          // submit returns an id but nothing runs now (that it returns an id rather than throwing is a guess).
          if (target.status !== 'NOTSCHEDULED') {
            const taskId = queue.nextTaskId(this.taskType === 'MAP_REDUCE' ? 'MAPREDUCETASK' : 'SCHEDSCRIPT');
            this.id = taskId;
            return taskId;
          }
        } else {
          // Without a deployment id NetSuite takes a deployment it may submit now: deployed, Not Scheduled, with no
          // unfinished task. A Scheduled deployment is never taken (same sources). None free → NO_DEPLOYMENTS_AVAILABLE
          // (the name scripts in public repositories test for; no Help Center page with it was found).
          const free = deployed.find((d) => d.status === 'NOTSCHEDULED' && !alreadyQueued(d.id));
          if (!free) throw nsError('NO_DEPLOYMENTS_AVAILABLE', `No deployments are available for script ${scriptId}: every Not Scheduled deployment is queued or running.`);
          deploymentId = free.id;
        }
        return this.queue(scriptId, deploymentId);
      });
    }
    private queue(scriptId: string, deploymentId: string): string {
      const taskId = queue.nextTaskId(this.taskType === 'MAP_REDUCE' ? 'MAPREDUCETASK' : 'SCHEDSCRIPT');
      queue.tasks.push({ taskId, taskType: this.taskType, scriptId, deploymentId, params: { ...(this.params ?? {}) }, status: 'PENDING', submittedBy: x.script.id });
      this.id = taskId;
      return taskId;
    }
    toJSON(): Opts {
      return { taskType: this.taskType, scriptId: this.scriptId, deploymentId: this.deploymentId, params: this.params, id: this.id };
    }
  }
  return {
    TaskType,
    TaskStatus,
    MapReduceStage: { GET_INPUT: 'GET_INPUT', MAP: 'MAP', SHUFFLE: 'SHUFFLE', REDUCE: 'REDUCE', SUMMARIZE: 'SUMMARIZE' },
    create(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (o.taskType !== TaskType.MAP_REDUCE && o.taskType !== TaskType.SCHEDULED_SCRIPT) {
        if (typeof o.taskType !== 'string') throw ERR.missingArg('task.create', 'options.taskType');
        throw nsError('EMULATOR_UNSUPPORTED', `task type ${o.taskType} is not emulated.`);
      }
      return x.expose(new ScriptTask(o.taskType, o));
    },
    checkStatus(options: unknown) {
      const taskId = str((options as Opts | undefined)?.taskId, '');
      const t = queue.tasks.find((q) => q.taskId === taskId);
      if (!t) throw nsError('INVALID_TASK_ID', `The task ID ${taskId} is not valid.`);
      return x.expose({
        taskId: t.taskId, status: t.status, scriptId: t.scriptId, deploymentId: t.deploymentId,
        stage: t.status === 'PROCESSING' ? 'MAP' : null,
        getPercentageCompleted: () => x.gov('MapReduceScriptTaskStatus.getPercentageCompleted', 10, () => (t.status === 'COMPLETE' ? 100 : 0)),
      });
    },
  } satisfies ModuleSurface<typeof taskApi>;
}

export const CacheScope = { PRIVATE: 'PRIVATE', PROTECTED: 'PROTECTED', PUBLIC: 'PUBLIC' } as const;

export function createCacheModule(x: Execution): object {
  const clock = x.env.info.clock;
  // PRIVATE caches belong to one script; PROTECTED/PUBLIC are shared by the bundle (we have one bundle).
  const store = (name: string, scope: string): Map<string, CacheEntry> =>
    x.env.caches.bucket(scope === 'PRIVATE' ? `${x.script.id}::${name}` : `*::${name}`);
  const asString = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
  const checkKey = (key: unknown, method: string): string => {
    if (typeof key !== 'string' && typeof key !== 'number') throw ERR.missingArg(method, 'options.key');
    const k = str(key);
    if (Buffer.byteLength(k) > 4096) throw nsError('SSS_CACHE_KEY_TOO_LONG', 'Cache keys are limited to 4 KB.');
    return k;
  };
  const expiry = (ttl: unknown): number | undefined => {
    if (ttl === undefined || ttl === null) return undefined;
    // Docs: minimum TTL is 300 s; shorter values are raised to it (assumed).
    return clock.now().getTime() + Math.max(300, Number(ttl)) * 1000;
  };
  return {
    Scope: CacheScope,
    getCache(options: unknown) {
      const o = (options ?? {}) as Opts;
      if (typeof o.name !== 'string' || !o.name) throw ERR.missingArg('cache.getCache', 'options.name');
      const name = o.name;
      const scope = typeof o.scope === 'string' ? o.scope : 'PRIVATE';
      const map = store(name, scope);
      const live = (key: string): string | undefined => {
        const hit = map.get(key);
        if (!hit) return undefined;
        if (hit.expiresAt !== undefined && hit.expiresAt <= clock.now().getTime()) {
          map.delete(key);
          return undefined;
        }
        return hit.value;
      };
      const put = (key: string, value: unknown, ttl: unknown): void => {
        const s = asString(value);
        if (Buffer.byteLength(s) > 500 * 1024) throw nsError('SSS_CACHE_VALUE_TOO_LARGE', 'Cache values are limited to 500 KB.');
        map.set(key, { value: s, expiresAt: expiry(ttl) });
      };
      return x.expose({
        name,
        scope,
        get(g: unknown) {
          const go = (g ?? {}) as Opts;
          const key = checkKey(go.key, 'Cache.get');
          const hit = live(key);
          if (hit !== undefined || typeof go.loader !== 'function') return x.gov('Cache.get', COSTS['cache.get'], () => hit ?? null);
          return x.gov('Cache.get', COSTS['cache.getMiss'], () => {
            const loaded = (go.loader as (o: unknown) => unknown)({ key });
            if (loaded === undefined || loaded === null) return null;
            put(key, loaded, go.ttl);
            return asString(loaded);
          });
        },
        put(p: unknown) {
          const po = (p ?? {}) as Opts;
          const key = checkKey(po.key, 'Cache.put');
          x.gov('Cache.put', COSTS['cache.put'], () => {
            put(key, po.value, po.ttl);
          });
        },
        remove(r: unknown) {
          const key = checkKey((r as Opts | undefined)?.key, 'Cache.remove');
          x.gov('Cache.remove', COSTS['cache.remove'], () => map.delete(key));
        },
      });
    },
  } satisfies ModuleSurface<typeof cacheApi>;
}
