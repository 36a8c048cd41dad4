/**
 * Packs contact work into Salesforce requests of at most `batchSize` (≤ 15) contacts, so no request ever
 * carries more than 15 contacts of one customer — the point where Oracle's connector times out — while small
 * customers share requests instead of costing one each.
 */
import { MAX_CONTACTS_PER_REQUEST, type WorkItem } from './model';

export interface Batch {
  key: string;
  items: WorkItem[];
}

export function clampBatchSize(requested: number, cap: number = MAX_CONTACTS_PER_REQUEST): number {
  if (!Number.isFinite(requested)) return cap;
  return Math.min(cap, Math.max(1, Math.floor(requested)));
}

/**
 * Accounts per map batch: one collection upsert carries up to 200 records (sObject Collections), and the 15-record cap
 * is about contacts. A map invocation has 1,000 units and each Account costs about 5 of them here (its write-back, which
 * also closes its queued change), so 50 leave room for the batch's reads, its log row and a sign-in. With Pardot on, each individual
 * customer also costs a Pardot call (10 units), so Account batches stay at the contact size then.
 */
export const ACCOUNTS_PER_BATCH = 50;

/** Keeps the newest item per record (several changes of one record collapse into one sync). */
export function coalesce(items: readonly WorkItem[]): WorkItem[] {
  const byRecord = new Map<string, WorkItem>();
  for (const item of items) {
    const key = `${item.recordType}:${item.recordId}`;
    const seen = byRecord.get(key);
    if (seen === undefined) {
      byRecord.set(key, item);
      continue;
    }
    const newer = (item.changedAt ?? '') > (seen.changedAt ?? '') ? item : seen;
    // Keep the queue entry's id and the record's own queued change whichever item is newer, so both get closed.
    const onRecord = newer.queuedOnRecord === true || seen.queuedOnRecord === true || item.queuedOnRecord === true;
    byRecord.set(key, { ...newer, queueId: newer.queueId ?? seen.queueId ?? item.queueId, ...(onRecord ? { queuedOnRecord: true } : {}) });
  }
  return [...byRecord.values()];
}

/**
 * Groups by customer, splits big customers into chunks of `batchSize`, then first-fit packs the chunks
 * (largest first) so several small customers share one request. Deterministic for a given input.
 */
export function planBatches(items: readonly WorkItem[], batchSize: number, keyPrefix: string, cap: number = MAX_CONTACTS_PER_REQUEST): Batch[] {
  const size = clampBatchSize(batchSize, cap);
  const byCustomer = new Map<string, WorkItem[]>();
  for (const item of items) {
    const group = item.customerId ?? `none:${item.recordId}`;
    const list = byCustomer.get(group) ?? [];
    list.push(item);
    byCustomer.set(group, list);
  }
  const chunks: WorkItem[][] = [];
  for (const group of [...byCustomer.keys()].sort()) {
    const list = (byCustomer.get(group) ?? []).sort((a, b) => Number(a.recordId) - Number(b.recordId));
    for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  }
  chunks.sort((a, b) => b.length - a.length);
  const bins: WorkItem[][] = [];
  for (const chunk of chunks) {
    const bin = bins.find((b) => b.length + chunk.length <= size);
    if (bin === undefined) bins.push([...chunk]);
    else bin.push(...chunk);
  }
  return bins.map((binItems, index) => ({ key: `${keyPrefix}-${String(index + 1).padStart(5, '0')}`, items: binItems }));
}

/** A unit of work of several Salesforce writes: `writes` are the sizes of its consecutive writes (each ≤ the cap). */
export interface WriteGroup extends Batch {
  writes: number[];
}

/**
 * Contact writes per unit of work (one map/reduce invocation runs it): the NetSuite reads, the log row and the queue
 * check of a batch are made once for all its writes, which stay one Salesforce request of ≤ 15 contacts each, sent one
 * after another. Four writes (60 contacts) cost about 600 units without Pardot, well within a reduce invocation's 5,000.
 */
export const WRITES_PER_GROUP = 4;

/**
 * Groups writes into units of up to `perGroup`. The writes holding chunks of a customer whose contacts span several
 * writes group only with that customer's other chunks, so two big customers never end up in one group (their lanes
 * would merge and run one after the other). Writes of small customers (one write each) then fill the room left in the
 * groups of customers whose writes all fit in one group — a lane of one batch, which runs beside the others, so nobody
 * waits behind a big customer — and the rest group among themselves. Every group costs its reads, log row and checks
 * once, so fewer, fuller groups cost fewer units per contact.
 */
export function groupWrites(bins: readonly Batch[], perGroup: number, keyPrefix: string): WriteGroup[] {
  const per = Math.max(1, perGroup);
  const binsOf = new Map<string, number>();
  for (const bin of bins) {
    for (const customer of new Set(bin.items.map((i) => i.customerId ?? `none:${i.recordId}`))) binsOf.set(customer, (binsOf.get(customer) ?? 0) + 1);
  }
  const affinity = (bin: Batch): string => bin.items.map((i) => i.customerId ?? `none:${i.recordId}`).find((c) => (binsOf.get(c) ?? 0) > 1) ?? '';
  const groups: { bins: Batch[]; alone: boolean }[] = [];
  const openGroup = new Map<string, { bins: Batch[]; alone: boolean }>();
  const free: Batch[] = [];
  for (const bin of bins) {
    const own = affinity(bin);
    if (own === '') {
      free.push(bin);
      continue;
    }
    const open = openGroup.get(own);
    if (open !== undefined && open.bins.length < per) {
      open.bins.push(bin);
      continue;
    }
    const group = { bins: [bin], alone: false };
    groups.push(group);
    openGroup.set(own, group);
  }
  // Alone: every customer with several writes in this group has all its writes here (a lane of this one batch).
  for (const group of groups) {
    const inGroup = new Map<string, number>();
    for (const bin of group.bins) for (const customer of new Set(bin.items.map((i) => i.customerId ?? `none:${i.recordId}`))) inGroup.set(customer, (inGroup.get(customer) ?? 0) + 1);
    group.alone = [...inGroup].every(([customer, n]) => (binsOf.get(customer) ?? 0) <= 1 || binsOf.get(customer) === n);
  }
  let next = 0;
  for (const group of groups.filter((g) => g.alone)) while (group.bins.length < per && next < free.length) group.bins.push(free[next++] as Batch);
  for (; next < free.length; next += per) groups.push({ bins: free.slice(next, next + per), alone: true });
  return groups.map((group, index) => ({
    key: `${keyPrefix}-${String(index + 1).padStart(5, '0')}`,
    items: group.bins.flatMap((b) => b.items),
    writes: group.bins.map((b) => b.items.length),
  }));
}
