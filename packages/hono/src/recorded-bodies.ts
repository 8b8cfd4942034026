import type { RecordedBody } from '@precond/fetch/adapter';
import { recordBody } from '@precond/fetch/adapter';
import type { Context } from 'hono';

/**
 * The body Hono puts in a response for `data`, when `data` is text (sent as UTF-8, and hashed as
 * such without encoding it here) or bytes, not a stream.
 */
function bodyOf(data: unknown): RecordedBody | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array && data.buffer instanceof ArrayBuffer) return new Uint8Array(data);
  return undefined;
}

type Respond = (data: unknown, ...rest: unknown[]) => Response | Promise<Response>;

/** `respond` that records the bodies of the responses it makes, `encode`d from its first argument. */
function recording(respond: Respond, encode: (data: unknown) => RecordedBody | undefined): Respond {
  return (data, ...rest) => {
    const response = respond(data, ...rest);
    const body = response instanceof Response ? encode(data) : undefined;
    if (body !== undefined) recordBody(response as Response, body);
    return response;
  };
}

/**
 * After the fact, makes this request's `c.json`, `c.text`, `c.html` and `c.body` record the bytes
 * they put in a response, so that precond hashes them without reading a body: a Fetch `Response`
 * built from a string is a stream like any other, and reading an unknown stream could hold a
 * server-sent-events response forever. `c.json` serialises as Hono does (`JSON.stringify`); a
 * stream, or `c.html` given a promise, records nothing and goes out untagged.
 */
export function recordBodies(c: Context): void {
  const context = c as unknown as Record<'json' | 'text' | 'html' | 'body', Respond>;
  context.json = recording(context.json, (data) => bodyOf(JSON.stringify(data)));
  context.text = recording(context.text, bodyOf);
  context.html = recording(context.html, bodyOf);
  context.body = recording(context.body, bodyOf);
}
