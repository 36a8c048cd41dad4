/**
 * Convergence under random bidirectional edits (issue 8): a seeded, reproducible sequence of NetSuite edits
 * (edit and inline edit), Salesforce user edits and Pardot marketer edits, interleaved with push and pull
 * runs. A small model predicts each field from the ownership rules, field by field (a three-way merge): an edit
 * survives unless the same field was changed on the other side too, where NetSuite wins its fields (the push
 * sends it over the Salesforce edit, or the pull keeps it); Pardot owns score, grade, campaign and comments. The
 * run must end there, consistent across the three systems, and one more push + pull cycle must make zero API
 * writes.
 */
import { PARDOT_OWNED_FIELDS } from '../../src/ids';
import { drainPush, runPull } from '../scenarios/world';
import { prng } from '../support/prng';
import { checkInvariants, linkedBaseline, nsEdit, pdEdit, prospectIdOf, reliabilityWorld, runPushWithFaults, show, sfEdit, sfIdOf, violations, type RWorld } from './harness';


const FIELDS = [['title', 'Title'], ['phone', 'Phone'], ['mobilephone', 'MobilePhone'], ['firstname', 'FirstName']] as const;
const CAMPAIGNS: Readonly<Record<number, string>> = { 1: 'Website', 2: 'NetSuite Sync' };

export interface ConvergenceResult {
  seed: number;
  steps: number;
  edits: { netsuite: number; salesforce: number; pardot: number; runs: number };
  /** Fields whose final value is not what the ownership rules predict. */
  ownership: string[];
  /** Cross-system invariant violations (lost, duplicated, unexplained, queue). */
  violations: string[];
  /** API writes made by one more push + pull cycle after convergence (must be 0: no ping-pong). */
  extraWrites: { salesforce: number; pardot: number };
}

export function runConvergence(seed: number, steps = 60): ConvergenceResult {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const world: RWorld = reliabilityWorld({ pardot: true });
  const base = linkedBaseline(world, [3, 5]);
  const contacts = base.contacts;
  const expected = new Map<string, unknown>();
  const key = (id: number, field: string): string => `${id}:${field}`;
  for (const id of contacts) {
    const row = world.account.get('contact', id) ?? {};
    for (const [ns] of FIELDS) expected.set(key(id, ns), row[ns] ?? null);
    for (const field of Object.values(PARDOT_OWNED_FIELDS)) expected.set(key(id, field), row[field] ?? null);
  }
  /** Salesforce edits not yet pulled, by contact. */
  const pendingSf = new Map<number, Map<string, unknown>>();
  const edits = { netsuite: 0, salesforce: 0, pardot: 0, runs: 0 };
  /** Fields NetSuite changed since their last push, by contact: the push sends those fields, and only those. */
  const nsChanged = new Map<number, Set<string>>();
  const push = (): void => {
    for (const [id, fields] of nsChanged) {
      // A field changed on both sides: NetSuite owns it, the push sends it over the Salesforce edit.
      for (const field of fields) pendingSf.get(id)?.delete(field);
    }
    nsChanged.clear();
    drainPush(world);
    runPushWithFaults(world); // the 15-minute schedule
    edits.runs += 1;
  };
  const pull = (): void => {
    for (const [id, fields] of pendingSf) {
      for (const [field, value] of fields) {
        if (nsChanged.get(id)?.has(field) === true) continue; // conflict: NetSuite wins its field, the push sends it
        expected.set(key(id, field), value);
      }
    }
    pendingSf.clear();
    world.advance(1000);
    runPull(world);
    edits.runs += 1;
    push(); // what the pull queued (and the user events asked for) runs next
  };

  for (let step = 1; step <= steps; step++) {
    const id = pick(contacts);
    const [ns, sf] = pick(FIELDS);
    const roll = random();
    world.advance(1000 + Math.floor(random() * 60_000));
    if (roll < 0.3) {
      const value = `ns s${seed}-${step}`;
      nsEdit(world, 'contact', id, { [ns]: value }, random() < 0.5);
      expected.set(key(id, ns), value);
      nsChanged.set(id, (nsChanged.get(id) ?? new Set<string>()).add(ns));
      edits.netsuite += 1;
    } else if (roll < 0.55) {
      const value = `sf s${seed}-${step}`;
      sfEdit(world, 'Contact', sfIdOf(world, 'contact', id), { [sf]: value });
      pendingSf.set(id, (pendingSf.get(id) ?? new Map<string, unknown>()).set(ns, value));
      edits.salesforce += 1;
    } else if (roll < 0.7) {
      const which = Math.floor(random() * 3);
      const values: Record<string, unknown> = which === 0 ? { score: Math.floor(random() * 100) } : which === 1 ? { comments: `pd s${seed}-${step}` } : { campaignId: random() < 0.5 ? 1 : 2 };
      pdEdit(world, prospectIdOf(world, 'contact', id), values);
      if ('score' in values) expected.set(key(id, PARDOT_OWNED_FIELDS.score), values.score);
      if ('comments' in values) expected.set(key(id, PARDOT_OWNED_FIELDS.comments), values.comments);
      if ('campaignId' in values) expected.set(key(id, PARDOT_OWNED_FIELDS.campaign), CAMPAIGNS[Number(values.campaignId)]);
      edits.pardot += 1;
    } else if (roll < 0.85) push();
    else pull();
  }
  // To quiescence: push, pull, push (a pull may queue a record whose change Pardot or Salesforce still needs).
  push();
  pull();
  push();

  const ownership: string[] = [];
  for (const id of contacts) {
    const row = world.account.get('contact', id) ?? {};
    for (const field of [...FIELDS.map(([ns]) => ns), ...Object.values(PARDOT_OWNED_FIELDS)]) {
      const want = expected.get(key(id, field));
      const have = row[field];
      if (show(want) !== show(have)) ownership.push(`contact ${id} ${field}: ${JSON.stringify(have)}, rules say ${JSON.stringify(want)}`);
    }
  }
  const report = checkInvariants(world);

  world.salesforce.resetCounters();
  world.pardot.resetCounters();
  world.advance(60_000);
  push();
  pull();
  push();
  const sfCounters = world.salesforce.counters();
  const sfWrites = sfCounters.recordsPerRequest.length;
  const pdKinds = world.pardot.counters().byKind;
  const pdWrites = pdKinds.create + pdKinds.update + pdKinds.upsert + pdKinds.delete;
  return { seed, steps, edits, ownership, violations: violations(report), extraWrites: { salesforce: sfWrites, pardot: pdWrites } };
}
