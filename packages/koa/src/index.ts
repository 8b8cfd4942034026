/**
 * @precond/koa — HTTP conditional requests done right for Koa: `preconditions()` middleware,
 * validator-first or after the fact, with every decision made by `@precond/core`.
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
export type {
  KoaPreconditionOptions,
  PreconditionState,
  ValidatorsLoader,
} from './preconditions.js';
export { preconditions } from './preconditions.js';
