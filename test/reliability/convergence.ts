/**
 * Convergence under random bidirectional edits: a seeded, reproducible sequence of people working — NetSuite edits
 * (edit and inline edit), Salesforce user edits (some committed late: stamped before the last pull's read, visible
 * after), Pardot marketer edits, deletes in NetSuite and in Salesforce, merges in Salesforce — interleaved with push and
 * pull runs. Salesforce stamps as it stores them (whole seconds: many rows share a stamp). A small model predicts each field from the ownership rules, field by field (a three-way merge): an edit
 * survives unless the same field was changed on the other side too, where NetSuite wins its fields (the push
 * sends it over the Salesforce edit, or the pull keeps it); Pardot owns score, grade, campaign and comments. The
 * run must end there, consistent across the three systems, and one more push + pull cycle must make zero API
 * writes.
 */
import { ENTITY_FIELDS, LOG, PARDOT_OWNED_FIELDS, SETTINGS } from '../../src/ids';
import { choose, drainPush, runPull } from '../scenarios/world';
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
  /** People's removals: deletes in NetSuite and Salesforce, merges in Salesforce, late commits. */
  removals: { netsuiteDeletes: number; salesforceDeletes: number; merges: number; lateCommits: number; racingNetSuiteChange: number };
  /** Something deleted (or merged away) that came back on either side. */
  resurrections: string[];
  /** Same-field conflicts the log explains (CONFLICT_…): the edits that lost, and why. */
  conflictsLogged: number;
}

export function runConvergence(seed: number, steps = 60): ConvergenceResult {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const world: RWorld = reliabilityWorld({
    pardot: true, org: { stampPrecision: 'second' },
    settings: { [SETTINGS.deletePolicy]: choose(SETTINGS.deletePolicy, 'unlink'), [SETTINGS.salesforceDeletePolicy]: choose(SETTINGS.salesforceDeletePolicy, 'inactivate') },
  });
  const base = linkedBaseline(world, [3, 5]);
  const contacts = [...base.contacts];
  /** Contacts people still work on (not deleted or merged away). */
  const active = (): number[] => contacts.filter((id) => !gone.has(id));
  const gone = new Set<number>();
  const removals = { netsuiteDeletes: 0, salesforceDeletes: 0, merges: 0, lateCommits: 0, racingNetSuiteChange: 0 };
  const nsDeleted: { id: number; sfId: string; email: string }[] = [];
  /** `into`: the surviving Salesforce record of a merge. */
  const sfRemoved: { id: number; sfId: string; merged: boolean; into?: string }[] = [];
  let lastPullAt = world.now().getTime();
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
    lastPullAt = world.now().getTime();
    runPull(world);
    edits.runs += 1;
    push(); // what the pull queued (and the user events asked for) runs next
  };

  const forget = (id: number): void => {
    gone.add(id);
    pendingSf.delete(id);
    nsChanged.delete(id);
  };
  for (let step = 1; step <= steps; step++) {
    const live = active();
    const id = pick(live);
    const [ns, sf] = pick(FIELDS);
    const roll = random();
    world.advance(1000 + Math.floor(random() * 60_000));
    const quiet = (c: number): boolean => !nsChanged.has(c);
    if (roll >= 0.3 && roll < 0.55 && nsDeleted.length > 0 && random() < 0.2) {
      // Someone in Salesforce edits a contact that was deleted in NetSuite: no pull may bring it back.
      const dead = pick(nsDeleted);
      sfEdit(world, 'Contact', dead.sfId, { [sf]: `sf s${seed}-${step}` });
      edits.salesforce += 1;
      continue;
    }
    if (roll >= 0.85 && roll < 0.9 && live.length > 3) {
      const kind = Math.floor(random() * 3);
      if (kind === 0) {
        const sfId = sfIdOf(world, 'contact', id);
        nsDeleted.push({ id, sfId, email: show(world.account.get('contact', id)?.email ?? '') });
        world.account.ui.delete('contact', id);
        forget(id);
        removals.netsuiteDeletes += 1;
        continue;
      }
      // Salesforce deletes and merges touch any record, one with a NetSuite change on its way too (the push must then
      // wait for the pull to apply the removal instead of re-creating the record): half the time such a one, if any.
      const racing = live.filter((c) => !quiet(c));
      const candidates = racing.length > 0 && random() < 0.5 ? racing : live;
      if (kind === 1 && candidates.length > 0) {
        const victim = pick(candidates);
        if (!quiet(victim)) removals.racingNetSuiteChange += 1;
        sfRemoved.push({ id: victim, sfId: sfIdOf(world, 'contact', victim), merged: false });
        world.salesforce.deleteAsUser('Contact', sfIdOf(world, 'contact', victim));
        forget(victim);
        removals.salesforceDeletes += 1;
      } else if (kind === 2 && candidates.length > 0 && live.length > 1) {
        const loser = pick(candidates);
        if (!quiet(loser)) removals.racingNetSuiteChange += 1;
        const survivor = pick(live.filter((c) => c !== loser));
        sfRemoved.push({ id: loser, sfId: sfIdOf(world, 'contact', loser), merged: true, into: sfIdOf(world, 'contact', survivor) });
        world.salesforce.mergeAsUser('Contact', sfIdOf(world, 'contact', survivor), [sfIdOf(world, 'contact', loser)]);
        forget(loser);
        removals.merges += 1;
      }
      continue;
    }
    if (roll < 0.3) {
      const value = `ns s${seed}-${step}`;
      nsEdit(world, 'contact', id, { [ns]: value }, random() < 0.5);
      expected.set(key(id, ns), value);
      nsChanged.set(id, (nsChanged.get(id) ?? new Set<string>()).add(ns));
      edits.netsuite += 1;
    } else if (roll < 0.55) {
      const value = `sf s${seed}-${step}`;
      // Some transactions commit late: stamped before the last pull read (and its mark), visible only now.
      const late = random() < 0.3 && world.now().getTime() - lastPullAt < 5 * 60_000;
      sfEdit(world, 'Contact', sfIdOf(world, 'contact', id), { [sf]: value }, late ? new Date(lastPullAt - 1000 - Math.floor(random() * 30_000)) : undefined);
      if (late) removals.lateCommits += 1;
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
  for (const id of active()) {
    const row = world.account.get('contact', id) ?? {};
    for (const field of [...FIELDS.map(([ns]) => ns), ...Object.values(PARDOT_OWNED_FIELDS)]) {
      const want = expected.get(key(id, field));
      const have = row[field];
      if (show(want) !== show(have)) ownership.push(`contact ${id} ${field}: ${JSON.stringify(have)}, rules say ${JSON.stringify(want)}`);
    }
  }
  const report = checkInvariants(world);
  // Records people removed are expected to be unlinked (or inactive) in NetSuite: not "lost".
  const removedLabels = [...gone].map((id) => `contact ${id} `);
  for (const list of [report.lost, report.queue, report.unexplained, report.failedExplained]) {
    for (let i = list.length - 1; i >= 0; i--) if (removedLabels.some((l) => (list[i] ?? '').startsWith(l))) list.splice(i, 1);
  }
  const resurrections: string[] = [];
  const nsContacts = world.account.all('contact');
  for (const dead of nsDeleted) {
    if (world.account.get('contact', dead.id) !== undefined) resurrections.push(`contact ${dead.id} is back in NetSuite`);
    // A contact whose Salesforce record was merged into the deleted contact's record follows that survivor
    // (SF_MERGED_RELINKED, when the survivor's NetSuite record was deleted before the pull read the merge): not a re-creation.
    const followsMerge = (c: Record<string, unknown>): boolean => sfRemoved.some((r) => r.merged && r.into === dead.sfId && String(r.id) === show(c.id));
    const again = nsContacts.filter((c) => !followsMerge(c) && (c[ENTITY_FIELDS.salesforceId] === dead.sfId || (dead.email !== '' && show(c.email).toLowerCase() === dead.email.toLowerCase())));
    for (const c of again) resurrections.push(`NetSuite contact ${show(c.id)} re-created from deleted contact ${dead.id}`);
  }
  for (const removed of sfRemoved) {
    const live = world.salesforce.allContacts().filter((c) => c.Id === removed.sfId || c.Oracle_netsuiteid__c === String(removed.id));
    if (!removed.merged && live.length > 0) resurrections.push(`Salesforce contact of ${removed.id} (deleted in Salesforce) is back: ${live.map((c) => show(c.Id)).join(', ')}`);
    if (removed.merged && live.some((c) => c.Id === removed.sfId)) resurrections.push(`merged-away Salesforce contact ${removed.sfId} is back`);
    const row = world.account.get('contact', removed.id);
    if (show(row?.[ENTITY_FIELDS.salesforceId]) === removed.sfId) resurrections.push(`contact ${removed.id} is still linked to removed ${removed.sfId}`);
    if (!removed.merged && row?.isinactive !== true) resurrections.push(`contact ${removed.id} deleted in Salesforce is not inactive in NetSuite`);
  }
  const conflictsLogged = world.account.all(LOG.type).filter((r) => show(r[LOG.reason]).startsWith('CONFLICT_')).length;

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
  return { seed, steps, edits, ownership, violations: violations(report), extraWrites: { salesforce: sfWrites, pardot: pdWrites }, removals, resurrections, conflictsLogged };
}
