/** Public surface of the Pardot (Account Engagement) API v5 emulator. */
export { PardotEmulator } from './emulator';
export type { PardotEmulatorOptions, BusinessUnitErrorOptions } from './options';
export type { CustomFieldSpec, FieldValue } from './fields';
export type { ProspectView } from './projection';
export type { PardotCounters, RecordedRequest, CallKind } from './counters';
export { PardotCode, pardotMessage } from './errors';
