/**
 * Starting the hapi sample app: what `main.ts` runs and what the tests call.
 *
 * @module
 */

import type { AddressInfo } from 'node:net';
import type { RunningApp, StartOptions } from '@precond/domain';
import { holdPipelinedRequests, requireValidHost, startSampleApp } from '@precond/domain';
import { createApp } from './app.js';

export type { RunningApp, StartOptions } from '@precond/domain';

/**
 * How long `close()` waits for requests in flight before closing their connections: as long as a
 * statement may run.
 */
const STOP_TIMEOUT_MS = 10_000;

/** Opens the database (running its migrations) and starts the HTTP server, on port 3002 by default. */
export function startHapiApp(options: StartOptions = {}): Promise<RunningApp> {
  return startSampleApp(options, {
    defaultPort: 3002,
    async serve(db, { port, host }) {
      const server = await createApp(db, { port, host });
      holdPipelinedRequests(requireValidHost(server.listener));
      await server.start();
      return {
        address: server.listener.address() as AddressInfo,
        stop: () => server.stop({ timeout: STOP_TIMEOUT_MS }),
      };
    },
  });
}
