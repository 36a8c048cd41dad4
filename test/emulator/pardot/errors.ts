/**
 * Pardot (Account Engagement) v5 error codes and response builders.
 * Codes and base messages come from the published error-code registry (api-facts §2.5 [S70]); the v5 JSON shape
 * `{"code":N,"message":"…"}` is from Segment's client [S62]. Where the emulator adds context it appends
 * ": <detail>" to the base message, the way the live API does for 184 ("…malformed: Inactive token"), so clients
 * should branch on `code`, never on the full message text.
 */
import type { EmulatedHttpResponse } from '../http';

export const PardotCode = {
  INVALID_ACTION: 2,
  INVALID_EMAIL: 4,
  INVALID_QUERY_PARAMETERS: 5,
  INVALID_TIMESTAMP: 7,
  EMAIL_ALREADY_EXISTS: 9,
  INVALID_USER_ID: 10,
  MISSING_REQUIRED_PARAMETERS: 13,
  INVALID_ID: 16,
  INVALID_LIMIT: 23,
  INVALID_CAMPAIGN_ID: 38,
  INVALID_BOOLEAN: 50,
  EMAIL_IN_USE: 54,
  INVALID_NUMBER: 56,
  INVALID_HTTP_METHOD: 60,
  CONCURRENT_LIMIT: 66,
  DAILY_LIMIT: 122,
  INVALID_JSON: 150,
  EMPTY_BODY: 152,
  MISSING_PROPERTY: 153,
  INVALID_PROPERTY: 154,
  INVALID_FIELDS: 180,
  MISSING_HEADER: 181,
  INVALID_TOKEN: 184,
  OBJECT_NOT_FOUND: 192,
  INVALID_BUSINESS_UNIT: 201,
  TOO_MANY_FILTERS: 209,
  PAGE_TOKEN_EXPIRED: 210,
  PAGE_TOKEN_INVALID: 211,
  DELETED_RECORD_UPDATE: 219,
} as const;

export type PardotCodeValue = (typeof PardotCode)[keyof typeof PardotCode];

const MESSAGES: Record<PardotCodeValue, string> = {
  2: 'Invalid action',
  4: 'Invalid prospect email address',
  5: 'Invalid query parameters',
  7: 'Invalid timestamp',
  9: 'A prospect with the specified email address already exists',
  10: 'Invalid user ID',
  13: 'One or more required parameters are missing',
  16: 'Invalid ID',
  23: 'Invalid value specified for limit',
  38: 'Invalid campaign ID',
  50: 'Invalid boolean',
  54: 'Email address is already in use',
  56: 'Invalid number entered for field',
  60: 'Invalid HTTP request method',
  66: 'You have exceeded your concurrent request limit. Please wait, before trying again',
  122: 'Daily API rate limit met',
  150: 'Input needs to be valid JSON',
  152: "Request body can't be empty",
  153: 'Missing required property in request',
  154: 'Invalid property in request',
  180: 'One or more of the specified fields are invalid',
  181: 'A required header is missing',
  184: 'access_token is invalid, unknown, or malformed',
  192: 'Object specified does not exist',
  201: 'Business Unit specified in Pardot-Business-Unit-Id header not found or inactive.',
  209: 'Too many fields have filters: The max number of 3 distinct fields with filters was exceeded for this query.',
  210: 'Page token has expired.',
  211: 'Page token is invalid.',
  219: "Deleted records can't be updated. Please undelete before updating.",
};

export function pardotMessage(code: PardotCodeValue, detail?: string): string {
  const base = MESSAGES[code];
  return detail === undefined ? base : `${base}: ${detail}`;
}

/** Thrown inside the emulator and rendered by `toResponse`; never escapes `handle()`. */
export class PardotApiError extends Error {
  readonly status: number;
  readonly code: PardotCodeValue;
  readonly format: 'json' | 'xml';
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: PardotCodeValue,
    detail?: string,
    options: { format?: 'json' | 'xml'; headers?: Record<string, string> } = {},
  ) {
    super(pardotMessage(code, detail));
    this.name = 'PardotApiError';
    this.status = status;
    this.code = code;
    this.format = options.format ?? 'json';
    this.headers = options.headers ?? {};
  }

  toResponse(): EmulatedHttpResponse {
    const response =
      this.format === 'xml'
        ? xmlErrorResponse(this.status, this.code, this.message)
        : jsonResponse(this.status, { code: this.code, message: this.message });
    return { ...response, headers: { ...response.headers, ...this.headers } };
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): EmulatedHttpResponse {
  return { code: status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function noContentResponse(): EmulatedHttpResponse {
  return { code: 204, headers: {}, body: '' };
}

/**
 * The v3/v4-style XML failure envelope. Bad business-unit ids (and wrong pi/pi.demo host) come back in this shape
 * with text/xml rather than the v5 JSON body; Segment's client branches on the content type to detect it [S62].
 */
export function xmlErrorResponse(status: number, code: number, message: string): EmulatedHttpResponse {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<rsp stat="fail" version="1.0">\n   <err code="${code}">${escapeXml(message)}</err>\n</rsp>\n`;
  return { code: status, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
