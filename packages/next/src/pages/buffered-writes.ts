import { Stream } from 'node:stream';
import type { PreconditionResponse } from '@precond/core/adapter';
import { writeToNodeResponse } from '@precond/core/adapter';
import type { NextApiResponse } from 'next';

/** Next's content type for JSON-like bodies given to `res.send` and `res.json`. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A body `res.send` was given, serialised as Next would write it. */
interface SentBody {
  readonly bytes: Uint8Array;
  /** The `Content-Type` Next would set, and whether it replaces one already set. */
  readonly contentType?: { readonly value: string; readonly replace: boolean };
}

/**
 * What Next's `res.send(body)` would write (its `sendData`): a Buffer as is (typed
 * `application/octet-stream` unless typed already), a string as UTF-8, an object, number or
 * boolean as JSON (always typed JSON). `undefined` for anything Next writes otherwise — `null`,
 * streams (piped, so left alone) — which goes to Next's own `send`.
 */
function serialiseAsNext(body: unknown): SentBody | undefined {
  if (Buffer.isBuffer(body)) {
    return { bytes: body, contentType: { value: 'application/octet-stream', replace: false } };
  }
  if (typeof body === 'string') return { bytes: Buffer.from(body) };
  const jsonLike =
    typeof body === 'number' ||
    typeof body === 'boolean' ||
    (typeof body === 'object' && body !== null && !(body instanceof Stream));
  if (!jsonLike) return undefined;
  return {
    bytes: Buffer.from(JSON.stringify(body)),
    contentType: { value: JSON_CONTENT_TYPE, replace: true },
  };
}

/**
 * Decides on a buffered body just before it is written: the 304/412 to send instead, or the bytes
 * to write (the body, or its compressed form). May set fields (`ETag`, `Content-Encoding`) on the
 * response.
 */
export type BodyCheck = (bytes: Uint8Array) => PreconditionResponse | Uint8Array;

/**
 * Takes over the writes of a buffered body, so that its bytes can be hashed and the request
 * answered before anything is sent:
 *
 * - `res.send(body)` (and `res.json`, which Next routes through `res.send`): serialised as Next
 *   does, then written with `res.end`. Next's own `send` is bypassed for these bodies: it would
 *   replace any `ETag` with its own (a 52-bit FNV-1a of the body) and answer 304 by `fresh` for any
 *   method and status, `If-None-Match: *` included.
 * - `res.end(chunk)` with a string or bytes and nothing written before.
 *
 * Streams (`res.send(stream)`, `res.write()` then `res.end()`), `null` bodies and 204/304 statuses
 * go through untouched. Returns the response's own `end`, to answer without going through `check`.
 */
export function takeOverBufferedWrites(res: NextApiResponse, check: BodyCheck): NextApiResponse['end'] {
  const send = res.send.bind(res);
  const end = res.end.bind(res);

  res.send = (body) => {
    const sent =
      res.headersSent || res.statusCode === 204 || res.statusCode === 304 ? undefined : serialiseAsNext(body);
    if (sent === undefined) {
      send(body);
      return;
    }
    if (sent.contentType && (sent.contentType.replace || !res.hasHeader('content-type'))) {
      res.setHeader('content-type', sent.contentType.value);
    }
    res.setHeader('content-length', sent.bytes.byteLength);
    const answer = check(sent.bytes);
    if (answer instanceof Uint8Array) end(answer);
    else writeToNodeResponse(res, answer, end);
  };

  res.end = ((...args: unknown[]) => {
    const [chunk, encoding] = args;
    if (res.headersSent || !(typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      return Reflect.apply(end, res, args);
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encodingOf(encoding)) : chunk;
    const answer = check(bytes);
    if (answer === bytes) return Reflect.apply(end, res, args);
    const callback = args.find((arg): arg is () => void => typeof arg === 'function');
    if (answer instanceof Uint8Array) end(answer, callback);
    else writeToNodeResponse(res, answer, end, callback);
    return res;
  }) as NextApiResponse['end'];
  return end;
}

function encodingOf(value: unknown): BufferEncoding {
  return typeof value === 'string' && Buffer.isEncoding(value) ? value : 'utf8';
}
