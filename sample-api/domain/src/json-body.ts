/**
 * Reading a JSON request body, the same way in every app: size limit (413), media type (415),
 * syntax (400). Works on a Node `IncomingMessage`, any async iterable of chunks, or a Web stream.
 *
 * @module
 */

/** The largest request body the sample API accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Media types a JSON body may be sent as; a merge patch may also use its own (RFC 7396). */
export const JSON_MEDIA_TYPES: readonly string[] = ['application/json', 'application/merge-patch+json'];

/**
 * A decoded body with the bytes it was decoded from (what a `PUT` answer compares its
 * representation with: `putAnswer`), or the status and sentence of the problem to answer.
 */
export type JsonBodyResult =
  | { readonly ok: true; readonly value: unknown; readonly content: Uint8Array }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly detail: string };

/**
 * Reads a body up to `limit` bytes; `undefined` as soon as it is larger (answer 413 now). The rest
 * is then read and thrown away in the background, never kept: stopping instead would make a Node
 * request destroy its connection before the 413 is written (a Web stream would be cancelled), or
 * leave the client's bytes unread until the connection closes, when the kernel turns them into a
 * reset that can lose the answer (RFC 9112 §9.6). How long the rest may take is the connection's
 * to bound (`closeConnectionsInStages`).
 */
export async function readBodyBytes(
  source: AsyncIterable<Uint8Array | string>,
  limit: number = MAX_BODY_BYTES,
): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const iterator = source[Symbol.asyncIterator]();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const bytes = typeof next.value === 'string' ? new TextEncoder().encode(next.value) : next.value;
    size += bytes.byteLength;
    if (size > limit) {
      void discardRest(iterator);
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Reads `iterator` to its end, keeping nothing; a connection that fails meanwhile just ends it. */
async function discardRest(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    while (!(await iterator.next()).done) {}
  } catch {}
}

/** The media type of a Content-Type field, lower-cased, without parameters. */
function mediaTypeOf(contentType: string | null | undefined): string {
  const semicolon = (contentType ?? '').indexOf(';');
  return (semicolon < 0 ? (contentType ?? '') : (contentType ?? '').slice(0, semicolon)).trim().toLowerCase();
}

/** The request fields that say how its body is to be read. */
export interface JsonRequestHead {
  readonly method: string;
  readonly contentType: string | readonly string[] | null | undefined;
  readonly contentEncoding?: string | readonly string[] | null | undefined;
}

/**
 * The media types a request of `method` may send its JSON as: a PATCH a JSON merge patch
 * (RFC 7396) as well; a POST or PUT sends a whole document, which a merge patch is not.
 */
export function acceptedMediaTypes(method: string): readonly string[] {
  return method === 'PATCH' ? JSON_MEDIA_TYPES : JSON_MEDIA_TYPE_ONLY;
}

const JSON_MEDIA_TYPE_ONLY: readonly string[] = ['application/json'];

/** A field's lines as one value (RFC 9110 §5.3). */
function fieldValue(value: string | readonly string[] | null | undefined): string {
  return typeof value === 'string' ? value : (value ?? []).join(', ');
}

/** The content codings a Content-Encoding field names, lower-cased, `identity` left out. */
function contentCodingsOf(value: string | readonly string[] | null | undefined): string[] {
  return fieldValue(value)
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

/**
 * Decodes a request body as JSON: 413 when it exceeded the limit (`bytes` is `undefined`), 415 when
 * its Content-Type is not one the method accepts ({@link acceptedMediaTypes}) or it carries a
 * content coding (the API reads none: RFC 9110 §8.4 has a server that does not decode a coding answer
 * 415 rather than read coded bytes as JSON), 400 when it is not well-formed UTF-8 JSON.
 */
export function decodeJsonBody(
  head: JsonRequestHead,
  bytes: Uint8Array | string | undefined,
): JsonBodyResult {
  if (bytes === undefined) {
    return { ok: false, status: 413, detail: `The request body is larger than ${MAX_BODY_BYTES} bytes` };
  }
  const codings = contentCodingsOf(head.contentEncoding);
  if (codings.length > 0) {
    return {
      ok: false,
      status: 415,
      detail: `Send the body without a content coding, not ${codings.join(', ')}`,
    };
  }
  const accepted = acceptedMediaTypes(head.method);
  const mediaType = mediaTypeOf(fieldValue(head.contentType));
  if (!accepted.includes(mediaType)) {
    return {
      ok: false,
      status: 415,
      detail: `Send the body as ${accepted.join(' or ')}${mediaType ? `, not ${mediaType}` : ''}`,
    };
  }
  const content = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return { ok: false, status: 400, detail: 'The request body is not valid UTF-8' };
  }
  try {
    return { ok: true, value: JSON.parse(text), content };
  } catch (error) {
    return {
      ok: false,
      status: 400,
      detail: `The request body is not valid JSON: ${(error as Error).message}`,
    };
  }
}
