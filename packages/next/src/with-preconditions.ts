import type { PreconditionResult } from '@precond/core';
import type { FetchPreconditionOptions, ValidatorsLoader as FetchValidatorsLoader } from '@precond/fetch';
import { respondWithPreconditions, toAdapterRequest } from '@precond/fetch/adapter';
import { toCodedResponse } from './coded-response.js';
import { responseCoding } from './content-coding.js';

/**
 * Loads the resource's current validators cheaply, before the handler renders anything. It gets
 * what the handler gets: the request and the route context (`{ params }` in Next.js).
 */
export type ValidatorsLoader<Req extends Request = Request, Ctx = unknown> = FetchValidatorsLoader<
  Req,
  [Ctx]
>;

/**
 * Options for {@link withPreconditions}: `@precond/fetch`'s (core's shared options and
 * `loadValidators`, given the request and the route context) plus Next's compression.
 */
export interface RoutePreconditionOptions<Req extends Request = Request, Ctx = unknown>
  extends FetchPreconditionOptions<Req, [Ctx]> {
  /**
   * Whether Next.js compresses responses (its `compress` setting, on by default). Then every
   * GET/HEAD 200 and 304 carries `Vary: Accept-Encoding` and the tag of the coding the request
   * negotiated, `"<etag>-gzip"` (RFC 9110 §8.8.3: one strong tag per representation); the body is
   * left for Next to code (a body coded here would be coded twice). Set `false` where nothing
   * compresses, or a proxy does.
   * @defaultValue true
   */
  readonly compress?: boolean | undefined;
}

/** A route handler as `withPreconditions` takes it: Next's two arguments, then the precondition result. */
export type PreconditionedHandler<Req extends Request = Request, Ctx = unknown> = (
  request: Req,
  context: Ctx,
  precond: PreconditionResult,
) => Response | Promise<Response>;

/** A route handler as Next.js (or any Fetch runtime) calls it. */
export type RouteHandler<Req extends Request = Request, Ctx = unknown> = (
  request: Req,
  context: Ctx,
) => Promise<Response>;

/**
 * Wraps an App Router route handler with HTTP conditional requests (RFC 9110 §13): `@precond/fetch`'s
 * `withPreconditions`, with Next's two arguments and its compression (see `compress`). Uses Fetch
 * `Request`/`Response` and Web Crypto only, so it runs on the Node.js and Edge runtimes alike.
 *
 * - With `loadValidators` (validator-first): evaluates the request against the loaded validators and
 *   answers 304, 412 or 428 without calling the handler; on proceed, calls it with the result as a
 *   third argument and, for GET/HEAD, adds `ETag` and `Last-Modified` unless it set its own.
 * - Without (after the fact): a 200 to GET/HEAD without an `ETag` gets a strong one hashed from its
 *   body when that body is buffered (built with `json()`/`text()`, or with a `Content-Length` up to
 *   1 MiB); then 304 (or 412) when the request's conditions say so. Streamed bodies are left alone.
 * - Either way, a `PreconditionFailedError` thrown by the handler becomes the same 412.
 *
 * `Req` and `Ctx` are whatever the handler declares, so `context.params` keeps the type Next gives
 * it (`Promise<{ id: string }>`), and the result is assignable to Next's route handler type.
 *
 * @example
 * ```ts
 * export const PATCH = withPreconditions(
 *   async (request, { params }: { params: Promise<{ id: string }> }, { writeCondition }) =>
 *     json(await db.update((await params).id, await request.json(), writeCondition)),
 *   { requirePreconditions: true, loadValidators: async (_, { params }) => db.validators((await params).id) },
 * );
 * ```
 */
export function withPreconditions<Req extends Request = Request, Ctx = unknown>(
  handler: PreconditionedHandler<Req, Ctx>,
  options: RoutePreconditionOptions<Req, Ctx> = {},
): RouteHandler<Req, Ctx> {
  const run = (request: Req, precond: PreconditionResult, context: Ctx) => handler(request, context, precond);
  return async (request, context) => {
    const coding = responseCoding(request.headers, options.compress);
    // Core compares If-None-Match with the tag of the coding this response goes out in.
    const asRead = toAdapterRequest(request, coding);
    const response = await respondWithPreconditions(request, asRead, run, options, [context]);
    return coding === undefined ? response : toCodedResponse(response, coding);
  };
}
