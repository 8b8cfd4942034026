/**
 * Which header fields a 304 Not Modified keeps (RFC 9110 §15.4.5).
 *
 * @module
 */

/**
 * Fields a 304 must carry when a 200 to the same request would have (RFC 9110 §15.4.5), plus
 * Last-Modified, which guides cache updates.
 */
export const NOT_MODIFIED_KEPT_FIELDS = [
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'vary',
  'last-modified',
] as const;

/** Fields that describe the omitted content and so must not appear on a 304, beyond every `content-*` one. */
const CONTENT_FIELDS = new Set(['transfer-encoding', 'trailer', 'digest', 'repr-digest']);

/**
 * Whether a 304 drops this field: the content fields (`Content-Type`, `Content-Length`,
 * `Content-Encoding`, `Content-Language`, `Content-Range`, any other `Content-*` except
 * `Content-Location`, `Transfer-Encoding`, `Trailer`, digests). Everything else is kept: the
 * listed metadata, and fields about the response rather than the representation (`Set-Cookie`,
 * CORS fields, request ids), which a client still needs on a 304.
 */
export function isDroppedFromNotModified(name: string): boolean {
  const lower = name.toLowerCase();
  return (lower.startsWith('content-') && lower !== 'content-location') || CONTENT_FIELDS.has(lower);
}

/** A response header record as Node's `OutgoingHttpHeaders` holds them. */
export type ResponseHeaderRecord = Readonly<Record<string, string | number | readonly string[] | undefined>>;

/**
 * The headers of a 304 built from those a 200 would have carried: content fields dropped, the
 * rest kept (see {@link isDroppedFromNotModified}). Returns the same kind it is given.
 */
export function notModifiedHeaders(headers: Headers): Headers;
export function notModifiedHeaders(
  headers: ResponseHeaderRecord,
): Record<string, string | number | readonly string[]>;
export function notModifiedHeaders(
  headers: Headers | ResponseHeaderRecord,
): Headers | Record<string, string | number | readonly string[]> {
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    const kept = new Headers();
    (headers as Headers).forEach((value, name) => {
      if (!isDroppedFromNotModified(name)) kept.append(name, value);
    });
    return kept;
  }
  const kept: Record<string, string | number | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers as ResponseHeaderRecord)) {
    if (value !== undefined && !isDroppedFromNotModified(name)) kept[name] = value;
  }
  return kept;
}
