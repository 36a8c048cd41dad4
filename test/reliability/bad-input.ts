/**
 * The bad-input corpus (test/fixtures/bad-input/cases.json) run in one emulated account: every case's record is
 * created as a user would, in batches shared with good contacts, then the account runs to quiescence and each
 * case is judged: its outcome and reason code, what Salesforce holds, and that its bad value never went
 * upstream. Shared by bad-input.test.ts and the benchmark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTITY_FIELDS, LOG, SETTINGS } from '../../src/ids';
import { pendingQueue } from '../scenarios/world';
import { nsCreateContact, nsCreateCustomer, quiesce, reliabilityWorld, sfIdOf, show, type RWorld } from './harness';

export type Expected = 'synced' | 'failed' | 'skipped';

export interface BadInputCase {
  name: string;
  expected: Expected;
  reason?: string;
  kind?: 'contact' | 'ownCustomer' | 'orphan' | 'currency' | 'duplicateEmail' | 'duplicateWithIndividual' | 'existingSalesforce'
    | 'sfDeleted' | 'sfMerged' | 'moved' | 'movedToLocked' | 'deletedBeforePush' | 'sfEditTooLong';
  /** `seed`: the record is stored first, then the case's values arrive by inline edit (the xedit path). */
  via?: 'ui' | 'seed';
  contact?: Record<string, unknown>;
  customer?: Record<string, unknown>;
  currency?: string;
  salesforce?: Record<string, unknown>[];
  matchExisting?: boolean;
  sfEdit?: Record<string, unknown>;
  expectSalesforce?: Record<string, unknown>;
  expectAccount?: Record<string, unknown>;
  customerExpected?: Expected;
  /** A value that must never reach Salesforce or Pardot. */
  badValue?: string;
}

export interface BadInputResult {
  name: string;
  expected: Expected;
  actual: string;
  reasons: string[];
  problems: string[];
}

export interface CorpusRun {
  results: BadInputResult[];
  siblings: number;
  siblingsSynced: number;
  invocationErrors: string[];
  pendingAfter: number;
  ms: number;
}

export function loadCorpus(): BadInputCase[] {
  const file = join(__dirname, '..', 'fixtures', 'bad-input', 'cases.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: BadInputCase[] }).cases;
}

interface Subject {
  c: BadInputCase;
  contacts: number[];
  customer: number | null;
  /** Salesforce contacts seeded by the case. */
  seeded: string[];
  then?: () => void;
}

function contactValues(c: BadInputCase, seq: number): Record<string, unknown> {
  const values: Record<string, unknown> = { firstname: 'Bad', lastname: `Input ${seq}`, email: `bad${seq}@corpus.example`, ...c.contact };
  for (const [key, value] of Object.entries(values)) if (value === '') values[key] = null;
  return values;
}

function createContact(world: RWorld, c: BadInputCase, customerId: number | null): number {
  const seq = world.account.sequence('reliability.bad-input');
  const values = contactValues(c, seq);
  if (c.via !== 'seed') return nsCreateContact(world, customerId, values);
  const base = { firstname: 'Seeded', lastname: `Input ${seq}`, email: `seeded${seq}@corpus.example`, subsidiary: world.subsidiary, ...(customerId === null ? {} : { company: customerId }) };
  const id = world.account.seed('contact', base);
  world.changes += 1;
  const result = world.account.ui.inlineEdit('contact', id, c.contact ?? {});
  if (result.error !== undefined) throw new Error(`${c.name}: NetSuite refuses the value (${result.error.message})`);
  return id;
}

function setUp(world: RWorld, c: BadInputCase, shared: number): Subject {
  const subject: Subject = { c, contacts: [], customer: null, seeded: [] };
  switch (c.kind ?? 'contact') {
    case 'contact':
      subject.contacts.push(createContact(world, c, shared));
      break;
    case 'ownCustomer': {
      const values = { ...c.customer };
      if (values.companyname === '') delete values.companyname;
      subject.customer = nsCreateCustomer(world, values);
      subject.contacts.push(createContact(world, c, subject.customer));
      break;
    }
    case 'orphan':
      subject.contacts.push(createContact(world, c, null));
      break;
    case 'currency': {
      const currency = world.account.seed('currency', { name: `Currency ${c.currency ?? ''}`, symbol: c.currency ?? 'XXX' });
      subject.customer = nsCreateCustomer(world, { currency });
      subject.contacts.push(createContact(world, { ...c, expected: 'failed' }, subject.customer));
      break;
    }
    case 'duplicateEmail': {
      subject.contacts.push(createContact(world, c, shared));
      const other = nsCreateCustomer(world);
      subject.contacts.push(createContact(world, c, other));
      break;
    }
    case 'duplicateWithIndividual': {
      subject.customer = nsCreateCustomer(world, { isperson: true, firstname: 'Indy', lastname: 'Vidual', companyname: undefined, email: c.contact?.email });
      subject.contacts.push(createContact(world, c, shared));
      break;
    }
    case 'existingSalesforce':
      for (const fields of c.salesforce ?? []) {
        subject.seeded.push(world.salesforce.seedContact(fields));
        world.advance(1000);
      }
      subject.contacts.push(createContact(world, c, shared));
      break;
    case 'sfDeleted': {
      const id = createContact(world, c, shared);
      subject.contacts.push(id);
      subject.then = () => {
        world.salesforce.deleteAsUser('Contact', sfIdOf(world, 'contact', id));
        world.account.ui.inlineEdit('contact', id, { title: 'After the delete' });
      };
      break;
    }
    case 'sfMerged': {
      const id = createContact(world, c, shared);
      subject.contacts.push(id);
      subject.then = () => {
        const loser = sfIdOf(world, 'contact', id);
        const email = String(world.salesforce.getContact(loser)?.Email);
        const winner = world.salesforce.seedContact({ LastName: 'Merge Winner', Email: email, AccountId: world.salesforce.getContact(loser)?.AccountId });
        subject.seeded.push(winner);
        world.salesforce.mergeAsUser('Contact', winner, [loser]);
        world.account.ui.inlineEdit('contact', id, { title: 'After the merge' });
      };
      break;
    }
    case 'moved':
    case 'movedToLocked': {
      const id = createContact(world, c, shared);
      subject.contacts.push(id);
      const target = nsCreateCustomer(world, c.kind === 'movedToLocked' ? { [ENTITY_FIELDS.lock]: true } : {});
      subject.customer = target;
      subject.then = () => { world.account.ui.edit('contact', id, { company: target }); };
      break;
    }
    case 'deletedBeforePush': {
      const id = createContact(world, c, shared);
      subject.contacts.push(id);
      world.account.ui.delete('contact', id);
      break;
    }
    case 'sfEditTooLong': {
      const id = createContact(world, c, shared);
      subject.contacts.push(id);
      subject.then = () => { world.salesforce.updateAsUser('Contact', sfIdOf(world, 'contact', id), c.sfEdit ?? {}); };
      break;
    }
  }
  return subject;
}

const STATUS: Readonly<Record<string, string>> = { Completed: 'synced', Failed: 'failed', Skipped: 'skipped', Pending: 'pending' };

function norm(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = show(value);
  return text === '' ? null : text;
}

export function runCorpus(cases: readonly BadInputCase[] = loadCorpus()): CorpusRun {
  const started = Date.now();
  const world = reliabilityWorld({ settings: { [SETTINGS.batchSize]: 15 } });
  const { account, salesforce } = world;
  const shared = nsCreateCustomer(world, { companyname: 'Corpus Shared Co' });
  const siblings: number[] = [];
  const subjects: Subject[] = [];
  for (const c of cases) {
    subjects.push(setUp(world, c, shared));
    siblings.push(nsCreateContact(world, shared)); // a good contact in the same batches
  }
  quiesce(world);
  for (const s of subjects) s.then?.();
  quiesce(world);

  const logs = account.all(LOG.type);
  // Sign-in requests carry no record data, and a JWT signature is random enough to contain any short value.
  const requestBodies = account.httpLog.filter((h) => !h.url.includes('/services/oauth2/token')).map((h) => `${h.url}\n${h.body}`);
  const results = subjects.map((s) => judge(world, s, logs, requestBodies));
  const siblingsSynced = siblings.filter((id) => account.get('contact', id)?.[ENTITY_FIELDS.status] === 'Completed'
    && salesforce.findContacts((sf) => sf.Oracle_netsuiteid__c === String(id)).length === 1).length;
  const invocationErrors = account.runs.filter((r) => r.scriptType === 'mapreducescript' && r.error !== undefined).map((r) => `${r.entryPoint}: ${r.error?.name ?? ''} ${r.error?.message ?? ''}`);
  return { results, siblings: siblings.length, siblingsSynced, invocationErrors, pendingAfter: pendingQueue(world).length, ms: Date.now() - started };
}

function judge(world: RWorld, s: Subject, logs: Record<string, unknown>[], requestBodies: string[]): BadInputResult {
  const { c } = s;
  const { account, salesforce } = world;
  const problems: string[] = [];
  const rowsOf = (type: string, id: number): Record<string, unknown>[] => logs.filter((r) => r[LOG.recordType] === type && Number(r[LOG.recordId]) === id);
  const first = s.contacts[0] ?? 0;
  const subjectIsCustomer = c.kind === 'currency' || c.customerExpected !== undefined;
  const type = subjectIsCustomer ? 'customer' : 'contact';
  const id = subjectIsCustomer ? s.customer ?? 0 : first;
  const record = account.get(type, id);
  const rows = rowsOf(type, id);
  const reasons = [...new Set(rows.map((r) => String(r[LOG.reason])))];
  let actual: string;
  if (record === undefined || c.kind === 'sfEditTooLong') {
    // Deleted records and pull failures are judged by their log rows alone.
    const row = rows.find((r) => (r[LOG.status] === 'Failed' || r[LOG.status] === 'Skipped') && (c.reason === undefined || r[LOG.reason] === c.reason));
    actual = row === undefined ? 'none' : String(row[LOG.status]).toLowerCase();
  } else {
    actual = STATUS[String(record[ENTITY_FIELDS.status])] ?? 'none';
  }
  if (actual !== c.expected) problems.push(`expected ${c.expected}, got ${actual} (log: ${reasons.join(', ') || 'none'}; last error: ${show(record?.[ENTITY_FIELDS.lastError])})`);
  if (c.reason !== undefined && !reasons.includes(c.reason)) problems.push(`reason ${c.reason} not in the log (${reasons.join(', ') || 'none'})`);
  if (c.expected !== 'synced' && record !== undefined && c.kind !== 'sfEditTooLong' && norm(record[ENTITY_FIELDS.lastError]) === null) problems.push('no last error on the record');

  if (c.expected === 'synced') {
    for (const contactId of s.contacts) {
      const found = salesforce.findContacts((sf) => sf.Oracle_netsuiteid__c === String(contactId));
      if (found.length !== 1) {
        problems.push(`contact ${contactId}: ${found.length} Salesforce contacts carry its id`);
        continue;
      }
      const sf = found[0] ?? {};
      for (const [field, value] of Object.entries(c.expectSalesforce ?? {})) if (sf[field] !== value) problems.push(`Salesforce ${field} is ${JSON.stringify(sf[field])}, expected ${JSON.stringify(value)}`);
      if (c.matchExisting === true && sf.Id !== s.seeded[0]) problems.push(`not linked to the existing Salesforce contact ${String(s.seeded[0])} (got ${String(sf.Id)})`);
      if (c.matchExisting === false && s.seeded.includes(String(sf.Id))) problems.push(`took over a Salesforce contact claimed by another NetSuite record (${String(sf.Id)})`);
      if (c.kind === 'sfMerged' && sf.Id !== s.seeded[0]) problems.push(`not relinked to the merge winner ${String(s.seeded[0])} (got ${String(sf.Id)})`);
      const customerSfId = norm(account.get('customer', Number(account.get('contact', contactId)?.company))?.[ENTITY_FIELDS.salesforceId]);
      if (norm(sf.AccountId) !== customerSfId) problems.push(`AccountId ${String(sf.AccountId)} is not the customer's Account ${String(customerSfId)}`);
    }
    if (s.contacts.length > 1 && new Set(s.contacts.map((cid) => sfIdOf(world, 'contact', cid))).size !== s.contacts.length) problems.push('two NetSuite contacts share one Salesforce contact');
    if (c.expectAccount !== undefined && s.customer !== null) {
      const account_ = salesforce.findAccounts((a) => a.Oracle_netsuiteid__c === String(s.customer));
      for (const [field, value] of Object.entries(c.expectAccount)) if (account_[0]?.[field] !== value) problems.push(`Account ${field} is ${JSON.stringify(account_[0]?.[field])}, expected ${JSON.stringify(value)}`);
    }
  } else if (!['sfEditTooLong', 'movedToLocked'].includes(c.kind ?? '')) {
    const leaked = subjectIsCustomer ? salesforce.findAccounts((a) => a.Oracle_netsuiteid__c === String(id)) : salesforce.findContacts((sf) => sf.Oracle_netsuiteid__c === String(id));
    if (leaked.length > 0) problems.push(`${type} ${id} is in Salesforce although it ${c.expected}`);
  }
  if (c.badValue !== undefined) {
    const encoded = [c.badValue, JSON.stringify(c.badValue).slice(1, -1), encodeURIComponent(c.badValue)];
    const sent = requestBodies.filter((b) => encoded.some((e) => b.includes(e)));
    if (sent.length > 0) problems.push(`the bad value was sent upstream ${sent.length} time(s): ${(sent[0] ?? '').slice(0, 160)}`);
    if (c.kind === 'sfEditTooLong' && Object.values(account.get('contact', first) ?? {}).includes(c.badValue)) problems.push('NetSuite holds the value it cannot hold');
  }
  return { name: c.name, expected: c.expected, actual, reasons, problems };
}
