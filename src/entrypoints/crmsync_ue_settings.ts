/**
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { settingsSaved, validateSettingsSave } from '../jobs/settings-form';

export const beforeSubmit: EntryPoints.UserEvent.beforeSubmit = (context) => {
  validateSettingsSave(context);
};

export const afterSubmit: EntryPoints.UserEvent.afterSubmit = () => {
  settingsSaved();
};
