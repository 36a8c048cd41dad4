/** Usage-unit costs and budgets (api-facts §3.1/§3.2, from Oracle's unit-testing stubs and the Help Center). */
import { ERR, nsError, type SuiteScriptError } from './errors';
import type { RecordCategory } from './schema';

export const RECORD_COSTS: Record<'load' | 'create' | 'copy' | 'submitFields' | 'transform' | 'save' | 'delete', Record<RecordCategory, number>> = {
  load: { transaction: 10, custom: 2, other: 5 },
  create: { transaction: 10, custom: 2, other: 5 },
  copy: { transaction: 10, custom: 2, other: 5 },
  transform: { transaction: 10, custom: 2, other: 5 },
  submitFields: { transaction: 10, custom: 2, other: 5 },
  save: { transaction: 20, custom: 4, other: 10 },
  delete: { transaction: 20, custom: 4, other: 10 },
};

export const COSTS = {
  'record.attach': 10,
  'record.detach': 10,
  'search.lookupFields': 1,
  'search.load': 5,
  'search.save': 5,
  'search.delete': 5,
  'search.duplicates': 10,
  'search.global': 10,
  'ResultSet.each': 10,
  'ResultSet.getRange': 10,
  'Search.runPaged': 5,
  'PagedData.fetch': 5,
  'https.request': 10,
  'task.submit': 20,
  'cache.get': 1,
  'cache.getMiss': 2,
  'cache.put': 1,
  'cache.remove': 1,
  'certificate.createSigner': 10,
  'certificate.createVerifier': 10,
  'email.send': 20,
  'email.sendBulk': 10,
  'query.runSuiteQL': 10,
  'redirect.toSearchResult': 5,
  // N/file, each from its Help Center page (Governance row): File.save() 20 units, file.load(options) 10 units,
  // file.delete(options) 20 units; file.create(options), File.getContents() and File.appendLine(options) "None".
  'File.save': 20,
  'file.load': 10,
  'file.delete': 20,
} as const;

export type BudgetKey = 'userevent' | 'suitelet' | 'restlet' | 'scheduled' | 'getInputData' | 'map' | 'reduce' | 'summarize';

/** Documented budgets; an account copies them (AccountProfile.budgets), so a test can lower one for one account. */
export const BUDGETS: Readonly<Record<BudgetKey, number>> = Object.freeze({
  userevent: 1_000,
  suitelet: 1_000,
  restlet: 5_000,
  scheduled: 10_000,
  getInputData: 10_000,
  map: 1_000,
  reduce: 5_000,
  summarize: 10_000,
});

export interface MeteredCall {
  api: string;
  units: number;
}

/**
 * Counts units for one invocation. Once it is dead (budget exceeded, or an injected restart) every later N/ call
 * throws again, so a script that catches SSS_USAGE_LIMIT_EXCEEDED still cannot carry on.
 */
export class Meter {
  used = 0;
  governedCalls = 0;
  readonly calls: MeteredCall[] = [];
  dead: SuiteScriptError | undefined;

  readonly limit: number;
  private readonly abortAfterGovernedCalls?: number | undefined;
  private readonly observer: ((meter: Meter, api: string, units: number) => void) | null;
  constructor(limit: number, abortAfterGovernedCalls?: number, observer: ((meter: Meter, api: string, units: number) => void) | null = null) {
    this.limit = limit;
    this.abortAfterGovernedCalls = abortAfterGovernedCalls;
    this.observer = observer;
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  assertAlive(): void {
    if (this.dead) throw this.dead;
  }

  charge(api: string, units: number): void {
    this.assertAlive();
    if (units <= 0) return;
    if (this.used + units > this.limit) {
      this.dead = ERR.usageExceeded();
      throw this.dead;
    }
    this.used += units;
    this.governedCalls++;
    this.calls.push({ api, units });
    this.observer?.(this, api, units);
  }

  /** Called after a governed call completed: the injected restart hits here, so the call's effects stay done. */
  completed(): void {
    if (this.abortAfterGovernedCalls !== undefined && this.governedCalls >= this.abortAfterGovernedCalls && !this.dead) {
      this.dead = nsError('SSS_APP_SERVER_RESTART', 'The application server restarted while the script was running.', { fatal: true });
      throw this.dead;
    }
  }
}
