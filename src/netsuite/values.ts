/** Reading N/search results and writing submitFields values; the normalising rules themselves are the core's. */
import type * as search from 'N/search';
import type { FieldValue } from '../core/model';

export { asBoolean, asFieldValue, asText } from '../core/field-values';

export function resultValue(result: search.Result, field: string): unknown {
  return result.getValue({ name: field });
}

/** Field values as submitFields takes them: a blank clears the field. */
export function submittable(values: Readonly<Record<string, FieldValue>>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(values)) out[key] = value ?? '';
  return out;
}
