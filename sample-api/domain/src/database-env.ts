/**
 * The environment variables every app reads for its database, parsed once so that each app's
 * `main.ts` passes the same options the same way.
 *
 * @module
 */

import type { OpenDatabaseOptions } from './open-database.js';

/** Where {@link databaseOptionsFromEnv} reads from: `process.env` or any record like it. */
export type DatabaseEnv = Readonly<Record<string, string | undefined>>;

/**
 * The {@link OpenDatabaseOptions} in `env`: `DATABASE_URL`, `DATA_DIR`, `DATABASE_POOL_SIZE` (a
 * positive integer) and `DATABASE_STATEMENT_TIMEOUT_MS` (a non-negative integer; `0` disables the
 * timeout). An unset or empty variable leaves its option `undefined`, so the default applies.
 *
 * @throws RangeError naming the variable when a number is malformed: an app refuses to start
 * rather than run with a pool of `NaN` connections.
 *
 * @example
 * ```ts
 * const db = await openDatabase(databaseOptionsFromEnv(process.env));
 * ```
 */
export function databaseOptionsFromEnv(env: DatabaseEnv): OpenDatabaseOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || undefined,
    poolSize: integerFrom(env, 'DATABASE_POOL_SIZE', 1),
    statementTimeoutMs: integerFrom(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 0),
  };
}

/** PostgreSQL settings such as `statement_timeout` are 32-bit integers. */
const INT4_MAX = 2_147_483_647;

function integerFrom(env: DatabaseEnv, name: string, minimum: number): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= minimum && value <= INT4_MAX)) {
    throw new RangeError(
      `${name} must be an integer from ${minimum} to ${INT4_MAX}, not ${JSON.stringify(text)}`,
    );
  }
  return value;
}
