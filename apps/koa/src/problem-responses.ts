import { httpProblem, PROBLEM_CONTENT_TYPE } from '@precond/core';
import { ResourceNotFoundError, StorageUnavailableError } from '@precond/domain';
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
 * Every error is problem+json: a storage outage is 503 (never a silent 200), Koa's and the
 * router's own 404/405/501 get a problem body, anything unexpected a 500 that is logged.
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
      if (error instanceof StorageUnavailableError) {
        sendProblem(ctx, 503, 'The database is unavailable; try again shortly');
        ctx.set('Retry-After', '1');
        return;
      }
      if (error instanceof ResourceNotFoundError) {
        sendProblem(ctx, 404, error.message);
        return;
      }
      const status = exposedStatus(error);
      if (status !== undefined) {
        sendProblem(ctx, status, (error as Error).message);
        return;
      }
      console.error(error);
      sendProblem(ctx, 500, 'An unexpected error occurred');
    }
  };
}
