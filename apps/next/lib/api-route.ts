import { problemForError } from '@precond/domain';
import { problemResponse } from './problem';

/** A route handler as Next calls it: the request and the route context (`{ params }`). */
export type RouteHandler<Ctx> = (request: Request, context: Ctx) => Promise<Response>;

/** The route context of an `[id]` route. */
export interface IdContext {
  readonly params: Promise<{ id: string }>;
}

/** The route context of a `[name]` route. */
export interface NameContext {
  readonly params: Promise<{ name: string }>;
}

/**
 * Every route's outermost layer, what Koa's `problemResponses()` and its `Cache-Control` middleware do:
 *
 * - every error is problem+json, as the domain's `problemForError` says: a storage outage is 503 with
 *   `Retry-After: 1` (never a silent 200), anything unexpected a 500 that is logged;
 * - reads are revalidated: a GET or HEAD response without a `Cache-Control` of its own gets `no-cache`.
 *   That covers the 304 `@precond/next` answers from the validators, which carries only `ETag` and
 *   `Last-Modified`, so it says what the 200 would.
 */
export function apiRoute<Ctx>(handler: RouteHandler<Ctx>): RouteHandler<Ctx> {
  return async (request, context) => {
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (error) {
      const { status, detail, headers } = problemForError(error);
      return problemResponse(request, status, detail, headers);
    }
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && !response.headers.has('cache-control')) response.headers.set('cache-control', 'no-cache');
    return response;
  };
}
