import { CONTENT_CODING_VARY, codedEntityTag, varyWith } from '@precond/core/adapter';
import { withFieldsSet } from '@precond/fetch/adapter';
import { forbidsTransform } from './content-coding.js';

/**
 * A response in `coding` (see `responseCoding`). A 200 or 304, and any other response carrying an
 * `ETag` (a 201, a 412…), gets `Vary: Accept-Encoding` and the coded `ETag` (`"abc-gzip"`); Next's
 * compression then codes the body as negotiated (it compresses route handler bodies itself: one
 * compressed here would be compressed twice). A 206 is cut from the identity body, so it keeps the
 * identity tag and gets `Cache-Control: no-transform`, the one field that stops Next's compression,
 * which would otherwise code the part; it gets the 200's `Vary: Accept-Encoding` all the same, as a
 * 206 carries the `Vary` its 200 would (RFC 9110 §15.3.7). A response with a `Content-Encoding` of
 * its own is returned as it is.
 */
export function toCodedResponse(response: Response, coding: string): Response {
  const { status, headers } = response;
  if (headers.has('content-encoding')) return response;
  const etag = headers.get('etag');
  if (status !== 200 && status !== 304 && status !== 206 && etag === null) return response;
  const fields: Record<string, string> = { vary: varyWith(headers.get('vary'), CONTENT_CODING_VARY) };
  if (status === 206) {
    const cacheControl = headers.get('cache-control');
    if (!forbidsTransform(cacheControl)) {
      fields['cache-control'] = cacheControl ? `${cacheControl}, no-transform` : 'no-transform';
    }
    return withFieldsSet(response, fields);
  }
  const coded = etag === null ? null : codedEntityTag(etag, coding);
  if (coded !== etag) fields.etag = coded as string;
  return withFieldsSet(response, fields);
}
