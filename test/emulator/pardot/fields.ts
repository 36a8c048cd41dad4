/**
 * The v5 prospect field catalogue (api-facts §2.4 [S60][S68][S69]) and write validation.
 * Which fields are writable follows §2.4; where it is (U)nverified (score, userId/assignedToId) the choice is
 * documented in README.md.
 */
import { PardotApiError, PardotCode } from './errors';

export type FieldValue = string | number | boolean | null;
export type FieldType = 'string' | 'email' | 'integer' | 'boolean' | 'datetime' | 'grade';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly writable: boolean;
  readonly maxLength?: number;
}

export interface CustomFieldSpec {
  /** Must end in `__c`. */
  name: string;
  type?: 'string' | 'integer' | 'boolean';
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 255;

const WRITABLE_STRINGS = [
  'firstName', 'lastName', 'salutation', 'company', 'jobTitle', 'department', 'phone', 'fax', 'addressOne',
  'addressTwo', 'city', 'state', 'zip', 'country', 'territory', 'website', 'industry', 'annualRevenue', 'employees',
  'yearsInBusiness', 'source', 'comments', 'notes',
] as const;

const READ_ONLY_STRINGS = [
  'salesforceId', 'salesforceLeadId', 'salesforceContactId', 'salesforceAccountId', 'salesforceOwnerId',
] as const;

/** Structural fields live on the record itself, not in its value bag. */
export const STRUCTURAL_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'isDeleted']);

/** Fields the emulator stores as epoch milliseconds and prints as v5 datetimes. */
export const STORED_DATETIME_FIELDS = new Set(['lastActivityAt', 'salesforceLastSync']);

export const GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const;

/** Dot-notation relations the emulator can expand in `fields` (v5 allows related objects [S65]). */
export const RELATIONS: Readonly<Record<string, { via: string; fields: readonly string[] }>> = {
  campaign: { via: 'campaignId', fields: ['id', 'name'] },
  assignedTo: { via: 'userId', fields: ['id', 'email', 'firstName', 'lastName'] },
};

export type WriteMode = 'create' | 'update';

export interface SchemaOptions {
  customFields: ReadonlyArray<string | CustomFieldSpec>;
  maxLengths: Readonly<Record<string, number>>;
  overlongStrings: 'error' | 'truncate';
  assignedToIdWritable: boolean;
  rejectedEmails: readonly string[];
}

export class ProspectSchema {
  private readonly specs = new Map<string, FieldSpec>();
  private readonly overlong: 'error' | 'truncate';
  private readonly rejectedEmails: ReadonlySet<string>;

  constructor(options: SchemaOptions) {
    this.overlong = options.overlongStrings;
    this.rejectedEmails = new Set(options.rejectedEmails);
    const add = (spec: FieldSpec): void => {
      const override = options.maxLengths[spec.name];
      this.specs.set(spec.name, override === undefined ? spec : { ...spec, maxLength: override });
    };
    add({ name: 'id', type: 'integer', writable: false });
    add({ name: 'email', type: 'email', writable: true, maxLength: 255 });
    for (const name of WRITABLE_STRINGS) {
      // comments is a free-text area in the UI; 255 would reject ordinary notes. (U)
      add({ name, type: 'string', writable: true, maxLength: name === 'comments' ? 65_535 : DEFAULT_MAX_LENGTH });
    }
    for (const name of READ_ONLY_STRINGS) add({ name, type: 'string', writable: false, maxLength: DEFAULT_MAX_LENGTH });
    add({ name: 'campaignId', type: 'integer', writable: true });
    add({ name: 'score', type: 'integer', writable: true });
    add({ name: 'grade', type: 'grade', writable: false });
    add({ name: 'userId', type: 'integer', writable: true });
    add({ name: 'assignedToId', type: 'integer', writable: options.assignedToIdWritable });
    for (const name of ['isDoNotEmail', 'isDoNotCall', 'isReviewed', 'isStarred']) add({ name, type: 'boolean', writable: true });
    add({ name: 'optedOut', type: 'boolean', writable: false });
    for (const name of ['salesforceLastSync', 'lastActivityAt', 'createdAt', 'updatedAt']) add({ name, type: 'datetime', writable: false });
    add({ name: 'isDeleted', type: 'boolean', writable: false });
    for (const custom of options.customFields) {
      const spec: CustomFieldSpec = typeof custom === 'string' ? { name: custom } : custom;
      if (!spec.name.endsWith('__c')) throw new Error(`custom field "${spec.name}" must end in __c`);
      add({
        name: spec.name,
        type: spec.type ?? 'string',
        writable: true,
        ...(spec.type === undefined || spec.type === 'string' ? { maxLength: spec.maxLength ?? DEFAULT_MAX_LENGTH } : {}),
      });
    }
  }

  get(name: string): FieldSpec | undefined {
    return this.specs.get(name);
  }

  names(): string[] {
    return [...this.specs.keys()];
  }

  /** Initial value bag of a new prospect; absent fields read as null. */
  defaults(): Record<string, FieldValue> {
    return { score: 0, isDoNotEmail: false, isDoNotCall: false, isReviewed: false, isStarred: false, optedOut: false };
  }

  /** True for a plain field or a supported `relation.field` path. */
  isReadable(path: string): boolean {
    const dot = path.indexOf('.');
    if (dot < 0) return this.specs.has(path);
    const relation = RELATIONS[path.slice(0, dot)];
    return relation !== undefined && relation.fields.includes(path.slice(dot + 1));
  }

  /**
   * Validates an API write body and returns the normalised value bag (assignedToId folded into userId).
   * Unknown and read-only fields are code 180, which the registry describes as "fields … aren't valid for that
   * operation. Only include fields that are writable" [S70].
   */
  validateWrite(body: Record<string, unknown>, mode: WriteMode): Record<string, FieldValue> {
    const unknown = Object.keys(body).filter((key) => !this.specs.has(key));
    if (unknown.length > 0) throw new PardotApiError(400, PardotCode.INVALID_FIELDS, `unknown field(s) ${unknown.join(', ')}`);
    const readOnly = Object.keys(body).filter((key) => this.specs.get(key)?.writable !== true);
    if (readOnly.length > 0) throw new PardotApiError(400, PardotCode.INVALID_FIELDS, `read-only field(s) ${readOnly.join(', ')}`);

    const out: Record<string, FieldValue> = {};
    for (const [key, raw] of Object.entries(body)) {
      const spec = this.specs.get(key)!;
      out[key === 'assignedToId' ? 'userId' : key] = this.coerce(spec, raw);
    }
    if ('userId' in body && 'assignedToId' in body && body['userId'] !== body['assignedToId']) {
      throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, 'userId and assignedToId disagree');
    }
    if (mode === 'create' && (out['email'] === undefined || out['email'] === null)) {
      throw new PardotApiError(400, PardotCode.INVALID_EMAIL, 'email is required');
    }
    if (mode === 'update' && 'email' in out && out['email'] === null) {
      throw new PardotApiError(400, PardotCode.INVALID_EMAIL, 'email is required and cannot be cleared');
    }
    return out;
  }

  private coerce(spec: FieldSpec, raw: unknown): FieldValue {
    if (raw === null) return null;
    switch (spec.type) {
      case 'email': {
        if (typeof raw !== 'string' || !isValidEmail(raw) || this.rejectedEmails.has(raw)) {
          throw new PardotApiError(400, PardotCode.INVALID_EMAIL, typeof raw === 'string' ? raw.slice(0, 80) : 'not a string');
        }
        return raw;
      }
      case 'string': {
        if (typeof raw !== 'string') {
          throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, `${spec.name} must be a string`);
        }
        const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
        if (raw.length <= max) return raw;
        if (this.overlong === 'truncate') return raw.slice(0, max);
        throw new PardotApiError(400, PardotCode.INVALID_PROPERTY, `${spec.name} exceeds ${max} characters`);
      }
      case 'integer': {
        if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) {
          throw new PardotApiError(400, PardotCode.INVALID_NUMBER, `${spec.name} must be an integer`);
        }
        return raw;
      }
      case 'boolean': {
        if (typeof raw !== 'boolean') throw new PardotApiError(400, PardotCode.INVALID_BOOLEAN, `${spec.name} must be true or false`);
        return raw;
      }
      case 'grade':
      case 'datetime':
        // Only reachable through the ops API (seed/updateAsMarketer), which validates these itself.
        return raw as FieldValue;
    }
  }
}

/**
 * Syntax check for prospect emails: one @, non-empty local part, a dotted domain, no whitespace, at most 255
 * characters (code 4 covers "> 255 characters or invalid syntax" [S70]). Case is preserved, never folded.
 */
export function isValidEmail(email: string): boolean {
  if (email.length > 255) return false;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}
