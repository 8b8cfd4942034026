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
  setFields(ctx, response.headers);
  ctx.body = response.body;
}

/**
 * Sets core's fields (lower-case names, one string each) on the response, as `ctx.set(fields)`
 * would, straight on Node's response: Koa's `set` builds two arrays and lower-cases every name on
 * each call, which cost more than the validators' own evaluation on a plain GET.
 */
export function setFields(ctx: Context, fields: Readonly<Record<string, string>>): void {
  if (ctx.headerSent) return;
  for (const name in fields) ctx.res.setHeader(name, fields[name]!);
}
