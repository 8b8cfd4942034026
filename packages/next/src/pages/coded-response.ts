import type { ServerResponse } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import type { PreconditionResponse } from '@precond/core';
import { CONTENT_CODING_VARY, codedEntityTag, varyWith } from '@precond/core';
import { COMPRESSION_THRESHOLD, forbidsTransform, isCompressible } from '../content-coding.js';

function single(value: number | string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined;
}

/** The 304 of a request in `coding`: the coded `ETag` and `Vary` its 200 carries; other answers as they are. */
export function toCodedAnswer(
  answer: PreconditionResponse,
  coding: string | undefined,
  res: ServerResponse,
): PreconditionResponse {
  if (coding === undefined || answer.status !== 304) return answer;
  const headers: Record<string, string> = {
    ...answer.headers,
    vary: varyWith(answer.headers.vary ?? single(res.getHeader('vary')), CONTENT_CODING_VARY),
  };
  if (headers.etag !== undefined) headers.etag = codedEntityTag(headers.etag, coding);
  return { ...answer, headers };
}

/**
 * The bytes to write for a buffered 200 to GET/HEAD in `coding`, after giving `res` the coded
 * `ETag` and `Vary: Accept-Encoding`: compressed here (as Next's compression would, which leaves a
 * body with a `Content-Encoding` alone) when compressible and of 1 KiB or more, else as given.
 */
export function toCodedBody(
  res: ServerResponse,
  bytes: Uint8Array,
  coding: string | undefined,
  method: string,
): Uint8Array {
  if (coding === undefined || res.hasHeader('content-encoding')) return bytes;
  if (res.statusCode === 206) {
    // A part is cut from the identity body: `no-transform` is what stops Next's compression coding it.
    const cacheControl = single(res.getHeader('cache-control'));
    if (!forbidsTransform(cacheControl)) {
      res.setHeader('cache-control', cacheControl ? `${cacheControl}, no-transform` : 'no-transform');
    }
    return bytes;
  }
  if (res.statusCode !== 200) return bytes;
  res.setHeader('vary', varyWith(single(res.getHeader('vary')), CONTENT_CODING_VARY));
  const etag = single(res.getHeader('etag'));
  if (etag !== undefined) res.setHeader('etag', codedEntityTag(etag, coding));
  const compress =
    coding !== 'identity' &&
    method.toUpperCase() === 'GET' &&
    bytes.byteLength >= COMPRESSION_THRESHOLD &&
    isCompressible(single(res.getHeader('content-type'))) &&
    !forbidsTransform(single(res.getHeader('cache-control')));
  if (!compress) return bytes;
  const coded = coding === 'gzip' ? gzipSync(bytes) : deflateSync(bytes);
  res.setHeader('content-encoding', coding);
  res.setHeader('content-length', coded.byteLength);
  return coded;
}
