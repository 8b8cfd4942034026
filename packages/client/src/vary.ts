/**
 * Which request a remembered response may answer: the request's values of the fields its `Vary`
 * names (RFC 9110 §12.5.5, RFC 9111 §4.1). A caller's per-call `headers` (`Accept`,
 * `Accept-Language`) can select another representation of the same URL, which the remembered body
 * and its validators do not name.
 *
 * @module
 */

/**
 * The request's values of the fields a response's `Vary` names, by lower-case name (`null` for a field
 * the request did not carry); `'*'` for `Vary: *`, which no later request matches; `undefined` when
 * the response varies on nothing.
 */
export type VaryingFields = '*' | { readonly [field: string]: string | null };

/**
 * What to remember with a response so that only a request selecting the same representation reuses
 * it: the values `requestHeaders` had for each field `responseHeaders`' `Vary` names.
 */
export function varyingFields(responseHeaders: Headers, requestHeaders: Headers): VaryingFields | undefined {
  const vary = responseHeaders.get('vary');
  if (vary === null) return undefined;
  const names = vary
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.includes('*')) return '*';
  if (names.length === 0) return undefined;
  const fields: Record<string, string | null> = {};
  for (const name of names) fields[name] = requestHeaders.get(name);
  return fields;
}

/**
 * Whether a request carrying `requestHeaders` may be answered by a response remembered with `fields`
 * (RFC 9111 §4.1): each field the response varies on has the same value in it (or is absent from
 * both). `Vary: *` matches nothing; a response that varies on nothing matches every request.
 */
export function selectsSameVariant(fields: VaryingFields | undefined, requestHeaders: Headers): boolean {
  if (fields === undefined) return true;
  if (fields === '*') return false;
  return Object.entries(fields).every(([name, value]) => requestHeaders.get(name) === value);
}
