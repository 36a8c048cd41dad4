/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { queueChange } from '../netsuite/change-queue';

export const afterSubmit: EntryPoints.UserEvent.afterSubmit = (context) => {
  queueChange('contact', context);
};
