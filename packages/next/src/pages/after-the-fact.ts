import type { PreconditionOptions } from '@precond/core';
import type { AdapterRequest, PreconditionResponse, ProducedResponse } from '@precond/core/adapter';
import { decideFromResponse, shouldGenerateEntityTag } from '@precond/core/adapter';
import { generateEntityTag } from '@precond/core/etag';
import type { NextApiResponse } from 'next';

function single(value: number | string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * After the fact, just before the head is written: give a buffered 200 to GET/HEAD without an
 * `ETag` one hashed from exactly the bytes about to be written (`undefined` for a streamed body,
 * which is never tagged), then return the 304 (or 412) to send instead when the request's
 * conditions say so — for a stream too, whose `ETag` and `Last-Modified` are set by now.
 */
export function answerAfterTheFact(
  request: AdapterRequest,
  res: NextApiResponse,
  bytes: Uint8Array | undefined,
  options: PreconditionOptions,
): PreconditionResponse | undefined {
  let produced: ProducedResponse = {
    status: res.statusCode,
    etag: single(res.getHeader('etag')),
    lastModified: single(res.getHeader('last-modified')),
  };
  if (bytes && shouldGenerateEntityTag(request.method, produced, options.etagGeneration)) {
    const etag = generateEntityTag(bytes, { weak: options.etagGeneration === 'weak' });
    produced = { ...produced, etag };
    res.setHeader('etag', etag);
  }
  const decision = decideFromResponse(request, produced, options);
  return decision.action === 'respond' ? decision.response : undefined;
}
