import type { PreconditionResponse } from '@precond/core/adapter';
import { isDroppedFromPreconditionResponse } from '@precond/core/adapter';
import type { Context } from 'hono';

/**
 * Makes `response` the context's response as it is. Hono's `c.res` setter copies the fields of the
 * response it replaces onto the new one (a handler's `Content-Length` would land on a 304), so the
 * old one is cleared first. Nothing is done when `response` already is the context's.
 */
export function replaceResponse(c: Context, response: Response): void {
  if (response === c.res) return;
  c.res = undefined;
  c.res = response;
}

/**
 * Makes `answer` — a 304, 412 or 428 (or 400) precond sends in place of the handler's — the
 * context's response, with the fields the context holds already that core's rule keeps for its
 * status: those middleware before precond set through `c.header()` or `c.res` (`cors()`'s
 * `Access-Control-Allow-Origin`, without which a browser hides a 412 from the page; a request id), or
 * an error response's. The answer's own fields win.
 */
export function answerInContext(c: Context, answer: Response): void {
  let own: Set<string> | undefined;
  const status = answer.status as PreconditionResponse['status'];
  for (const [name, value] of c.res.headers) {
    if (isDroppedFromPreconditionResponse(status, name)) continue;
    own ??= new Set(answer.headers.keys());
    if (own.has(name)) continue;
    answer.headers.append(name, value);
  }
  replaceResponse(c, answer);
}
