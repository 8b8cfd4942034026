import type { Context } from 'koa';

/**
 * The bytes Koa will send, when they are already in memory: a string, a Buffer, or an object Koa
 * would serialise as JSON (serialised here once, and put back as the body so that the bytes sent
 * are exactly the bytes hashed). Streams, Blobs and Fetch Responses are left alone: hashing them
 * would mean buffering them whole.
 */
export function bufferedBody(ctx: Context): string | Uint8Array | undefined {
  const body: unknown = ctx.body;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body === null || typeof body !== 'object') return undefined;
  if (isStreamLike(body)) return undefined;
  const json = JSON.stringify(body);
  ctx.body = json;
  return json;
}

function isStreamLike(body: object): boolean {
  return (
    typeof (body as { pipe?: unknown }).pipe === 'function' ||
    typeof (body as { getReader?: unknown }).getReader === 'function' ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof Response !== 'undefined' && body instanceof Response)
  );
}
