/**
 * Which failures are worth retrying, decided in one place per service. A transient failure goes back to the
 * queue with backoff (src/core/retry.ts); a permanent one is Failed with the service's message.
 *
 * Sources: Salesforce REST API Developer Guide, "Status Codes and Error Responses" (HTTP 401 session expired,
 * 403 REQUEST_LIMIT_EXCEEDED, 5xx) and sObject Collections per-record `statusCode`s; Pardot API v5 "Error Codes"
 * (4 invalid email, 66 too many concurrent requests, 122 daily limit, 184 invalid token, 192/219/3 no such
 * prospect); SuiteScript errors RCRD_HAS_BEEN_CHANGED, RCRD_LOCKED_BY_WF, SSS_REQUEST_TIME_EXCEEDED.
 */
import type { ReasonCode } from './reasons';

export interface Classified {
  code: ReasonCode;
  transient: boolean;
  /** The stored CRM id points to a deleted record: clear it so the next attempt matches or creates. */
  clearLink: boolean;
}

const transient = (code: ReasonCode, clearLink = false): Classified => ({ code, transient: true, clearLink });
const permanent = (code: ReasonCode): Classified => ({ code, transient: false, clearLink: false });

const SALESFORCE_PERMANENT: Readonly<Record<string, ReasonCode>> = {
  STRING_TOO_LONG: 'SF_STRING_TOO_LONG',
  INVALID_EMAIL_ADDRESS: 'SF_INVALID_EMAIL',
  REQUIRED_FIELD_MISSING: 'SF_REQUIRED_FIELD_MISSING',
  DUPLICATE_VALUE: 'SF_DUPLICATE',
  // A duplicate rule fired (REST API Developer Guide, "Duplicate Rule Header"; the error's duplicateResult names the matches).
  DUPLICATES_DETECTED: 'SF_DUPLICATE_RULE',
  // The error does not say whether the record's own id or a reference in it (AccountId) is the bad one: the push decides
  // from its own read of the link target (src/core/push.ts), never from the error alone.
  INVALID_CROSS_REFERENCE_KEY: 'SF_INVALID_REFERENCE',
  DUPLICATE_EXTERNAL_ID: 'SF_DUPLICATE',
  INVALID_FIELD: 'SF_INVALID_FIELD',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'SF_INVALID_FIELD',
  // A validation rule's error condition matched: its message is the Salesforce admin's (Salesforce Help, "Validation Rules").
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'SF_VALIDATION_RULE',
};

const SALESFORCE_BUSY = new Set(['UNABLE_TO_LOCK_ROW', 'ALL_OR_NONE_OPERATION_ROLLED_BACK', 'SERVER_UNAVAILABLE']);

export interface SalesforceFailure {
  /** HTTP status of a whole request; absent for one record's error inside a collection response. */
  httpStatus?: number;
  /** `errorCode` of a request error, or `statusCode` of a record's error. */
  errorCode?: string | null;
  /** The fields a record's error names (informational: Salesforce often names none). */
  fields?: readonly string[];
  /** The request was the OAuth sign-in, whose 4xx answers all mean the connection settings are wrong. */
  signIn?: boolean;
  /** The request never got an answer (NetSuite's own timeout included). */
  noAnswer?: 'timeout' | 'unreachable';
}

export function classifySalesforce(failure: SalesforceFailure): Classified {
  const { httpStatus, errorCode } = failure;
  if (failure.noAnswer !== undefined) return transient(failure.noAnswer === 'timeout' ? 'SF_TIMEOUT' : 'SF_UNAVAILABLE');
  // A quota answer stops the run's sending to that service (src/core/quota.ts) instead of using an attempt.
  if (errorCode === 'REQUEST_LIMIT_EXCEEDED') return transient('SF_DAILY_LIMIT');
  if (httpStatus === 429) return transient('SF_LIMIT_EXCEEDED');
  if (httpStatus !== undefined && httpStatus >= 500) return transient('SF_UNAVAILABLE');
  if (failure.signIn === true || httpStatus === 401 || httpStatus === 403) return transient('SF_AUTH_FAILED');
  // The record being written is in the recycle bin. Whether its link is cleared is the push's call (its link read).
  if (errorCode === 'ENTITY_IS_DELETED') return transient('SF_ENTITY_DELETED', true);
  if (httpStatus !== undefined && errorCode === 'NOT_FOUND') return permanent('SF_INVALID_FIELD'); // no such object or external id field
  if (errorCode !== undefined && errorCode !== null && SALESFORCE_BUSY.has(errorCode)) return transient('SF_UNAVAILABLE');
  return permanent((errorCode === undefined || errorCode === null ? undefined : SALESFORCE_PERMANENT[errorCode]) ?? 'SF_REJECTED');
}

export interface PardotFailure {
  httpStatus?: number;
  /** The `code` of Pardot's JSON error; null when the answer was not JSON (business-unit and host failures are XML). */
  pardotCode?: number | null;
  noAnswer?: boolean;
}

/** `perRecord`: the failure is about one prospect (the client reports it for that prospect, not the whole batch). */
export function classifyPardot(failure: PardotFailure): Classified & { perRecord: boolean } {
  const whole = (c: Classified): Classified & { perRecord: boolean } => ({ ...c, perRecord: false });
  const one = (c: Classified): Classified & { perRecord: boolean } => ({ ...c, perRecord: true });
  const { httpStatus = 0, pardotCode = null } = failure;
  if (failure.noAnswer === true) return whole(transient('PD_UNAVAILABLE'));
  if (pardotCode === null) return whole(transient(httpStatus >= 500 ? 'PD_UNAVAILABLE' : 'PD_AUTH_FAILED'));
  if (pardotCode === 122) return whole(transient('PD_DAILY_LIMIT'));
  if (pardotCode === 66) return whole(transient('PD_CONCURRENCY_LIMIT'));
  if ([184, 1, 181, 201].includes(pardotCode)) return whole(transient('PD_AUTH_FAILED'));
  if (httpStatus >= 500) return whole(transient('PD_UNAVAILABLE'));
  if (pardotCode === 4) return one(permanent('PD_INVALID_EMAIL'));
  if (pardotCode === 192 || pardotCode === 219 || pardotCode === 3) return one(transient('PD_PROSPECT_DELETED', true));
  return one(permanent('PD_REJECTED'));
}

/** NetSuite errors worth retrying (the record was busy, or the request ran out of time); anything else is permanent. */
export function isTransientNetSuiteError(name: string | null): boolean {
  return name === 'RCRD_HAS_BEEN_CHANGED' || name === 'RCRD_LOCKED_BY_WF' || name === 'SSS_REQUEST_TIME_EXCEEDED';
}
