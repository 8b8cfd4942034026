/**
 * @precond/fastify — HTTP conditional requests done right for Fastify: the `precond` plugin,
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
export type { FastifyPreconditionOptions, RoutePreconditionOptions, ValidatorsLoader } from './plugin.js';
export { precond } from './plugin.js';
export {
  notModifiedSchema,
  preconditionFailedSchema,
  preconditionRequiredSchema,
  preconditionSchemas,
} from './schemas.js';
