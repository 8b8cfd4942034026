/**
 * The request as core reads it, from what Hono was given.
 *
 * @module
 */

import type { AdapterRequest } from '@precond/core/adapter';
import { toAdapterRequest as fromFetchRequest, toAdapterRequestWithFields } from '@precond/fetch/adapter';
import type { Context } from 'hono';

/** What `@hono/node-server` hands the app as `c.env`: Node's request among others. */
interface NodeBindings {
  readonly incoming?: { readonly headers?: unknown; readonly rawHeaders?: unknown } | undefined;
}

/**
 * On Node.js (`@hono/node-server`), the fields come from the `IncomingMessage` in `c.env.incoming`:
 * its header record and raw lines, as every Node adapter reads them. `c.req.raw.headers` would build a
 * Fetch `Headers` from those lines on first use, which costs more than the rest of what precond does
 * for a request that proceeds; and with the raw lines a repeated If-Modified-Since is seen as such.
 * A request a middleware replaced (`c.req.raw` a plain `Request` of its own) is read as it is now.
 */
export function toAdapterRequest(c: Context): AdapterRequest {
  const raw = c.req.raw;
  const incoming = (c.env as NodeBindings | undefined)?.incoming;
  if (
    incoming === undefined ||
    Object.getPrototypeOf(raw) === Request.prototype ||
    typeof incoming.headers !== 'object' ||
    incoming.headers === null ||
    !Array.isArray(incoming.rawHeaders)
  ) {
    return fromFetchRequest(raw);
  }
  return toAdapterRequestWithFields(
    raw,
    incoming.headers as AdapterRequest['headers'],
    incoming.rawHeaders as string[],
  );
}
