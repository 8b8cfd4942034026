import { decodeJsonBody, MAX_BODY_BYTES, readBodyBytes } from '@precond/domain';
import type { RouteHandler } from './api-route';
import { problemResponse } from './problem';

/**
 * The route context a handler behind {@link jsonRequest} gets: Next's, plus the decoded body and
 * the bytes it was decoded from (`content`, which a `PUT` answer compares with what it stored).
 */
export type WithBody<Ctx> = Ctx & { readonly body: unknown; readonly content: Uint8Array };

/**
 * Reads the request body as JSON before anything else runs, precond's validators included: 413 (a
 * declared or actual size over 64 KiB, without reading on), 415 and 400 with the domain's wording, as
 * in every app. Then calls `handler` with the decoded value as `context.body`, its bytes as
 * `context.content`.
 */
export function jsonRequest<Ctx extends object>(handler: RouteHandler<WithBody<Ctx>>): RouteHandler<Ctx> {
  return async (request, context) => {
    const declared = Number(request.headers.get('content-length'));
    const bytes =
      declared > MAX_BODY_BYTES
        ? undefined
        : request.body === null
          ? new Uint8Array(0)
          : await readBodyBytes(request.body);
    const result = decodeJsonBody(
      {
        method: request.method,
        contentType: request.headers.get('content-type'),
        contentEncoding: request.headers.get('content-encoding'),
      },
      bytes,
    );
    if (!result.ok) {
      // The rest of an oversized body is never read: close the connection rather than drain it.
      const close: Record<string, string> = result.status === 413 ? { connection: 'close' } : {};
      return problemResponse(request, result.status, result.detail, close);
    }
    return handler(request, { ...context, body: result.value, content: result.content });
  };
}
