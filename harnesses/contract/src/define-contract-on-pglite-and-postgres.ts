/**
 * `defineContractOnPGliteAndPostgres`: the contract for one app on both databases it supports, so
 * that each app's test file says only how to start it.
 *
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import type { ContractOptions, RunningServer } from './define-contract.js';
import { defineContract } from './define-contract.js';

/**
 * The fresh storage an app is started on, named as the environment variables every app honours;
 * exactly one is set. A type alias, not an interface, so that it is also an environment record.
 */
export type ContractStorage = {
  /** PGlite's files: an empty temporary folder. */
  readonly DATA_DIR?: string;
  /** A throwaway PostgreSQL server's `postgres` database. */
  readonly DATABASE_URL?: string;
};

/**
 * Registers the contract suite twice for one app: `<name> on PGlite`, on PGlite in a temporary
 * folder, and `<name> on PostgreSQL`, on a throwaway PostgreSQL cluster of its own. Both are
 * created before `start` is called and removed after the app has closed.
 *
 * @example
 * ```ts
 * defineContractOnPGliteAndPostgres('koa', (storage) =>
 *   startKoaApp({ port: 0, dataDir: storage.DATA_DIR, databaseUrl: storage.DATABASE_URL }),
 * );
 * ```
 */
export function defineContractOnPGliteAndPostgres(
  name: string,
  start: (storage: ContractStorage) => Promise<RunningServer>,
  options: ContractOptions = {},
): void {
  defineContract(
    {
      name: `${name} on PGlite`,
      async start() {
        const dataDir = mkdtempSync(join(tmpdir(), 'precond-contract-'));
        const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
        return startWith(() => start({ DATA_DIR: dataDir }), removeDataDir);
      },
    },
    options,
  );
  defineContract(
    {
      name: `${name} on PostgreSQL`,
      async start() {
        const postgres = await startThrowawayPostgres();
        return startWith(
          () => start({ DATABASE_URL: postgres.url }),
          () => postgres.stop(),
        );
      },
    },
    options,
  );
}

/** Starts the app on storage already made; `release` runs after the app has closed, or if it fails to start. */
async function startWith(
  start: () => Promise<RunningServer>,
  release: () => void | Promise<void>,
): Promise<RunningServer> {
  let app: RunningServer;
  try {
    app = await start();
  } catch (error) {
    await release();
    throw error;
  }
  return {
    baseUrl: app.baseUrl,
    async close() {
      await app.close();
      await release();
    },
  };
}
