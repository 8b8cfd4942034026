import type { ServerResponse } from 'node:http';
import type { PreconditionOptions } from '@precond/core';
import type { AdapterRequest, PreconditionResponse, ProducedResponse } from '@precond/core/adapter';
import { decideFromResponse, shouldGenerateEntityTag } from '@precond/core/adapter';
import { generateEntityTag } from '@precond/core/etag';

function single(value: number | string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * After the fact, on the response the handler ends: give a 200 to GET/HEAD/QUERY without an `ETag`
 * (`untagged`: its `ETag` field is a placeholder that stands for none)
 * one hashed from exactly the bytes written (when they are buffered; a string is hashed as the UTF-8
 * it goes out as), then return the 304 (or 412)
 * to send instead when the request's conditions say so.
 */
export function answerAfterTheFact(
  request: AdapterRequest,
  res: ServerResponse,
  body: string | Uint8Array | undefined,
  untagged: boolean,
  options: PreconditionOptions,
): PreconditionResponse | undefined {
  let produced: ProducedResponse = {
    status: res.statusCode,
    etag: untagged ? undefined : single(res.getHeader('etag')),
    lastModified: single(res.getHeader('last-modified')),
  };
  if (body !== undefined && shouldGenerateEntityTag(request.method, produced, options.etagGeneration)) {
    const etag = generateEntityTag(body, { weak: options.etagGeneration === 'weak' });
    produced = { ...produced, etag };
    res.setHeader('etag', etag);
  }
  const decision = decideFromResponse(request, produced, options);
  return decision.action === 'respond' ? decision.response : undefined;
}
