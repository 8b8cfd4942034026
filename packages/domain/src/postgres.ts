/**
 * PostgreSQL through postgres.js: a connection pool, every statement prepared once per connection.
 *
 * @module
 */

import type { TransactionSql } from 'postgres';
import postgres from 'postgres';
import type { SqlExecutor, SqlTransaction } from './sql.js';
import { guardStorage, guardTransaction } from './storage-unavailable.js';

/** Options for {@link openPostgres}. */
export interface PostgresOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly url: string;
  /** Connections in the pool. @defaultValue 10 */
  readonly poolSize?: number | undefined;
  /**
   * The server cancels any statement running longer (PostgreSQL's `statement_timeout`), and the
   * caller gets a {@link StorageUnavailableError} rather than a request that hangs. `0` disables it.
   * @defaultValue 10000
   */
  readonly statementTimeoutMs?: number | undefined;
}

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
/** An unreachable server fails a request after this long instead of postgres.js's 30 s. */
const CONNECT_TIMEOUT_SECONDS = 10;
/** Statements still running when the pool closes get this long before their connections are cut. */
const CLOSE_TIMEOUT_SECONDS = 5;

type UnsafeParameters = Parameters<TransactionSql['unsafe']>[1];

/**
 * Opens a connection pool to PostgreSQL. Connections are made on first use, so a server that is
 * down surfaces as a {@link StorageUnavailableError} from the first statement, not from here.
 */
export function openPostgres(options: PostgresOptions): SqlExecutor {
  const sql = postgres(options.url, {
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    prepare: true,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    connection: { statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS },
    // `CREATE TABLE IF NOT EXISTS` says "already exists, skipping" on every start; nobody needs it.
    onnotice: () => {},
  });
  const queryOn =
    (target: postgres.Sql | TransactionSql): SqlTransaction['query'] =>
    (text, params = []) =>
      guardStorage(async () => {
        // `unsafe` only because the text is not a tagged template: parameters are still bound.
        const rows = await target.unsafe(text, [...params] as UnsafeParameters, { prepare: true });
        return [...rows] as never;
      });
  return {
    kind: 'postgres',
    query: queryOn(sql),
    transaction: (work) =>
      guardTransaction(
        (body) => sql.begin(body) as ReturnType<typeof body>,
        (tx: TransactionSql) => work({ query: queryOn(tx) }),
      ),
    // The timeout also bounds postgres.js 3.4.9's wait for a connection that was killed mid-query,
    // which it would otherwise wait for forever (porsager/postgres#1097).
    close: () => sql.end({ timeout: CLOSE_TIMEOUT_SECONDS }),
  };
}
