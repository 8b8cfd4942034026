/**
 * Starting a sample app on a framework's HTTP server: the database first, then the server, and
 * stopping them in the other order.
 *
 * @module
 */

import type { AddressInfo } from 'node:net';
import type { Database } from './open-database.js';
import { openDatabase } from './open-database.js';
import type { StartOptions } from './start-options.js';

/** A running app. */
export interface RunningApp {
  /** `http://host:port`, an IPv6 host in brackets. */
  readonly baseUrl: string;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

/** A framework's server once it listens. */
export interface ListeningServer {
  readonly address: AddressInfo;
  /** Stops accepting connections and resolves once requests in flight have finished. */
  stop(): Promise<void>;
}

/** How an app starts: its default port, and how its framework serves the open database. */
export interface SampleAppServer {
  /** The port when {@link StartOptions.port} is unset. */
  readonly defaultPort: number;
  /** Starts the framework's server at `port` and `host`; rejects when it cannot listen. */
  serve(db: Database, at: { readonly port: number; readonly host: string }): Promise<ListeningServer>;
}

/**
 * Opens the database (running its migrations), then starts the app's server. When the server cannot
 * start (the port is taken), the database is closed again before the error is rethrown.
 */
export async function startSampleApp(options: StartOptions, app: SampleAppServer): Promise<RunningApp> {
  const db = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    poolSize: options.poolSize,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  let server: ListeningServer;
  try {
    server = await app.serve(db, {
      port: options.port ?? app.defaultPort,
      host: options.host ?? '127.0.0.1',
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const { address, port } = server.address;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    baseUrl: `http://${host}:${port}`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
