/**
 * Starting the Express sample app: what `main.ts` runs and what the tests call.
 *
 * @module
 */

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { RunningApp, StartOptions } from '@precond/domain';
import {
  closeConnectionsInStages,
  holdPipelinedRequests,
  requireValidHost,
  startSampleApp,
} from '@precond/domain';
import { createApp } from './app.js';

export type { RunningApp, StartOptions } from '@precond/domain';

/** Opens the database (running its migrations) and starts the HTTP server, on port 3005 by default. */
export function startExpressApp(options: StartOptions = {}): Promise<RunningApp> {
  return startSampleApp(options, {
    defaultPort: 3005,
    async serve(db, { port, host }) {
      // listen() creates the server and listens at once; no request is read before `listening`.
      const server = holdPipelinedRequests(
        requireValidHost(closeConnectionsInStages(createApp(db).listen(port, host))),
      );
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
