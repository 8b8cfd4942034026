/**
 * The JSON data model the merge functions work on: plain objects, arrays and primitives, as
 * `JSON.parse` returns them.
 *
 * @module
 */

/** A value `JSON.parse` can return (RFC 8259). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object: its members by name. */
export interface JsonObject {
  readonly [member: string]: JsonValue;
}

/** A JSON object as the merge functions see it: any non-null, non-array object. */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object's own member, or `undefined` when it has none. Reading `value[name]` directly would
 * find inherited members such as `constructor` or `__proto__`, which JSON never has.
 */
export function memberOf(value: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(value, name) ? value[name] : undefined;
}

/**
 * Sets an own member, even one named `__proto__` (which `JSON.parse` creates as an ordinary member
 * and plain assignment would treat as the prototype).
 */
export function setMember(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The names of an object's members whose value is not `undefined` (JSON leaves those out). */
function presentMembers(value: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(value).filter((name) => value[name] !== undefined);
}

/**
 * Structural equality of JSON values: objects compare member by member in any order, arrays
 * element by element, primitives with `===`. A member set to `undefined` counts as absent, as it
 * does in `JSON.stringify`.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const names = presentMembers(a);
  if (names.length !== presentMembers(b).length) return false;
  return names.every((name) => Object.hasOwn(b, name) && jsonEqual(a[name], b[name]));
}
