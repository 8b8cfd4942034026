import { validatorHeaders } from '@precond/core';
import type { RecordVersion } from '@precond/domain';
import type { Context } from 'koa';

/** Sends a stored record as JSON with its validators (and the `Date` they are measured against); reads are revalidated (`no-cache`). */
export function sendRecord(ctx: Context, version: RecordVersion, json: unknown, status = 200): void {
  ctx.status = status;
  ctx.set(validatorHeaders({ exists: true, ...version }));
  ctx.set('Cache-Control', 'no-cache');
  ctx.body = json;
}
