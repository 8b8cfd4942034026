import { keepsValidatorFields } from './decide.js';
import { isDroppedFromPreconditionResponse } from './kept-fields.js';
import type { PreconditionResponse } from './precondition-response.js';

/**
 * The part of Node's `http.ServerResponse` a 304, 412 or 428 is written with, typed structurally so
 * that this entry imports nothing from Node.js. Express's `res` and Next's `NextApiResponse` are one.
 */
export interface NodeServerResponse {
  statusCode: number;
  getHeader(name: string): number | string | readonly string[] | undefined;
  getHeaderNames(): string[];
  removeHeader(name: string): void;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
  end: NodeResponseEnd;
}

/** A response's `end`, called with a body and a callback, a callback alone, or nothing. */
export interface NodeResponseEnd {
  (callback?: () => void): unknown;
  (body: Uint8Array, callback?: () => void): unknown;
}

const encoder = new TextEncoder();

/**
 * Writes a 304, 412 or 428 decided by core onto a Node.js `ServerResponse` and ends it. Of the
 * fields already set (by middleware, or by the handler after the fact) it keeps those core's rule
 * keeps — on a 304 all but content fields (RFC 9110 §15.4.5), on a 412/428 all but content, caching
 * and validator fields, so `Set-Cookie`, `Vary` and CORS fields stay — and core's fields win.
 *
 * @param end - the response's own `end`, when an adapter has taken `res.end` over to watch the
 * handler's body; `res.end` otherwise.
 * @param callback - called once the response is handed to the socket, as `res.end`'s own is.
 */
export function writeToNodeResponse(
  res: NodeServerResponse,
  response: PreconditionResponse,
  end: NodeResponseEnd = res.end.bind(res),
  callback?: () => void,
): void {
  for (const name of res.getHeaderNames()) {
    if (isDroppedFromPreconditionResponse(response.status, name)) res.removeHeader(name);
  }
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.statusCode = response.status;
  if (response.body === null) {
    end(callback);
    return;
  }
  // Bytes, not the string: Content-Length counts them, and `end` need not guess an encoding.
  const body = encoder.encode(response.body);
  res.setHeader('content-length', body.byteLength);
  end(body, callback);
}

/**
 * Removes from a Node.js `ServerResponse` (or a response with its `statusCode`, `getHeader` and
 * `removeHeader`, as Fastify's reply) the validator-first fields set before the handler, when
 * its status keeps none of them ({@link keepsValidatorFields}: a 404, a redirect, a 500). A field
 * the handler set to a value of its own stays, and so does `Date`, which every response carries.
 *
 * @param status - the status the response goes out with, when `res.statusCode` is not it yet (an
 * error the handler threw, which an error handler will answer: 500).
 */
export function withdrawValidatorFields(
  res: Pick<NodeServerResponse, 'statusCode' | 'getHeader' | 'removeHeader'>,
  fields: Readonly<Record<string, string>>,
  status: number = res.statusCode,
): void {
  if (keepsValidatorFields(status)) return;
  for (const name in fields) {
    // `Date` is any response's (RFC 9110 §6.6.1: an origin with a clock MUST send it on a 4xx or 2xx):
    // it stays, now or as Node's own — and Node's `removeHeader('date')` would turn its own off.
    if (name !== 'date' && res.getHeader(name) === fields[name]) res.removeHeader(name);
  }
}
