/**
 * One-time results of the record buttons, kept in the signed-in user's NetSuite session (runtime.Session: "set and
 * get user-defined objects for the current user session", Oracle Help Center, N/runtime Module), the same place the
 * console's request-token secret lives. The Suitelet keeps one under a random key (N/crypto/random.generateUUID)
 * and redirects to the record with that key; the record's beforeLoad takes it and clears it, so a reload or a copied
 * URL shows nothing. runtime.Session has no delete: a taken entry is set to ''. Assumed, as for the token: that the
 * Suitelet and the record's user event see the same session of the same user. 0 units.
 */
import * as random from 'N/crypto/random';
import * as runtime from 'N/runtime';
import { parseActionResult, serializeActionResult, validResultKey, type ActionResult } from '../core/console/action-result';
import type { Notice } from '../core/console/view-model';

const PREFIX = 'crmsync_result_';

/** Keeps the result; returns its key for the redirect. */
export function keepActionResult(result: ActionResult): string {
  const key = random.generateUUID().replace(/-/g, '').toLowerCase();
  runtime.getCurrentSession().set({ name: `${PREFIX}${key}`, value: serializeActionResult(result) });
  return key;
}

/** Takes (and clears) the result kept under this key for this record; null for an unknown, used or malformed key. */
export function takeActionResult(key: unknown, recordType: string, id: string): Notice | null {
  if (!validResultKey(key)) return null;
  const session = runtime.getCurrentSession();
  const name = `${PREFIX}${key}`;
  const stored = session.get({ name }) as string | null;
  const notice = parseActionResult(typeof stored === 'string' ? stored : null, recordType, id);
  if (notice !== null) session.set({ name, value: '' });
  return notice;
}
