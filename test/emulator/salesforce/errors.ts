/**
 * Salesforce has two error shapes (api-facts §1.5, §5 trap 1): top-level REST errors are an array of
 * {message, errorCode, fields?}; per-record errors inside collection results use `statusCode` instead.
 * Internally every error is a RecordError and is serialised to the right shape at the edge.
 */

export interface RecordError {
  code: string;
  message: string;
  fields: string[];
  /** DUPLICATES_DETECTED only: the rule and its matching records (see org-rules.ts). */
  duplicateResult?: Record<string, unknown>;
}

export interface WireError {
  message: string;
  errorCode: string;
  fields?: string[];
  duplicateResult?: Record<string, unknown>;
}

export function recordError(code: string, message: string, fields: string[] = []): RecordError {
  return { code, message, fields };
}

export function toTopLevel(error: RecordError): WireError {
  const wire: WireError = { message: error.message, errorCode: error.code, fields: error.fields };
  return error.duplicateResult === undefined ? wire : { duplicateResult: error.duplicateResult, ...wire };
}

export function toCollectionItem(error: RecordError): { statusCode: string; message: string; fields: string[]; duplicateResult?: Record<string, unknown> } {
  const item = { statusCode: error.code, message: error.message, fields: error.fields };
  return error.duplicateResult === undefined ? item : { ...item, duplicateResult: error.duplicateResult };
}

/** Thrown anywhere below the router to answer the whole request with a top-level error array. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: WireError[];

  constructor(status: number, errorCode: string, message: string, fields?: string[]) {
    super(`${errorCode}: ${message}`);
    this.name = 'ApiError';
    this.status = status;
    this.errors = [fields ? { message, errorCode, fields } : { message, errorCode }];
  }

  static fromRecordErrors(status: number, errors: RecordError[]): ApiError {
    const first = errors[0] ?? recordError('UNKNOWN_EXCEPTION', 'An unexpected error occurred.');
    const error = new ApiError(status, first.code, first.message, first.fields);
    error.errors.splice(0, 1, ...errors.map(toTopLevel));
    return error;
  }
}

export const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

export function notFound(message = NOT_FOUND_MESSAGE): ApiError {
  return new ApiError(404, 'NOT_FOUND', message);
}

export function noSuchColumn(field: string, entity: string): string {
  return (
    `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to ` +
    `append the '__c' after the custom field name. Please reference your WSDL or the describe call for the ` +
    `appropriate names.`
  );
}
