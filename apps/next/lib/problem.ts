import { httpProblem, PROBLEM_CONTENT_TYPE } from '@precond/core';

/**
 * An RFC 9457 problem+json response; `instance` is the request's path and query, as in precond's 412
 * and 428. Imports nothing Node-only, so the Edge route uses it too.
 */
export function problemResponse(
  request: Request,
  status: number,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  const { pathname, search } = new URL(request.url);
  return new Response(JSON.stringify(httpProblem(status, detail, pathname + search)), {
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
  });
}

/** 404 for a resource that does not exist (or whose id is not one). */
export function notFound(request: Request, what: string): Response {
  return problemResponse(request, 404, `There is no ${what}`);
}
