/**
 * The Contact and Account metadata the emulator enforces and describes. Field names, types and lengths
 * follow api-facts §1.8 (Skedulo/SF describe copies); the ones marked (U) there are options or noted in README.
 */

export type SObjectName = 'Contact' | 'Account';
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'reference'
  | 'datetime'
  | 'boolean';

/** Stored values: strings, booleans, null; datetimes are epoch milliseconds and formatted on the way out. */
export type FieldValue = string | number | boolean | null;
export type RecordValues = Record<string, FieldValue>;

export interface PicklistDef {
  readonly values: readonly string[];
  readonly restricted: boolean;
  readonly defaultValue?: string;
}

export interface FieldDef {
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly length: number;
  readonly nillable: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly externalId: boolean;
  readonly unique: boolean;
  readonly custom: boolean;
  /** Long text areas can be neither filtered nor sorted in SOQL. */
  readonly filterable: boolean;
  readonly sortable: boolean;
  readonly defaultedOnCreate: boolean;
  readonly referenceTo?: string;
  readonly relationshipName?: string;
  readonly picklist?: PicklistDef;
  /** Read-only formula-like fields (Contact.Name) derived from stored values. */
  readonly computed?: (values: Readonly<RecordValues>) => FieldValue;
}

export interface ObjectDef {
  readonly name: SObjectName;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly fields: readonly FieldDef[];
  /** Case-insensitive: Salesforce field names are case-insensitive in bodies and SOQL. */
  field(name: string): FieldDef | undefined;
  /** The reference field behind a relationship name (Contact "Account" → AccountId). */
  relationship(name: string): FieldDef | undefined;
}

export interface SchemaOptions {
  /** Contact.Salutation values (api-facts §1.8 (U): "Mr.", "Ms.", "Mrs.", "Dr.", "Prof."). */
  salutations: readonly string[];
  /** Whether a Salutation outside the list is rejected (assumption; standard picklists vary by org). */
  restrictedSalutation: boolean;
  /** ISO codes of the org's active currencies; CurrencyIsoCode is always restricted. */
  currencies: readonly string[];
  /** The corporate currency, defaulted on create. */
  defaultCurrency: string;
  /** Length of the Oracle_netsuiteid__c text external id (assumption: 50). */
  netsuiteIdLength: number;
  /** Multi-currency orgs have CurrencyIsoCode on every object; single-currency orgs have no such field. */
  multiCurrency: boolean;
  /** Oracle's custom fields: created as the connector asks, created without the External ID box, or not created. */
  oracleFields: OracleFieldsVariant;
  /** Field-level security of the integration user, by "Object.Field": hidden (no access) or read-only. */
  fieldSecurity: Readonly<Record<string, FieldAccess>>;
}

export type OracleFieldsVariant = 'external-id' | 'not-external-id' | 'absent';
export type FieldAccess = 'hidden' | 'read-only';

type FieldSpec = Partial<Omit<FieldDef, 'name' | 'label' | 'type' | 'length'>>;

function field(name: string, label: string, type: FieldType, length: number, spec: FieldSpec = {}): FieldDef {
  const longText = type === 'textarea' && length > 255;
  return {
    name,
    label,
    type,
    length,
    nillable: true,
    createable: true,
    updateable: true,
    externalId: false,
    unique: false,
    custom: name.endsWith('__c'),
    filterable: !longText,
    sortable: !longText,
    defaultedOnCreate: false,
    ...spec,
  };
}

const READ_ONLY: FieldSpec = { createable: false, updateable: false };

function systemFields(objectLabel: string): FieldDef[] {
  return [
    field('Id', `${objectLabel} ID`, 'id', 18, { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    field('IsDeleted', 'Deleted', 'boolean', 0, { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    field('CreatedDate', 'Created Date', 'datetime', 0, { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    field('CreatedById', 'Created By ID', 'reference', 18, {
      ...READ_ONLY,
      nillable: false,
      defaultedOnCreate: true,
      referenceTo: 'User',
      relationshipName: 'CreatedBy',
    }),
    field('LastModifiedDate', 'Last Modified Date', 'datetime', 0, {
      ...READ_ONLY,
      nillable: false,
      defaultedOnCreate: true,
    }),
    field('LastModifiedById', 'Last Modified By ID', 'reference', 18, {
      ...READ_ONLY,
      nillable: false,
      defaultedOnCreate: true,
      referenceTo: 'User',
      relationshipName: 'LastModifiedBy',
    }),
    field('SystemModstamp', 'System Modstamp', 'datetime', 0, { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
  ];
}

function currencyField(label: string, options: SchemaOptions): FieldDef {
  return field('CurrencyIsoCode', label, 'picklist', 3, {
    nillable: false,
    defaultedOnCreate: true,
    picklist: { values: options.currencies, restricted: true, defaultValue: options.defaultCurrency },
  });
}

function oracleFields(options: SchemaOptions): FieldDef[] {
  if (options.oracleFields === 'absent') return [];
  const externalId = options.oracleFields === 'external-id';
  return [
    field('Oracle_netsuiteid__c', 'NetSuite ID', 'string', options.netsuiteIdLength, { externalId, unique: externalId }),
    field('Oracle_NetSuite_Subsidiary__c', 'NetSuite Subsidiary', 'string', 255),
  ];
}

function addressFields(prefix: string, labelPrefix: string): FieldDef[] {
  return [
    field(`${prefix}Street`, `${labelPrefix} Street`, 'textarea', 255),
    field(`${prefix}City`, `${labelPrefix} City`, 'string', 40),
    field(`${prefix}State`, `${labelPrefix} State/Province`, 'string', 80),
    field(`${prefix}PostalCode`, `${labelPrefix} Zip/Postal Code`, 'string', 20),
    field(`${prefix}Country`, `${labelPrefix} Country`, 'string', 80),
  ];
}

/**
 * Set on the records a merge deleted, naming the record they were merged into (Contact, Account and Lead only; SOAP
 * API Developer Guide, merge(): "You can use queryAll() to view records that have been deleted during a merge";
 * queryAll(): "For merged records, request the masterRecord … SELECT id, isDeleted, masterRecordId FROM Account").
 */
function masterRecordField(objectName: SObjectName): FieldDef {
  return field('MasterRecordId', `Master Record ID`, 'reference', 18, { ...READ_ONLY, referenceTo: objectName, relationshipName: 'MasterRecord' });
}

function contactFields(options: SchemaOptions): FieldDef[] {
  return [
    ...systemFields('Contact'),
    masterRecordField('Contact'),
    field('Salutation', 'Salutation', 'picklist', 40, {
      picklist: { values: options.salutations, restricted: options.restrictedSalutation },
    }),
    field('FirstName', 'First Name', 'string', 40),
    field('LastName', 'Last Name', 'string', 80, { nillable: false }),
    field('Name', 'Full Name', 'string', 121, {
      ...READ_ONLY,
      nillable: false,
      computed: (v) => [v.FirstName, v.LastName].filter((part) => typeof part === 'string' && part !== '').join(' '),
    }),
    field('AccountId', 'Account ID', 'reference', 18, { referenceTo: 'Account', relationshipName: 'Account' }),
    field('Title', 'Title', 'string', 128),
    field('Department', 'Department', 'string', 80),
    field('Email', 'Email', 'email', 80),
    field('Phone', 'Business Phone', 'phone', 40),
    field('HomePhone', 'Home Phone', 'phone', 40),
    field('MobilePhone', 'Mobile Phone', 'phone', 40),
    field('OtherPhone', 'Other Phone', 'phone', 40),
    field('Fax', 'Business Fax', 'phone', 40),
    ...addressFields('Mailing', 'Mailing'),
    field('Description', 'Contact Description', 'textarea', 32000),
    ...(options.multiCurrency ? [currencyField('Contact Currency', options)] : []),
    ...oracleFields(options),
  ];
}

function accountFields(options: SchemaOptions): FieldDef[] {
  return [
    ...systemFields('Account'),
    masterRecordField('Account'),
    field('Name', 'Account Name', 'string', 255, { nillable: false }),
    field('AccountNumber', 'Account Number', 'string', 40),
    field('Phone', 'Account Phone', 'phone', 40),
    field('Fax', 'Account Fax', 'phone', 40),
    field('Website', 'Website', 'url', 255),
    ...addressFields('Billing', 'Billing'),
    ...addressFields('Shipping', 'Shipping'),
    field('Description', 'Account Description', 'textarea', 32000),
    ...(options.multiCurrency ? [currencyField('Account Currency', options)] : []),
    ...oracleFields(options),
  ];
}

function objectDef(
  name: SObjectName,
  label: string,
  labelPlural: string,
  keyPrefix: string,
  fields: FieldDef[],
): ObjectDef {
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const byRelationship = new Map(
    fields.filter((f) => f.relationshipName !== undefined).map((f) => [f.relationshipName!.toLowerCase(), f]),
  );
  return {
    name,
    label,
    labelPlural,
    keyPrefix,
    fields,
    field: (fieldName) => byName.get(fieldName.toLowerCase()),
    relationship: (relName) => byRelationship.get(relName.toLowerCase()),
  };
}

/**
 * Field-level security as the integration user sees it: a hidden field is absent from describe, bodies and SOQL
 * (INVALID_FIELD "No such column"), a read-only one is described createable/updateable false.
 */
function secured(objectName: string, fields: FieldDef[], security: Readonly<Record<string, FieldAccess>>): FieldDef[] {
  const access = (f: FieldDef): FieldAccess | undefined => security[`${objectName}.${f.name}`];
  return fields
    .filter((f) => access(f) !== 'hidden')
    .map((f) => (access(f) === 'read-only' ? { ...f, createable: false, updateable: false } : f));
}

export class Schema {
  readonly contact: ObjectDef;
  readonly account: ObjectDef;
  private readonly byName: Map<string, ObjectDef>;

  /** `view` 'integration' applies the integration user's field-level security; 'all' is the org's full metadata. */
  constructor(options: SchemaOptions, view: 'all' | 'integration' = 'all') {
    const security = view === 'integration' ? options.fieldSecurity : {};
    this.contact = objectDef('Contact', 'Contact', 'Contacts', '003', secured('Contact', contactFields(options), security));
    this.account = objectDef('Account', 'Account', 'Accounts', '001', secured('Account', accountFields(options), security));
    this.byName = new Map([
      ['contact', this.contact],
      ['account', this.account],
    ]);
  }

  object(name: string): ObjectDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  byKeyPrefix(prefix: string): ObjectDef | undefined {
    return [this.contact, this.account].find((o) => o.keyPrefix === prefix);
  }

  get objects(): readonly ObjectDef[] {
    return [this.account, this.contact];
  }
}

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  reference: 'tns:ID',
  datetime: 'xsd:dateTime',
  boolean: 'xsd:boolean',
};

/** A describe-shaped subset of the real sObject Describe result. */
export function describeObject(obj: ObjectDef, version: string): Record<string, unknown> {
  const base = `/services/data/v${version}/sobjects/${obj.name}`;
  return {
    name: obj.name,
    label: obj.label,
    labelPlural: obj.labelPlural,
    keyPrefix: obj.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
    fields: obj.fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      soapType: SOAP_TYPES[f.type],
      length: ['datetime', 'boolean'].includes(f.type) ? 0 : f.length,
      nillable: f.nillable,
      createable: f.createable,
      updateable: f.updateable,
      defaultedOnCreate: f.defaultedOnCreate,
      externalId: f.externalId,
      idLookup: f.type === 'id' || f.externalId || f.name === 'Email',
      unique: f.unique,
      caseSensitive: false,
      custom: f.custom,
      calculated: f.computed !== undefined,
      filterable: f.filterable,
      sortable: f.sortable,
      referenceTo: f.referenceTo ? [f.referenceTo] : [],
      relationshipName: f.relationshipName ?? null,
      restrictedPicklist: f.picklist?.restricted ?? false,
      picklistValues: (f.picklist?.values ?? []).map((value) => ({
        value,
        label: value,
        active: true,
        defaultValue: value === f.picklist?.defaultValue,
      })),
    })),
  };
}

/** The describe "basic info" returned by GET /sobjects/{Type}. */
export function objectInfo(obj: ObjectDef, version: string): Record<string, unknown> {
  const base = `/services/data/v${version}/sobjects/${obj.name}`;
  return {
    objectDescribe: {
      name: obj.name,
      label: obj.label,
      labelPlural: obj.labelPlural,
      keyPrefix: obj.keyPrefix,
      custom: false,
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
      urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
    },
    recentItems: [],
  };
}
