/**
 * Next.js App Router route handlers: bare, bare with its validators set by hand or with its body
 * tagged by hand after the fact (SHA-1, as precond tags), and wrapped in `withPreconditions`
 * (validator-first, or after the fact with `json()`), served through the same Fetch bridge.
 *
 * @module
 */

import { json, withPreconditions } from '@precond/next';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import { jsonText, sha1EntityTag } from './body-tag.js';
import { type FetchHandler, serveFetchHandler } from './fetch-bridge.js';
import { type ListeningServer, listen } from './listen.js';

export function startNextHandlers(variant: string, body: BodyName): Promise<ListeningServer> {
  const { produce, validators } = fixture(body);
  let handler: FetchHandler;
  switch (variant) {
    case 'bare':
      handler = async () => Response.json(produce());
      break;
    // What a wrapped route handler charges any layer before it does anything: the bare route behind a wrapper that
    // only passes the request on, where precond's validator-first sits.
    case 'layer': {
      const own: FetchHandler = async () => Response.json(produce());
      handler = async (request, context) => own(request, context);
      break;
    }
    // The same route with its validators written by hand, as a team would without a library: both
    // fields set, a 304 when If-None-Match is the ETag itself.
    case 'hand':
      handler = async (request) => {
        const headers = { etag: validators.etag, 'last-modified': validators.lastModified.toUTCString() };
        if (request.headers.get('if-none-match') === validators.etag)
          return new Response(null, { status: 304, headers });
        return Response.json(produce(), { headers });
      };
      break;
    // The same route tagged after the fact by hand, as a team would without a library: the body
    // serialised once, its SHA-1 as a strong ETag, a 304 when If-None-Match is that ETag itself.
    case 'hand-after':
      handler = async (request) => {
        const body = jsonText(produce());
        const etag = sha1EntityTag(body);
        if (request.headers.get('if-none-match') === etag)
          return new Response(null, { status: 304, headers: { etag } });
        return new Response(body, { headers: { etag, 'content-type': 'application/json' } });
      };
      break;
    case 'precond-validators':
      handler = withPreconditions(async () => Response.json(produce()), { loadValidators: () => validators });
      break;
    case 'precond-after':
      handler = withPreconditions(async () => json(produce()));
      break;
    default:
      throw new Error(`unknown Next variant ${variant}`);
  }
  return listen(serveFetchHandler(handler));
}
