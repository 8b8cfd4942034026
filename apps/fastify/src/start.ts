/**
 * Starting the Fastify sample app: what `main.ts` runs and what the tests call.
 *
 * @module
 */

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

/** Opens the database (running its migrations) and starts the HTTP server, on port 3006 by default. */
export function startFastifyApp(options: StartOptions = {}): Promise<RunningApp> {
  return startSampleApp(options, {
    defaultPort: 3006,
    async serve(db, { port, host }) {
      const app = await createApp(db);
      holdPipelinedRequests(requireValidHost(closeConnectionsInStages(app.server)));
      await app.listen({ port, host });
      // Fastify's close() stops accepting, lets requests in flight finish and closes idle connections.
      return { address: app.server.address() as AddressInfo, stop: () => app.close() };
    },
  });
}
