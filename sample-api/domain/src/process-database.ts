/**
 * The one database of a process whose framework gives route code no start-up hook (Next.js): opened
 * from the environment on first use.
 *
 * @module
 */

import type { DatabaseEnv } from './database-env.js';
import { databaseOptionsFromEnv } from './database-env.js';
import type { Database } from './open-database.js';
import { openDatabase } from './open-database.js';
import { DEFAULT_DATA_DIR } from './start-options.js';

/**
 * Where the handle lives. Next evaluates a module once per route bundle, so a module-level variable
 * would open one database per route (and PGlite would refuse a second opening of its data
 * directory): the handle is kept on `globalThis` instead.
 */
const DATABASE = Symbol.for('@precond/domain/process-database');
const processWide = globalThis as typeof globalThis & { [DATABASE]?: Promise<Database> };

/**
 * The process's database, opened (and migrated) on first use from `env`: PostgreSQL when
 * `DATABASE_URL` is set (pool size `DATABASE_POOL_SIZE`, statement timeout
 * `DATABASE_STATEMENT_TIMEOUT_MS`), PGlite under `DATA_DIR` (`.data/pglite`) otherwise. A failed
 * opening is forgotten, so the next request tries again; until then its `StorageUnavailableError`
 * is a 503.
 */
export function processDatabase(env: DatabaseEnv = process.env): Promise<Database> {
  processWide[DATABASE] ??= openDatabase({
    ...databaseOptionsFromEnv(env),
    dataDir: env.DATA_DIR || DEFAULT_DATA_DIR,
  }).catch((error: unknown) => {
    delete processWide[DATABASE];
    throw error;
  });
  return processWide[DATABASE];
}
