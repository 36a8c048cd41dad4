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
  const message = errors.map((e) => `${e.statusCode}: ${e.message}${duplicateDetail(e)}`).join('; ') || 'Salesforce rejected the record without a reason.';
  if (first === undefined) return { code: 'SF_REJECTED', transient: false, clearLink: false, message };
  return { ...classifySalesforce({ errorCode: first.statusCode, fields: first.fields }), message };
}

/** The ids of the records a duplicate rule matched, from the error's duplicateResult (none when it has none). */
export function duplicateMatches(error: SalesforceError): string[] {
  const ids = (error.duplicateResult?.matchResults ?? []).flatMap((m) => (m.matchRecords ?? []).map((r) => r.record?.Id ?? ''));
  return [...new Set(ids.filter((id) => id !== ''))];
}

/** " (rule X, action Alert|Block, matching: 003…, 003…)" for a DUPLICATES_DETECTED error; "" for any other. */
function duplicateDetail(error: SalesforceError): string {
  const result = error.duplicateResult;
  if (result === undefined) return '';
  const matches = duplicateMatches(error);
  const action = result.allowSave ? 'Alert' : 'Block';
  return ` (duplicate rule ${result.duplicateRule}, action ${action}; matching record(s): ${matches.length > 0 ? matches.join(', ') : 'not named by Salesforce'})`;
}

/** Quotes a SOQL string literal (backslash and single quote escaped, as SOQL requires). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
