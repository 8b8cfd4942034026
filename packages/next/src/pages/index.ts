/**
 * @precond/next/pages — HTTP conditional requests done right for Next.js Pages Router API routes
 * (`pages/api/*`, Node.js runtime): `withPreconditionsApi(handler)`, validator-first or after the
 * fact, with every decision made by `@precond/core`. For App Router route handlers and the Edge
 * runtime, use `@precond/next`.
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
  ApiRouteHandler,
  ApiRoutePreconditionOptions,
  ApiValidatorsLoader,
  PreconditionedApiHandler,
} from './with-preconditions-api.js';
export { withPreconditionsApi } from './with-preconditions-api.js';
