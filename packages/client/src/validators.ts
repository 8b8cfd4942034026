/**
 * The validators an answer carries, as the client will send them back: only what RFC 9110 defines as
 * one validator, so that nothing malformed ever becomes a precondition.
 *
 * @module
 */

import { parseHttpDate } from './http-date.js';

/** The validators naming one version of a resource; `undefined` when the answer had none usable. */
export interface Validators {
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
}

/**
 * One entity-tag (RFC 9110 §8.8.3): `"…"` or `W/"…"`, the opaque part made of etagc characters.
 * Not `*` (which in `If-Match` means "any version"), not a list (`"v1", "v2"` — what `Headers.get`
 * makes of two `ETag` fields — would match either), not an unquoted token.
 */
const ENTITY_TAG = /^(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** Whether `value` is exactly one entity-tag. */
export function isEntityTag(value: string): boolean {
  return ENTITY_TAG.test(value);
}

/** `*`, or one or more entity-tags separated by commas: an `If-Match` field value (RFC 9110 §13.1.1). */
const IF_MATCH =
  /^(?:\*|(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"(?:[ \t]*,[ \t]*(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*")*)$/;

/** Whether `value` can be sent as `If-Match`: `*`, or a list of entity-tags. */
export function isIfMatchValue(value: string): boolean {
  return IF_MATCH.test(value);
}

/** Whether `etag` is a strong entity-tag, the only kind `If-Match` can match (RFC 9110 §13.1.1). */
export function isStrongEntityTag(etag: string | undefined): etag is string {
  return etag !== undefined && !etag.startsWith('W/');
}

/**
 * The answer's `ETag` when it is one valid entity-tag, and its `Last-Modified` when it is one
 * HTTP-date (IMF-fixdate, or the obsolete RFC 850 or asctime form: {@link parseHttpDate}); anything
 * else counts as no validator (RFC 9110 §8.8.3, §8.8.2) — `1`, `0` or ISO 8601, which `Date.parse`
 * takes, sent back as `If-Unmodified-Since` would be ignored by the server and guard nothing.
 */
export function validatorsOf(headers: Headers): Validators {
  const etag = headers.get('etag')?.trim();
  const lastModified = headers.get('last-modified')?.trim();
  return {
    etag: etag !== undefined && isEntityTag(etag) ? etag : undefined,
    lastModified:
      lastModified !== undefined && parseHttpDate(lastModified) !== undefined ? lastModified : undefined,
  };
}
