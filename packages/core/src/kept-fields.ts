/**
 * Which fields of a response a 304, 412 or 428 sent in its place keeps: one module for every rule
 * about kept fields (RFC 9110 §15.4.5 for the 304; a 412 or 428 is an error about the request, so
 * it keeps what is about the response and the exchange, and drops content, caching and validator
 * fields), and the filtering of a response's fields in either of the shapes adapters hold them.
 *
 * @module
 */

import { isFetchHeaders } from './fetch-headers.js';
import type { PreconditionResponse } from './precondition-response.js';

/** A response header record as Node's `OutgoingHttpHeaders` holds them. */
export type ResponseHeaderRecord = Readonly<Record<string, string | number | readonly string[] | undefined>>;

/** Fields that describe the content beyond every `content-*` one (RFC 9110 §6.5, §8; RFC 9530). */
const CONTENT_FIELDS = new Set(['transfer-encoding', 'trailer', 'digest', 'repr-digest']);

/** `content-*` fields that are about the response as a document, not about its content. */
const NOT_CONTENT_FIELDS = new Set(['content-security-policy', 'content-security-policy-report-only']);

/**
 * Whether a field (in lower case) describes the content of a response: every `Content-*` field
 * (`Content-Location` included) but the Content-Security-Policy ones, `Transfer-Encoding`,
 * `Trailer` and the digests.
 */
export function isContentField(lower: string): boolean {
  return (lower.startsWith('content-') && !NOT_CONTENT_FIELDS.has(lower)) || CONTENT_FIELDS.has(lower);
}

/**
 * `headers` without the fields `isDropped` names (it gets each name in lower case), as the same
 * kind: a new `Headers` (every `Set-Cookie` line kept), or a record with the names spelled as
 * given and `undefined` values left out.
 */
export function keepFields(headers: Headers, isDropped: (lower: string) => boolean): Headers;
export function keepFields(
  headers: ResponseHeaderRecord,
  isDropped: (lower: string) => boolean,
): Record<string, string | number | readonly string[]>;
export function keepFields(
  headers: Headers | ResponseHeaderRecord,
  isDropped: (lower: string) => boolean,
): Headers | Record<string, string | number | readonly string[]>;
export function keepFields(
  headers: Headers | ResponseHeaderRecord,
  isDropped: (lower: string) => boolean,
): Headers | Record<string, string | number | readonly string[]> {
  if (isFetchHeaders(headers)) {
    const kept = new Headers();
    // Fetch Headers give names in lower case, and each Set-Cookie line on its own.
    headers.forEach((value, name) => {
      if (!isDropped(name)) kept.append(name, value);
    });
    return kept;
  }
  const kept: Record<string, string | number | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !isDropped(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

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

/**
 * Whether a 304, 412 or 428 sent in place of another response (the 200 a handler produced, or
 * what earlier middleware set) drops this field of it: for a 304 the content fields
 * ({@link isDroppedFromNotModified}); for a 412 or 428 the content, caching and validator fields
 * ({@link isDroppedFromPreconditionFailed}). Adapters that change a response in place remove the
 * dropped fields, then set the answer's own.
 */
export function isDroppedFromPreconditionResponse(
  status: PreconditionResponse['status'],
  name: string,
): boolean {
  return status === 304 ? isDroppedFromNotModified(name) : isDroppedFromPreconditionFailed(name);
}
