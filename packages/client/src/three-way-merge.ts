/**
 * The default way `update()` reconciles a lost race: a three-way merge of JSON values that takes
 * every change either side made and reports, instead of guessing, the fields both changed
 * differently.
 *
 * @module
 */

import { isJsonObject, jsonEqual, memberOf, setMember } from './json-value.js';

/** What a merge function decides. */
export type MergeResult<T> =
  /** Both sides' changes fit together; `value` is what to write. */
  | { readonly kind: 'merged'; readonly value: T }
  /**
   * Both sides changed the same fields differently. `fields` are JSON Pointers (RFC 6901), such as
   * `/title` or `/meta/tags`; `""` is the whole document.
   */
  | { readonly kind: 'conflict'; readonly fields: readonly string[] };

/**
 * Reconciles `mine` (the change being written) with `theirs` (the version that won the race), given
 * `base`, the version both started from. Must be a pure function: `update()` may call it more than
 * once, each time with the latest version as `theirs`.
 */
export type MergeFunction<T> = (base: T, mine: T, theirs: T) => MergeResult<T>;

/** One segment of a JSON Pointer (RFC 6901 §3): `~` and `/` escaped. */
function escapePointerSegment(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

function mergeValue(
  base: unknown,
  mine: unknown,
  theirs: unknown,
  pointer: string,
  conflicts: string[],
): unknown {
  if (jsonEqual(mine, theirs)) return mine;
  if (jsonEqual(mine, base)) return theirs;
  if (jsonEqual(theirs, base)) return mine;
  // Both changed it. Objects that exist on all three sides merge member by member; anything else
  // (a primitive, an array, an object one side added or replaced wholesale) is one value, and two
  // different new values for it are a conflict.
  if (!isJsonObject(base) || !isJsonObject(mine) || !isJsonObject(theirs)) {
    conflicts.push(pointer);
    return mine;
  }
  const merged: Record<string, unknown> = {};
  for (const name of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    const value = mergeValue(
      memberOf(base, name),
      memberOf(mine, name),
      memberOf(theirs, name),
      `${pointer}/${escapePointerSegment(name)}`,
      conflicts,
    );
    if (value !== undefined) setMember(merged, name, value);
  }
  return merged;
}

/**
 * The default {@link MergeFunction}: a three-way merge of JSON values.
 *
 * - A field only one side changed (or added, or removed) takes that side's value.
 * - A field both sides changed to the same value takes it.
 * - A field both sides changed to different values is a conflict: its JSON Pointer is reported
 *   and nothing is guessed. Objects present on all three sides are merged member by member, at
 *   any depth; arrays are single values (a list edited on both sides is a conflict).
 *
 * @example
 * ```ts
 * threeWayMerge({ title: 'A', body: 'x' }, { title: 'B', body: 'x' }, { title: 'A', body: 'y' });
 * // → { kind: 'merged', value: { title: 'B', body: 'y' } }
 * threeWayMerge({ title: 'A' }, { title: 'B' }, { title: 'C' });
 * // → { kind: 'conflict', fields: ['/title'] }
 * ```
 */
export function threeWayMerge<T>(base: T, mine: T, theirs: T): MergeResult<T> {
  const conflicts: string[] = [];
  const value = mergeValue(base, mine, theirs, '', conflicts);
  // `value` is built only from the three inputs' own members, so it has their shape.
  return conflicts.length === 0
    ? { kind: 'merged', value: value as T }
    : { kind: 'conflict', fields: conflicts };
}
