import type { DecisionHook, Outcome } from '@precond/core';

/** The one method of a prom-client `Counter` (labelNames: outcome, by, method) this needs. */
export interface LabelledCounter {
  inc(labels: Record<string, string>): void;
}

/** A counter per outcome, way decided and method: the 412 rate is `precondition-failed` over the rest. */
export function countDecisions(counter: LabelledCounter): DecisionHook {
  return ({ outcome, by, method }) => counter.inc({ outcome, by, method });
}

/** The same without a metrics library: a count per outcome in a plain Map. */
export function decisionCounts(): { counts: Map<Outcome, number>; onDecision: DecisionHook } {
  const counts = new Map<Outcome, number>();
  return { counts, onDecision: ({ outcome }) => counts.set(outcome, (counts.get(outcome) ?? 0) + 1) };
}
