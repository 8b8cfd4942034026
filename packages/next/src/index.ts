/**
 * @precond/next — HTTP conditional requests done right for Next.js App Router route handlers (and
 * any Fetch runtime): `withPreconditions(handler)`, validator-first or after the fact, with every
 * decision made by `@precond/core`. Imports no Node built-in, so it runs on the Edge runtime too.
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
  PreconditionOptions,
  PreconditionResult,
  ProblemContext,
  ProblemDetails,
  ProblemHook,
  Validators,
  WriteCondition,
} from '@precond/core';
export { isPreconditionFailed, PreconditionFailedError } from '@precond/core';
export { HASHED_LENGTH_LIMIT } from './buffered-body.js';
export { json, text } from './json.js';
export type {
  PreconditionedHandler,
  RouteHandler,
  RoutePreconditionOptions,
  ValidatorsLoader,
} from './with-preconditions.js';
export { withPreconditions } from './with-preconditions.js';
