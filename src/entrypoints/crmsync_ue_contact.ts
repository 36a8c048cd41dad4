/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import * as log from 'N/log';

export const afterSubmit: EntryPoints.UserEvent.afterSubmit = (context) => {
  log.debug({ title: 'crmsync contact afterSubmit', details: `${context.type} contact ${String(context.newRecord.id)}` });
};
