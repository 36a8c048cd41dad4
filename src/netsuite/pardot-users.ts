/** Pardot users by lower-cased email, kept in N/cache: sales reps map to users on every batch. */
import * as cache from 'N/cache';
import { CACHE } from '../ids';

/** `load` lists the users (a Pardot call) only when the cache has none. */
export function pardotUsers(load: () => readonly { id: number; email: string }[]): Map<string, number> {
  const store = cache.getCache({ name: CACHE.name, scope: cache.Scope.PROTECTED });
  const json = store.get({ key: CACHE.pardotUsersKey, ttl: 300, loader: () => JSON.stringify(load().map((u) => [u.email.toLowerCase(), u.id])) });
  return new Map(JSON.parse(json ?? '[]') as [string, number][]);
}
