/**
 * Next.js App Router route handlers, bare and wrapped in `withPreconditions` (validator-first, or
 * after the fact with `json()`), served through the same Fetch bridge.
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
