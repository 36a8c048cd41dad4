/**
 * Prospects whose stored email is not in lower case, by the lower-cased address: one State record per address
 * (customrecord_crmsync_state, name `pardot-email:<address>`, value the prospect ids, lowest first).
 *
 * Pardot stores an email as it was given (an import, a form: `Ada@Example.com`) and matches it case-sensitively
 * (upsertLatestByEmail; the v5 `email` query's treatment of case is not documented), and no documented call finds a
 * prospect whatever the case of its address. The Pardot pull reads every prospect once (its first mark is the epoch)
 * and then every prospect that changes, so it writes these entries; the per-record push reads them when Pardot's
 * exact and lower-case lookups find nothing, and checks each id against Pardot before using it (an entry outlives a
 * later change of the prospect's email or its deletion).
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { STATE } from '../ids';
import { normaliseEmail } from '../core/mapping/email';
import { or, type Filters } from './record-reader';
import { asText } from './values';

const PREFIX = 'pardot-email:';
/** The value field holds 300 characters: this many ids fit in it whatever their length. */
const MAX_IDS = 20;

const keyOf = (email: string): string => `${PREFIX}${email}`;

function parseIds(value: string | null): number[] {
  return (value ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

/** The entries of these lower-cased addresses: address → {record id, prospect ids}. One search per 200 addresses. */
function entries(emails: readonly string[]): Map<string, { id: string; ids: number[] }> {
  const found = new Map<string, { id: string; ids: number[] }>();
  for (let i = 0; i < emails.length; i += 200) {
    const clauses: Filters[] = emails.slice(i, i + 200).map((e) => ['name', 'is', keyOf(e)]);
    if (clauses.length === 0) continue;
    search.create({ type: STATE.type, filters: or(clauses), columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC }), 'name', STATE.value] })
      .run().each((result) => {
        const name = asText(result.getValue({ name: 'name' })) ?? '';
        const email = name.startsWith(PREFIX) ? name.slice(PREFIX.length).toLowerCase() : null;
        // The oldest record of a key is the key's (as in state.ts).
        if (email !== null && !found.has(email)) found.set(email, { id: result.id, ids: parseIds(asText(result.getValue({ name: STATE.value }))) });
        return true;
      });
  }
  return found;
}

/** Prospect ids recorded for these lower-cased addresses (in another case). */
export function prospectsInOtherCase(emails: readonly string[]): Map<string, number[]> {
  const unique = [...new Set(emails.map(normaliseEmail))].filter((e) => keyOf(e).length <= 300);
  return new Map([...entries(unique)].map(([email, entry]) => [email, entry.ids]));
}

/**
 * Records the prospects of a pull batch whose email is not in lower case (a lower-case one is found by Pardot's own
 * lookup). One search, then a write only for an address or id not yet recorded (about 6 units each).
 */
export function rememberProspectsInOtherCase(prospects: readonly { id: number; email: string | null }[]): void {
  const mixed = prospects.filter((p): p is { id: number; email: string } => p.email !== null && p.email.trim() !== normaliseEmail(p.email));
  if (mixed.length === 0) return;
  const byEmail = new Map<string, number[]>();
  for (const p of mixed) {
    const email = normaliseEmail(p.email);
    if (keyOf(email).length <= 300) byEmail.set(email, [...(byEmail.get(email) ?? []), p.id]);
  }
  const stored = entries([...byEmail.keys()]);
  for (const [email, ids] of byEmail) {
    const entry = stored.get(email);
    const merged = [...new Set([...(entry?.ids ?? []), ...ids])].sort((a, b) => a - b).slice(0, MAX_IDS);
    if (entry !== undefined && merged.join(',') === entry.ids.join(',')) continue;
    if (entry !== undefined) {
      record.submitFields({ type: STATE.type, id: entry.id, values: { [STATE.value]: merged.join(',') } });
      continue;
    }
    const created = record.create({ type: STATE.type });
    created.setValue({ fieldId: 'name', value: keyOf(email) });
    created.setValue({ fieldId: STATE.value, value: merged.join(',') });
    created.save();
  }
}
