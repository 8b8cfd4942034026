/**
 * Opening the sample API's database: PostgreSQL when a URL is given, PGlite otherwise, migrated
 * and wrapped in the three stores.
 *
 * @module
 */

import type { ArticleStore } from './articles.js';
import { createArticleStore } from './articles.js';
import { runMigrations } from './migrations/run-migrations.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { SessionStore } from './sessions.js';
import { createSessionStore } from './sessions.js';
import type { SqlExecutor } from './sql.js';
import type { UserStore } from './users.js';
import { createUserStore } from './users.js';

/** Options for {@link openDatabase}; `undefined` means "not set", so env values pass straight in. */
export interface OpenDatabaseOptions {
  /** A PostgreSQL URL. When set, the database is PostgreSQL and `dataDir` is ignored. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's data directory (created when missing); in memory when unset. */
  readonly dataDir?: string | undefined;
  /** PostgreSQL only: connections in the pool. @defaultValue 10 */
  readonly poolSize?: number | undefined;
  /** PostgreSQL only: the server-side `statement_timeout`. @defaultValue 10000 */
  readonly statementTimeoutMs?: number | undefined;
}

/** An open database: the three stores, the executor under them, and `close`. */
export interface Database {
  readonly articles: ArticleStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  /** The executor the stores run on, for anything they do not cover. */
  readonly sql: SqlExecutor;
  /** Closes the database (PGlite) or its connection pool (PostgreSQL). */
  close(): Promise<void>;
}

/**
 * Opens the database and brings its schema up to date (see {@link runMigrations}); several
 * instances may do so against one PostgreSQL at the same moment.
 *
 * @throws {@link StorageUnavailableError} when the database cannot be reached or migrated.
 *
 * @example
 * ```ts
 * const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '.data/pglite' });
 * const article = await db.articles.create({ title: 'Hello', body: '…' });
 * ```
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const sql = options.databaseUrl
    ? openPostgres({
        url: options.databaseUrl,
        poolSize: options.poolSize,
        statementTimeoutMs: options.statementTimeoutMs,
      })
    : await openPglite(options.dataDir);
  try {
    await runMigrations(sql);
  } catch (error) {
    await sql.close().catch(() => {});
    throw error;
  }
  return {
    articles: createArticleStore(sql),
    users: createUserStore(sql),
    sessions: createSessionStore(sql),
    sql,
    close: () => sql.close(),
  };
}
