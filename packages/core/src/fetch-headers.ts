/**
 * Telling a Fetch `Headers` from a Node-style header record, the two shapes core reads.
 *
 * @module
 */

/**
 * Whether `headers` is a Fetch `Headers` (or anything shaped like one), rather than a record such
 * as Node's `IncomingMessage.headers` or `OutgoingHttpHeaders`. Duck-typed, so a `Headers` from
 * another realm or polyfill counts too.
 */
export function isFetchHeaders(headers: unknown): headers is Headers {
  return (
    typeof headers === 'object' &&
    headers !== null &&
    typeof (headers as Headers).forEach === 'function' &&
    typeof (headers as Headers).get === 'function'
  );
}
