/**
 * SuiteScriptError as NetSuite throws it. Host code (the emulator) throws this class; the execution boundary
 * re-creates it inside the script's vm realm (see realm.ts) so `e instanceof Error` and `e.name` behave for the script.
 */
import { str } from './text';
export class SuiteScriptError extends Error {
  readonly type = 'error.SuiteScriptError';
  readonly id: string;
  override readonly cause: unknown;
  /** Emulator-only: true when NetSuite would end the invocation no matter what the script does with the error. */
  readonly fatal: boolean;

  constructor(name: string, message: string, options: { id?: string; cause?: unknown; fatal?: boolean } = {}) {
    super(message);
    this.name = name;
    this.id = options.id ?? '';
    this.cause = options.cause;
    this.fatal = options.fatal ?? false;
  }

  toJSON(): Record<string, unknown> {
    return {
      type: this.type,
      name: this.name,
      message: this.message,
      stack: (this.stack ?? '').split('\n'),
      cause: this.cause ?? { name: this.name, message: this.message },
      id: this.id,
      notifyOff: false,
      userFacing: true,
    };
  }
}

export function nsError(name: string, message: string, options?: { id?: string; cause?: unknown; fatal?: boolean }): SuiteScriptError {
  return new SuiteScriptError(name, message, options);
}

/** Anything thrown across realms: a SuiteScriptError from either realm, a plain Error, or a thrown string. */
export interface ErrorLike {
  name: string;
  message: string;
}

export function describeError(error: unknown): ErrorLike {
  if (error !== null && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown };
    return { name: typeof e.name === 'string' ? e.name : 'Error', message: typeof e.message === 'string' ? e.message : str(error) };
  }
  return { name: 'Error', message: str(error) };
}

/** How NetSuite serializes an error for Map/Reduce error iterators and inputSummary.error. */
export function serializeError(error: unknown): string {
  const { name, message } = describeError(error);
  const isSuiteScript = error !== null && typeof error === 'object' && (error as { type?: unknown }).type === 'error.SuiteScriptError';
  const stack = error !== null && typeof error === 'object' && typeof (error as { stack?: unknown }).stack === 'string'
    ? ((error as { stack: string }).stack).split('\n')
    : [];
  return JSON.stringify({
    type: 'error.SuiteScriptError',
    name,
    message,
    stack,
    cause: isSuiteScript ? (error as { cause?: unknown }).cause ?? { name, message } : { name, message },
    id: isSuiteScript ? (error as { id?: unknown }).id ?? '' : '',
    notifyOff: false,
    userFacing: false,
  });
}

/** Error names and messages used across the emulator, in one place so the README can list them. */
export const ERR = {
  usageExceeded: () => nsError('SSS_USAGE_LIMIT_EXCEEDED', 'Script Execution Usage Limit Exceeded', { fatal: true }),
  missingArg: (method: string, arg: string) => nsError('SSS_MISSING_REQD_ARGUMENT', `${method}: Missing a required argument: ${arg}`),
  invalidRecordType: (type: string) => nsError('INVALID_RCRD_TYPE', `The record type [${type.toUpperCase()}] is invalid.`),
  recordDoesNotExist: () => nsError('RCRD_DSNT_EXIST', 'That record does not exist.'),
  recordChanged: () => nsError('RCRD_HAS_BEEN_CHANGED', 'Record has been changed'),
  invalidFieldValue: (value: unknown, field: string) =>
    nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${formatForMessage(value)} for the following field: ${field}`),
  invalidKeyOrRef: (field: string, value: unknown) => nsError('INVALID_KEY_OR_REF', `Invalid ${field} reference key ${formatForMessage(value)}.`),
  unknownField: (field: string, type: string) => nsError('SSS_INVALID_FIELD_ID', `The field ${field} does not exist on record type ${type}.`),
  tooLong: (field: string, max: number) => nsError('USER_ERROR', `The field ${field} contained more than the maximum number ( ${max} ) of characters allowed.`),
  mandatory: (labels: string[]) => nsError('USER_ERROR', `Please enter value(s) for: ${labels.join(', ')}`),
  invalidEmail: (field: string) => nsError('INVALID_FLD_VALUE', `You have entered an Invalid Field Value for the following field: ${field}. Please enter a valid email address.`),
  invalidTypeArg: (value: unknown, arg: string) => nsError('SSS_INVALID_TYPE_ARG', `You have entered an invalid type argument: ${arg} (${formatForMessage(value)})`),
  invalidSublistOperation: () => nsError('SSS_INVALID_SUBLIST_OPERATION', 'You have attempted an invalid sublist or line item operation. You are either trying to access a field on a non-existent line or you are trying to add or remove lines from a static sublist.'),
  invalidApiUsage: (message: string) => nsError('SSS_INVALID_API_USAGE', message),
};

function formatForMessage(value: unknown): string {
  if (value instanceof Date) return value.toString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return str(value);
}
