import type { PreconditionResponse } from '@precond/core';
import { isDroppedFromNotModified } from '@precond/core';
import type { Context } from 'koa';

/**
 * Copies a 304, 412 or 428 decided by core onto Koa's response. A 304 keeps the fields already set
 * (Cache-Control, Vary, Set-Cookie…) except content fields; a 412/428 replaces the body.
 */
export function toKoaResponse(ctx: Context, response: PreconditionResponse): void {
  ctx.status = response.status;
  for (const name of Object.keys(ctx.response.headers)) {
    if (isDroppedFromNotModified(name)) ctx.remove(name);
  }
  ctx.set(response.headers);
  ctx.body = response.body;
}
