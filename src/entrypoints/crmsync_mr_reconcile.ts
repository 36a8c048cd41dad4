/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { reconcileStages } from '../jobs/reconcile';

export const config = { retryCount: 2, exitOnError: false };
export const getInputData: EntryPoints.MapReduce.getInputData = reconcileStages.getInputData;
export const map: EntryPoints.MapReduce.map = reconcileStages.map;
export const reduce: EntryPoints.MapReduce.reduce = reconcileStages.reduce;
export const summarize: EntryPoints.MapReduce.summarize = reconcileStages.summarize;
