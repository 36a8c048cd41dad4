/**
 * The org health facts (Contact and Account describe, Pardot business unit check), kept in N/cache so runs share
 * one reading per cache lifetime instead of describing the org on every batch. Only a complete reading is kept:
 * after a failed describe the next run asks again.
 */
import * as cache from 'N/cache';
import { CACHE } from '../ids';
import type { OrgFacts } from '../core/health';

/** Fifteen minutes: an admin's fix in Salesforce shows within one scheduled run (N/cache's minimum is 300 s). */
const TTL_SECONDS = 900;

function store(): cache.Cache {
  return cache.getCache({ name: CACHE.name, scope: cache.Scope.PROTECTED });
}

/** The cached facts, else `read()` (which calls Salesforce and Pardot); a complete reading is cached. */
export function orgFacts(read: () => OrgFacts): OrgFacts {
  const cached = store().get({ key: CACHE.orgFactsKey });
  if (cached !== null && cached !== '') return JSON.parse(cached) as OrgFacts;
  const facts = read();
  if (facts.contact !== null && facts.account !== null) {
    store().put({ key: CACHE.orgFactsKey, value: JSON.stringify(facts), ttl: TTL_SECONDS });
  }
  return facts;
}

/** The cached facts without asking Salesforce (the console never spends API calls on them); null when none. */
export function cachedOrgFacts(): OrgFacts | null {
  const cached = store().get({ key: CACHE.orgFactsKey });
  return cached !== null && cached !== '' ? (JSON.parse(cached) as OrgFacts) : null;
}

/** Drops the cached facts (the console's "Check again"). */
export function forgetOrgFacts(): void {
  store().remove({ key: CACHE.orgFactsKey });
}
