/** User event runner: beforeLoad / beforeSubmit / afterSubmit for every released deployment on the record type. */
import type { EmulatedAccount } from '../account';
import { ExecutionContext } from '../context';
import { Execution, type ScriptRunReport } from '../execution';
import type { DeploymentDef, ScriptDef } from '../objects';
import type { EmulatedUser } from '../profile';
import type { UserEventCall } from '../records';
import { RecordImpl, asHostError } from '../modules/record';
import { Field, Form, exposeForm } from '../modules/ui-server-widget';
import { cloneData, type RecordData } from '../store';

export type UserEventType = 'create' | 'edit' | 'xedit' | 'delete' | 'view' | 'copy' | 'print' | 'email' | 'quickview';

export const USER_EVENT_TYPE = {
  APPROVE: 'approve', CANCEL: 'cancel', CHANGEPASSWORD: 'changepassword', COPY: 'copy', CREATE: 'create', DELETE: 'delete',
  DROPSHIP: 'dropship', EDIT: 'edit', EDITFORECAST: 'editforecast', EMAIL: 'email', MARKCOMPLETE: 'markcomplete',
  ORDERITEMS: 'orderitems', PACK: 'pack', PAYBILLS: 'paybills', PRINT: 'print', QUICKVIEW: 'quickview', REASSIGN: 'reassign',
  REJECT: 'reject', SHIP: 'ship', SPECIALORDER: 'specialorder', TRANSFORM: 'transform', VIEW: 'view', XEDIT: 'xedit',
} as const;

/** Deployments that fire: same record type, RELEASED, deployed, and (if set) matching execution context. */
export function userEventDeployments(account: EmulatedAccount, recordType: string, executionContext: string): { script: ScriptDef; deployment: DeploymentDef }[] {
  const out: { script: ScriptDef; deployment: DeploymentDef }[] = [];
  for (const script of account.scriptsOfKind('usereventscript')) {
    for (const deployment of script.deployments) {
      if (deployment.recordType !== recordType || deployment.status !== 'RELEASED' || !deployment.isDeployed) continue;
      if (deployment.executionContexts && !deployment.executionContexts.includes(executionContext)) continue;
      out.push({ script, deployment });
    }
  }
  return out;
}

/**
 * Who a user event runs as: a save from the UI runs it as the user with the deployment's Execute As Role; a save by
 * a script runs it with the saving script's context (scripts a script triggers keep its role).
 */
function userEventContext(run: UserEventCall, deployment: DeploymentDef): ExecutionContext {
  return run.origin.byScript ? run.origin.context.cascade() : new ExecutionContext(run.origin.context.user, deployment.runAsRole);
}

export function runUserEvents(account: EmulatedAccount, run: UserEventCall): { reports: ScriptRunReport[]; error?: Error; newRecord?: RecordData } {
  const reports: ScriptRunReport[] = [];
  let current = cloneData(run.newRecord);
  const executionContext = run.origin.executionContext;
  for (const { script, deployment } of userEventDeployments(account, run.recordType, executionContext)) {
    const x = new Execution(account.ports, {
      context: userEventContext(run, deployment),
      script, deployment, entryPoint: run.entryPoint, executionContext, budget: account.budgets.userevent, inUserEvent: true, eventType: run.eventType,
    });
    let entry: unknown;
    try {
      entry = x.load()[run.entryPoint];
    } catch (error) {
      reports.push(x.report({ error }));
      return { reports, error: asHostError(error) };
    }
    if (typeof entry !== 'function') continue;
    const newRec = new RecordImpl(x, run.readOnly ? cloneData(current) : current, { isDynamic: false, partial: run.eventType === 'xedit', contextRecord: true });
    const context: Record<string, unknown> = {
      type: run.eventType,
      UserEventType: USER_EVENT_TYPE,
      newRecord: x.expose(newRec),
    };
    if (run.oldRecord) context.oldRecord = x.expose(new RecordImpl(x, cloneData(run.oldRecord), { isDynamic: false, contextRecord: true }));
    const { error } = x.invoke(entry, [context]);
    reports.push(x.report({ error }));
    if (error !== undefined) return { reports, error: asHostError(error) };
    if (!run.readOnly) current = newRec.data;
  }
  return { reports, newRecord: current };
}

/** The record form beforeLoad scripts get: one Field per record field, pre-filled with the record's text. */
export function recordForm(account: EmulatedAccount, record: RecordData): Form {
  const schema = account.schema.get(record.type);
  const form = new Form(schema.label);
  for (const field of schema.fields.values()) {
    const f = new Field(field.id, field.label, field.type.toLowerCase());
    const v = record.fields[field.id];
    f.defaultValue = v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 'T' : 'F') : Array.isArray(v) ? (v as string[]).join(',') : (v ?? '');
    form.fields.set(field.id, f);
  }
  return form;
}

/** beforeLoad when a user opens the record's form (the emulator runs it for the UI only, not for record.load). */
/**
 * beforeLoad. context.request is "the HTTP request info sent by the browser. If a server triggers the event, you won't
 * see this value" (beforeLoad(context), Oracle Help Center): a page opened in the UI passes its URL parameters.
 */
export function runBeforeLoad(account: EmulatedAccount, run: { recordType: string; eventType: string; user: Readonly<EmulatedUser>; record: RecordData; parameters?: Readonly<Record<string, string>> }): { reports: ScriptRunReport[]; form: Form; error?: unknown } {
  const reports: ScriptRunReport[] = [];
  const form = recordForm(account, run.record);
  const executionContext = 'USERINTERFACE';
  for (const { script, deployment } of userEventDeployments(account, run.recordType, executionContext)) {
    const x = new Execution(account.ports, {
      context: new ExecutionContext(run.user, deployment.runAsRole),
      script, deployment, entryPoint: 'beforeLoad', executionContext, budget: account.budgets.userevent, inUserEvent: true, eventType: run.eventType,
    });
    let entry: unknown;
    try {
      entry = x.load().beforeLoad;
    } catch (error) {
      reports.push(x.report({ error }));
      return { reports, form, error: asHostError(error) };
    }
    if (typeof entry !== 'function') continue;
    const context = {
      type: run.eventType,
      UserEventType: USER_EVENT_TYPE,
      newRecord: x.expose(new RecordImpl(x, cloneData(run.record), { isDynamic: false, contextRecord: true })),
      form: exposeForm(x, form),
      request: x.expose({ method: 'GET', parameters: { ...(run.parameters ?? {}) }, headers: {}, body: '' }),
    };
    const { error } = x.invoke(entry, [context]);
    reports.push(x.report({ error }));
    if (error !== undefined) return { reports, form, error: asHostError(error) };
  }
  return { reports, form };
}
