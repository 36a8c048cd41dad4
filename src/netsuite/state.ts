/** Small named values kept between runs (the pull's high-water marks), one custom record per key. */
import * as record from 'N/record';
import * as search from 'N/search';
import { STATE } from '../ids';
import { asText } from './values';

function find(key: string): { id: string; value: string | null } | null {
  const [result] = search.create({ type: STATE.type, filters: [['name', 'is', key]], columns: [STATE.value] }).run().getRange({ start: 0, end: 1 });
  return result === undefined ? null : { id: result.id, value: asText(result.getValue({ name: STATE.value })) };
}

export function readState(key: string): string | null {
  return find(key)?.value ?? null;
}

export function writeState(key: string, value: string): void {
  const existing = find(key);
  if (existing !== null) {
    record.submitFields({ type: STATE.type, id: existing.id, values: { [STATE.value]: value } });
    return;
  }
  const entry = record.create({ type: STATE.type });
  entry.setValue({ fieldId: 'name', value: key });
  entry.setValue({ fieldId: STATE.value, value });
  entry.save();
}
