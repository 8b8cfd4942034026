/**
 * @precond/next — HTTP conditional requests done right for Next.js App Router route handlers:
 * `withPreconditions(handler)`, validator-first or after the fact, `@precond/fetch`'s wrapper with
 * Next's arguments and compression; every decision made by `@precond/core`. Imports no Node built-in, so it runs on the Edge runtime too.
 * Pages Router API routes: `@precond/next/pages`.
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
export { HASHED_LENGTH_LIMIT, json, text } from '@precond/fetch';
export type {
  PreconditionedHandler,
  RouteHandler,
  RoutePreconditionOptions,
  ValidatorsLoader,
} from './with-preconditions.js';
export { withPreconditions } from './with-preconditions.js';
