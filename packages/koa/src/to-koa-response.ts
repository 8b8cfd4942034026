import type { PreconditionResponse } from '@precond/core/adapter';
import { isDroppedFromPreconditionResponse } from '@precond/core/adapter';
import type { Context } from 'koa';

/**
 * Copies a 304, 412 or 428 decided by core onto Koa's response. Of the fields already set (by the
 * handler after the fact, by earlier middleware before it), it keeps those core's rule keeps —
 * on a 304 all but content fields, on a 412/428 all but content, caching and validator fields —
 * then sets core's; the body is core's.
 */
export function toKoaResponse(ctx: Context, response: PreconditionResponse): void {
  ctx.status = response.status;
  for (const name of Object.keys(ctx.response.headers)) {
    if (isDroppedFromPreconditionResponse(response.status, name)) ctx.remove(name);
  }
  ctx.set(response.headers);
  ctx.body = response.body;
}
