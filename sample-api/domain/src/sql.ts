/**
 * The one thing the stores need from a database: run a statement, run a few in a transaction.
 * Two implementations: PGlite (`pglite.ts`) and PostgreSQL through postgres.js (`postgres.ts`).
 *
 * @module
 */

/** Runs SQL statements; inside a transaction, all on its one connection. */
export interface SqlTransaction {
  /**
   * Runs one statement with `$1, $2, …` placeholders bound to `params` and resolves with its rows.
   *
   * @throws {@link StorageUnavailableError} when the database fails, whatever the reason.
   */
  query<T extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A database the stores run against: statements, transactions, and closing it. */
export interface SqlExecutor extends SqlTransaction {
  /** Which implementation this is, for logs and tests. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` between BEGIN and COMMIT on one connection, and ROLLBACK when it throws (its
   * error is rethrown as it was).
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Closes the database or its connection pool; queries afterwards fail. */
  close(): Promise<void>;
}
