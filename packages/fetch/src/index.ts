/**
 * @precond/fetch — HTTP conditional requests done right for any Fetch handler
 * (`(request: Request, …) => Response`): `withPreconditions(handler)`, validator-first or after the
 * fact, with every decision made by `@precond/core`. Imports no Node built-in: runs on Node.js,
 * Deno, Bun, Cloudflare Workers and Edge runtimes.
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
export { HASHED_LENGTH_LIMIT } from './buffered-body.js';
export type { LoadedValidators } from './handling.js';
export { json, text } from './json.js';
export type {
  FetchHandler,
  FetchPreconditionOptions,
  PreconditionedHandler,
  ValidatorsLoader,
} from './with-preconditions.js';
export { withPreconditions } from './with-preconditions.js';
