/**
 * @precond/hono — HTTP conditional requests done right for Hono: `preconditions()` middleware,
 * app-wide or per route, or `withPreconditions(handler)` as a route's one handler; validator-first
 * or after the fact, the result on `c.var.precond`. Built on `@precond/fetch`, every decision made
 * by `@precond/core`; no Node built-in, so it runs wherever Hono runs (Node.js, Deno, Bun,
 * Cloudflare Workers).
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
export type { LoadedValidators } from '@precond/fetch';
export type {
  HonoPreconditionOptions,
  PreconditionEnv,
  PreconditionVariables,
  ValidatorsLoader,
} from './preconditions.js';
export { preconditions } from './preconditions.js';
export { withPreconditions } from './with-preconditions.js';
