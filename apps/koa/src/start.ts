/**
 * Starting the Koa sample app: what `main.ts` runs and what the tests call.
 *
 * @module
 */

import type { AddressInfo } from 'node:net';
import { closeConnectionsInStages, openDatabase } from '@precond/domain';
import { createApp } from './app.js';

/** Where to listen and which database to use; every field has the env var of the same meaning. */
export interface StartOptions {
  /** `PORT`; 0 picks a free one. @defaultValue 3001 */
  readonly port?: number | undefined;
  /** `HOST`. @defaultValue '127.0.0.1' */
  readonly host?: string | undefined;
  /** `DATABASE_URL`: a PostgreSQL server. When unset, PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** `DATA_DIR`: where PGlite keeps its files; in memory when unset. */
  readonly dataDir?: string | undefined;
  /** `DATABASE_POOL_SIZE`: PostgreSQL connections in the pool. @defaultValue 10 */
  readonly poolSize?: number | undefined;
  /** `DATABASE_STATEMENT_TIMEOUT_MS`: PostgreSQL's `statement_timeout`; `0` disables it. @defaultValue 10000 */
  readonly statementTimeoutMs?: number | undefined;
}

/** A running app. */
export interface RunningApp {
  readonly baseUrl: string;
  /** Stops accepting connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

/** Opens the database (running its migrations) and starts the HTTP server. */
export async function startKoaApp(options: StartOptions = {}): Promise<RunningApp> {
  const db = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    poolSize: options.poolSize,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  const server = closeConnectionsInStages(
    createApp(db).listen(options.port ?? 3001, options.host ?? '127.0.0.1'),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    baseUrl: `http://${host}:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await db.close();
    },
  };
}
