import type { PreconditionOptions, PreconditionResult } from '@precond/core';
import { isPromiseLike, shouldGenerateEntityTag } from '@precond/core/adapter';
import type { Handling, LoadedValidators } from '@precond/fetch/adapter';
import {
  decideAfterHandler,
  decideBeforeHandler,
  decideOnError,
  withoutValidatorFields,
} from '@precond/fetch/adapter';
import type { Context, Env, Input, MiddlewareHandler } from 'hono';
import { carryRecordedBody, recordBodies } from './recorded-bodies.js';
import { supersedeOuter, takeOver } from './taking.js';
import { toAdapterRequest } from './to-adapter-request.js';
import { answerInContext, replaceResponse } from './to-hono-response.js';

/** The variables `preconditions()` sets, for `c.var` / `c.get()` in the handlers after it. */
export interface PreconditionVariables {
  /**
   * What precond decided for the handler: the write condition to hand the store, the evaluation,
   * whether to ignore `Range`. Every field `undefined` after the fact, or when the loader found nothing.
   */
  readonly precond: PreconditionResult;
}

/** The Hono environment `preconditions()` adds to: `{ Variables: { precond } }`. */
export interface PreconditionEnv {
  Variables: PreconditionVariables;
}

/**
 * Loads the resource's current validators cheaply, before the handler renders anything, from the
 * route's context (`c.req.param()`, `c.env` are there).
 */
export type ValidatorsLoader<E extends Env = Env, P extends string = string> = (
  c: Context<E, P>,
) => LoadedValidators | Promise<LoadedValidators>;

/** Options for {@link preconditions}: core's shared options plus the Hono way in. */
export interface HonoPreconditionOptions<E extends Env = Env, P extends string = string>
  extends PreconditionOptions {
  /**
   * Validator-first: how to load the resource's validators. Return `undefined` (or `null`) when the
   * resource does not exist and this route cannot create it; the handler then runs and answers 404
   * (RFC 9110 §13.2.1: the 404 takes precedence over preconditions). Without it, the middleware
   * works after the fact on GET/HEAD/QUERY responses.
   */
  readonly loadValidators?: ValidatorsLoader<E, P> | undefined;
}

/**
 * Hono middleware for HTTP conditional requests (RFC 9110 §13, RFC 6585 §3), app-wide
 * (`app.use(preconditions())`) or per route (`app.put('/notes/:id', preconditions({ … }), handler)`),
 * built on `@precond/fetch`: no Node built-in, so it runs wherever Hono runs.
 *
 * - With `loadValidators` (validator-first): evaluates the request against the loaded validators and
 *   answers 304, 412 or 428 without calling the handler; on proceed, sets `c.var.precond` and, for
 *   GET/HEAD, adds `ETag` and `Last-Modified` to `c.res` unless the handler set its own.
 * - Without (after the fact): a 200 to GET/HEAD/QUERY whose body the handler gave `c.json`, `c.text`,
 *   `c.html` (a string) or `c.body` (a string or bytes) gets a strong ETag hashed from those bytes, then
 *   304 (or 412) when the request's conditions say so. Streams (`c.body(stream)`, `stream()`) are never read.
 * - A `PreconditionFailedError` the handler throws becomes the same 412 (Hono hands it to `app.onError`
 *   first; the middleware then answers in its place).
 * - With an app-wide and a per-route `preconditions()`, the route's decides.
 *
 * @example
 * ```ts
 * app.patch('/notes/:id',
 *   preconditions({ requirePreconditions: true, loadValidators: (c) => db.validators(c.req.param('id')) }),
 *   async (c) => c.json(await db.update(c.req.param('id'), await c.req.json(), c.var.precond.writeCondition)));
 * ```
 */
export function preconditions<E extends Env = Env, P extends string = string, I extends Input = Input>(
  options: HonoPreconditionOptions<E, P> = {},
): MiddlewareHandler<E & PreconditionEnv, P, I> {
  const { loadValidators } = options;
  return async (c, next) => {
    supersedeOuter(c);
    const load = loadValidators && (() => loadValidators(c as unknown as Context<E, P>));
    const before = decideBeforeHandler(toAdapterRequest(c), options, load);
    const { answer, handling } = isPromiseLike(before) ? await before : before;
    if (answer) {
      answerInContext(c, answer);
      return;
    }
    const own = takeOver(c);
    c.set('precond', handling.precond);
    // Validator-first: the validators' fields as defaults the handler's own `c.header()` replaces, on
    // every response it makes through `c`.
    const fields = handling.validatorFields;
    for (const name in fields) c.header(name, fields[name]);
    if (isTaggedAfterTheFact(c.req.method, handling, options)) recordBodies(c);
    await next();
    if (own.superseded) return;
    const completed = completeResponse(c, handling, options);
    if (completed) await completed;
  };
}

/** Whether the handler's body may be hashed: after the fact, a retrieval, generation on. */
export function isTaggedAfterTheFact(
  method: string,
  handling: Handling,
  options: PreconditionOptions,
): boolean {
  return (
    handling.validatorFields === undefined &&
    shouldGenerateEntityTag(method, { status: 200 }, options.etagGeneration)
  );
}

/**
 * After the handler: the 412 for its `PreconditionFailedError`, or its response completed by
 * precond — a promise only when there is something to wait for (an after-the-fact hash).
 */
function completeResponse(
  c: Context,
  handling: Handling,
  options: PreconditionOptions,
): Promise<void> | undefined {
  const fields = handling.validatorFields;
  if (c.error) {
    const failed = decideOnError(handling, c.error, options);
    if (failed) {
      c.error = undefined;
      answerInContext(c, failed);
    } else if (fields !== undefined) {
      // The error handler's answer went through `c`, with the validators' fields set before.
      replaceResponse(c, withoutValidatorFields(c.res, fields));
    }
    return;
  }
  if (fields === undefined) carryRecordedBody(c, c.res);
  else replaceResponse(c, withoutValidatorFields(c.res, fields));
  const after = decideAfterHandler(handling, c.res, options);
  if (isPromiseLike(after)) return Promise.resolve(after).then((response) => replaceResponse(c, response));
  replaceResponse(c, after);
  return undefined;
}
