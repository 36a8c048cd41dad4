/**
 * Turning a JSON record body into field values, in the two stages Salesforce has:
 * 1. deserialisation: an unknown field or a JSON value of the wrong type fails the whole request (top-level
 *    INVALID_FIELD / JSON_PARSER_ERROR), because the body cannot be mapped onto the sObject at all;
 * 2. field validation: per-record errors (STRING_TOO_LONG, INVALID_EMAIL_ADDRESS, …) that a collection
 *    reports record by record.
 */
import { parseDateTime } from './clock';
import { ApiError, noSuchColumn, recordError, type RecordError } from './errors';
import { keyPrefix, to18 } from './ids';
import type { FieldDef, FieldValue, ObjectDef, RecordValues } from './schema';

export interface BodyField {
  readonly def: FieldDef;
  /** The JSON value as sent; its JSON type has been checked against the field type. */
  readonly value: string | boolean | null;
}

function jsonToken(value: unknown): { token: string; text: string } {
  if (typeof value === 'number') return { token: Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT', text: String(value) };
  if (typeof value === 'boolean') return { token: value ? 'VALUE_TRUE' : 'VALUE_FALSE', text: String(value) };
  if (Array.isArray(value)) return { token: 'START_ARRAY', text: '[' };
  if (typeof value === 'object' && value !== null) return { token: 'START_OBJECT', text: '{' };
  return { token: 'VALUE_STRING', text: String(value) };
}

/** Best-effort Jackson-style position of a key's value in the raw body, for the parser error message. */
function positionOf(bodyText: string, key: string): { line: number; column: number } {
  const keyAt = bodyText.indexOf(`"${key}"`);
  if (keyAt < 0) return { line: 1, column: 1 };
  let at = bodyText.indexOf(':', keyAt) + 1;
  while (at < bodyText.length && /\s/.test(bodyText.charAt(at))) at++;
  const before = bodyText.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

function parserError(sfType: string, value: unknown, bodyText: string, key: string): ApiError {
  const { token, text } = jsonToken(value);
  const { line, column } = positionOf(bodyText, key);
  return new ApiError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${sfType} from ${token} value ${text} or request may be missing a required ` +
      `field at [line:${line}, column:${column}]`,
  );
}

/**
 * Maps body keys onto fields. `skipKeys` are protocol keys ("attributes", and "id" where the caller already
 * used it as the target). Throws ApiError for failures that Salesforce reports for the whole request.
 */
export function deserializeRecord(
  obj: ObjectDef,
  raw: Record<string, unknown>,
  bodyText: string,
  skipKeys: readonly string[] = ['attributes'],
): BodyField[] {
  const out: BodyField[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (skipKeys.includes(key)) continue;
    const def = obj.field(key);
    if (!def) throw new ApiError(400, 'INVALID_FIELD', noSuchColumn(key, obj.name));
    if (value === null) {
      out.push({ def, value: null });
    } else if (def.type === 'boolean') {
      if (typeof value !== 'boolean') throw parserError('boolean', value, bodyText, key);
      out.push({ def, value });
    } else if (typeof value !== 'string') {
      throw parserError(def.type === 'datetime' ? 'datetime' : 'string', value, bodyText, key);
    } else if (def.type === 'datetime' && parseDateTime(value) === undefined) {
      throw parserError('datetime', value, bodyText, key);
    } else {
      out.push({ def, value });
    }
  }
  return out;
}

const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^[\p{L}]{2,}$|^xn--[a-z0-9-]+$/u;

/**
 * Salesforce's documented rules (api-facts §1.8): full RFC character range and EAI are accepted; ".." may appear
 * in the middle or at the end of the local part but not at its start. Quoted local parts are not modelled.
 */
export function isValidEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!LOCAL_PART.test(local) || local.startsWith('.')) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return TOP_LEVEL.test(labels[labels.length - 1]!);
}

/** 'ok', or why the referenced record cannot be used. */
export type ReferenceCheck = (targetType: string, id18: string) => 'ok' | 'missing' | 'deleted';

export interface ValidationOptions {
  mode: 'create' | 'update';
  /** Seeding writes system fields (CreatedDate, …) that the API refuses. */
  allowReadOnly: boolean;
  referenceCheck: ReferenceCheck;
  keyPrefixOf: (type: string) => string | undefined;
}

export interface Validated {
  values: RecordValues;
  errors: RecordError[];
}

function tooLong(def: FieldDef, value: string): RecordError | undefined {
  // Lengths count UTF-16 code units, as the platform's Java strings do.
  if (def.length <= 0 || value.length <= def.length) return undefined;
  return recordError(
    'STRING_TOO_LONG',
    `${def.label}: data value too large: ${value} (max length=${def.length})`,
    [def.name],
  );
}

function validateString(def: FieldDef, input: string, options: ValidationOptions): { value?: FieldValue; error?: RecordError } {
  switch (def.type) {
    case 'email': {
      // Salesforce stores email addresses lower-cased (api-facts §1.8, §5 trap 9).
      const email = input.toLowerCase();
      const error =
        tooLong(def, email) ??
        (isValidEmail(email)
          ? undefined
          : recordError('INVALID_EMAIL_ADDRESS', `${def.label}: invalid email address: ${input}`, [def.name]));
      return error ? { error } : { value: email };
    }
    case 'picklist': {
      const picklist = def.picklist;
      const match = picklist?.values.find((v) => v.toLowerCase() === input.toLowerCase());
      if (match !== undefined) return { value: match };
      if (picklist?.restricted) {
        return {
          error: recordError(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${def.label}: bad value for restricted picklist field: ${input}`,
            [def.name],
          ),
        };
      }
      const error = tooLong(def, input);
      return error ? { error } : { value: input };
    }
    case 'reference':
    case 'id': {
      const id = to18(input);
      const target = def.referenceTo;
      const expectedPrefix = target ? options.keyPrefixOf(target) : undefined;
      if (!id || (expectedPrefix !== undefined && keyPrefix(id) !== expectedPrefix)) {
        return {
          error: recordError('MALFORMED_ID', `${def.label}: id value of incorrect type: ${input}`, [def.name]),
        };
      }
      if (target && expectedPrefix !== undefined && options.referenceCheck(target, id) !== 'ok') {
        // Salesforce does not say which reference is bad (the Salto and Salesforce Dictionary write-ups of this error show
        // none named); the stricter reading names no field, as for an update of a missing record.
        return { error: recordError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id') };
      }
      return { value: id };
    }
    case 'datetime':
      return { value: parseDateTime(input) ?? null };
    default: {
      const error = tooLong(def, input);
      return error ? { error } : { value: input };
    }
  }
}

/** Field-level validation of one record; the caller merges, checks required fields and uniqueness. */
export function validateFields(fields: readonly BodyField[], options: ValidationOptions): Validated {
  const values: RecordValues = {};
  const errors: RecordError[] = [];
  const notWritable: string[] = [];
  for (const { def, value } of fields) {
    if (def.name === 'Id' && !options.allowReadOnly) {
      // Update callers strip the id they target; anywhere else Salesforce refuses it.
      if (options.mode === 'create') {
        errors.push(recordError('INVALID_FIELD', 'The Id field should not be specified in the sobject data.'));
      }
      continue;
    }
    const writable = options.mode === 'create' ? def.createable : def.updateable;
    if (!writable && !options.allowReadOnly) {
      notWritable.push(def.name);
      continue;
    }
    // Salesforce saves an empty string as null.
    if (value === null || value === '') {
      values[def.name] = null;
      continue;
    }
    if (typeof value === 'boolean') {
      values[def.name] = value;
      continue;
    }
    const result = validateString(def, value, options);
    if (result.error) errors.push(result.error);
    else values[def.name] = result.value ?? null;
  }
  if (notWritable.length > 0) {
    errors.unshift(
      recordError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security settings of this ` +
          `field and verify that it is read/write for your profile or permission set.`,
        notWritable,
      ),
    );
  }
  return { values, errors };
}

/** Non-nillable fields a client must supply (LastName, Account Name); defaulted ones are filled by the writer. */
export function missingRequired(obj: ObjectDef, merged: Readonly<RecordValues>): RecordError | undefined {
  const missing = obj.fields
    .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && f.type !== 'boolean')
    .filter((f) => merged[f.name] === null || merged[f.name] === undefined)
    .map((f) => f.name);
  if (missing.length === 0) return undefined;
  return recordError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
}
