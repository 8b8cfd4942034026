/**
 * @precond/express — HTTP conditional requests done right for Express: `preconditions()`
 * middleware, validator-first or after the fact, with every decision made by `@precond/core`.
 *
 * @module
 */

export type {
  DecidedBy,
  Decision,
  DecisionContext,
  DecisionHook,
  EntityTagGeneration,
  Evaluation,
  IdempotencyKeyRequirement,
  PreconditionOptions,
  PreconditionResult,
  ProblemContext,
  ProblemDetails,
  ProblemHook,
  Validators,
  WriteCondition,
} from '@precond/core';
export { isPreconditionFailed, PreconditionFailedError } from '@precond/core';
export type { ExpressPreconditionOptions, ValidatorsLoader } from './preconditions.js';
export { preconditionErrors, preconditions } from './preconditions.js';
