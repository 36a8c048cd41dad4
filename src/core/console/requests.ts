/** What a console POST or a "Sync now" GET asks for, validated before anything touches a record. */
import type { NsRecordType } from '../model';
import { ROLES } from '../../ids';

export interface RecordRef {
  recordType: NsRecordType;
  id: string;
}

export type ConsoleAction =
  | { kind: 'retry_selected'; selections: RecordRef[]; invalid: string[] }
  | { kind: 'resolve_selected'; selections: RecordRef[]; invalid: string[]; note: string }
  /** "Retry these N": every record the posted error-list filter matches (or every failed record), in the background. */
  | { kind: 'retry_matching'; everything: boolean }
  | { kind: 'install_searches' }
  | { kind: 'import_salesforce' }
  | { kind: 'full_sync' }
  | { kind: 'invalid'; message: string };

/** Most records one "Retry selected" takes (a Suitelet has 1,000 units; re-arming costs 2–11 each). */
export const MAX_SELECTIONS = 200;

const SELECTION = /^retry_(contact|customer)_(\d{1,12})$/;

export function parseConsoleAction(parameters: Readonly<Record<string, string | undefined>>): ConsoleAction {
  const action = parameters.action ?? '';
  if (action === 'retry_matching') return { kind: 'retry_matching', everything: false };
  if (action === 'retry_all') return { kind: 'retry_matching', everything: true };
  if (action === 'install_searches') return { kind: 'install_searches' };
  if (action === 'import_salesforce') return { kind: 'import_salesforce' };
  if (action === 'full_sync') return { kind: 'full_sync' };
  if (action !== 'retry_selected' && action !== 'resolve_selected') return { kind: 'invalid', message: 'Unknown action: nothing was changed.' };
  const selections: RecordRef[] = [];
  const invalid: string[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (!key.startsWith('retry_') || value === undefined || value === '' || value === 'F') continue;
    const match = SELECTION.exec(key);
    if (match === null || value !== 'T') {
      invalid.push(key.slice(0, 60));
      continue;
    }
    selections.push({ recordType: match[1] === 'customer' ? 'customer' : 'contact', id: String(Number(match[2])) });
  }
  const verb = action === 'retry_selected' ? 'Retry selected' : 'Resolve selected';
  if (selections.length === 0 && invalid.length === 0) return { kind: 'invalid', message: `Select at least one failed record, then click "${verb}".` };
  if (selections.length > MAX_SELECTIONS) return { kind: 'invalid', message: `Select at most ${MAX_SELECTIONS} records at a time, or filter the list and use "Retry these N".` };
  if (action === 'resolve_selected') return { kind: 'resolve_selected', selections, invalid, note: (parameters.note ?? '').replace(/\s+/g, ' ').trim().slice(0, 300) };
  return { kind: 'retry_selected', selections, invalid };
}

/** GET ?action=syncnow|pullnow&recordtype=contact&id=12 from the record's "Sync now" / "Update from Salesforce" buttons. */
export function parseSyncNow(parameters: Readonly<Record<string, string | undefined>>, action: 'syncnow' | 'pullnow' = 'syncnow'): RecordRef | { error: string } | null {
  if (parameters.action !== action) return null;
  const type = parameters.recordtype ?? '';
  const id = parameters.id ?? '';
  if (type !== 'contact' && type !== 'customer') return { error: 'Sync now works on contacts and customers only.' };
  if (!/^\d{1,12}$/.test(id)) return { error: 'The record id must be a number.' };
  return { recordType: type, id: String(Number(id)) };
}

/**
 * Administrator (role 3) and the bundle's CRM Sync Administrator role always; other roles when their internal id
 * or script id is listed in the deployment parameter.
 */
export function mayRetry(role: { id: number; scriptId: string }, allowedRoles: string | null): boolean {
  const scriptId = role.scriptId.toLowerCase();
  if (role.id === 3 || scriptId === 'administrator' || scriptId === ROLES.admin) return true;
  const allowed = (allowedRoles ?? '').split(/[\s,;]+/).map((r) => r.trim().toLowerCase()).filter((r) => r !== '');
  return allowed.includes(String(role.id)) || allowed.includes(role.scriptId.toLowerCase());
}
