/**
 * Starting the Hono sample app on Node (`@hono/node-server`): what `main.ts` runs and what the tests call.
 *
 * @module
 */

import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { RunningApp, StartOptions } from '@precond/domain';
import {
  closeConnectionsInStages,
  holdPipelinedRequests,
  requireValidHost,
  startSampleApp,
} from '@precond/domain';
import { createApp } from './app.js';

export type { RunningApp, StartOptions } from '@precond/domain';

/** Opens the database (running its migrations) and starts the HTTP server, on port 3007 by default. */
export function startHonoApp(options: StartOptions = {}): Promise<RunningApp> {
  return startSampleApp(options, {
    defaultPort: 3007,
    async serve(db, { port, host }) {
      // A body the app leaves unread (a 413 on its Content-Length) is drained by the bridge
      // (`autoCleanupIncoming`), which then closes the connection with `destroySoon`: in stages here.
      const fetch = createApp(db).fetch;
      // An HTTP/1.0 request may come without Host (RFC 9112 §3.2 requires it of HTTP/1.1 only, which
      // Node and requireValidHost enforce); the bridge builds the request's URL from it and, without
      // one, answers an empty 400 unless it is given a name to use instead: the one the server
      // listens on.
      const hostname = host.includes(':') ? `[${host}]` : host;
      const server = holdPipelinedRequests(
        requireValidHost(closeConnectionsInStages(createAdaptorServer({ fetch, hostname }) as Server)),
      );
      server.listen(port, host);
      await once(server, 'listening');
      return {
        address: server.address() as AddressInfo,
        stop: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      };
    },
  });
}
