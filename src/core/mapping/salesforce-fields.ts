/**
 * What Salesforce accepts for the standard fields we map (lengths from the Contact/Account describe,
 * api-facts §1.8). Checking before sending makes one bad record fail alone, with a clear reason, instead of
 * costing a round trip.
 */
export interface FieldRule {
  label: string;
  maxLength?: number;
  kind?: 'email' | 'id' | 'picklist';
  required?: boolean;
  picklist?: readonly string[];
}

export const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'] as const;

export const CONTACT_FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  FirstName: { label: 'First Name', maxLength: 40 },
  LastName: { label: 'Last Name', maxLength: 80, required: true },
  Salutation: { label: 'Salutation', kind: 'picklist', picklist: SALUTATIONS },
  Title: { label: 'Title', maxLength: 128 },
  Email: { label: 'Email', maxLength: 80, kind: 'email' },
  Phone: { label: 'Business Phone', maxLength: 40 },
  HomePhone: { label: 'Home Phone', maxLength: 40 },
  MobilePhone: { label: 'Mobile Phone', maxLength: 40 },
  Fax: { label: 'Business Fax', maxLength: 40 },
  Department: { label: 'Department', maxLength: 80 },
  AccountId: { label: 'Account ID', kind: 'id' },
  Oracle_netsuiteid__c: { label: 'NetSuite ID', maxLength: 50 },
  Oracle_NetSuite_Subsidiary__c: { label: 'NetSuite Subsidiary', maxLength: 255 },
};

export const ACCOUNT_FIELD_RULES: Readonly<Record<string, FieldRule>> = {
  Name: { label: 'Account Name', maxLength: 255, required: true },
  Phone: { label: 'Account Phone', maxLength: 40 },
  Fax: { label: 'Account Fax', maxLength: 40 },
  Website: { label: 'Website', maxLength: 255 },
  BillingStreet: { label: 'Billing Street', maxLength: 255 },
  BillingCity: { label: 'Billing City', maxLength: 40 },
  BillingState: { label: 'Billing State/Province', maxLength: 80 },
  BillingPostalCode: { label: 'Billing Zip/Postal Code', maxLength: 20 },
  BillingCountry: { label: 'Billing Country', maxLength: 80 },
  Oracle_netsuiteid__c: { label: 'NetSuite ID', maxLength: 50 },
  Oracle_NetSuite_Subsidiary__c: { label: 'NetSuite Subsidiary', maxLength: 255 },
};
