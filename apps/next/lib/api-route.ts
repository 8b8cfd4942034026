import { ResourceNotFoundError, StorageUnavailableError } from '@precond/domain';
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
 * - every error is problem+json: a storage outage is 503 with `Retry-After: 1` (never a silent 200),
 *   anything unexpected a 500 that is logged;
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
      if (error instanceof StorageUnavailableError) {
        return problemResponse(request, 503, 'The database is unavailable; try again shortly', {
          'retry-after': '1',
        });
      }
      if (error instanceof ResourceNotFoundError) return problemResponse(request, 404, error.message);
      console.error(error);
      return problemResponse(request, 500, 'An unexpected error occurred');
    }
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && !response.headers.has('cache-control')) response.headers.set('cache-control', 'no-cache');
    return response;
  };
}
