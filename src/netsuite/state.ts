/** Small named values kept between runs (the pull's high-water marks), one custom record per key. */
import * as record from 'N/record';
import * as search from 'N/search';
import { STATE } from '../ids';
import { asText } from './values';

export interface StateEntry {
  id: string;
  value: string | null;
}

/** The stored entry, or null: callers that read and then write pass it back to writeState (one search, not two). */
export function findState(key: string): StateEntry | null {
  const [result] = search.create({ type: STATE.type, filters: [['name', 'is', key]], columns: [STATE.value] }).run().getRange({ start: 0, end: 1 });
  return result === undefined ? null : { id: result.id, value: asText(result.getValue({ name: STATE.value })) };
}

export function readState(key: string): string | null {
  return findState(key)?.value ?? null;
}

/** `existing` is what findState returned for this key (undefined: look it up here). */
export function writeState(key: string, value: string, existing: StateEntry | null = findState(key)): void {
  if (existing !== null) {
    record.submitFields({ type: STATE.type, id: existing.id, values: { [STATE.value]: value } });
    return;
  }
  const entry = record.create({ type: STATE.type });
  entry.setValue({ fieldId: 'name', value: key });
  entry.setValue({ fieldId: STATE.value, value });
  entry.save();
}
