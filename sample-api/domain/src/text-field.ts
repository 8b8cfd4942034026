/**
 * Checking a string a client sends before it reaches a `text` column.
 *
 * @module
 */

/** A lone UTF-16 surrogate: JSON can carry one (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Length bounds of a text field, in characters (Unicode code points, not UTF-16 units). */
export interface TextBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * Why `value` cannot be stored as text field `name`, or `undefined` when it can. Besides the type
 * and length, rejects what PostgreSQL's `text` would refuse or alter: U+0000, which it cannot store
 * (the statement would fail and the client get a 503 instead of a 422), and lone surrogates, which
 * the drivers would silently replace with U+FFFD.
 */
export function textFieldProblem(name: string, value: unknown, bounds: TextBounds): string | undefined {
  if (typeof value !== 'string') return `${name} must be a string`;
  if (value.includes('\u0000')) return `${name} must not contain U+0000`;
  if (LONE_SURROGATE.test(value)) return `${name} must be valid Unicode (it contains a lone surrogate)`;
  // Code points, so that an emoji counts as one character, not two.
  let length = 0;
  for (const _ of value) length++;
  if (length < bounds.min || length > bounds.max) {
    return bounds.min === 0
      ? `${name} must be at most ${bounds.max} characters`
      : `${name} must be ${bounds.min} to ${bounds.max} characters`;
  }
  return undefined;
}
