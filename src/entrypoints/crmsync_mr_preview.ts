/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { previewStages } from '../jobs/preview';

export const config = { retryCount: 2, exitOnError: false };
export const getInputData: EntryPoints.MapReduce.getInputData = previewStages.getInputData;
export const map: EntryPoints.MapReduce.map = previewStages.map;
export const summarize: EntryPoints.MapReduce.summarize = previewStages.summarize;
