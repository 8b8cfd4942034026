import { decodeJsonBody, MAX_BODY_BYTES, readBodyBytes } from '@precond/domain';
import type { Middleware } from 'koa';
import { sendProblem } from './problem-responses.js';
import type { AppState } from './state.js';

/**
 * Reads the request body as JSON onto `ctx.state.body` (its bytes onto `ctx.state.content`): 413, 415
 * and 400 before anything else runs.
 */
export function jsonRequest(): Middleware<AppState> {
  return async (ctx, next) => {
    const declared = ctx.request.length;
    const bytes =
      declared !== undefined && declared > MAX_BODY_BYTES ? undefined : await readBodyBytes(ctx.req);
    const result = decodeJsonBody(
      {
        method: ctx.method,
        contentType: ctx.get('Content-Type'),
        contentEncoding: ctx.get('Content-Encoding'),
      },
      bytes,
    );
    if (!result.ok) {
      sendProblem(ctx, result.status, result.detail);
      if (result.status === 413) ctx.set('Connection', 'close');
      return;
    }
    ctx.state.body = result.value;
    ctx.state.content = result.content;
    await next();
  };
}
