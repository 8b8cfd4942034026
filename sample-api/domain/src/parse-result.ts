/**
 * What a request-body parser answers: the value, or a sentence saying why not (an app's 422).
 *
 * @module
 */

/** A parsed value, or `detail` for the problem body of a 422 Unprocessable Content (RFC 9110 §15.5.21). */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly detail: string };

/** Whether `value` is a JSON object (not an array, not `null`). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
