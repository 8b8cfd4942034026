import type { ServerResponse } from 'node:http';
import type { PreconditionResponse } from '@precond/core/adapter';
import { writeToNodeResponse } from '@precond/core/adapter';
import type { Response } from 'express';

/**
 * Decides when the handler ends the response: given a buffered body — its bytes, or a string that
 * goes out as UTF-8 — (`undefined` when the body is empty or was streamed), the 304/412 to send
 * instead, or `undefined` to send it as is. May set fields (`ETag`) on the response. A string is
 * handed over as it is: only an after-the-fact hash reads it, so validator-first copies nothing.
 */
export type BodyCheck = (body: string | Uint8Array | undefined) => PreconditionResponse | undefined;

/** Stands in for an ETag while Express's `res.send` runs; never sent. */
const UNTAGGED = '"precond-untagged"';

/** A body `res.send` is writing, and whether the handler had set an `ETag` before. */
interface Sending {
  readonly body: string | Uint8Array;
  readonly tagged: boolean;
}

/**
 * Takes over the response's writes so that a buffered body can be hashed, and the request answered,
 * before anything is sent:
 *
 * - `res.send(body)` (and `res.json`, which Express routes through `res.send`): serialised by
 *   Express as ever; precond keeps the bytes (a HEAD's too, which Express does not pass to `end`)
 *   and keeps Express's `etag` setting from tagging them, so the tag is the handler's or
 *   precond's (see `etagGeneration`).
 * - `res.end(chunk)` with a string or bytes, nothing written before.
 *
 * A body written with `res.write` (streams, `res.sendFile`) is never buffered: `check` is given no
 * bytes on its first write, while the fields can still change; when it answers 304 or 412 instead,
 * the rest of the stream is dropped. Returns the response's own `end`, to answer without going
 * through `check`.
 */
export function takeOverWrites(res: Response, check: BodyCheck): ServerResponse['end'] {
  const send = res.send.bind(res);
  const end = res.end.bind(res);
  const write = res.write.bind(res);
  let sending: Sending | undefined;

  res.send = (body?: unknown) => {
    // Express sends a string as UTF-8, which is how a string is hashed.
    const buffered = typeof body === 'string' || body instanceof Uint8Array ? body : undefined;
    const outer = sending;
    if (buffered !== undefined && !res.headersSent) {
      const tagged = res.hasHeader('etag');
      sending = { body: buffered, tagged };
      // Express hashes a body for a weak ETag of its own only when the response has none: this
      // placeholder, taken out again in `end`, spares it hashing a body for a tag precond drops.
      if (!tagged) res.setHeader('etag', UNTAGGED);
    }
    try {
      return send(body);
    } finally {
      sending = outer;
      // A send that threw before `end` leaves no placeholder on whatever answers instead.
      if (!res.headersSent && res.getHeader('etag') === UNTAGGED) res.removeHeader('etag');
    }
  };

  res.end = ((...args: unknown[]) => {
    if (res.headersSent) return Reflect.apply(end, res, args);
    const [chunk, encoding] = args;
    let body = sending?.body;
    if (sending && !sending.tagged) res.removeHeader('etag');
    if (!sending && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      const charset = encodingOf(encoding);
      body = typeof chunk !== 'string' || charset === 'utf8' ? chunk : Buffer.from(chunk, charset);
    }
    const answer = check(body);
    if (answer === undefined) return Reflect.apply(end, res, args);
    const callback = args.find((arg): arg is () => void => typeof arg === 'function');
    writeToNodeResponse(res, answer, end, callback);
    return res;
  }) as Response['end'];
  res.write = ((...args: unknown[]) => {
    if (res.headersSent) return Reflect.apply(write, res, args);
    const answer = check(undefined);
    if (answer === undefined) return Reflect.apply(write, res, args);
    writeToNodeResponse(res, answer, end);
    res.write = ((...rest: unknown[]) => {
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      if (callback) process.nextTick(callback);
      return true;
    }) as Response['write'];
    return true;
  }) as Response['write'];
  return end;
}

function encodingOf(value: unknown): BufferEncoding {
  return typeof value === 'string' && Buffer.isEncoding(value) ? value : 'utf8';
}
