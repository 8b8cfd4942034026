/**
 * Which header fields a 304 Not Modified keeps (RFC 9110 §15.4.5).
 *
 * @module
 */

import type { ResponseHeaderRecord } from './response-fields.js';
import { isContentField, keepFields } from './response-fields.js';

/**
 * Fields a 304 must carry when a 200 to the same request would have (RFC 9110 §15.4.5), plus
 * Last-Modified, which guides cache updates.
 */
export const NOT_MODIFIED_KEPT_FIELDS = [
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'vary',
  'last-modified',
] as const;

/**
 * Whether a 304 drops this field: the content fields (`Content-Type`, `Content-Length`,
 * `Content-Encoding`, `Content-Language`, `Content-Range`, any other `Content-*` except
 * `Content-Location` and the Content-Security-Policy ones, `Transfer-Encoding`, `Trailer`,
 * digests). Everything else is kept: the listed metadata, and fields about the response rather
 * than the representation (`Set-Cookie`, CORS fields, request ids), which a client still needs on
 * a 304.
 */
export function isDroppedFromNotModified(name: string): boolean {
  const lower = name.toLowerCase();
  return lower !== 'content-location' && isContentField(lower);
}

/**
 * The headers of a 304 built from those a 200 would have carried: content fields dropped, the
 * rest kept (see {@link isDroppedFromNotModified}). Returns the same kind it is given.
 */
export function notModifiedHeaders(headers: Headers): Headers;
export function notModifiedHeaders(
  headers: ResponseHeaderRecord,
): Record<string, string | number | readonly string[]>;
export function notModifiedHeaders(
  headers: Headers | ResponseHeaderRecord,
): Headers | Record<string, string | number | readonly string[]> {
  return keepFields(headers, isDroppedFromNotModified);
}
