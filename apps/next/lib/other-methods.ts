import type { RouteHandler } from './api-route';
import { problemResponse } from './problem';

/**
 * The other methods of a route that serves `allowed`: `notAllowed` answers 405 problem+json with
 * `Allow`, and `OPTIONS` 200 with `Allow`, as Koa's router does. Left to itself, Next answers an
 * unexported method with an empty 405 without `Allow`, and OPTIONS with 204 and an `Allow` that lists
 * every exported method, these 405 handlers included. Imports nothing Node-only, so the Edge route
 * uses it too.
 */
export function otherMethods(...allowed: readonly string[]): {
  notAllowed: RouteHandler<unknown>;
  OPTIONS: RouteHandler<unknown>;
} {
  const allow = [...allowed, 'OPTIONS'].join(', ');
  return {
    notAllowed: async (request) =>
      problemResponse(request, 405, `${request.method} is not supported here`, { allow }),
    OPTIONS: async () => new Response(null, { status: 200, headers: { allow, 'content-length': '0' } }),
  };
}
