/**
 * What the 304 and 412 rules share: the content fields of a response, and the filtering of a
 * response's fields in either of the shapes adapters hold them.
 *
 * @module
 */

/** A response header record as Node's `OutgoingHttpHeaders` holds them. */
export type ResponseHeaderRecord = Readonly<Record<string, string | number | readonly string[] | undefined>>;

/** Fields that describe the content beyond every `content-*` one (RFC 9110 §6.5, §8; RFC 9530). */
const CONTENT_FIELDS = new Set(['transfer-encoding', 'trailer', 'digest', 'repr-digest']);

/** `content-*` fields that are about the response as a document, not about its content. */
const NOT_CONTENT_FIELDS = new Set(['content-security-policy', 'content-security-policy-report-only']);

/**
 * Whether a field (in lower case) describes the content of a response: every `Content-*` field
 * (`Content-Location` included) but the Content-Security-Policy ones, `Transfer-Encoding`,
 * `Trailer` and the digests.
 */
export function isContentField(lower: string): boolean {
  return (lower.startsWith('content-') && !NOT_CONTENT_FIELDS.has(lower)) || CONTENT_FIELDS.has(lower);
}

function isFetchHeaders(headers: Headers | ResponseHeaderRecord): headers is Headers {
  return typeof headers.forEach === 'function' && typeof headers.get === 'function';
}

/**
 * `headers` without the fields `isDropped` names (it gets each name in lower case), as the same
 * kind: a new `Headers` (every `Set-Cookie` line kept), or a record with the names spelled as
 * given and `undefined` values left out.
 */
export function keepFields(headers: Headers, isDropped: (lower: string) => boolean): Headers;
export function keepFields(
  headers: ResponseHeaderRecord,
  isDropped: (lower: string) => boolean,
): Record<string, string | number | readonly string[]>;
export function keepFields(
  headers: Headers | ResponseHeaderRecord,
  isDropped: (lower: string) => boolean,
): Headers | Record<string, string | number | readonly string[]>;
export function keepFields(
  headers: Headers | ResponseHeaderRecord,
  isDropped: (lower: string) => boolean,
): Headers | Record<string, string | number | readonly string[]> {
  if (isFetchHeaders(headers)) {
    const kept = new Headers();
    // Fetch Headers give names in lower case, and each Set-Cookie line on its own.
    headers.forEach((value, name) => {
      if (!isDropped(name)) kept.append(name, value);
    });
    return kept;
  }
  const kept: Record<string, string | number | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !isDropped(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}
