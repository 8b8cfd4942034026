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
   * caller gets a {@link StorageUnavailableError} rather than a request that hangs. The same bound
   * (and 250 ms) applies to the wait for a connection (code `QUERY_TIMEOUT`), so that an unreachable
   * database fails a statement within it too. `0` disables both.
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
/**
 * How much longer than the statement timeout a statement may take in all before `QUERY_TIMEOUT`: a
 * statement the server runs is ended by the server's own timeout (SQLSTATE 57014) first.
 */
const DEADLINE_GRACE_MS = 250;

type UnsafeParameters = Parameters<TransactionSql['unsafe']>[1];
type PendingRows = ReturnType<TransactionSql['unsafe']>;

/**
 * `pending`'s rows, or a `QUERY_TIMEOUT` failure once `deadlineMs` have passed (`0`: no deadline).
 *
 * `statement_timeout` bounds a statement only once the server runs it. One still waiting for a
 * connection can wait much longer: when the server closes a connection during start-up (a database
 * refusing connections, a server shutting down), postgres.js 3.4.9 reconnects at once, again and
 * again, without failing the statement (porsager/postgres#1193), so a request would hang for as
 * long as the outage lasts.
 *
 * The statement itself is left to the driver, not cancelled: cancelling one that waits for its
 * connection (postgres.js's `cancel()`) left that connection unused by the pool once it opened, in
 * our tests, and a pool can lose only so many. So a statement the caller has given up on may still
 * run once the database is back — as for any 503 whose statement was in flight, a write's outcome
 * is unknown, and being a compare-and-set it never overwrites a version it did not expect.
 */
async function withinDeadline(pending: PendingRows, deadlineMs: number): Promise<Awaited<PendingRows>> {
  if (deadlineMs <= 0) return pending;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`PostgreSQL did not answer within ${deadlineMs} ms`);
      reject(Object.assign(error, { code: 'QUERY_TIMEOUT' }));
    }, deadlineMs);
  });
  try {
    return await Promise.race([pending, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `rows`, unless it has holes: then the statement's result is not to be trusted, and it fails.
 *
 * postgres.js 3.4.9 counts a statement's rows on the connection and resets the count only when a
 * statement completes. A statement that fails after some of its rows arrived (cut by
 * `pg_terminate_backend`, stopped by `statement_timeout`) leaves the count standing, and the next
 * statement on that connection stores its rows after as many empty slots
 * (porsager/postgres#1119, #1181). Read as `const [row] = rows`, an existing article would be "not
 * found", a 404 during an outage. The rows are probably this statement's, but the driver's state was
 * wrong, so the statement is reported as the database failure it is (a 503; for a write, of unknown
 * outcome) rather than trusted.
 */
function completeRows<T extends readonly unknown[]>(rows: T): T {
  for (let index = 0; index < rows.length; index++) {
    if (!(index in rows)) {
      const error = new Error(`PostgreSQL's answer reached the driver with row ${index} missing`);
      throw Object.assign(error, { code: 'INCOMPLETE_RESULT' });
    }
  }
  return rows;
}

/**
 * Opens a connection pool to PostgreSQL. Connections are made on first use, so a server that is
 * down surfaces as a {@link StorageUnavailableError} from the first statement, not from here.
 */
export function openPostgres(options: PostgresOptions): SqlExecutor {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const sql = postgres(options.url, {
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    prepare: true,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    connection: { statement_timeout: statementTimeoutMs },
    // `CREATE TABLE IF NOT EXISTS` says "already exists, skipping" on every start; nobody needs it.
    onnotice: () => {},
  });
  const queryOn =
    (target: postgres.Sql | TransactionSql, deadlineMs: number): SqlTransaction['query'] =>
    (text, params = []) =>
      guardStorage(async () => {
        // `unsafe` only because the text is not a tagged template: parameters are still bound.
        const pending = target.unsafe(text, [...params] as UnsafeParameters, { prepare: true });
        return [...completeRows(await withinDeadline(pending, deadlineMs))] as never;
      });
  return {
    kind: 'postgres',
    query: queryOn(sql, statementTimeoutMs > 0 ? statementTimeoutMs + DEADLINE_GRACE_MS : 0),
    // Only the migrations use transactions: they may wait for another instance's migration.
    transaction: (work) =>
      guardTransaction(
        (body) => sql.begin(body) as ReturnType<typeof body>,
        (tx: TransactionSql) => work({ query: queryOn(tx, 0) }),
      ),
    // The timeout also bounds postgres.js 3.4.9's wait for a connection that was killed mid-query,
    // which it would otherwise wait for forever (porsager/postgres#1097).
    close: () => sql.end({ timeout: CLOSE_TIMEOUT_SECONDS }),
  };
}
