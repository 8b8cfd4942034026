/**
 * Whether a resource found after a create whose answer was lost is the one that create made: the
 * rule `create()` uses to report its own lost 201 as created rather than as `exists`.
 *
 * @module
 */

import { isJsonObject, jsonEqual, memberOf } from './json-value.js';

/**
 * Whether `found` holds what a create sent (`sent`, the request body as JSON, so members that were
 * `undefined` are already gone). For objects, every member present on both sides must be equal:
 * members the server added (an `id`, a default) or dropped (one it does not know) say nothing either
 * way. Other values must be equal as JSON.
 *
 * Another client that created, in the same window, a resource agreeing on every shared member is
 * indistinguishable, and left a resource equal to this create's on everything this create said — the
 * ambiguity the README states. A create that shares no member with what is found (it sent `{}`)
 * cannot be told from any other, and counts as its own.
 */
export function isOwnCreation(sent: unknown, found: unknown): boolean {
  if (!isJsonObject(sent) || !isJsonObject(found)) return jsonEqual(sent, found);
  return Object.keys(sent).every(
    (member) => !Object.hasOwn(found, member) || jsonEqual(memberOf(found, member), memberOf(sent, member)),
  );
}
