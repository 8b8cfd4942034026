/**
 * Whether a request carries a precondition its method is evaluated on, so that a route whose
 * validators are costly to load knows when it needs them.
 *
 * @module
 */

import { parseHttpDateMillis } from './http-date.js';
import { handlesRange, ignoresPreconditions, isConditionalRetrieval, normaliseMethod } from './method.js';
import type { ConditionalRequest } from './request-fields.js';
import { readRequestFields } from './request-fields.js';

/**
 * Whether the request carries a precondition that applies to its method (RFC 9110 §13.2.1), that
 * is, whether `evaluatePreconditions`' answer can depend on the target's validators:
 *
 * - `If-Match` or `If-None-Match` (§13.1.1, §13.1.2), for any method;
 * - `If-Unmodified-Since` with a valid HTTP-date (§13.1.4: an invalid one is ignored), for any method;
 * - for GET, HEAD and QUERY only, `If-Modified-Since` with a valid HTTP-date (§13.1.3);
 * - for GET only, `If-Range` beside `Range` (§13.1.5, §14.2).
 *
 * CONNECT, OPTIONS and TRACE carry none: they ignore preconditions. When this is `false`, the
 * evaluation is the same whatever the validators are, so a route that must read much to learn
 * them (the tag of a collection a POST adds to) can skip the read: a POST without a precondition
 * then costs nothing more than before. Never throws, whatever the header bytes.
 *
 * @example
 * ```ts
 * carriesPrecondition({ method: 'POST', headers: { 'if-match': '"v1"' } }); // true
 * carriesPrecondition({ method: 'POST', headers: { 'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' } }); // false
 * ```
 */
export function carriesPrecondition(request: ConditionalRequest): boolean {
  const method = normaliseMethod(request?.method);
  if (ignoresPreconditions(method)) return false;
  const { ifMatch, ifNoneMatch, ifUnmodifiedSince, ifModifiedSince, ifRange, range } =
    readRequestFields(request);
  if (ifMatch !== undefined || ifNoneMatch !== undefined) return true;
  if (ifUnmodifiedSince !== undefined && parseHttpDateMillis(ifUnmodifiedSince) !== undefined) return true;
  if (!isConditionalRetrieval(method)) return false;
  if (ifModifiedSince !== undefined && parseHttpDateMillis(ifModifiedSince) !== undefined) return true;
  return handlesRange(method) && ifRange !== undefined && range !== undefined;
}
