/**
 * The content coding of a GET/HEAD response under Next.js's compression (`compress`, on by
 * default in `next start`), decided with core so that the ETag names the bytes sent (RFC 9110
 * §8.8.3) and a 304 carries the `ETag` and `Vary` of its 200 (§15.4.5).
 *
 * @module
 */

import type { RequestHeaders } from '@precond/core';
import { negotiateContentCoding } from '@precond/core/adapter';

/** The codings Next's compression (the `compression` middleware) applies, gzip first on a tie. */
const NEXT_CODINGS = ['gzip', 'deflate'] as const;

/** Next's compression leaves bodies shorter than this as they are; so does precond. */
export const COMPRESSION_THRESHOLD = 1024;

/** `compression`'s test for a type worth compressing, for the types precond compresses itself. */
const COMPRESSIBLE =
  /^(?:text\/|application\/(?:json|javascript|ecmascript|xml)\b|[^;]*\+(?:json|xml|text)\b)/i;

/** Whether precond compresses a body of this type itself (`Content-Type` value, or `null`). */
export function isCompressible(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && COMPRESSIBLE.test(contentType.trim());
}

/** Whether `Cache-Control` forbids a transformation such as compression (RFC 9111 §5.2.2.6). */
export function forbidsTransform(cacheControl: string | null | undefined): boolean {
  return typeof cacheControl === 'string' && /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl);
}

function acceptEncodingOf(headers: RequestHeaders): string | readonly string[] | null | undefined {
  if (headers instanceof Headers) return headers.get('accept-encoding');
  return (headers as Readonly<Record<string, string | readonly string[] | undefined>>)['accept-encoding'];
}

/**
 * The coding of the response to this request — `'gzip'`, `'deflate'` or `'identity'` — or
 * `undefined` when precond leaves the response alone (`compress: false`). Every response that
 * carries an `ETag` gets the tag of this coding, whatever its method or status, so a client sees
 * one tag per version for its `Accept-Encoding`; the coded tag and `Vary: Accept-Encoding` follow
 * the coding negotiated, not the size of the body: a validator-first 304 is decided before any
 * body exists.
 */
export function responseCoding(headers: RequestHeaders, compress: boolean | undefined): string | undefined {
  if (compress === false) return undefined;
  return negotiateContentCoding(acceptEncodingOf(headers), NEXT_CODINGS);
}
