/**
 * Record schema: the standard fields the product touches, plus every custom field, custom record type and custom
 * list declared in Objects/. Values are validated and normalised here, once, for seeding and for scripts alike.
 */
import { str } from './text';
import { types } from 'node:util';
import { ERR, nsError } from './errors';
import { stripRef, type FieldXmlDef, type ObjectsIndex } from './objects';

export type FieldType =
  | 'TEXT' | 'TEXTAREA' | 'CLOBTEXT' | 'EMAIL' | 'URL' | 'PHONE' | 'PASSWORD'
  | 'CHECKBOX' | 'DATE' | 'DATETIME' | 'DATETIMETZ' | 'TIMEOFDAY'
  | 'INTEGER' | 'FLOAT' | 'CURRENCY' | 'PERCENT'
  | 'SELECT' | 'MULTISELECT';

export interface FieldDef {
  id: string;
  label: string;
  type: FieldType;
  /** Record types (or customlist ids) a SELECT/MULTISELECT may point at. */
  select?: string[];
  maxLength?: number;
  mandatory?: boolean;
  readOnly?: boolean;
}

export interface SublistDef {
  id: string;
  fields: Map<string, FieldDef>;
}

/** Governance category of a record type (api-facts §3.1). */
export type RecordCategory = 'transaction' | 'custom' | 'other';

export interface RecordSchema {
  type: string;
  label: string;
  category: RecordCategory;
  isEntity: boolean;
  fields: Map<string, FieldDef>;
  sublists: Map<string, SublistDef>;
}

export interface ListValue {
  id: string;
  scriptId: string;
  label: string;
  isInactive: boolean;
}

/** Default max lengths per field type; TEXT 300 and TEXTAREA 4000 are documented, the others assumed. */
export const MAX_LENGTH: Partial<Record<FieldType, number>> = {
  TEXT: 300, TEXTAREA: 4000, CLOBTEXT: 1_000_000, EMAIL: 254, URL: 999, PHONE: 32, PASSWORD: 300,
};

/**
 * SDF `<selectrecordtype>` uses negative internal ids for standard record types. Assumed values (not verified
 * against a real account); extend here when Objects/ uses another one.
 */
export const STANDARD_SELECT_TYPES: Record<string, string> = {
  '-2': 'customer', '-3': 'entity', '-4': 'employee', '-5': 'partner', '-6': 'contact', '-117': 'subsidiary', '-122': 'currency',
};

export const TRANSACTION_TYPES = new Set([
  'salesorder', 'invoice', 'estimate', 'opportunity', 'cashsale', 'cashrefund', 'creditmemo', 'customerpayment',
  'purchaseorder', 'vendorbill', 'journalentry', 'itemfulfillment', 'returnauthorization',
]);

type Spec = [FieldType, string, Partial<FieldDef>?];

const f = (type: FieldType, label: string, extra?: Partial<FieldDef>): Spec => (extra ? [type, label, extra] : [type, label]);
const sel = (label: string, ...select: string[]): Spec => ['SELECT', label, { select }];
const readonlyDate = (label: string): Spec => ['DATETIME', label, { readOnly: true }];

const ENTITY_COMMON: Record<string, Spec> = {
  entityid: f('TEXT', 'Name', { maxLength: 83 }),
  externalid: f('TEXT', 'External ID'),
  isinactive: f('CHECKBOX', 'Inactive'),
  subsidiary: sel('Subsidiary', 'subsidiary'),
  email: f('EMAIL', 'Email'),
  phone: f('PHONE', 'Phone'),
  fax: f('PHONE', 'Fax'),
  datecreated: readonlyDate('Date Created'),
  lastmodifieddate: readonlyDate('Last Modified'),
  // Customer Center / portal login access (customers and their contacts).
  giveaccess: f('CHECKBOX', 'Login Access'),
};

const STANDARD: Record<string, { label: string; fields: Record<string, Spec>; sublists?: Record<string, Record<string, Spec>>; entity?: boolean }> = {
  contact: {
    label: 'Contact',
    entity: true,
    fields: {
      ...ENTITY_COMMON,
      firstname: f('TEXT', 'First Name', { maxLength: 32 }),
      middlename: f('TEXT', 'Middle Name', { maxLength: 32 }),
      lastname: f('TEXT', 'Last Name', { maxLength: 32 }),
      salutation: f('TEXT', 'Mr./Ms...', { maxLength: 15 }),
      title: f('TEXT', 'Job Title', { maxLength: 99 }),
      homephone: f('PHONE', 'Home Phone'),
      mobilephone: f('PHONE', 'Mobile Phone'),
      officephone: f('PHONE', 'Office Phone'),
      company: sel('Company', 'customer', 'partner'),
      contactrole: sel('Role', 'contactrole'),
      isprivate: f('CHECKBOX', 'Private'),
      comments: f('TEXTAREA', 'Comments'),
    },
  },
  customer: {
    label: 'Customer',
    entity: true,
    fields: {
      ...ENTITY_COMMON,
      companyname: f('TEXT', 'Company Name', { maxLength: 83 }),
      isperson: f('CHECKBOX', 'Type'),
      firstname: f('TEXT', 'First Name', { maxLength: 32 }),
      lastname: f('TEXT', 'Last Name', { maxLength: 32 }),
      salutation: f('TEXT', 'Mr./Ms...', { maxLength: 15 }),
      altphone: f('PHONE', 'Alt. Phone'),
      mobilephone: f('PHONE', 'Mobile Phone'),
      url: f('URL', 'Web Address'),
      salesrep: sel('Sales Rep', 'employee'),
      currency: sel('Currency', 'currency'),
      entitystatus: sel('Status', 'customerstatus'),
      parent: sel('Child Of', 'customer'),
      comments: f('TEXTAREA', 'Comments'),
      // Flattened default billing address (the real record keeps it on the addressbook subrecord).
      billaddressee: f('TEXT', 'Billing Addressee'),
      billaddress1: f('TEXT', 'Billing Address 1', { maxLength: 150 }),
      billaddress2: f('TEXT', 'Billing Address 2', { maxLength: 150 }),
      billcity: f('TEXT', 'Billing City', { maxLength: 50 }),
      billstate: f('TEXT', 'Billing State/Province', { maxLength: 30 }),
      billzipcode: f('TEXT', 'Billing Zip', { maxLength: 36 }),
      billcountry: f('TEXT', 'Billing Country', { maxLength: 2 }),
    },
    sublists: {
      salesteam: {
        employee: sel('Employee', 'employee'),
        salesrole: sel('Sales Role', 'salesrole'),
        isprimary: f('CHECKBOX', 'Primary'),
        contribution: f('PERCENT', 'Contribution %'),
      },
      addressbook: {
        label: f('TEXT', 'Label'),
        defaultbilling: f('CHECKBOX', 'Default Billing'),
        defaultshipping: f('CHECKBOX', 'Default Shipping'),
        addr1: f('TEXT', 'Address 1', { maxLength: 150 }),
        city: f('TEXT', 'City', { maxLength: 50 }),
        state: f('TEXT', 'State', { maxLength: 30 }),
        zip: f('TEXT', 'Zip', { maxLength: 36 }),
        country: f('TEXT', 'Country', { maxLength: 2 }),
      },
    },
  },
  partner: {
    label: 'Partner',
    entity: true,
    fields: {
      ...ENTITY_COMMON,
      companyname: f('TEXT', 'Company Name', { maxLength: 83 }),
      isperson: f('CHECKBOX', 'Type'),
      firstname: f('TEXT', 'First Name', { maxLength: 32 }),
      lastname: f('TEXT', 'Last Name', { maxLength: 32 }),
    },
  },
  employee: {
    label: 'Employee',
    entity: true,
    fields: {
      ...ENTITY_COMMON,
      firstname: f('TEXT', 'First Name', { maxLength: 32 }),
      lastname: f('TEXT', 'Last Name', { maxLength: 32 }),
      issalesrep: f('CHECKBOX', 'Sales Rep'),
      supervisor: sel('Supervisor', 'employee'),
      title: f('TEXT', 'Job Title', { maxLength: 99 }),
    },
  },
  subsidiary: {
    label: 'Subsidiary',
    fields: { name: f('TEXT', 'Name', { maxLength: 83 }), currency: sel('Currency', 'currency'), isinactive: f('CHECKBOX', 'Inactive'), externalid: f('TEXT', 'External ID'), parent: sel('Subsidiary Of', 'subsidiary') },
  },
  currency: {
    label: 'Currency',
    fields: { name: f('TEXT', 'Name'), symbol: f('TEXT', 'ISO Code', { maxLength: 3 }), exchangerate: f('FLOAT', 'Exchange Rate'), isinactive: f('CHECKBOX', 'Inactive'), externalid: f('TEXT', 'External ID') },
  },
  salesrole: { label: 'Sales Role', fields: { name: f('TEXT', 'Name'), isinactive: f('CHECKBOX', 'Inactive') } },
  customerstatus: { label: 'Customer Status', fields: { name: f('TEXT', 'Name'), isinactive: f('CHECKBOX', 'Inactive') } },
  contactrole: { label: 'Contact Role', fields: { name: f('TEXT', 'Name'), isinactive: f('CHECKBOX', 'Inactive') } },
};

const CUSTOM_RECORD_FIELDS: Record<string, Spec> = {
  name: f('TEXT', 'Name'),
  isinactive: f('CHECKBOX', 'Inactive'),
  externalid: f('TEXT', 'External ID'),
  owner: sel('Owner', 'employee'),
  created: readonlyDate('Date Created'),
  lastmodified: readonlyDate('Last Modified'),
};

function toFieldDefs(specs: Record<string, Spec>): Map<string, FieldDef> {
  const out = new Map<string, FieldDef>();
  for (const [id, [type, label, extra]] of Object.entries(specs)) out.set(id, { id, type, label, ...(extra ?? {}) });
  return out;
}

const FIELD_TYPE_ALIASES: Record<string, FieldType> = {
  FREEFORMTEXT: 'TEXT', LONGTEXT: 'CLOBTEXT', RICHTEXT: 'CLOBTEXT', HELP: 'TEXT', INLINEHTML: 'CLOBTEXT', DOCUMENT: 'SELECT', IMAGE: 'SELECT',
};

export function fieldFromXml(def: FieldXmlDef): FieldDef {
  const type = (FIELD_TYPE_ALIASES[def.fieldType] ?? def.fieldType) as FieldType;
  const field: FieldDef = { id: def.id, label: def.label, type };
  if (def.mandatory) field.mandatory = true;
  if (def.maxLength !== undefined) field.maxLength = def.maxLength;
  if (def.selectRecordType) {
    const raw = def.selectRecordType.trim();
    field.select = [STANDARD_SELECT_TYPES[raw] ?? stripRef(raw).toLowerCase()];
  }
  return field;
}

export class Schema {
  readonly records = new Map<string, RecordSchema>();
  readonly lists = new Map<string, ListValue[]>();

  /**
   * `features` (runtime.isFeatureInEffect ids) shape the standard records: without SUBSIDIARIES (not OneWorld) there is no
   * subsidiary record type and no `subsidiary` field on entities; without MULTICURRENCY no currency record type and no
   * `currency` field on customers or subsidiaries. See test/emulator/README.md, "Account variants", for the sources.
   */
  constructor(objects: ObjectsIndex, features: ReadonlySet<string> = new Set(['SUBSIDIARIES', 'MULTICURRENCY'])) {
    const absent = new Set([...(features.has('SUBSIDIARIES') ? [] : ['subsidiary']), ...(features.has('MULTICURRENCY') ? [] : ['currency'])]);
    for (const [type, spec] of Object.entries(STANDARD)) {
      if (absent.has(type)) continue;
      const fields = toFieldDefs(spec.fields);
      for (const missing of absent) fields.delete(missing);
      const sublists = new Map<string, SublistDef>();
      for (const [id, fields] of Object.entries(spec.sublists ?? {})) sublists.set(id, { id, fields: toFieldDefs(fields) });
      this.records.set(type, {
        type, label: spec.label, category: 'other', isEntity: spec.entity ?? false, fields, sublists,
      });
    }
    for (const field of objects.entityFields) {
      for (const target of field.appliesTo) this.records.get(target)?.fields.set(field.id, fieldFromXml(field));
    }
    for (const rec of objects.customRecords.values()) {
      const fields = toFieldDefs(CUSTOM_RECORD_FIELDS);
      for (const field of rec.fields) fields.set(field.id, fieldFromXml(field));
      this.records.set(rec.id, { type: rec.id, label: rec.name, category: 'custom', isEntity: false, fields, sublists: new Map() });
    }
    for (const list of objects.customLists.values()) {
      this.lists.set(list.id, list.values.map((v, i) => ({ id: str(i + 1), scriptId: v.scriptId, label: v.label, isInactive: v.isInactive })));
    }
  }

  has(type: string): boolean {
    return this.records.has(type.toLowerCase());
  }

  get(type: string): RecordSchema {
    if (typeof type !== 'string') throw ERR.missingArg('record', 'type');
    const schema = this.records.get(type.toLowerCase());
    if (!schema) throw ERR.invalidRecordType(type);
    return schema;
  }

  category(type: string): RecordCategory {
    const t = type.toLowerCase();
    if (TRANSACTION_TYPES.has(t)) return 'transaction';
    if (t.startsWith('customrecord')) return 'custom';
    return 'other';
  }

  field(type: string, fieldId: string): FieldDef | undefined {
    return this.get(type).fields.get(fieldId.toLowerCase());
  }
}

export const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

const ID_PATTERN = /^-?\d+$/;

/**
 * Turns a script/seed value into the stored form: string (text, select id), boolean, number, Date, string[].
 * Throws the SuiteScriptError NetSuite raises for the wrong JavaScript type.
 */
export function normalizeValue(field: FieldDef, value: unknown): unknown {
  if (field.type === 'CHECKBOX') {
    if (value === undefined || value === null || value === '') return false;
    if (typeof value === 'boolean') return value;
    throw ERR.invalidFieldValue(value, field.id);
  }
  if (field.type === 'MULTISELECT') {
    if (isEmpty(value)) return [];
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    return list.map((v) => {
      const s = typeof v === 'number' ? str(v) : v;
      if (typeof s !== 'string' || !ID_PATTERN.test(s)) throw ERR.invalidFieldValue(value, field.id);
      return s;
    });
  }
  if (isEmpty(value)) return null;
  switch (field.type) {
    case 'SELECT': {
      const s = typeof value === 'number' && Number.isInteger(value) ? str(value) : value;
      if (typeof s !== 'string' || !ID_PATTERN.test(s)) throw ERR.invalidFieldValue(value, field.id);
      return s;
    }
    case 'DATE': case 'DATETIME': case 'DATETIMETZ': case 'TIMEOFDAY': {
      if (!types.isDate(value) || Number.isNaN((value).getTime())) throw ERR.invalidFieldValue(value, field.id);
      return new Date((value).getTime());
    }
    case 'INTEGER': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw ERR.invalidFieldValue(value, field.id);
      return n;
    }
    case 'FLOAT': case 'CURRENCY': case 'PERCENT': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw ERR.invalidFieldValue(value, field.id);
      return n;
    }
    default: {
      if (typeof value !== 'string' && typeof value !== 'number') throw ERR.invalidFieldValue(value, field.id);
      const s = str(value);
      const max = field.maxLength ?? MAX_LENGTH[field.type];
      if (max !== undefined && s.length > max) throw ERR.tooLong(field.id, max);
      if (field.type === 'EMAIL' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) throw ERR.invalidEmail(field.id);
      return s;
    }
  }
}

export function cloneValue(value: unknown): unknown {
  // A script's Date comes from its own realm (not `instanceof` the host Date). Storing it as is would keep that
  // script's whole realm alive for as long as the record holds the value; NetSuite stores the value, not the object.
  if (Object.prototype.toString.call(value) === '[object Date]') return new Date(Date.prototype.getTime.call(value as Date));
  if (Array.isArray(value)) return [...(value as unknown[])];
  return value;
}

export function mandatoryError(labels: string[]): never {
  throw ERR.mandatory(labels);
}

export function unknownFieldError(type: string, fieldId: string): never {
  throw nsError('SSS_INVALID_FIELD_ID', `The field ${fieldId} does not exist on record type ${type}.`);
}
