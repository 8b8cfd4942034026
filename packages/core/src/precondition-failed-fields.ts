/**
 * Which header fields of a response a 412 Precondition Failed (or a 428) keeps when it is sent in
 * that response's place — after the fact, the 200 the handler produced; before the handler, what
 * earlier middleware set.
 *
 * @module
 */

import type { ResponseHeaderRecord } from './response-fields.js';
import { isContentField, keepFields } from './response-fields.js';

/**
 * Fields a 412 or 428 never takes over from the response it replaces, beyond the content fields:
 * the caching fields of RFC 9111 §5 (the problem response carries `Cache-Control: no-store` of its
 * own), the validators (it carries the current ones precond knows, or none), and `Accept-Ranges`,
 * which advertises ranges of a representation it does not carry.
 */
export const PRECONDITION_FAILED_DROPPED_FIELDS = [
  'age',
  'cache-control',
  'expires',
  'pragma',
  'warning',
  'etag',
  'last-modified',
  'accept-ranges',
] as const;

const DROPPED = new Set<string>(PRECONDITION_FAILED_DROPPED_FIELDS);

/**
 * Whether a 412 or 428 drops this field of the response it replaces. A problem response is about
 * the request, not a representation (RFC 9110 §15.5.13, RFC 9457), so it drops every content field
 * — `Content-Type`, `Content-Length`, `Content-Encoding`, `Content-Language`, `Content-Range`,
 * `Content-Location` and any other `Content-*` but the Content-Security-Policy ones,
 * `Transfer-Encoding`, `Trailer`, digests — and {@link PRECONDITION_FAILED_DROPPED_FIELDS}.
 * Fields about the response or the exchange stay: `Set-Cookie`, `Vary`, `Access-Control-*` (so a
 * browser lets the page read the 412), `Server-Timing`, request ids and other custom fields.
 */
export function isDroppedFromPreconditionFailed(name: string): boolean {
  const lower = name.toLowerCase();
  return isContentField(lower) || DROPPED.has(lower);
}

/**
 * The fields of a response that a 412 or 428 sent in its place keeps (see
 * {@link isDroppedFromPreconditionFailed}); the problem response's own fields go on top. Returns
 * the same kind it is given.
 */
export function preconditionFailedHeaders(headers: Headers): Headers;
export function preconditionFailedHeaders(
  headers: ResponseHeaderRecord,
): Record<string, string | number | readonly string[]>;
export function preconditionFailedHeaders(
  headers: Headers | ResponseHeaderRecord,
): Headers | Record<string, string | number | readonly string[]> {
  return keepFields(headers, isDroppedFromPreconditionFailed);
}
