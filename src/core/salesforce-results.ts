/** Turns Salesforce's per-record errors (collections use `statusCode`) into our reason codes. */
import type { ReasonCode } from './reasons';
import type { SalesforceError } from './ports';

export interface ClassifiedError {
  code: ReasonCode;
  transient: boolean;
  /** The stored Salesforce id points to a deleted record: clear it so the next attempt matches or creates. */
  clearLink: boolean;
  message: string;
}

const PERMANENT: Readonly<Record<string, ReasonCode>> = {
  STRING_TOO_LONG: 'SF_STRING_TOO_LONG',
  INVALID_EMAIL_ADDRESS: 'SF_INVALID_EMAIL',
  REQUIRED_FIELD_MISSING: 'SF_REQUIRED_FIELD_MISSING',
  DUPLICATE_VALUE: 'SF_DUPLICATE',
  DUPLICATES_DETECTED: 'SF_DUPLICATE',
  DUPLICATE_EXTERNAL_ID: 'SF_DUPLICATE',
  INVALID_FIELD: 'SF_INVALID_FIELD',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'SF_INVALID_FIELD',
};

const TRANSIENT = new Set(['UNABLE_TO_LOCK_ROW', 'ALL_OR_NONE_OPERATION_ROLLED_BACK', 'SERVER_UNAVAILABLE', 'REQUEST_LIMIT_EXCEEDED']);

export function classifySalesforceErrors(errors: readonly SalesforceError[]): ClassifiedError {
  const first = errors[0];
  const message = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ') || 'Salesforce rejected the record without a reason.';
  if (first === undefined) return { code: 'SF_REJECTED', transient: false, clearLink: false, message };
  if (first.statusCode === 'ENTITY_IS_DELETED' || first.statusCode === 'INVALID_CROSS_REFERENCE_KEY' && first.fields.length === 0) {
    return { code: 'SF_ENTITY_DELETED', transient: true, clearLink: true, message };
  }
  if (TRANSIENT.has(first.statusCode)) {
    return { code: first.statusCode === 'REQUEST_LIMIT_EXCEEDED' ? 'SF_LIMIT_EXCEEDED' : 'SF_UNAVAILABLE', transient: true, clearLink: false, message };
  }
  return { code: PERMANENT[first.statusCode] ?? 'SF_REJECTED', transient: false, clearLink: false, message };
}

/** Quotes a SOQL string literal (backslash and single quote escaped, as SOQL requires). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
