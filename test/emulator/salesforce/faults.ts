/** Applies FaultRules (test/emulator/http.ts) ahead of normal handling. */
import type { EmulatedHttpRequest, FaultRule } from '../http';

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  get pending(): number {
    return this.rules.length;
  }

  /**
   * Every matching rule counts the call (so `nth` means "the nth matching call" regardless of other rules);
   * the first rule in its firing window answers it. Exhausted rules are dropped.
   */
  check(request: EmulatedHttpRequest): FaultRule['respond'] | undefined {
    let answer: FaultRule['respond'] | undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.match && !rule.match(request)) continue;
      active.seen += 1;
      const nth = rule.nth ?? 1;
      const times = rule.times ?? 1;
      if (answer === undefined && active.seen >= nth && active.seen < nth + times) answer = rule.respond;
    }
    this.rules = this.rules.filter((a) => a.seen < (a.rule.nth ?? 1) + (a.rule.times ?? 1) - 1);
    return answer;
  }
}
