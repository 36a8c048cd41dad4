import { clampBatchSize, coalesce, groupWrites, planBatches } from '../../src/core/batching';
import type { WorkItem } from '../../src/core/model';

function contact(id: number, customer: number | null, changedAt = '2026-01-01T00:00:00.000Z', queueId: string | null = `q${id}`): WorkItem {
  return { queueId, recordType: 'contact', recordId: String(id), customerId: customer === null ? null : String(customer), operation: 'upsert', attempts: 0, externalId: null, changedAt };
}

function customerOf(items: readonly WorkItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.customerId ?? 'none', (counts.get(item.customerId ?? 'none') ?? 0) + 1);
  return counts;
}

describe('planBatches', () => {
  it('splits a customer with 40 contacts into 3 requests of at most 15', () => {
    const items = Array.from({ length: 40 }, (_, i) => contact(i + 1, 7));
    const batches = planBatches(items, 15, 'run');
    expect(batches.map((b) => b.items.length)).toEqual([15, 15, 10]);
    expect(new Set(batches.flatMap((b) => b.items.map((i) => i.recordId))).size).toBe(40);
  });

  it('lets small customers share a request instead of costing one each', () => {
    const items = [1, 2, 3, 4, 5, 6].flatMap((customer) => [contact(customer * 10, customer), contact(customer * 10 + 1, customer)]);
    const batches = planBatches(items, 15, 'run');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.items).toHaveLength(12);
  });

  it('never puts more than the batch size in a request, whatever the mix', () => {
    const sizes = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 144];
    let id = 1;
    const items = sizes.flatMap((size, customer) => Array.from({ length: size }, () => contact(id++, customer)));
    for (const size of [1, 5, 15, 40]) {
      const batches = planBatches(items, size, 'run');
      const limit = clampBatchSize(size);
      for (const batch of batches) {
        expect(batch.items.length).toBeLessThanOrEqual(limit);
        for (const count of customerOf(batch.items).values()) expect(count).toBeLessThanOrEqual(limit);
      }
      expect(batches.reduce((n, b) => n + b.items.length, 0)).toBe(items.length);
    }
  });

  it('gives each batch a stable, unique key', () => {
    const items = Array.from({ length: 31 }, (_, i) => contact(i + 1, 1));
    const keys = planBatches(items, 15, 'push-x-C').map((b) => b.key);
    expect(keys).toEqual(['push-x-C-00001', 'push-x-C-00002', 'push-x-C-00003']);
  });
});

describe('clampBatchSize', () => {
  it.each([[0, 1], [1, 1], [7.9, 7], [15, 15], [16, 15], [Number.NaN, 15]])('%p → %p', (input, expected) => {
    expect(clampBatchSize(input)).toBe(expected);
  });
});

describe('coalesce', () => {
  it('keeps one item per record, the newest change, with its queue entry', () => {
    const older = contact(1, 1, '2026-01-01T00:00:00.000Z');
    const cascade = { ...contact(1, 1, '', null), changedAt: null };
    const items = coalesce([older, cascade, contact(2, 1)]);
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.recordId === '1')).toMatchObject({ queueId: 'q1', changedAt: '2026-01-01T00:00:00.000Z' });
  });
});

describe('groupWrites', () => {
  it('puts up to four writes in a batch, each write still ≤ 15 contacts, every contact once', () => {
    // 40 single-contact customers and one of 50: writes of 15, grouped.
    const items = [...Array.from({ length: 40 }, (_, i) => contact(i + 1, i + 1)), ...Array.from({ length: 50 }, (_, i) => contact(100 + i, 500))];
    const groups = groupWrites(planBatches(items, 15, 'C'), 4, 'C');
    for (const group of groups) {
      expect(group.writes.length).toBeLessThanOrEqual(4);
      expect(group.writes.every((n) => n <= 15)).toBe(true);
      expect(group.writes.reduce((a, b) => a + b, 0)).toBe(group.items.length);
    }
    expect(groups.flatMap((g) => g.items.map((i) => i.recordId)).sort()).toEqual(items.map((i) => i.recordId).sort());
    expect(groups.length).toBeLessThan(planBatches(items, 15, 'C').length);
  });

  it('never puts chunks of two big customers in one batch (their lanes stay apart)', () => {
    const items = [...Array.from({ length: 45 }, (_, i) => contact(i + 1, 1)), ...Array.from({ length: 45 }, (_, i) => contact(100 + i, 2))];
    const groups = groupWrites(planBatches(items, 15, 'C'), 4, 'C');
    for (const group of groups) expect(new Set(group.items.map((i) => i.customerId)).size).toBe(1);
    expect(groups.map((g) => g.writes)).toEqual([[15, 15, 15], [15, 15, 15]]);
  });

  it("fills the room of a customer's one-batch lane with small customers' writes: fewer batches, nobody behind a big customer", () => {
    // A customer of 20 contacts (two writes) and 30 single-contact customers: four writes, one batch.
    const items = [...Array.from({ length: 20 }, (_, i) => contact(i + 1, 1)), ...Array.from({ length: 30 }, (_, i) => contact(100 + i, 100 + i))];
    const groups = groupWrites(planBatches(items, 15, 'C'), 4, 'C');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.writes.reduce((a, b) => a + b, 0)).toBe(50);
    // A customer of 100 contacts (seven writes, a lane of two batches) keeps its batches to itself.
    const big = [...Array.from({ length: 100 }, (_, i) => contact(i + 1, 1)), ...Array.from({ length: 30 }, (_, i) => contact(1000 + i, 1000 + i))];
    const bigGroups = groupWrites(planBatches(big, 15, 'C'), 4, 'C');
    for (const group of bigGroups) {
      if (!group.items.some((i) => i.customerId === '1')) continue;
      // Every write of its batches holds its contacts (planBatches may pack small customers beside its last chunk).
      let start = 0;
      for (const size of group.writes) {
        expect(group.items.slice(start, start + size).some((i) => i.customerId === '1')).toBe(true);
        start += size;
      }
    }
    expect(bigGroups.flatMap((g) => g.items.map((i) => i.recordId)).sort()).toEqual(big.map((i) => i.recordId).sort());
  });

  it("does not fill a batch whose lane reaches further (another big customer's remainder shares one of its writes)", () => {
    // A: 20 contacts (15 + 5), B: 40 (15, 15, 10); A's 5 pack beside B's 10, so A's and B's batches form one lane.
    const items = [
      ...Array.from({ length: 20 }, (_, i) => contact(i + 1, 1)),
      ...Array.from({ length: 40 }, (_, i) => contact(100 + i, 2)),
      ...Array.from({ length: 10 }, (_, i) => contact(1000 + i, 1000 + i)),
    ];
    const groups = groupWrites(planBatches(items, 15, 'C'), 4, 'C');
    for (const group of groups) {
      const customers = new Set(group.items.map((i) => i.customerId));
      if (customers.has('1') || customers.has('2')) expect([...customers].every((c) => c === '1' || c === '2')).toBe(true);
    }
  });
});
