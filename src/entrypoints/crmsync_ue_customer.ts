/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { queueChange } from '../jobs/queue-change';
import { addSyncButtons } from '../jobs/record-buttons';
import { addCrmLinks } from '../jobs/record-links';
import { keepLinksReadOnly } from '../jobs/link-guard';

export const beforeLoad: EntryPoints.UserEvent.beforeLoad = (context) => {
  addSyncButtons('customer', context);
  addCrmLinks('customer', context);
};

export const beforeSubmit: EntryPoints.UserEvent.beforeSubmit = (context) => {
  keepLinksReadOnly('customer', context);
};

export const afterSubmit: EntryPoints.UserEvent.afterSubmit = (context) => {
  queueChange('customer', context);
};
