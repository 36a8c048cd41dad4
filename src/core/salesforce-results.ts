/** Turns Salesforce's per-record errors (collections use `statusCode`) into our reason codes. */
import type { ReasonCode } from './reasons';
import { classifySalesforce } from './failures';
import type { SalesforceError } from './ports';

export interface ClassifiedError {
  code: ReasonCode;
  transient: boolean;
  /** The stored Salesforce id points to a deleted record: clear it so the next attempt matches or creates. */
  clearLink: boolean;
  message: string;
}

export function classifySalesforceErrors(errors: readonly SalesforceError[]): ClassifiedError {
  const first = errors[0];
  const message = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ') || 'Salesforce rejected the record without a reason.';
  if (first === undefined) return { code: 'SF_REJECTED', transient: false, clearLink: false, message };
  return { ...classifySalesforce({ errorCode: first.statusCode, fields: first.fields }), message };
}

/** Quotes a SOQL string literal (backslash and single quote escaped, as SOQL requires). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
