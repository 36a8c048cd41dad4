/**
 * `npx tsx test/bench/profile-push.ts [contacts]`: where the push's governance units go, by script and N/ call, for the
 * bench's initial sync and its edit storm (a development aid next to bench.ts; prints only).
 */
import { createWorld, drainPush } from '../scenarios/world';
import { prng } from '../support/prng';

const size = Number(process.argv[2] ?? 1000);
const random = prng(42);
const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const world = createWorld();
const { account, salesforce } = world;
Error.stackTraceLimit = 60;
const byKey: Record<string, number> = {};
const scriptOf = (): string => {
  const stack = new Error().stack ?? '';
  const script = /(crmsync_[a-z]+_[a-z_]+)\.js/.exec(stack)?.[1] ?? 'other';
  if (!process.env.DETAIL) return script;
  const frames = stack.split('\n').filter((l) => l.includes('crmsync_')).slice(0, 3).map((l) => /at (\S+)/.exec(l)?.[1] ?? '?');
  return `${script} [${frames.join(' < ')}]`;
};
let remaining = size;
const customers: number[] = [];
while (remaining > 0) {
  const r = random();
  const n = Math.min(remaining, r < 0.4 ? 1 : r < 0.7 ? between(2, 5) : r < 0.9 ? between(6, 15) : r < 0.98 ? between(16, 60) : between(100, 500));
  customers.push(n);
  remaining -= n;
}
const ids: number[] = [];
let index = 0;
for (const n of customers) {
  const customerId = Number(account.ui.create('customer', { companyname: `C ${index}`, subsidiary: world.subsidiary, currency: world.usd }).id);
  for (let i = 0; i < n; i++, index++) ids.push(Number(account.ui.create('contact', { firstname: 'B', lastname: `C ${index}`, email: `c${index}@bench.example`, company: customerId, subsidiary: world.subsidiary }).id));
}
const measure = (label: string, act: () => void): void => {
  for (const k of Object.keys(byKey)) delete byKey[k];
  const before = account.runs.length;
  salesforce.resetCounters();
  account.onGovernedCall = (_m, api, units) => { const k = `${scriptOf()} ${api}`; byKey[k] = (byKey[k] ?? 0) + units; };
  act();
  account.onGovernedCall = null;
  const runs = account.runs.slice(before);
  const mr = runs.filter((r) => r.scriptType === 'mapreducescript');
  const byEntry: Record<string, number> = {};
  for (const r of mr) byEntry[r.entryPoint] = (byEntry[r.entryPoint] ?? 0) + r.usage;
  const mrUnits = mr.reduce((s, r) => s + r.usage, 0);
  process.stdout.write(`\n== ${label}: MR units ${mrUnits} (${(mrUnits / size).toFixed(2)}/contact), SF calls ${salesforce.counters().apiCalls}; by entry ${JSON.stringify(byEntry)}\n`);
  for (const [k, n] of Object.entries(byKey).sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${String(n).padStart(7)} ${(n / size).toFixed(2)}  ${k}\n`);
  const kinds: Record<string, number> = {};
  for (const r of salesforce.counters().requests) {
    if (r.kind === 'token' || r.kind === 'versions') continue;
    const kind = r.kind === 'composite' ? `composite(${(r.subrequests ?? []).map((sub) => sub.kind).join(' + ')})` : r.kind;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  process.stdout.write(`  Salesforce requests by kind: ${JSON.stringify(kinds)}\n`);
};
measure('initial sync', () => { drainPush(world); });
world.advance(60 * 60_000);
measure('edit storm', () => {
  const edited = new Set<number>();
  while (edited.size < Math.round(size * 0.3)) edited.add(between(0, size - 1));
  for (const i of edited) account.ui.inlineEdit('contact', ids[i] ?? 0, random() >= 0.7 ? { title: `T ${i}` } : { comments: `N ${i}` });
  drainPush(world);
});
