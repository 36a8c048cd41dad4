/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { retryTaskInput, retryTaskMap, retryTaskSummarize } from '../jobs/retry';

export const config = { retryCount: 2, exitOnError: false };
export const getInputData: EntryPoints.MapReduce.getInputData = () => retryTaskInput();
export const map: EntryPoints.MapReduce.map = retryTaskMap;
export const summarize: EntryPoints.MapReduce.summarize = retryTaskSummarize;
