import type { PreconditionResult } from '@precond/core';

/** The result handed to a handler whose route declared no `loadValidators`. */
export const NOT_EVALUATED: PreconditionResult = Object.freeze({
  validators: undefined,
  evaluation: undefined,
  ignoreRange: false,
  writeCondition: undefined,
});
