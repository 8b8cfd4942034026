/**
 * Telling a loader's promise from its value, so that adapters await only what needs awaiting.
 *
 * @module
 */

/**
 * Whether `value` is a thenable. Adapters call a validators loader and await its result only when it
 * is one: a loader that answers synchronously (from memory, a cache) then costs no promise and no
 * turn of the microtask queue, which on a 304 is much of what an adapter adds.
 */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}
