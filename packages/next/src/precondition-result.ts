import type { Evaluation, ValidatorDecision, Validators } from '@precond/core';

/**
 * What a wrapped handler receives as its third argument: the outcome of validator-first evaluation
 * when the request proceeds.
 */
export interface PreconditionResult {
  /**
   * The validators the request was evaluated against — `undefined` when the route declared no
   * `validators` loader, or the loader found no resource. Write with a compare-and-set against
   * `validators.etag`: the tag the request's conditions were checked against.
   */
  readonly validators: Validators | undefined;
  /** The evaluation (`outcome: 'proceed'`), or `undefined` when there was nothing to evaluate. */
  readonly evaluation: Extract<Evaluation, { outcome: 'proceed' }> | undefined;
  /** `true` when If-Range failed: ignore `Range` and send the full representation (RFC 9110 §13.1.5). */
  readonly ignoreRange: boolean;
}

/** The result handed to a handler whose route declared no `validators`. */
export const NOT_EVALUATED: PreconditionResult = Object.freeze({
  validators: undefined,
  evaluation: undefined,
  ignoreRange: false,
});

/** The result of a validator-first decision to proceed. */
export function toPreconditionResult(
  decision: Extract<ValidatorDecision, { action: 'proceed' }>,
): PreconditionResult {
  return {
    validators: decision.validators,
    evaluation: decision.evaluation,
    ignoreRange: decision.evaluation?.ignoreRange ?? false,
  };
}
