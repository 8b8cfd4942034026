/**
 * Next.js App Router route handlers: bare, bare with its validators set by hand, and wrapped in
 * `withPreconditions` (validator-first, or after the fact with `json()`), served through the same
 * Fetch bridge.
 *
 * @module
 */

import { json, withPreconditions } from '@precond/next';
import { fixture } from '../fixtures.js';
import type { BodyName } from '../server-process.js';
import { type FetchHandler, serveFetchHandler } from './fetch-bridge.js';
import { type ListeningServer, listen } from './listen.js';

export function startNextHandlers(variant: string, body: BodyName): Promise<ListeningServer> {
  const { produce, validators } = fixture(body);
  let handler: FetchHandler;
  switch (variant) {
    case 'bare':
      handler = async () => Response.json(produce());
      break;
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
