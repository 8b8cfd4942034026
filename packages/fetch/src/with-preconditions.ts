import type { PreconditionOptions, PreconditionResult } from '@precond/core';
import type { AdapterRequest } from '@precond/core/adapter';
import { isPromiseLike } from '@precond/core/adapter';
import type { LoadedValidators } from './handling.js';
import { decideAfterHandler, decideBeforeHandler, decideOnError } from './handling.js';

/**
 * Loads the resource's current validators cheaply, before the handler renders anything. It gets
 * what the handler gets: the request and the runtime's further arguments (Bun's `server`,
 * a Worker's `env` and `ctx`, Next's `{ params }`).
 */
export type ValidatorsLoader<Req extends Request = Request, Rest extends unknown[] = []> = (
  request: Req,
  ...rest: Rest
) => LoadedValidators | Promise<LoadedValidators>;

/** Options for {@link withPreconditions}: core's shared options plus the validator-first way in. */
export interface FetchPreconditionOptions<Req extends Request = Request, Rest extends unknown[] = []>
  extends PreconditionOptions {
  /**
   * Validator-first: how to load the resource's validators. Return `undefined` (or `null`) when the
   * resource does not exist and this route cannot create it; the handler then runs and answers 404
   * (RFC 9110 §13.2.1: the 404 takes precedence over preconditions). Without it, GET/HEAD responses
   * are handled after the fact.
   */
  readonly loadValidators?: ValidatorsLoader<Req, Rest> | undefined;
}

/** A handler as `withPreconditions` takes it: the request, what precond decided, then the runtime's other arguments. */
export type PreconditionedHandler<Req extends Request = Request, Rest extends unknown[] = []> = (
  request: Req,
  precond: PreconditionResult,
  ...rest: Rest
) => Response | Promise<Response>;

/** A Fetch handler as a runtime calls it: `Deno.serve`, `Bun.serve`'s `fetch`, a Worker's `fetch`. */
export type FetchHandler<Req extends Request = Request, Rest extends unknown[] = []> = (
  request: Req,
  ...rest: Rest
) => Promise<Response>;

/**
 * Wraps a Fetch handler with HTTP conditional requests (RFC 9110 §13, RFC 6585 §3). Uses Fetch
 * `Request`/`Response` and Web Crypto only: runs on Node.js, Deno, Bun, Cloudflare Workers and
 * any Edge runtime.
 *
 * - With `loadValidators` (validator-first): evaluates the request against the loaded validators and
 *   answers 304, 412 or 428 without calling the handler; on proceed, calls it with the result as
 *   its second argument and, for GET/HEAD, adds `ETag` and `Last-Modified` unless it set its own.
 * - Without (after the fact): a 200 to GET/HEAD without an `ETag` gets a strong one hashed from its
 *   body when that body is buffered (built with `json()`/`text()`, or with a `Content-Length` up to
 *   `HASHED_LENGTH_LIMIT`, which is read whole); then 304 (or 412) when the request's
 *   conditions say so. Streamed bodies are never read.
 * - Either way, a `PreconditionFailedError` thrown by the handler becomes the same 412.
 *
 * The runtime's further arguments (`rest`) are handed to the loader and the handler as they come.
 *
 * @example
 * ```ts
 * Deno.serve(withPreconditions(
 *   (request, { writeCondition }) => json(store.put(request.url, writeCondition)),
 *   { requirePreconditions: true, loadValidators: (request) => store.validators(request.url) },
 * ));
 * ```
 */
export function withPreconditions<Req extends Request = Request, Rest extends unknown[] = []>(
  handler: PreconditionedHandler<Req, Rest>,
  options: FetchPreconditionOptions<Req, Rest> = {},
): FetchHandler<Req, Rest> {
  return (request, ...rest) => respondWithPreconditions(request, request, handler, options, rest);
}

/**
 * One request through {@link withPreconditions}: decided before the handler, the handler run, its
 * response decided after. For an adapter that reads the request its own way — `asRead`, the
 * request as core is to read it (`toAdapterRequest(request, contentCoding)` when its framework
 * codes responses and tags each coding apart) — and calls handlers of its own shape.
 */
export async function respondWithPreconditions<Req extends Request, Rest extends unknown[]>(
  request: Req,
  asRead: Request | AdapterRequest,
  handler: PreconditionedHandler<Req, Rest>,
  options: FetchPreconditionOptions<Req, Rest>,
  rest: Rest,
): Promise<Response> {
  const { loadValidators } = options;
  const load = loadValidators && (() => loadValidators(request, ...rest));
  const before = decideBeforeHandler(asRead, options, load);
  const { answer, handling } = isPromiseLike(before) ? await before : before;
  if (answer) return answer;
  let response: Response;
  try {
    response = await handler(request, handling.precond, ...rest);
  } catch (error) {
    const failed = decideOnError(handling, error, options);
    if (!failed) throw error;
    return failed;
  }
  return decideAfterHandler(handling, response, options);
}
