/**
 * Resource ids: what a path segment may name, and the ids the server makes up.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';

const RESOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Whether `value` is a valid id: 1 to 64 of `A–Z a–z 0–9 _ -`. Anything else names no resource:
 * the stores answer `exists: false` / `undefined` for it, and an app answers 404.
 */
export function isResourceId(value: unknown): value is string {
  return typeof value === 'string' && RESOURCE_ID.test(value);
}

/** A new server-chosen id: 32 random hex digits (a UUID v4 without its dashes). */
export function newResourceId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * Rejects an id the caller should have checked with {@link isResourceId} before writing.
 *
 * @throws RangeError when `id` is not a valid resource id.
 */
export function assertResourceId(id: string, what: string): void {
  if (!isResourceId(id)) throw new RangeError(`${what} ${JSON.stringify(id)} is not a valid id`);
}
