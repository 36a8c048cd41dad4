/**
 * @NApiVersion 2.1
 * @NScriptType ScheduledScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { runRetention } from '../jobs/retention';

export const execute: EntryPoints.Scheduled.execute = () => {
  runRetention();
};
