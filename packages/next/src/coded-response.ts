import { CONTENT_CODING_VARY, codedEntityTag, varyWith } from '@precond/core';
import { COMPRESSION_THRESHOLD, forbidsTransform, isCompressible } from './content-coding.js';

function declaredLength(headers: Headers): number | undefined {
  const value = headers.get('content-length')?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * A GET/HEAD 200 or 304 in `coding` (see `responseCoding`): `Vary: Accept-Encoding`, the coded
 * `ETag` (`"abc-gzip"`), and for a 200 to GET with a compressible body of 1 KiB or more, that body
 * compressed here with a `CompressionStream`. Next's compression leaves a body that has a
 * `Content-Encoding` alone, so the tag always names the bytes Next sends. Any other status, and a
 * response with a `Content-Encoding` of its own, is returned as it is.
 */
export function toCodedResponse(response: Response, coding: string, method: string): Response {
  const { status } = response;
  if ((status !== 200 && status !== 304) || response.headers.has('content-encoding')) return response;
  const headers = new Headers(response.headers);
  headers.set('vary', varyWith(headers.get('vary'), CONTENT_CODING_VARY));
  const etag = headers.get('etag');
  if (etag !== null) headers.set('etag', codedEntityTag(etag, coding));
  let body = response.body;
  const length = declaredLength(headers);
  if (
    coding !== 'identity' &&
    status === 200 &&
    method.toUpperCase() === 'GET' &&
    body !== null &&
    (length === undefined || length >= COMPRESSION_THRESHOLD) &&
    isCompressible(headers.get('content-type')) &&
    !forbidsTransform(headers.get('cache-control'))
  ) {
    body = body.pipeThrough(new CompressionStream(coding as CompressionFormat));
    headers.set('content-encoding', coding);
    headers.delete('content-length');
  }
  return new Response(body, { status, statusText: response.statusText, headers });
}
