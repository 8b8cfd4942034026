import type { PreconditionOptions } from '@precond/core';
import type { AdapterRequest, ProducedResponse } from '@precond/core/adapter';
import { decideFromResponse, shouldGenerateEntityTag } from '@precond/core/adapter';
import { generateEntityTag } from '@precond/core/etag-web';
import { bufferedBody } from './buffered-body.js';
import { knownBodyOf } from './json.js';
import { toFetchResponse, withFields } from './to-fetch-response.js';

/**
 * After the fact: give a 200 to GET/HEAD without an `ETag` one hashed (Web Crypto) from its body
 * when that body is buffered (see {@link bufferedBody}), then answer 304 (or 412) when the
 * request's conditions say so; otherwise return the response as produced.
 */
export async function answerAfterTheFact(
  request: AdapterRequest,
  response: Response,
  options: PreconditionOptions,
): Promise<Response> {
  let sent = response;
  let produced: ProducedResponse = {
    status: response.status,
    etag: response.headers.get('etag') ?? undefined,
    lastModified: response.headers.get('last-modified') ?? undefined,
  };
  if (shouldGenerateEntityTag(request.method, produced, options.etagGeneration)) {
    const bytes = await bufferedBody(response);
    if (bytes !== undefined) {
      const etag = await generateEntityTag(bytes, { weak: options.etagGeneration === 'weak' });
      produced = { ...produced, etag };
      // A body `json()`/`text()` built is in a Response the handler has just made, whose headers may
      // change: no copy. Any other (from `fetch()`, with immutable headers, or read back) is copied.
      if (bytes === knownBodyOf(response)) response.headers.set('etag', etag);
      else sent = withFields(response, { etag }, bytes);
    }
  }
  const decision = decideFromResponse(request, produced, options);
  return decision.action === 'respond' ? toFetchResponse(decision.response, sent) : sent;
}
