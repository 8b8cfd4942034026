/**
 * JSON Merge Patch (RFC 7396).
 *
 * @module
 */

import { isJsonObject } from './parse-result.js';

/**
 * Applies a JSON merge patch (RFC 7396 §2) and returns the result, leaving `target` and `patch`
 * untouched. A patch that is an object merges member by member, `null` deleting a member; any
 * other patch (an array too) replaces the target whole. Members are copied as data (a `"__proto__"` member is an
 * ordinary member, not a prototype).
 *
 * @example applyMergePatch({ a: 1, b: 2 }, { b: null, c: 3 }) // { a: 1, c: 3 }
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return patch;
  const result = new Map(Object.entries(isJsonObject(target) ? target : {}));
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) result.delete(name);
    else result.set(name, applyMergePatch(result.get(name), value));
  }
  return Object.fromEntries(result);
}
