/**
 * JSON Merge Patch (RFC 7396): what `patch()` and `update()` send as
 * `application/merge-patch+json`, and how `update()` applies a partial change.
 *
 * @module
 */

import { isJsonObject, jsonEqual, memberOf, setMember } from './json-value.js';

/** The media type of a JSON merge patch (RFC 7396 §4). */
export const MERGE_PATCH_CONTENT_TYPE = 'application/merge-patch+json';

/**
 * Applies a merge patch to a JSON value, as RFC 7396 §2 defines it: members of an object patch
 * replace the target's (recursively for objects), `null` removes a member, and any other patch
 * (an array, a primitive) replaces the target whole. Returns a new value; neither input changes.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result: Record<string, unknown> = {};
  if (isJsonObject(target)) {
    for (const name of Object.keys(target)) setMember(result, name, target[name]);
  }
  for (const name of Object.keys(patch)) {
    const value = patch[name];
    if (value === null) delete result[name];
    else if (value !== undefined) setMember(result, name, applyMergePatch(memberOf(result, name), value));
  }
  return result;
}

/** Whether `value`, written as a merge patch, would lose a member set to `null` (RFC 7396 §1). */
function hasNullMember(value: unknown): boolean {
  return (
    isJsonObject(value) && Object.values(value).some((member) => member === null || hasNullMember(member))
  );
}

/**
 * The smallest merge patch that turns `base` into `next`: changed members, `null` for removed
 * ones, nested objects diffed member by member. `undefined` when no merge patch can say it — when
 * `next` sets a member to `null`, which a merge patch can only read as "remove" (RFC 7396 §1).
 */
export function createMergePatch(base: unknown, next: unknown): unknown {
  if (!isJsonObject(base) || !isJsonObject(next)) {
    return hasNullMember(next) ? undefined : next;
  }
  const patch: Record<string, unknown> = {};
  for (const name of Object.keys(base)) {
    if (base[name] !== undefined && memberOf(next, name) === undefined) setMember(patch, name, null);
  }
  for (const name of Object.keys(next)) {
    const before = memberOf(base, name);
    const after = next[name];
    if (after === undefined || jsonEqual(before, after)) continue;
    if (after === null) return undefined;
    const member = createMergePatch(before, after);
    if (member === undefined) return undefined;
    setMember(patch, name, member);
  }
  return patch;
}
