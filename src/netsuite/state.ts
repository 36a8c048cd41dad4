/**
 * Small named values kept between runs (the pull's high-water marks, the run locks), one custom record per key.
 * Two runs may look for a missing key at once; `ensureState` makes sure they end up on the same record.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import { STATE } from '../ids';
import { errorName } from '../core/errors';
import { asText } from './values';

export interface StateEntry {
  id: string;
  value: string | null;
}

function entries(key: string, end: number): StateEntry[] {
  return search.create({
    type: STATE.type,
    filters: [['name', 'is', key]],
    columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC }), STATE.value],
  }).run().getRange({ start: 0, end }).map((r) => ({ id: r.id, value: asText(r.getValue({ name: STATE.value })) }));
}

/**
 * The stored entry, or null: callers that read and then write pass it back to writeState (one search, not two).
 * When a key has several records (made before ensureState existed), the oldest is the key's: every reader agrees.
 */
export function findState(key: string): StateEntry | null {
  return entries(key, 1)[0] ?? null;
}

export function readState(key: string): string | null {
  return findState(key)?.value ?? null;
}

/**
 * The key's record, created if missing — never two: a run that created one and then finds an older record for the
 * key retires its own (renames it, so the key names one record; renaming needs only the Edit permission the
 * integration role has) and uses the older one. Internal ids of a record type grow in creation order, so every run
 * that searches after its own create sees the oldest (a guess from NetSuite's sequential internal ids; the Help
 * Center documents no uniqueness constraint on a custom record's name). About 26 units when it creates.
 */
export function ensureState(key: string): StateEntry {
  const found = findState(key);
  if (found !== null) return found;
  const entry = record.create({ type: STATE.type });
  entry.setValue({ fieldId: 'name', value: key });
  const created = String(entry.save());
  const oldest = findState(key);
  if (oldest === null || oldest.id === created) return { id: created, value: null };
  record.submitFields({ type: STATE.type, id: created, values: { name: `retired ${created}: ${key}`.slice(0, 300) } });
  return oldest;
}

/** `existing` is what findState returned for this key (undefined: look it up here). */
export function writeState(key: string, value: string, existing: StateEntry | null = findState(key)): void {
  const entry = existing ?? ensureState(key);
  record.submitFields({ type: STATE.type, id: entry.id, values: { [STATE.value]: value } });
}

/**
 * Compare-and-set: loads the entry, asks `next` for the new value (null: leave it), and saves. A save that finds
 * the record changed since the load (RCRD_HAS_BEEN_CHANGED) is retried on a fresh load, so `next` always decides
 * on the value that is really stored. Returns the value stored afterwards. 6 units per attempt.
 */
export function updateState(entry: StateEntry, next: (current: string | null) => string | null): string | null {
  for (let attempt = 1; ; attempt++) {
    const loaded = record.load({ type: STATE.type, id: entry.id });
    const current = asText(loaded.getValue({ fieldId: STATE.value }));
    const value = next(current);
    if (value === null || value === current) return current;
    loaded.setValue({ fieldId: STATE.value, value });
    try {
      loaded.save();
      return value;
    } catch (error) {
      if (errorName(error) !== 'RCRD_HAS_BEEN_CHANGED' || attempt >= 5) throw error;
    }
  }
}

/** An entry's value by its id (1 unit); null when it is empty or the record is gone. */
export function readStateById(id: string): string | null {
  const fields = search.lookupFields({ type: STATE.type, id, columns: [STATE.value] });
  return asText(fields[STATE.value]);
}
