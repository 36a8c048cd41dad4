/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { handleConsoleRequest } from '../jobs/console-page';

export const onRequest: EntryPoints.Suitelet.onRequest = (context) => {
  handleConsoleRequest(context.request, context.response);
};
