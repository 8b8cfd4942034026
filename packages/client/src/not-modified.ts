/**
 * What a 304 teaches about the remembered version it confirms: its validators, updated from the 304's
 * own fields (RFC 9111 §4.3.4).
 *
 * @module
 */

import type { CachedRepresentation } from './validator-cache.js';
import type { Validators } from './validators.js';

/**
 * The remembered entry after a 304 carrying `fresh`: its validators replace the entry's when the 304
 * selects the entry — its `ETag` is the remembered one, character for character, or the entry has no
 * `ETag` and the 304 carries the same `Last-Modified` — and the entry is kept unchanged otherwise
 * (RFC 9111 §4.3.4: a 304 whose tag no remembered entry has updates nothing; a weak tag remembered for
 * a body is not made strong by a 304 that matched it weakly).
 */
export function refreshedByNotModified(
  stored: CachedRepresentation,
  fresh: Validators,
): CachedRepresentation {
  const selects =
    stored.etag !== undefined
      ? fresh.etag === undefined || fresh.etag === stored.etag
      : fresh.etag === undefined ||
        (fresh.lastModified !== undefined && fresh.lastModified === stored.lastModified);
  if (!selects) return stored;
  return {
    ...stored,
    etag: fresh.etag ?? stored.etag,
    lastModified: fresh.lastModified ?? stored.lastModified,
  };
}
