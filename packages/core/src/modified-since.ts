/**
 * Whether an `If-Modified-Since` can play any part in a request's evaluation, for an adapter whose
 * framework runs a date check of its own that must not answer where RFC 9110 would not.
 *
 * @module
 */

import type { EvaluateOptions } from './evaluate.js';
import { nowSeconds } from './evaluate.js';
import { parseHttpDateMillis } from './http-date.js';
import { ignoresPreconditions, isConditionalRetrieval, normaliseMethod } from './method.js';
import type { ConditionalRequest } from './request-fields.js';
import { readRequestFields } from './request-fields.js';

/**
 * Whether `evaluatePreconditions` may answer 304 on this request's `If-Modified-Since`, whatever
 * the resource: `false` when the request has none, or when RFC 9110 §13.1.3 says to ignore it —
 * a method other than GET, HEAD or QUERY, an `If-None-Match` beside it, a value that is not one
 * HTTP-date (an ISO 8601 timestamp, two dates) — or when its date is later than `now`, which no
 * `Last-Modified` of this server can have given. A framework that answers 304 from the date
 * itself (hapi's `h.entity()`, with `Date.parse`) should not see the field when this is `false`.
 * Never throws, whatever the header bytes.
 *
 * @example
 * ```ts
 * evaluatesModifiedSince({ method: 'GET', headers: { 'if-modified-since': '2024-01-01T00:00:00Z' } }); // false
 * ```
 */
export function evaluatesModifiedSince(request: ConditionalRequest, options?: EvaluateOptions): boolean {
  const method = normaliseMethod(request?.method);
  if (ignoresPreconditions(method) || !isConditionalRetrieval(method)) return false;
  const { ifNoneMatch, ifModifiedSince } = readRequestFields(request);
  if (ifModifiedSince === undefined || ifNoneMatch !== undefined) return false;
  const since = parseHttpDateMillis(ifModifiedSince);
  if (since === undefined) return false;
  return Math.floor(since / 1000) <= nowSeconds(options);
}

/** A request whose header record can lose a field: Node's `IncomingMessage.headers`. */
export interface NodeHeadersRequest extends ConditionalRequest {
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * Removes from Node's header record an `If-Modified-Since` that evaluation ignores (see
 * {@link evaluatesModifiedSince}), so that a date check of the framework's own further on —
 * hapi's `h.entity()`, Koa's `ctx.fresh`, the `send` module behind `res.sendFile`, all of which
 * read it with `Date.parse` — cannot answer 304 on it either. Removing it changes nothing core
 * decides. Costs one lookup when the request has none.
 */
export function dropIgnoredModifiedSince(request: NodeHeadersRequest, options?: EvaluateOptions): void {
  const { headers } = request;
  if (headers['if-modified-since'] !== undefined && !evaluatesModifiedSince(request, options)) {
    delete headers['if-modified-since'];
  }
}
