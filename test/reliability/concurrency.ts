/**
 * Concurrency cases: the push's and the pull's scheduled and on-demand deployments fire together, each running
 * its map and reduce invocations `concurrency` at a time in a seeded interleaving, while users save records
 * between (and during) invocations. Salesforce row locks are emulated around each request: a contact write whose
 * Account is being written by another request still in flight gets UNABLE_TO_LOCK_ROW, as Salesforce answers
 * when two transactions lock the same parent Account. Then the world runs to quiescence and the invariant checker,
 * plus a count of Salesforce writes per record, say whether any change was lost or written twice.
 */
import type { EmulatedHttpRequest } from '../emulator/http';
import type { MapReduceReport } from '../emulator/netsuite/runners/map-reduce';
import { ENTITY_FIELDS, SCRIPTS } from '../../src/ids';
import { prng } from '../support/prng';
import { checkInvariants, linkedBaseline, nsEdit, quiesce, reliabilityWorld, sfEdit, sfIdOf, show, type InvariantReport, type RWorld } from './harness';
import { SF_INSTANCE } from '../scenarios/world';

export interface ConcurrencyCase {
  concurrency: number;
  seed: number;
  /** Contacts per customer (a customer above the batch size of 5 has several contact chunks). */
  sizes: readonly number[];
  pardot?: boolean;
}

export interface ConcurrencyResult {
  changes: number;
  /** Records changed once before the runs whose contact or Account write reached Salesforce more than once. */
  duplicates: string[];
  /** Contact writes answered UNABLE_TO_LOCK_ROW because another request held their Account. */
  rowLocks: number;
  /** Runs that found the other deployment's run holding the lock and ended without work. */
  heldBack: number;
  report: InvariantReport;
  reports: MapReduceReport[];
}

const COLLECTION = /\/composite\/sobjects/;

interface WrittenRecord {
  type: string;
  netsuiteId: string | null;
  id: string | null;
  accountId: string | null;
}

function writtenRecords(request: EmulatedHttpRequest | { body: string }): WrittenRecord[] {
  try {
    const body = JSON.parse(request.body) as { records?: Record<string, unknown>[] };
    return (body.records ?? []).map((r) => ({
      type: (r.attributes as { type?: string } | undefined)?.type ?? '',
      netsuiteId: typeof r.Oracle_netsuiteid__c === 'string' ? r.Oracle_netsuiteid__c : null,
      id: typeof r.Id === 'string' ? r.Id : null,
      accountId: typeof r.AccountId === 'string' ? r.AccountId : null,
    }));
  } catch {
    return [];
  }
}

/**
 * Salesforce with row locks held while a request is in flight: the request takes its contacts' Accounts, the
 * account's scheduler lets other invocations run (the request is "in flight"), then Salesforce handles it.
 */
function withRowLocks(world: RWorld, counter: { rowLocks: number }): void {
  const salesforce = world.salesforce;
  const held = new Map<string, number>();
  world.account.registerService(SF_INSTANCE, {
    handle(request) {
      const records = COLLECTION.test(request.url) && request.method !== 'GET' && request.method !== 'DELETE' ? writtenRecords(request) : [];
      const accounts = [...new Set(records.map((r) => r.accountId).filter((a): a is string => a !== null))];
      if (accounts.some((a) => (held.get(a) ?? 0) > 0)) {
        counter.rowLocks += records.length;
        return {
          code: 200, headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(records.map(() => ({ success: false, errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', fields: [] }] }))),
        };
      }
      for (const a of accounts) held.set(a, (held.get(a) ?? 0) + 1);
      try {
        world.account.scheduler?.pause();
        return salesforce.handle(request);
      } finally {
        for (const a of accounts) held.set(a, (held.get(a) ?? 0) - 1);
      }
    },
  });
}

export function runConcurrencyCase(spec: ConcurrencyCase): ConcurrencyResult {
  const world = reliabilityWorld({ pardot: spec.pardot === true });
  const base = linkedBaseline(world, spec.sizes);
  const random = prng(spec.seed);
  const counter = { rowLocks: 0 };
  withRowLocks(world, counter);

  // Changes before the runs: a title on every other contact, every customer's phone, one Salesforce edit.
  const changedOnce = new Set<string>();
  base.contacts.forEach((id, i) => {
    if (i % 2 === 0) {
      nsEdit(world, 'contact', id, { title: `Before ${spec.seed}-${i}` }, i % 4 === 0);
      changedOnce.add(`Contact:${id}`);
    }
  });
  for (const id of base.customers) {
    nsEdit(world, 'customer', id, { phone: `555-01${String(id).padStart(2, '0')}` });
    changedOnce.add(`Account:${id}`);
  }
  const sfContact = base.contacts[1];
  if (sfContact !== undefined) sfEdit(world, 'Contact', sfIdOf(world, 'contact', sfContact), { Phone: '555-0199' });

  // Saves while the runs are under way: some of them touch records already in a planned batch.
  const userActions = Array.from({ length: 6 }, (_, n) => () => {
    const id = base.contacts[Math.floor(random() * base.contacts.length)] ?? 0;
    changedOnce.delete(`Contact:${id}`);
    world.account.clock.advance(1);
    nsEdit(world, 'contact', id, { title: `During ${spec.seed}-${n}` }, n % 2 === 0);
  });

  world.account.clock.advance(60 * 60_000);
  const firstWrite = world.account.httpLog.length;
  const reports = world.account.runMapReducesTogether([
    { scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.deploymentId },
    { scriptId: SCRIPTS.mrPush.scriptId, deploymentId: SCRIPTS.mrPush.onDemandDeploymentId },
    { scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.deploymentId },
    { scriptId: SCRIPTS.mrPull.scriptId, deploymentId: SCRIPTS.mrPull.onDemandDeploymentId },
  ], { seed: spec.seed, concurrency: spec.concurrency, userActions, pauseChance: 0.35 });
  quiesce(world);

  const writes = new Map<string, number>();
  const byId = new Map<string, string>();
  for (const c of world.account.all('contact')) byId.set(show(c[ENTITY_FIELDS.salesforceId]), `Contact:${show(c.id)}`);
  for (const c of world.account.all('customer')) byId.set(show(c[ENTITY_FIELDS.salesforceId]), `Account:${show(c.id)}`);
  for (const entry of world.account.httpLog.slice(firstWrite)) {
    if (!COLLECTION.test(entry.url) || entry.method === 'GET' || entry.method === 'DELETE' || (entry.response?.body ?? '').includes('UNABLE_TO_LOCK_ROW')) continue;
    for (const r of writtenRecords(entry)) {
      const key = r.netsuiteId !== null ? `${r.type}:${r.netsuiteId}` : byId.get(r.id ?? '') ?? `${r.type}:${r.id ?? '?'}`;
      writes.set(key, (writes.get(key) ?? 0) + 1);
    }
  }
  const duplicates = [...changedOnce].filter((key) => (writes.get(key) ?? 0) > 1).map((key) => `${key} written ${writes.get(key) ?? 0} times`);
  const heldBack = world.account.logs.filter((l) => l.title.startsWith('crmsync') && l.title.includes('held back: RUN_IN_PROGRESS')).length;
  return { changes: world.changes, duplicates, rowLocks: counter.rowLocks, heldBack, report: checkInvariants(world), reports };
}
