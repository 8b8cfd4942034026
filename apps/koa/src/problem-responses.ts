import { httpProblem, PROBLEM_CONTENT_TYPE } from '@precond/core';
import { problemForError } from '@precond/domain';
import type { Context, Middleware } from 'koa';

/** Answers with an RFC 9457 problem+json body. */
export function sendProblem(ctx: Context, status: number, detail: string): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = PROBLEM_CONTENT_TYPE;
  ctx.body = JSON.stringify(httpProblem(status, detail, ctx.originalUrl));
}

function exposedStatus(error: unknown): number | undefined {
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

/**
 * Every error is problem+json: Koa's and the router's own 404/405/501 and exposed 4xx errors with
 * their status, the rest as the domain's `problemForError` says (a storage outage is 503, anything
 * unexpected a 500 that is logged).
 */
export function problemResponses(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) sendProblem(ctx, 404, 'There is no resource at this path');
      // The router's 405 and 501 leave the body empty (or its status text): give them a problem body too.
      else if (
        (ctx.status === 405 || ctx.status === 501) &&
        (ctx.body == null || typeof ctx.body === 'string')
      ) {
        sendProblem(ctx, ctx.status, `${ctx.method} is not supported here`);
      }
    } catch (error) {
      const exposed = exposedStatus(error);
      if (exposed !== undefined) return sendProblem(ctx, exposed, (error as Error).message);
      const { status, detail, headers } = problemForError(error);
      sendProblem(ctx, status, detail);
      ctx.set(headers);
    }
  };
}
