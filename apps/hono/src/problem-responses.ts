import { httpProblem, isPreconditionFailed, PROBLEM_CONTENT_TYPE } from '@precond/core';
import { problemForError } from '@precond/domain';
import type { Context, ErrorHandler, Handler, NotFoundHandler } from 'hono';

/** An RFC 9457 problem+json response. */
export function problem(
  c: Context,
  status: number,
  detail: string,
  fields: Record<string, string> = {},
): Response {
  const url = new URL(c.req.url);
  return new Response(JSON.stringify(httpProblem(status, detail, url.pathname + url.search)), {
    status,
    headers: { ...fields, 'cache-control': 'no-store', 'content-type': PROBLEM_CONTENT_TYPE },
  });
}

/** A route's answer to a method it does not serve: 405 with `Allow` (`app.all()` after its methods). */
export function methodNotAllowed(allow: readonly string[]): Handler {
  return (c) => problem(c, 405, `${c.req.method} is not supported here`, { allow: allow.join(', ') });
}

/** A path no route serves. */
export const noRoute: NotFoundHandler = (c) => problem(c, 404, 'There is no resource at this path');

/**
 * Every error is problem+json, as the domain's `problemForError` says (a storage outage is 503,
 * anything unexpected a 500 that is logged). A lost race (the domain's `PreconditionFailedError`)
 * reaches here first, as every error a Hono handler throws does: `preconditions()` answers it with
 * the 412 once this returns, so it is neither logged nor shaped here.
 */
export const problemResponses: ErrorHandler = (error, c) => {
  if (isPreconditionFailed(error)) return c.body(null, 412);
  const { status, headers, detail } = problemForError(error);
  return problem(c, status, detail, { ...headers });
};
