/** Normalising field values as NetSuite gives them (checkboxes come back as booleans or 'T'/'F', selects as ids or [{ value }]). */
import type { FieldValue } from './model';

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
