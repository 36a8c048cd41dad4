/**
 * Every decision and failure the sync can record, with the plain-language explanation admins read in the
 * console, the log and the README. A code missing here fails the build of the docs test.
 */
export const REASONS = {
  SYNCED: 'The record was sent to the CRM and the CRM accepted it.',
  MATCHED_BY_EMAIL: 'No stored CRM id yet: an existing CRM record with the same email was found and linked, so no duplicate was created.',
  AMBIGUOUS_EMAIL_MATCH: 'Several CRM records share this email. The one already carrying this NetSuite id, else the oldest, was chosen; check the others for duplicates.',
  NO_CHANGE: 'Nothing that syncs changed since the last successful sync, so no request was sent.',
  ORPHAN_CONTACT: 'The contact is not attached to a customer. Contacts without a customer are not sent to Salesforce (as in Oracle\'s connector). Attach it to a customer to sync it.',
  RECORD_LOCKED: 'The "Salesforce Lock Record" box is checked on this record, so CRM Sync leaves it alone. Uncheck it to sync again.',
  CUSTOMER_LOCKED: 'The contact\'s customer has "Salesforce Lock Record" checked, so its contacts are left alone too.',
  CREATE_ONLY: '"Create Only" is on in the CRM Sync settings: records that already exist in the CRM are never updated.',
  INACTIVE_RECORD: 'The record (or its customer) is inactive and the settings skip inactive records.',
  NO_EMAIL: 'The contact has no email address, which is needed to match it with an existing CRM record the first time. Add an email.',
  ACCOUNT_NOT_SYNCED: 'The contact\'s customer has no Salesforce Account yet. The contact waits until the customer is synced (or turn on "Sync Customer Before Its Contacts").',
  DELETE_IGNORED: 'The record was deleted in NetSuite; the settings keep the CRM record as it is.',
  DELETED_IN_CRM: 'The record was deleted in NetSuite and, as the settings ask, deleted in the CRM too.',
  UNLINKED_IN_CRM: 'The record was deleted in NetSuite; the CRM record was kept but its NetSuite id was cleared.',
  NOT_IN_CRM: 'The record was deleted in NetSuite and was never synced, so there was nothing to do in the CRM.',
  RECORD_NOT_FOUND: 'The NetSuite record no longer exists (deleted before it could be synced).',
  INVALID_EMAIL: 'The email address is not valid, so the CRM would reject it. Correct the email.',
  FIELD_TOO_LONG: 'A value is longer than the CRM field allows. Shorten it (the message names the field and its limit).',
  MISSING_REQUIRED: 'A value the CRM requires is empty (for a Salesforce contact: last name; for an account: name).',
  INVALID_VALUE: 'A value is not one the CRM accepts for that field (for example a salutation or currency it does not know).',
  SF_STRING_TOO_LONG: 'Salesforce rejected a value as too long (STRING_TOO_LONG).',
  SF_INVALID_EMAIL: 'Salesforce rejected the email address (INVALID_EMAIL_ADDRESS).',
  SF_REQUIRED_FIELD_MISSING: 'Salesforce says a required field is empty (REQUIRED_FIELD_MISSING).',
  SF_DUPLICATE: 'Salesforce found a duplicate (DUPLICATE_VALUE or a duplicate rule). Merge or clean up the duplicates in Salesforce, then retry.',
  SF_ENTITY_DELETED: 'The linked Salesforce record was deleted. The link was cleared; the next sync creates or matches it again.',
  SF_INVALID_FIELD: 'Salesforce does not know a mapped field (check the CRM Sync field mapping and the field-level security of the integration user).',
  SF_REJECTED: 'Salesforce rejected the record; the message holds Salesforce\'s own words.',
  SF_UNAVAILABLE: 'Salesforce was unavailable (HTTP 503) or busy (UNABLE_TO_LOCK_ROW). The change stays queued and is retried automatically.',
  SF_LIMIT_EXCEEDED: 'The Salesforce org reached its API request limit (REQUEST_LIMIT_EXCEEDED). The change stays queued and is retried later.',
  SF_TIMEOUT: 'The request to Salesforce timed out. The change stays queued and is retried; retries cannot create duplicates.',
  SF_AUTH_FAILED: 'CRM Sync could not sign in to Salesforce. Check the consumer key, the certificate or API secret, and the integration user in the settings.',
  RETRIES_EXHAUSTED: 'The change failed on every automatic retry. Fix the cause shown in the log, then use Retry in the CRM Sync console.',
  UNEXPECTED_ERROR: 'Something unexpected went wrong; the message has the technical details. The change stays queued.',
  PULLED_FROM_SALESFORCE: 'A change made in Salesforce was applied to this NetSuite record.',
  CREATED_FROM_SALESFORCE: 'A new Salesforce contact on a synced Account was created in NetSuite and attached to its customer.',
  ECHO_OF_OWN_WRITE: 'The Salesforce change was CRM Sync\'s own push coming back (same data); nothing to apply.',
  ACCOUNT_NOT_LINKED: 'The Salesforce contact belongs to an Account that is not synced with a NetSuite customer, so it is not brought into NetSuite (sync the customer first).',
  ORPHAN_NOT_IMPORTED: 'The Salesforce contact has no Account and the settings do not import orphan contacts.',
  CUSTOMER_NOT_FOUND: 'No NetSuite customer is linked to this Salesforce Account (customers are not created from Salesforce unless the settings say so).',
  CONFLICT_NETSUITE_WINS: 'The field was changed in both systems; NetSuite owns it, so the NetSuite value was kept and will be pushed.',
  BLANK_NOT_APPLIED: 'Salesforce cleared a field that has a value in NetSuite; blanks never overwrite values unless the settings say so.',
  RUN_SUMMARY: 'Figures of one push or pull run: records handled, outcomes, governance and API calls used.',
} as const;

export type ReasonCode = keyof typeof REASONS;

export function explain(code: ReasonCode): string {
  return REASONS[code];
}
