import type { Request, ResponseObject } from '@hapi/hapi';
import type { PreconditionResponse } from '@precond/core/adapter';
import { CONTENT_CODING_VARY, codedEntityTag, varyWith } from '@precond/core/adapter';

/**
 * Gives a 200 or 304, and any other response carrying an `ETag` (a 201, a 412…), the `ETag` and
 * `Vary` of the coding hapi's compression gives this request, just before hapi compresses (after `onPreResponse`). hapi compresses a compressible body
 * of 1 KiB or more in the coding it negotiated (`request.info.acceptEncoding`) and sends it with the
 * identity body's tag, and puts `Vary: Accept-Encoding` on its 304s but not on a short 200.
 *
 * A validator-first 304 is answered before any body exists, so its size cannot decide: the tag and
 * `Vary` follow the negotiated coding and the route's compressibility only, and a short body sent
 * as it is carries the coded tag too — two tags for the same bytes cost a cache some reuse, one tag
 * for two byte sequences would splice them. A 304 has no type of its own; hapi reads it as
 * compressible, and so does this. A handler that set `Content-Encoding` or `compressed()` is left as
 * it is. A 206 is always cut from the identity body: it keeps that body's tag and gets only the
 * `Vary` its 200 would carry (RFC 9110 §15.3.7). One tag per version for a
 * client's `Accept-Encoding`, whatever the method: the tag a write answers with is the one a read
 * gives, so a client that remembers it revalidates with it.
 */
export function tagContentCoding(request: Request, response: ResponseObject): void {
  const { statusCode, headers, settings } = response;
  const partial = statusCode === 206;
  if (!partial && statusCode !== 200 && statusCode !== 304 && typeof headers.etag !== 'string') return;
  if (request.server.settings.compression === false || codesItself(response)) return;
  if (!isCompressible(request, response)) return;
  varyOnCoding(response);
  // A part is cut from the identity body and keeps its tag; the `Vary` is its 200's (RFC 9110 §15.3.7).
  if (partial) return;
  if (request.method === 'head' && statusCode === 200) dropCodedLength(request);
  const { etag } = headers;
  if (typeof etag !== 'string') return;
  const coded = codedEntityTag(etag, request.info.acceptEncoding);
  if (coded !== etag) response.header('etag', coded);
  // The tag is coded already: hapi must not add its own suffix (`h.entity()` and `etag()` ask it to).
  settings.varyEtag = false;
}

/**
 * Adds `Accept-Encoding` to the response's `Vary` unless a member names it already, in any case, or
 * it is `*`: hapi's own `vary()` compares exact strings, so it would add it to `Accept-Encoding`.
 */
function varyOnCoding(response: ResponseObject): void {
  const own = fieldValue(response.headers.vary);
  if (varyWith(own, CONTENT_CODING_VARY) !== own) response.vary(CONTENT_CODING_VARY);
}

/**
 * The coding of the representation a 200 (or 304) to `request` selects, whose tag
 * {@link tagContentCoding} sets, for core to compare If-None-Match with: the one hapi's compression
 * negotiated (`request.info.acceptEncoding`), `identity` when compression is off or the body's type
 * is not compressible, `undefined` when the handler coded the body itself. Before the handler
 * (`response` left out) no body exists, and a type is taken as compressible, as for a 304.
 */
export function responseCoding(request: Request, response?: ResponseObject): string | undefined {
  if (request.server.settings.compression === false) return 'identity';
  if (response !== undefined) {
    if (codesItself(response)) return undefined;
    if (!isCompressible(request, response)) return 'identity';
  }
  return request.info.acceptEncoding || 'identity';
}

/** Whether the handler coded the body itself (`Content-Encoding`, `compressed()`). */
function codesItself(response: ResponseObject): boolean {
  return Boolean(
    response.headers['content-encoding'] || (response.settings as { compressed?: string }).compressed,
  );
}

/** Whether hapi would compress this response's body: a 304 has no type of its own and counts as compressible. */
function isCompressible(request: Request, response: ResponseObject): boolean {
  const type = response.statusCode === 304 ? undefined : response.headers['content-type'];
  return request.server.mime.type(typeof type === 'string' ? type : 'application/octet-stream').compressible;
}

/**
 * hapi compresses no HEAD, and so sends a HEAD the identity body's `Content-Length` and no
 * `Content-Encoding` even when the GET's body would be compressed: RFC 9110 §8.6 forbids that length
 * in a response to HEAD, and allows none, and §9.3.2 wants the GET's fields, so the coding the GET
 * goes out in is named. The length is final only when hapi writes the head (it measures a payload
 * after `onPreResponse`), so it is read there: one of hapi's `minBytes` or more is a body its GET
 * would compress in the coding it negotiated for this request.
 */
function dropCodedLength(request: Request): void {
  const { compression } = request.server.settings;
  const coding = request.info.acceptEncoding;
  if (!coding || coding === 'identity') return;
  const minBytes = (typeof compression === 'object' ? compression.minBytes : undefined) ?? 1024;
  const res = request.raw.res;
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
    if (Number(this.getHeader('content-length')) >= minBytes) {
      this.removeHeader('content-length');
      this.setHeader('content-encoding', coding);
    }
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
}

/**
 * A 412 of precond's own with the `ETag` and `Vary` of the coding hapi's compression gives this
 * request, as {@link tagContentCoding} gives a response; after the fact, `produced` is the 200 it
 * stands in for, whose `Vary` it keeps. A problem body's fields are set while
 * hapi marshals it, after `onPreResponse`, so they are coded before it is built; a 304 has its
 * fields from the start and is left to {@link tagContentCoding}, like any other response.
 */
export function toCodedAnswer(
  request: Request,
  answer: PreconditionResponse,
  produced?: ResponseObject,
): PreconditionResponse {
  const { etag } = answer.headers;
  if (answer.body === null || request.server.settings.compression === false || etag === undefined) {
    return answer;
  }
  const headers = {
    ...answer.headers,
    etag: codedEntityTag(etag, request.info.acceptEncoding),
    // The 200's own `Vary` (a 412 keeps it, core's rule) with the coding's added, not in its place.
    vary: varyWith(answer.headers.vary ?? fieldValue(produced?.headers.vary), CONTENT_CODING_VARY),
  };
  return { ...answer, headers };
}

/** A response field as one string, lines joined (RFC 9110 §5.3); `undefined` when unset. */
function fieldValue(value: string | string[] | number | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
}
