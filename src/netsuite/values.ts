/** Normalising what N/search and N/record return (checkboxes come back as booleans or 'T'/'F'). */
import type * as search from 'N/search';
import type { FieldValue } from '../core/model';

export function asBoolean(value: unknown): boolean {
  return value === true || value === 'T';
}

export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : asText((value[0] as { value?: unknown }).value ?? value[0]);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function asFieldValue(value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (value instanceof Date) return value.toISOString();
  return asText(value);
}

export function resultValue(result: search.Result, field: string): unknown {
  return result.getValue({ name: field });
}

/** Field values as submitFields takes them: a blank clears the field. */
export function submittable(values: Readonly<Record<string, FieldValue>>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(values)) out[key] = value ?? '';
  return out;
}
