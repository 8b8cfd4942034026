import type { RouteHandler } from './api-route';
import { problemResponse } from './problem';

/**
 * The other methods of a route that serves `allowed`: `notAllowed` answers 405 problem+json with
 * `Allow`, and `OPTIONS` 204 with `Allow`. Left to itself, Next answers an unexported method with an
 * empty 405 without `Allow`, and OPTIONS with 204 and an `Allow` that lists every exported method,
 * these 405 handlers included. Not 200: RFC 9110 §9.3.7 wants `Content-Length: 0` on a 200 with no
 * content, and Next.js drops a route's Content-Length and sends the empty body chunked. Imports
 * nothing Node-only, so the Edge route uses it too.
 */
export function otherMethods(...allowed: readonly string[]): {
  notAllowed: RouteHandler<unknown>;
  OPTIONS: RouteHandler<unknown>;
} {
  const allow = [...allowed, 'OPTIONS'].join(', ');
  return {
    notAllowed: async (request) =>
      problemResponse(request, 405, `${request.method} is not supported here`, { allow }),
    OPTIONS: async () => new Response(null, { status: 204, headers: { allow } }),
  };
}
