/** Public entry point of the emulated NetSuite account (see test/emulator/README.md). */
export { EmulatedAccount } from './account';
export type { AccountOptions, Certificate, EmailMessage, HttpLogEntry, QueuedTask, UiResult, WriteResult, Clock, EmulatedUser } from './account';
export type { ScriptRunReport, LogEntry } from './execution';
export type { AccountProfile, BaselineRecord, RecordDefaults } from './profile';
export { ExecutionContext, PERMISSION } from './context';
export type { MapReduceReport, MapReduceFault, MapReduceOptions, StageReport } from './runners/map-reduce';
export type { HttpEntryOptions, HttpEntryResult } from './runners/http-entry';
export type { ScheduledOptions } from './runners/scheduled';
export { SuiteScriptError } from './errors';
export { BUDGETS, COSTS, RECORD_COSTS } from './governance';
export * as seeds from './seed';
