/**
 * Where a sample app listens and which database it opens, and how the environment says so.
 *
 * @module
 */

import type { DatabaseEnv } from './database-env.js';
import { databaseOptionsFromEnv } from './database-env.js';

/** Where to listen and which database to use; every field has the env var of the same meaning. */
export interface StartOptions {
  /** `PORT`; 0 picks a free one. Each app has a default of its own. */
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

/** Where PGlite keeps its files when an app runs from the environment without `DATA_DIR`. */
export const DEFAULT_DATA_DIR = '.data/pglite';

/**
 * The {@link StartOptions} in `env`: `PORT`, `HOST`, and the database variables of
 * {@link databaseOptionsFromEnv}, with PGlite under {@link DEFAULT_DATA_DIR} when `DATA_DIR` is unset
 * (a process keeps its data; tests pass no `dataDir` and get memory).
 *
 * @throws RangeError naming the variable when a database number is malformed.
 */
export function startOptionsFromEnv(env: DatabaseEnv): StartOptions {
  return {
    port: env.PORT ? Number(env.PORT) : undefined,
    host: env.HOST || undefined,
    ...databaseOptionsFromEnv(env),
    dataDir: env.DATA_DIR || DEFAULT_DATA_DIR,
  };
}
