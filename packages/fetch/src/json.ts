/**
 * Response helpers that keep the bytes they encode, so that after-the-fact ETag generation can
 * hash a body without reading a stream.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A body as it was recorded: its bytes, or the string it is the UTF-8 of. */
export type RecordedBody = Uint8Array<ArrayBuffer> | string;

/** Bodies built by {@link json} and {@link text}, by the response that carries them. */
const knownBodies = new WeakMap<Response, RecordedBody>();

/** The body of a response built by {@link json} or {@link text} (or recorded with {@link recordBody}), if it is one. */
export function knownBodyOf(response: Response): RecordedBody | undefined {
  return knownBodies.get(response);
}

/**
 * Records the body a framework put in `response` (Hono's `c.json`, `c.text`…), so that
 * after-the-fact generation hashes it without reading the response, as for {@link json}. For adapter
 * authors; `body` must be exactly the body: its bytes, or a string sent as UTF-8 (hashed as such,
 * without encoding it first).
 */
export function recordBody(response: Response, body: RecordedBody): void {
  knownBodies.set(response, body);
}

function withKnownBody(
  bytes: Uint8Array<ArrayBuffer>,
  init: ResponseInit | undefined,
  contentType: string,
): Response {
  const length = String(bytes.byteLength);
  let headers: HeadersInit;
  if (init?.headers === undefined) {
    // The usual call: the fields as a record, which the Response takes in as it builds its own
    // `Headers`, rather than a `Headers` built, searched and copied over.
    headers = { 'content-type': contentType, 'content-length': length };
  } else {
    const given = new Headers(init.headers);
    if (!given.has('content-type')) given.set('content-type', contentType);
    given.set('content-length', length);
    headers = given;
  }
  const response = new Response(bytes, { ...init, headers });
  recordBody(response, bytes);
  return response;
}

/**
 * `Response.json(data, init)`, with a `Content-Length` and with its bytes known to
 * `withPreconditions`, which can then give it a strong ETag without reading its body.
 * Throws a `TypeError`, as `Response.json()` does, for a value JSON cannot represent.
 *
 * @example
 * ```ts
 * export const GET = withPreconditions(async () => json(await db.notes.list()));
 * ```
 */
export function json(data: unknown, init?: ResponseInit): Response {
  const serialised: string | undefined = JSON.stringify(data);
  if (serialised === undefined) throw new TypeError('Value is not JSON serializable');
  return withKnownBody(encoder.encode(serialised), init, 'application/json');
}

/**
 * `new Response(body, init)` for a string, with a `Content-Length` and with its bytes known to
 * `withPreconditions`. `Content-Type` defaults to `text/plain;charset=UTF-8`, as for a Response
 * built from a string.
 */
export function text(body: string, init?: ResponseInit): Response {
  return withKnownBody(encoder.encode(body), init, 'text/plain;charset=UTF-8');
}
