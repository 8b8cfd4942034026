import { problemResponse } from '@/lib/problem';

// Next.js answers a method outside RFC 9110's set (PROPFIND, PURGE…) to a route handler with an empty
// 400 before any route code runs. The proxy sees the request first, so such a method gets what every
// other error of the API gets: problem+json, here 501 Not Implemented (RFC 9110 §15.6.2).
const ROUTE_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function proxy(request: Request): Response | undefined {
  if (ROUTE_METHODS.has(request.method)) return undefined;
  return problemResponse(request, 501, `${request.method} is not supported here`);
}

// A matcher cannot test the method, so every API request pays one call of this function.
export const config = { matcher: '/api/:path*' };
