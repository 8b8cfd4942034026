import { decodeJsonBody, MAX_BODY_BYTES, readBodyBytes } from '@precond/domain';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { problem } from './problem-responses.js';

/** Reads the request body as JSON onto `c.var.body` (its bytes onto `c.var.content`): 413, 415 and 400 before anything else runs. */
export function jsonRequest(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    // Over the declared limit the body is not touched: the 413 goes out at once (see start.ts).
    // A Web ReadableStream is async-iterable on Node (and Deno, Bun); the DOM typings do not say so yet.
    const body = declared > MAX_BODY_BYTES ? undefined : (c.req.raw.body ?? new Uint8Array(0));
    const bytes =
      body === undefined || body instanceof Uint8Array
        ? body
        : await readBodyBytes(body as unknown as AsyncIterable<Uint8Array>);
    const result = decodeJsonBody(
      {
        method: c.req.method,
        contentType: c.req.header('content-type'),
        contentEncoding: c.req.header('content-encoding'),
      },
      bytes,
    );
    if (!result.ok) {
      return problem(c, result.status, result.detail, result.status === 413 ? { connection: 'close' } : {});
    }
    c.set('body', result.value);
    c.set('content', result.content);
    await next();
  };
}
