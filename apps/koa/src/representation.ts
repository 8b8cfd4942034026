import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { representedResourceFields, versionFields } from '@precond/domain';
import type { Context } from 'koa';

/**
 * The fields every read route declares (`cacheFields`): reads are revalidated, so a 304 answered
 * before the handler runs carries `no-cache` as the 200 does.
 */
export const REVALIDATED = { 'cache-control': 'no-cache' } as const;

/** Sends a stored record (its JSON, or its bytes) with its validators; reads are revalidated (`no-cache`). */
export function sendRecord(ctx: Context, version: RecordVersion, body: unknown, status = 200): void {
  ctx.status = status;
  ctx.set(versionFields(version));
  ctx.body = body;
}

/**
 * Sends the representation a write produced, of the resource at `path`, with its validators, named
 * by `Content-Location` (and, for a 201, `Location`): the body is then the resource's
 * representation, which a client may keep with the validators (RFC 9110 §8.7).
 */
export function sendWritten(
  ctx: Context,
  version: RecordVersion,
  body: unknown,
  path: string,
  status = 200,
): void {
  ctx.set(representedResourceFields(path, status));
  sendRecord(ctx, version, body, status);
}

/** Sends an answer the domain decided as it is: status, fields and body. */
export function sendAnswer(ctx: Context, answer: CreateOnceAnswer): void {
  ctx.status = answer.status;
  ctx.set(answer.headers);
  ctx.body = answer.body;
}
