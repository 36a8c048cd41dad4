/**
 * FaultRule evaluation (contract in ../http.ts). A rule counts the calls it matches; it fires on matching calls
 * nth … nth+times-1 and is spent after that. Faults run before authentication, like a proxy or platform failure.
 */
import type { EmulatedHttpRequest, EmulatedHttpResponse, FaultRule } from '../http';

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
}

export type FaultOutcome = { kind: 'none' } | { kind: 'respond'; response: EmulatedHttpResponse } | { kind: 'timeout' };

export class FaultInjector {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.length;
  }

  /** Every matching rule advances its counter; the first one in range decides the outcome. */
  evaluate(request: EmulatedHttpRequest): FaultOutcome {
    let outcome: FaultOutcome = { kind: 'none' };
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.match && !rule.match(request)) continue;
      active.seen += 1;
      const first = rule.nth ?? 1;
      const last = first + (rule.times ?? 1) - 1;
      if (outcome.kind === 'none' && active.seen >= first && active.seen <= last) {
        outcome = rule.respond === 'timeout' ? { kind: 'timeout' } : { kind: 'respond', response: cloneResponse(rule.respond) };
      }
    }
    this.rules = this.rules.filter((a) => a.seen < (a.rule.nth ?? 1) + (a.rule.times ?? 1) - 1);
    return outcome;
  }
}

function cloneResponse(response: EmulatedHttpResponse): EmulatedHttpResponse {
  return { code: response.code, headers: { ...response.headers }, body: response.body };
}
