import type { Database } from '@precond/domain';
import { databaseOptionsFromEnv, openDatabase } from '@precond/domain';

/**
 * Where the process's one database handle lives. Next may evaluate this module once per API route bundle,
 * so a module-level variable would open one database per route (and PGlite would refuse a second
 * opening of its data directory): the handle is kept on `globalThis` instead.
 */
const DATABASE = Symbol.for('@precond/app-next-pages/database');
const processWide = globalThis as typeof globalThis & { [DATABASE]?: Promise<Database> };

/**
 * The database, opened (and migrated) on first use: PostgreSQL when `DATABASE_URL` is set (pool size
 * `DATABASE_POOL_SIZE`, statement timeout `DATABASE_STATEMENT_TIMEOUT_MS`), PGlite under `DATA_DIR`
 * (`.data/pglite`) otherwise. A failed opening is forgotten, so the next request tries again; until
 * then its `StorageUnavailableError` is a 503.
 */
export function database(): Promise<Database> {
  processWide[DATABASE] ??= openDatabase({
    ...databaseOptionsFromEnv(process.env),
    dataDir: process.env.DATA_DIR || '.data/pglite',
  }).catch((error: unknown) => {
    delete processWide[DATABASE];
    throw error;
  });
  return processWide[DATABASE];
}
