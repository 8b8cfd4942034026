/**
 * Which `preconditions()` handles a request when an app-wide one and a route's own both run: the
 * route's, the later one, takes over.
 *
 * @module
 */

import type { Context } from 'hono';

/** The `preconditions()` that is handling a request, so that a later one (the route's) can take over. */
export interface Taking {
  superseded: boolean;
}

/**
 * Where the context keeps its {@link Taking}: a property under a symbol, which every context gains
 * the same way (one shape for V8), not a WeakMap entry, which the garbage collector traces apart.
 */
const TAKING = Symbol('precond.taking');

type TakingContext = Context & { [TAKING]?: Taking };

/** Tells the `preconditions()` handling this request so far (an app-wide one) to leave it alone. */
export function supersedeOuter(c: Context): void {
  const outer = (c as TakingContext)[TAKING];
  if (outer) outer.superseded = true;
}

/** Makes this `preconditions()` the one handling the request, until a later one supersedes it. */
export function takeOver(c: Context): Taking {
  const own: Taking = { superseded: false };
  (c as TakingContext)[TAKING] = own;
  return own;
}
