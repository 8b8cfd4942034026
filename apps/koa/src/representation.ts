import { formatHttpDate } from '@precond/core';
import type { RecordVersion } from '@precond/domain';
import type { Context } from 'koa';

/** Sends a stored record as JSON with its validators; reads are revalidated (`no-cache`). */
export function sendRecord(ctx: Context, version: RecordVersion, json: unknown, status = 200): void {
  ctx.status = status;
  ctx.set('ETag', version.etag);
  ctx.set('Last-Modified', formatHttpDate(version.lastModified));
  ctx.set('Cache-Control', 'no-cache');
  ctx.body = json;
}
