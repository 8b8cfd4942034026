import type { PreconditionOptions } from '@precond/core';
import type { AdapterRequest, ProducedResponse } from '@precond/core/adapter';
import { decideFromResponse, shouldGenerateEntityTag } from '@precond/core/adapter';
import { generateEntityTag, generateEntityTagAtOnce } from '@precond/core/etag-web';
import { bufferedBody } from './buffered-body.js';
import { knownBodyOf } from './json.js';
import { toFetchResponse, withFields } from './to-fetch-response.js';

/**
 * After the fact: give a 200 to GET/HEAD without an `ETag` one hashed from its body when that body
 * is buffered (see {@link bufferedBody}), then answer 304 (or 412) when the request's conditions
 * say so; otherwise return the response as produced.
 *
 * A promise only when there is something to wait for: a body to read, or a Web Crypto digest. A
 * body `json()`/`text()` (or the adapter) recorded, hashed with node:crypto where the runtime
 * offers it, is answered at once.
 */
export function answerAfterTheFact(
  request: AdapterRequest,
  response: Response,
  options: PreconditionOptions,
): Response | Promise<Response> {
  const produced: ProducedResponse = {
    status: response.status,
    etag: response.headers.get('etag') ?? undefined,
    lastModified: response.headers.get('last-modified') ?? undefined,
  };
  if (!shouldGenerateEntityTag(request.method, produced, options.etagGeneration)) {
    return answer(request, produced, response, options);
  }
  const weak = options.etagGeneration === 'weak';
  const known = knownBodyOf(response);
  const etag = known === undefined ? undefined : generateEntityTagAtOnce(known, { weak });
  if (etag === undefined) return answerOnceHashed(request, produced, response, options);
  // A recorded body is in a Response the handler has just made, whose headers may change: no copy.
  response.headers.set('etag', etag);
  return answer(request, { ...produced, etag }, response, options);
}

/** {@link answerAfterTheFact} for a body that must be read, or hashed with Web Crypto, first. */
async function answerOnceHashed(
  request: AdapterRequest,
  untagged: ProducedResponse,
  response: Response,
  options: PreconditionOptions,
): Promise<Response> {
  const bytes = await bufferedBody(response, request.method);
  if (bytes === undefined) return answer(request, untagged, response, options);
  const etag = await generateEntityTag(bytes, { weak: options.etagGeneration === 'weak' });
  // A body read back (from `fetch()`, with immutable headers) goes out in a copy.
  if (bytes === knownBodyOf(response)) {
    response.headers.set('etag', etag);
    return answer(request, { ...untagged, etag }, response, options);
  }
  return answer(request, { ...untagged, etag }, withFields(response, { etag }, bytes), options);
}

/** The 304 or 412 the request's conditions call for, or `sent` as it is. */
function answer(
  request: AdapterRequest,
  produced: ProducedResponse,
  sent: Response,
  options: PreconditionOptions,
): Response {
  const decision = decideFromResponse(request, produced, options);
  return decision.action === 'respond' ? toFetchResponse(decision.response, sent) : sent;
}
