import type { ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import type { PreconditionResponse } from '@precond/core/adapter';
import { CONTENT_CODING_VARY, codedEntityTag, varyWith } from '@precond/core/adapter';
import { COMPRESSION_THRESHOLD, forbidsTransform, isCompressible } from '../content-coding.js';

function single(value: number | string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

/**
 * An answer of precond's (304, 412, 428) to a request in `coding`: one that carries an `ETag` gets
 * the coded tag and `Vary` the 200 carries; a 428 is returned as it is.
 */
export function toCodedAnswer(
  answer: PreconditionResponse,
  coding: string | undefined,
  res: ServerResponse,
): PreconditionResponse {
  if (coding === undefined || answer.headers.etag === undefined) return answer;
  const headers: Record<string, string> = {
    ...answer.headers,
    vary: varyWith(answer.headers.vary ?? single(res.getHeader('vary')), CONTENT_CODING_VARY),
  };
  if (headers.etag !== undefined) headers.etag = codedEntityTag(headers.etag, coding);
  return { ...answer, headers };
}

/**
 * The bytes to write for a response in `coding`, after giving a 200 (or any response with an `ETag`)
 * the coded `ETag` and `Vary: Accept-Encoding`. A buffered 200 to GET is compressed here (as
 * Next's compression would, which leaves a body with a `Content-Encoding` alone) when compressible
 * and of 1 KiB or more; other bodies, streamed ones (`bytes` undefined) included, are left to
 * Next's compression. A HEAD whose GET would be compressed here gets that GET's `Content-Encoding`
 * and loses its `Content-Length`, the identity body's.
 */
export function toCodedBody(
  res: ServerResponse,
  bytes: Uint8Array | undefined,
  coding: string | undefined,
  method: string,
): Uint8Array | undefined {
  if (coding === undefined || res.hasHeader('content-encoding')) return bytes;
  if (res.statusCode === 206) {
    // A part is cut from the identity body: it keeps the identity tag, and `no-transform` is what
    // stops Next's compression coding it. Its `Vary` is the one its 200 carries (RFC 9110 §15.3.7).
    res.setHeader('vary', varyWith(single(res.getHeader('vary')), CONTENT_CODING_VARY));
    const cacheControl = single(res.getHeader('cache-control'));
    if (!forbidsTransform(cacheControl)) {
      res.setHeader('cache-control', cacheControl ? `${cacheControl}, no-transform` : 'no-transform');
    }
    return bytes;
  }
  const etag = single(res.getHeader('etag'));
  if (res.statusCode !== 200 && etag === undefined) return bytes;
  res.setHeader('vary', varyWith(single(res.getHeader('vary')), CONTENT_CODING_VARY));
  if (etag !== undefined) res.setHeader('etag', codedEntityTag(etag, coding));
  // A stream's coding is Next's to apply, and its tag names that coding already.
  if (bytes === undefined) return bytes;
  const upper = method.toUpperCase();
  // A HEAD has no bytes to go by when its handler wrote none: the length it declares is its GET's.
  const declared = upper === 'HEAD' ? Number(single(res.getHeader('content-length'))) : Number.NaN;
  const size = Number.isFinite(declared) ? declared : bytes.byteLength;
  const compress =
    res.statusCode === 200 &&
    coding !== 'identity' &&
    (upper === 'GET' || upper === 'HEAD') &&
    size >= COMPRESSION_THRESHOLD &&
    isCompressible(single(res.getHeader('content-type'))) &&
    !forbidsTransform(single(res.getHeader('cache-control')));
  if (!compress) return bytes;
  if (upper === 'HEAD') {
    // RFC 9110 §9.3.2: a HEAD carries the fields its GET would, so the GET's `Content-Encoding`,
    // which its coded `ETag` names. The coded body's length is not known without coding it: §8.6
    // forbids the identity body's length here, and allows none. (Next's compression skips a HEAD,
    // and leaves a response with a `Content-Encoding` alone.)
    res.removeHeader('content-length');
    res.setHeader('content-encoding', coding);
    return bytes;
  }
  const coded = coding === 'gzip' ? gzipSync(bytes) : deflateSync(bytes);
  res.setHeader('content-encoding', coding);
  res.setHeader('content-length', coded.byteLength);
  return coded;
}
