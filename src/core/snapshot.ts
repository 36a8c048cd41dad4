/**
 * The merge base of a linked record: per Salesforce field, a fingerprint of the last value both NetSuite and
 * Salesforce held after a committed write on both sides. The push sends only the fields NetSuite changed since
 * it; the pull applies only the fields Salesforce changed since it; a field changed on both sides is a conflict
 * decided by its owner. A fingerprint is enough to see a change; the values a conflict reports are the two
 * current ones, which both sides still hold.
 */
import { payloadHash } from './hash';
import type { FieldValue } from './model';

/** Salesforce field name → fingerprint of the agreed value. */
export type Snapshot = Readonly<Record<string, string>>;

const VERSION = 'v1';

/** The text a field value compares as on both sides: blank, null and false are the same "empty". */
export function comparable(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A short fingerprint of one value (10 hex digits: a change detector, not a guard). */
export function fieldHash(value: unknown): string {
  return payloadHash(comparable(value)).slice(-10);
}

export function snapshotOf(values: Readonly<Record<string, FieldValue | undefined>>): Snapshot {
  const snapshot: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) if (value !== undefined) snapshot[field] = fieldHash(value);
  return snapshot;
}

/** Stored form: `v1:` + canonical JSON (≈ 30 characters per field). */
export function serializeSnapshot(snapshot: Snapshot): string {
  const sorted = Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${VERSION}:${JSON.stringify(sorted)}`;
}

/** Null for a record with no snapshot yet (never synced, or synced before snapshots were kept). */
export function parseSnapshot(text: string | null | undefined): Snapshot | null {
  if (typeof text !== 'string' || !text.startsWith(`${VERSION}:`)) return null;
  try {
    const parsed: unknown = JSON.parse(text.slice(VERSION.length + 1));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    return Object.fromEntries(entries);
  } catch {
    return null;
  }
}

/** Whether this side's value differs from the agreed one (a field the snapshot does not know counts as changed). */
export function changedSince(snapshot: Snapshot, field: string, value: unknown): boolean {
  return snapshot[field] !== fieldHash(value);
}

/** The snapshot after a committed write of `values` (the fields not written keep their agreed fingerprint). */
export function withValues(snapshot: Snapshot | null, values: Readonly<Record<string, FieldValue | undefined>>): Snapshot {
  return { ...(snapshot ?? {}), ...snapshotOf(values) };
}

/** How a conflict message shows a value: quoted, and cut so a log row stays readable. */
export function shown(value: unknown): string {
  const text = comparable(value);
  if (text === '') return '(blank)';
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}
