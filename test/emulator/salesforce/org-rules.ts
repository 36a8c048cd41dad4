/**
 * An org's own rules on API saves: validation rules and duplicate rules. Both run after field validation, on
 * the record as it would be saved, and only for API writes (seeding and the ops API skip them).
 *
 * Sources:
 * - Validation rules: Salesforce Help, "Validation Rules" — the rule's error condition formula is evaluated on
 *   save and, when true, the save fails with the admin's error message, shown at the top of the page or at one
 *   field. The API reports it with status code FIELD_CUSTOM_VALIDATION_EXCEPTION (SOAP API Developer Guide,
 *   "StatusCode" enum); `fields` names the error-display field, empty for "top of page".
 * - Duplicate rules: SOAP API Developer Guide, "DuplicateRuleHeader" (allowSave: "For a duplicate rule, when the
 *   Alert option is enabled, bypass alerts and save duplicate records by setting this property to true") and
 *   "DuplicateResult" (allowSave, duplicateRule, duplicateRuleEntityType, errorMessage, matchResults); REST API
 *   Developer Guide, "Duplicate Rule Header" (API 52.0 and later; `allowSave`: "allow the user to acknowledge the
 *   alert and save the duplicate record. Applicable if an alert is enabled for the action"; every field defaults to
 *   false; example `Sforce-Duplicate-Rule-Header: allowSave=true; includeRecordDetails=true; runAsCurrentUser=true`).
 *   So the header overrides Alert rules only: a Block rule refuses the save with or without it. api-facts §1.5
 *   gives the status code DUPLICATES_DETECTED and the default message "Use one of these records?".
 * - Assumed (U): the REST collection error item carries `duplicateResult` beside statusCode/message/fields, as
 *   the SOAP DuplicateError does; matching compares the rule's fields without regard to case or surrounding blanks
 *   (a stand-in for Salesforce's fuzzy matching rules, which match more); the header is read strictly as the
 *   documented `name=value` pairs separated by ";" (anything else, or a version before 52.0, counts as no header).
 */
import { recordError, type RecordError } from './errors';
import type { RecordValues, SObjectName } from './schema';
import type { RecordStore } from './store';

export interface ValidationRule {
  object: SObjectName;
  /** Rule name, e.g. "Phone_Format". */
  name: string;
  /** The error condition formula: true rejects the save. */
  rejects: (record: Readonly<RecordValues>) => boolean;
  /** The admin's error message. */
  message: string;
  /** Error display field; absent: top of page (fields []). */
  field?: string;
}

export interface DuplicateRule {
  object: SObjectName;
  /** Developer name, e.g. "Standard_Contact_Duplicate_Rule". */
  name: string;
  /** "Allow" with Alert (saved through the API only with allowSave=true) or "Block". */
  action: 'alert' | 'block';
  /** The matching rule's fields; all must match. */
  matchFields: readonly string[];
  /** Default "Use one of these records?" (api-facts §1.5). */
  message?: string;
  /** Whether the rule runs on edit as well as on create. Default true (both boxes are checked on standard rules). */
  onEdit?: boolean;
}

export interface OrgRules {
  validationRules: readonly ValidationRule[];
  duplicateRules: readonly DuplicateRule[];
}

export function validationErrors(rules: OrgRules, type: SObjectName, record: Readonly<RecordValues>): RecordError[] {
  return rules.validationRules
    .filter((r) => r.object === type && r.rejects(record))
    .map((r) => recordError('FIELD_CUSTOM_VALIDATION_EXCEPTION', r.message, r.field === undefined ? [] : [r.field]));
}

const norm = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : null;

/** The first duplicate rule that stops this save, with its matches; undefined when the save may go ahead. */
export function duplicateError(
  rules: OrgRules,
  store: RecordStore,
  type: SObjectName,
  record: Readonly<RecordValues>,
  selfId: string | undefined,
  allowSave: boolean,
): RecordError | undefined {
  for (const rule of rules.duplicateRules) {
    if (rule.object !== type || (selfId !== undefined && rule.onEdit === false)) continue;
    const wanted = rule.matchFields.map((f) => norm(record[f]));
    if (wanted.some((v) => v === null)) continue;
    const matches = store
      .all(type)
      .filter((other) => other.id !== selfId && rule.matchFields.every((f, i) => norm(other.values[f]) === wanted[i]));
    if (matches.length === 0) continue;
    if (rule.action === 'alert' && allowSave) continue;
    const message = rule.message ?? 'Use one of these records?';
    return {
      ...recordError('DUPLICATES_DETECTED', message),
      duplicateResult: {
        allowSave: rule.action === 'alert',
        duplicateRule: rule.name,
        duplicateRuleEntityType: type,
        errorMessage: message,
        matchResults: [
          {
            entityType: type,
            errors: [],
            matchEngine: 'ExactMatchEngine',
            matchRecords: matches.map((m) => ({
              additionalInformation: [],
              fieldDiffs: [],
              matchConfidence: 100,
              record: { attributes: { type, url: `/services/data/v62.0/sobjects/${type}/${m.id}` }, Id: m.id },
            })),
            rule: `${rule.name}_Matching_Rule`,
            size: matches.length,
            success: true,
          },
        ],
      },
    };
  }
  return undefined;
}

/** Minimum API version of the header (REST API Developer Guide, "Duplicate Rule Header"). */
export const DUPLICATE_RULE_HEADER_MIN_VERSION = 52;

/** `Sforce-Duplicate-Rule-Header: allowSave=true[; includeRecordDetails=…; runAsCurrentUser=…]` (REST API Developer Guide). */
export function allowSaveHeader(value: string | undefined, version?: string): boolean {
  if (value === undefined || (version !== undefined && Number(version) < DUPLICATE_RULE_HEADER_MIN_VERSION)) return false;
  const pairs = value.split(';').map((part) => part.trim().split('='));
  return pairs.some(([name, setting]) => name?.trim() === 'allowSave' && setting?.trim() === 'true');
}
