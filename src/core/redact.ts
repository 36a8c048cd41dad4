/**
 * Error texts as CRM Sync stores and sends them: the reason code and a short message with personal values taken
 * out. Salesforce and Pardot echo the values they reject ("invalid email address: jane@acme.com"), and those texts
 * land in the integration log, the record's "last error", the queue entry and the failure digest, which people
 * with other duties read and which outlive the data they describe. Every place that stores or sends an error
 * text goes through storedErrorText (or redactPersonalData for a message that has no code of its own).
 */

/** Longest message kept after the code; enough for "Salesforce allows 80 characters for LastName" and the like. */
export const MAX_STORED_MESSAGE = 300;

/**
 * Anything with an @ followed by a non-blank run is treated as an email, including the malformed ones the sync
 * rejects (`first,last@acme.com`, `@acme.com`); a comma list of addresses may become one [email].
 */
const EMAIL = /[^\s<>()[\]{}"'`;:]*@[^\s<>()[\]{}"'`,;:]+/g;

/**
 * A phone number: 7 to 15 digits with the usual separators, an optional leading +, not glued to a letter, digit,
 * colon, hyphen or underscore on either side (so Salesforce ids like 003000000012345AAA, run ids like
 * push-1736960400000-ab and times like 17:00:00 are left alone). Dates (2025-01-15) are not phone numbers.
 */
const PHONE = /(?<![\w:+./-])\+?\(?\d(?:[\s().-]{0,2}\d){6,14}(?![\w:/-])/g;
const DATE = /^\d{4}-\d{2}-\d{2}/;

/** Line breaks and other control characters: nothing an outside text carries may start a new line or header. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function redactPersonalData(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, (match) => (DATE.test(match) ? match : '[phone]'));
}

/** One line of at most `max` characters, values redacted, control characters folded into spaces. */
export function shortRedacted(text: string, max = MAX_STORED_MESSAGE): string {
  const line = redactPersonalData(text).replace(CONTROL, ' ').replace(/\s{2,}/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** `CODE: short redacted message`, the form the record, the queue and the digest keep. */
export function storedErrorText(code: string, message: string): string {
  const text = shortRedacted(message);
  return text === '' ? code : `${code}: ${text}`;
}
