/** Pardot users by lower-cased email, kept in N/cache: sales reps map to users on every batch. */
import * as cache from 'N/cache';
import { CACHE } from '../ids';
import type { PardotClient } from '../pardot/client';

export function pardotUsers(client: PardotClient): Map<string, number> {
  const store = cache.getCache({ name: CACHE.name, scope: cache.Scope.PROTECTED });
  const json = store.get({ key: CACHE.pardotUsersKey, ttl: 300, loader: () => JSON.stringify(client.users().map((u) => [u.email.toLowerCase(), u.id])) });
  return new Map(JSON.parse(json ?? '[]') as [string, number][]);
}
