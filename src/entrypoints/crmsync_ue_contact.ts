/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { queueChange } from '../netsuite/change-queue';
import { addSyncButtons } from '../netsuite/record-buttons';
import { addCrmLinks } from '../netsuite/record-links';

export const beforeLoad: EntryPoints.UserEvent.beforeLoad = (context) => {
  addSyncButtons('contact', context);
  addCrmLinks('contact', context);
};

export const afterSubmit: EntryPoints.UserEvent.afterSubmit = (context) => {
  queueChange('contact', context);
};
