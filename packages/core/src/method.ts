/**
 * What a request method means for conditional evaluation, decided in one place for all of core.
 *
 * Methods are case-sensitive (RFC 9110 §9.1): `QUERY` and `query` are two methods. The one
 * exception is the spelling Fetch itself normalises (`get`, `head`, `post`, `put`, `delete`,
 * `options`, and `patch` besides): core's input is meant to read as a Fetch `Request` would, and
 * `new Request(url, { method: 'get' })` is a GET. No request off the wire is affected — Node's
 * parser only accepts upper-case methods — so folding only reaches hand-built input.
 *
 * @module
 */

/** The methods folded to upper case, as Fetch does (plus PATCH), ASCII letters only. */
const FOLDED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);

/**
 * The method as core evaluates it: the Fetch-normalised methods in upper case, any other method
 * exactly as given (RFC 9110 §9.1), `''` for what is not a string.
 */
export function normaliseMethod(method: unknown): string {
  if (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'PATCH' || method === 'DELETE')
    return method;
  if (typeof method !== 'string') return '';
  // ASCII case-folding only, as Fetch does: `optıons` (dotless i) is not OPTIONS.
  let upper = '';
  for (let i = 0; i < method.length; i++) {
    const code = method.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) upper += String.fromCharCode(code - 0x20);
    else if (code >= 0x41 && code <= 0x5a) upper += method[i];
    else return method;
  }
  return FOLDED_METHODS.has(upper) ? upper : method;
}

/** CONNECT, OPTIONS and TRACE: preconditions are ignored (RFC 9110 §13.2.1). Takes a normalised method. */
export function ignoresPreconditions(method: string): boolean {
  return method === 'CONNECT' || method === 'OPTIONS' || method === 'TRACE';
}

/**
 * Whether a request of this (normalised) method asks for the selected representation only if it
 * changed, so that a false If-None-Match or If-Modified-Since answers 304 rather than 412 or being
 * ignored: GET and HEAD (RFC 9110 §13.1.2, §13.1.3) and QUERY, whose conditional form
 * draft-ietf-httpbis-safe-method-w-body (§2, "Conditional Requests") defines as Section 13 of
 * RFC 9110 applied to the query results. The same methods get validators set on a 200 and an
 * entity-tag generated after the fact.
 */
export function isConditionalRetrieval(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'QUERY';
}

/**
 * Whether Range applies to a request of this (normalised) method: GET is the only method range
 * handling is defined for (RFC 9110 §14.2), so any other, HEAD included, ignores Range, and If-Range
 * with it (§13.1.5).
 */
export function handlesRange(method: string): boolean {
  return method === 'GET';
}

/**
 * Whether a request of this (normalised) method can be a write whose If-Match its compare-and-set
 * decides: any method but the safe ones (RFC 9110 §9.2.1, and QUERY) and those that ignore
 * preconditions.
 */
export function canWrite(method: string): boolean {
  return (
    method !== '' &&
    method !== 'GET' &&
    method !== 'HEAD' &&
    method !== 'QUERY' &&
    !ignoresPreconditions(method)
  );
}
