/**
 * Record writes shared by the single-record and collection resources, and by the test/ops API:
 * validation, defaults, required fields, uniqueness, row locks, system stamps.
 */
import type { StampClock } from './clock';
import { recordError, type RecordError } from './errors';
import { keyPrefix, to18, type IdFactory } from './ids';
import type { FieldDef, ObjectDef, RecordValues, Schema } from './schema';
import { isDeleted, type RecordStore, type StoredRecord } from './store';
import { missingRequired, validateFields, type BodyField } from './validate';
import { duplicateError, validationErrors, type OrgRules } from './org-rules';

export type WriteOutcome =
  | { ok: true; id: string; created: boolean }
  | { ok: false; id?: string; errors: RecordError[] };

export type Resolution =
  | { kind: 'ok'; record: StoredRecord }
  | { kind: 'malformed' }
  | { kind: 'missing'; id: string }
  | { kind: 'deleted'; record: StoredRecord };

/**
 * Rows a test declared locked. Each attempt to write a locked row (or a contact under a locked account, which is
 * how UNABLE_TO_LOCK_ROW usually arises in real orgs) fails and uses up one of the lock's attempts.
 */
export class RowLocks {
  private readonly locks = new Map<string, number>();

  lock(ids: readonly string[], attempts: number): void {
    for (const id of ids) this.locks.set(to18(id) ?? id, attempts);
  }

  unlock(ids?: readonly string[]): void {
    if (!ids) this.locks.clear();
    else for (const id of ids) this.locks.delete(to18(id) ?? id);
  }

  check(ids: readonly (string | undefined)[]): RecordError | undefined {
    const hit = [...new Set(ids)].filter((id): id is string => id !== undefined && this.locks.has(id));
    if (hit.length === 0) return undefined;
    for (const id of hit) {
      const left = this.locks.get(id)! - 1;
      if (left <= 0) this.locks.delete(id);
      else this.locks.set(id, left);
    }
    return recordError(
      'UNABLE_TO_LOCK_ROW',
      `unable to obtain exclusive access to this record or ${hit.length} records: ${hit.join(',')}`,
    );
  }
}

/**
 * Stores every record of a type with the same keys in schema order. Besides making snapshots predictable, one
 * object shape per type keeps property reads fast when queries scan tens of thousands of records.
 */
function shaped(obj: ObjectDef, values: Readonly<RecordValues>): RecordValues {
  // fromEntries (unlike ~30 keyed stores into {}) yields a fast-properties object in V8.
  return Object.fromEntries(obj.fields.filter((def) => !def.computed).map((def) => [def.name, values[def.name] ?? null]));
}

export interface WriterDeps {
  schema: Schema;
  store: RecordStore;
  clock: StampClock;
  ids: IdFactory;
  locks: RowLocks;
  rules: OrgRules;
}

export interface WriteOptions {
  actorId: string;
  /** Seeding: system fields may be supplied, uniqueness is not enforced (legacy data). */
  seed?: boolean;
  /** Test/ops edits bypass injected row locks, which are meant for the API under test. */
  ignoreLocks?: boolean;
  /** An API write: the org's validation and duplicate rules run (ops and seeding skip them). */
  api?: boolean;
  /** `Sforce-Duplicate-Rule-Header: allowSave=true` was sent. */
  allowDuplicateSave?: boolean;
}

export class RecordWriter {
  private readonly deps: WriterDeps;
  private created: string[] = [];

  /** Ids of the records API writes created since the last call (for the emulator's created-record listeners). */
  takeCreated(): string[] {
    const out = this.created;
    this.created = [];
    return out;
  }

  constructor(deps: WriterDeps) {
    this.deps = deps;
  }

  /** Finds a record by a client-supplied id, checking that it belongs to obj when given. */
  resolve(rawId: string, obj?: ObjectDef): Resolution {
    const id = to18(rawId);
    if (!id) return { kind: 'malformed' };
    const type = this.deps.schema.byKeyPrefix(keyPrefix(id));
    if (!type || (obj && type.name !== obj.name)) return { kind: 'malformed' };
    const record = this.deps.store.get(id);
    if (!record) return { kind: 'missing', id };
    return isDeleted(record) ? { kind: 'deleted', record } : { kind: 'ok', record };
  }

  create(obj: ObjectDef, fields: readonly BodyField[], options: WriteOptions): WriteOutcome {
    const seed = options.seed === true;
    const { values, errors } = validateFields(fields, this.validation('create', seed));
    const currency = obj.field('CurrencyIsoCode');
    if (currency?.picklist?.defaultValue !== undefined && (values.CurrencyIsoCode ?? null) === null) {
      values.CurrencyIsoCode = currency.picklist.defaultValue;
    }
    const required = missingRequired(obj, values);
    if (required) errors.push(required);
    if (!seed) errors.push(...this.uniqueness(obj, values, undefined));
    if (errors.length === 0) errors.push(...this.orgRules(obj, values, undefined, options));
    const lock = errors.length === 0 ? this.lockError(options, [this.parentOf(values)]) : undefined;
    if (lock) errors.push(lock);
    if (errors.length > 0) return { ok: false, errors };

    let id: string;
    if (seed && typeof values.Id === 'string') {
      id = values.Id;
      this.deps.ids.reserve(id);
    } else {
      id = this.deps.ids.next(obj.keyPrefix);
    }
    const stamp = this.systemStamp(values);
    const record: StoredRecord = {
      type: obj.name,
      id,
      // Shaped by the org's full metadata: fields hidden from the integration user still exist.
      values: shaped(this.deps.schema.object(obj.name) ?? obj, {
        ...values,
        Id: id,
        IsDeleted: seed && values.IsDeleted === true,
        CreatedDate: values.CreatedDate ?? stamp,
        CreatedById: values.CreatedById ?? options.actorId,
        LastModifiedDate: values.LastModifiedDate ?? stamp,
        LastModifiedById: values.LastModifiedById ?? options.actorId,
        SystemModstamp: values.SystemModstamp ?? stamp,
      }),
    };
    this.deps.store.put(record);
    if (options.api === true) this.created.push(id);
    return { ok: true, id, created: true };
  }

  /** Updates a record the caller has already resolved as live. */
  update(existing: StoredRecord, fields: readonly BodyField[], options: WriteOptions): WriteOutcome {
    const obj = this.deps.schema.object(existing.type)!;
    const seed = options.seed === true;
    const lock = this.lockError(options, [existing.id, this.parentOf(existing.values)]);
    if (lock) return { ok: false, id: existing.id, errors: [lock] };
    const { values, errors } = validateFields(fields, this.validation('update', seed));
    const merged: RecordValues = { ...existing.values, ...values };
    const required = missingRequired(obj, merged);
    if (required) errors.push(required);
    if (!seed) errors.push(...this.uniqueness(obj, values, existing.id));
    if (errors.length === 0) errors.push(...this.orgRules(obj, merged, existing.id, options));
    const newParentLock = errors.length === 0 ? this.lockError(options, [this.parentOf(values)]) : undefined;
    if (newParentLock) errors.push(newParentLock);
    if (errors.length > 0) return { ok: false, id: existing.id, errors };

    const stamp = this.systemStamp(values);
    this.deps.store.put({
      type: existing.type,
      id: existing.id,
      values: {
        ...merged,
        LastModifiedDate: values.LastModifiedDate ?? stamp,
        LastModifiedById: values.LastModifiedById ?? options.actorId,
        SystemModstamp: values.SystemModstamp ?? stamp,
      },
    });
    return { ok: true, id: existing.id, created: false };
  }

  /**
   * Upsert by external id: no match creates, one match updates, several matches is DUPLICATE_EXTERNAL_ID
   * (callers that answer 300 check matches() themselves first).
   */
  upsert(
    obj: ObjectDef,
    extField: FieldDef,
    extValue: string,
    fields: readonly BodyField[],
    options: WriteOptions,
  ): WriteOutcome {
    const matches = this.deps.store.findByExternalId(obj, extField, extValue);
    if (matches.length > 1) {
      return {
        ok: false,
        errors: [
          recordError(
            'DUPLICATE_EXTERNAL_ID',
            `${extField.label}: more than one record found for external id field: [${matches.map((m) => m.id).join(', ')}]`,
            [extField.name],
          ),
        ],
      };
    }
    const withoutExt = fields.filter((f) => f.def !== extField);
    const match = matches[0];
    if (match) return this.update(match, withoutExt, options);
    return this.create(obj, [...withoutExt, { def: extField, value: extValue }], options);
  }

  /** Soft delete into the recycle bin; deleting an Account takes its Contacts with it, as in Salesforce. */
  remove(existing: StoredRecord, options: WriteOptions): WriteOutcome {
    const lock = this.lockError(options, [existing.id]);
    if (lock) return { ok: false, id: existing.id, errors: [lock] };
    this.markDeleted(existing, options.actorId);
    if (existing.type === 'Account') {
      for (const contact of this.deps.store.all('Contact')) {
        if (contact.values.AccountId === existing.id) this.markDeleted(contact, options.actorId);
      }
    }
    return { ok: true, id: existing.id, created: false };
  }

  private markDeleted(record: StoredRecord, actorId: string): void {
    const stamp = this.deps.clock.stamp();
    this.deps.store.put({
      ...record,
      values: { ...record.values, IsDeleted: true, LastModifiedDate: stamp, LastModifiedById: actorId, SystemModstamp: stamp },
    });
  }

  private systemStamp(values: RecordValues): number {
    const given = [values.SystemModstamp, values.LastModifiedDate, values.CreatedDate].filter(
      (v): v is number => typeof v === 'number',
    );
    for (const v of given) this.deps.clock.observe(v);
    return this.deps.clock.stamp();
  }

  private lockError(options: WriteOptions, ids: readonly (string | undefined)[]): RecordError | undefined {
    return options.ignoreLocks === true ? undefined : this.deps.locks.check(ids);
  }

  private parentOf(values: Readonly<RecordValues>): string | undefined {
    return typeof values.AccountId === 'string' ? values.AccountId : undefined;
  }

  private orgRules(obj: ObjectDef, record: Readonly<RecordValues>, selfId: string | undefined, options: WriteOptions): RecordError[] {
    if (options.api !== true) return [];
    const invalid = validationErrors(this.deps.rules, obj.name, record);
    if (invalid.length > 0) return invalid;
    const duplicate = duplicateError(this.deps.rules, this.deps.store, obj.name, record, selfId, options.allowDuplicateSave === true);
    return duplicate === undefined ? [] : [duplicate];
  }

  private uniqueness(obj: ObjectDef, values: Readonly<RecordValues>, selfId: string | undefined): RecordError[] {
    const errors: RecordError[] = [];
    for (const f of obj.fields) {
      const value = values[f.name];
      if (!f.unique || typeof value !== 'string') continue;
      const other = this.deps.store.findByExternalId(obj, f, value).find((r) => r.id !== selfId);
      if (other) {
        errors.push(
          recordError('DUPLICATE_VALUE', `duplicate value found: ${f.name} duplicates value on record with id: ${other.id}`),
        );
      }
    }
    return errors;
  }

  private validation(mode: 'create' | 'update', seed: boolean): Parameters<typeof validateFields>[1] {
    const { schema, store } = this.deps;
    return {
      mode,
      allowReadOnly: seed,
      keyPrefixOf: (type) => schema.object(type)?.keyPrefix,
      referenceCheck: (_type, id) => {
        const target = store.get(id);
        if (!target) return 'missing';
        return isDeleted(target) ? 'deleted' : 'ok';
      },
    };
  }
}
