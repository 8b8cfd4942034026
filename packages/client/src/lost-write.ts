/**
 * What `update()` can know about a write whose answer was lost, from the version a re-read shows: it
 * must never send the same change twice, nor report an outcome it does not know.
 *
 * @module
 */

import { jsonEqual } from './json-value.js';
import type { Success } from './results.js';
import { type MergeFunction, threeWayMerge } from './three-way-merge.js';
import { isStrongEntityTag } from './validators.js';

/**
 * `applied`: the resource holds every value the change set (whoever set them), so there is nothing
 * left to write. `not-applied`: it still holds the version the write was based on — the write has not
 * been applied yet (it may still be on its way), and it can be sent again with the same precondition,
 * which lets at most one of the two through. `unknown`: neither can be told from the resource.
 */
export type LostWriteOutcome = 'applied' | 'not-applied' | 'unknown';

/**
 * Whether `read` is the very version `version` is: the same strong ETag (RFC 9110 §8.8.1: a strong tag
 * names one representation). Without one — only under `update()`'s `dateGuard` — the same
 * `Last-Modified` and the same JSON.
 */
function isSameVersion(read: Success<unknown>, version: Success<unknown>): boolean {
  if (isStrongEntityTag(version.etag)) return read.etag === version.etag;
  return (
    version.lastModified !== undefined &&
    read.lastModified === version.lastModified &&
    jsonEqual(read.value, version.value)
  );
}

/**
 * The outcome of a write of `mine` over `base` whose answer was lost (or which was sent again after
 * one, and met a 412), given the version a re-read found (`theirs`).
 *
 * With the default three-way merge the change is a set of values, and setting a value that is already
 * set changes nothing: when `theirs` holds every value `mine` set (the merge gives back `theirs`), the
 * resource is the state the caller asked for, whoever wrote it — `applied`. Any other merge function
 * may be an operation (a counter), for which content cannot tell "this write was applied" from
 * "someone else wrote the same": `unknown`, and the merge is never called.
 */
export function lostWriteOutcome<T>(
  base: Success<T>,
  mine: T,
  theirs: Success<T>,
  merge: MergeFunction<T>,
): LostWriteOutcome {
  if (isSameVersion(theirs, base)) return 'not-applied';
  if (merge !== threeWayMerge) return 'unknown';
  const merged = threeWayMerge(base.value, mine, theirs.value);
  return merged.kind === 'merged' && jsonEqual(merged.value, theirs.value) ? 'applied' : 'unknown';
}
