/**
 * @NApiVersion 2.1
 * @NScriptType MapReduceScript
 * @NModuleScope SameAccount
 */
import type { EntryPoints } from 'N/types';
import { mapReduceStages } from '../jobs/map-reduce';
import { pushJob } from '../jobs/push';

const stages = mapReduceStages(pushJob);

export const config = { retryCount: 2, exitOnError: false };
export const getInputData: EntryPoints.MapReduce.getInputData = stages.getInputData;
export const map: EntryPoints.MapReduce.map = stages.map;
export const reduce: EntryPoints.MapReduce.reduce = stages.reduce;
export const summarize: EntryPoints.MapReduce.summarize = stages.summarize;
