import type { PreconditionOptions } from '@precond/core';
import { isPromiseLike } from '@precond/core/adapter';
import type { BeforeHandler, Handling } from '@precond/fetch/adapter';
import { decideAfterHandler, decideBeforeHandler, decideOnError } from '@precond/fetch/adapter';
import type { Context, Env, Handler, Input, Next } from 'hono';
import type { HonoPreconditionOptions, PreconditionEnv } from './preconditions.js';
import { isTaggedAfterTheFact } from './preconditions.js';
import { carryRecordedBody, recordBodies } from './recorded-bodies.js';
import { supersedeOuter } from './taking.js';
import { toAdapterRequest } from './to-adapter-request.js';
import { answerInContext } from './to-hono-response.js';

/**
 * Wraps a route's handler with HTTP conditional requests: what
 * `app.get(path, preconditions(options), handler)` does, as the route's one handler. It costs less
 * per request than the route middleware: Hono runs a route whose only handler this is without
 * composing a chain, and when the loader and the handler answer without a promise, so does this.
 *
 * The handler sees `c.var.precond`. Validator-first, its GET/HEAD 2xx gets `ETag`, `Last-Modified`
 * and the `cacheFields` it did not set itself (a 404, a redirect or an error gets none: it describes
 * no representation they name). A `PreconditionFailedError` it throws becomes the 412; any other
 * error goes on to Hono (`app.onError`). An app-wide `preconditions()` leaves the route to it.
 *
 * @example
 * ```ts
 * app.get('/notes/:id', withPreconditions(
 *   async (c) => c.json(await db.get(c.req.param('id'))),
 *   { loadValidators: (c) => db.validators(c.req.param('id')) },
 * ));
 * ```
 */
export function withPreconditions<
  P extends string = string,
  E extends Env = Env,
  I extends Input = Input,
  A extends Response = Response,
>(
  handler: Handler<E & PreconditionEnv, P, I, A | Promise<A>>,
  options: HonoPreconditionOptions<E, P> = {},
): Handler<E, P, I, A | Promise<A>> {
  const { loadValidators } = options;
  return (honoContext, next) => {
    const c = honoContext as unknown as Context<E & PreconditionEnv, P, I>;
    supersedeOuter(c);
    const load = loadValidators && (() => loadValidators(c as unknown as Context<E, P>));
    const before = decideBeforeHandler(toAdapterRequest(c), options, load);
    return isPromiseLike(before)
      ? Promise.resolve(before).then((decided) => proceed(c, decided, handler, next, options))
      : proceed(c, before, handler, next, options);
  };
}

/** Precond's answer, or the handler's response completed: a promise only when something was one. */
function proceed<E extends Env, P extends string, I extends Input, A extends Response>(
  c: Context<E & PreconditionEnv, P, I>,
  { answer, handling }: BeforeHandler,
  handler: Handler<E & PreconditionEnv, P, I, A | Promise<A>>,
  next: Next,
  options: PreconditionOptions,
): A | Promise<A> {
  if (answer) return standIn<A>(c, answer);
  c.set('precond', handling.precond);
  if (isTaggedAfterTheFact(c.req.method, handling, options)) recordBodies(c);
  let produced: A | Promise<A>;
  try {
    produced = handler(c, next);
  } catch (error) {
    return failed<A>(c, handling, error, options);
  }
  if (!isPromiseLike(produced)) return complete(c, handling, produced, options);
  return Promise.resolve(produced).then(
    (response) => complete(c, handling, response, options),
    (error: unknown) => failed<A>(c, handling, error, options),
  );
}

/** The handler's response as precond completes it (validators added, or tagged and evaluated). */
function complete<A extends Response>(
  c: Context,
  handling: Handling,
  response: A,
  options: PreconditionOptions,
): A | Promise<A> {
  if (handling.validatorFields === undefined) carryRecordedBody(c, response);
  const completed = decideAfterHandler(handling, response, options);
  return (isPromiseLike(completed) ? Promise.resolve(completed) : completed) as A | Promise<A>;
}

/** The 412 for a `PreconditionFailedError` the handler threw; any other error is thrown on to Hono. */
function failed<A>(c: Context, handling: Handling, error: unknown, options: PreconditionOptions): A {
  const answer = decideOnError(handling, error, options);
  if (!answer) throw error;
  return standIn<A>(c, answer);
}

/**
 * A 304, 412 or 428 precond sends in place of the handler's answer (typed as the handler's, for
 * Hono's RPC types), with the fields middleware before the route set (see `answerInContext`). The
 * route's first handler had nothing before it, and its answer goes out as it is: reading `c.res`
 * builds a response, which costs more than the rest of a 304.
 */
function standIn<A>(c: Context, answer: Response): A {
  if (c.req.routeIndex === 0) return answer as A;
  answerInContext(c, answer);
  return c.res as A;
}
