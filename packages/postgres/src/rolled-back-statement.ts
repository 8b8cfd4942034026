/**
 * Running a statement again when PostgreSQL rolled it back for a conflict with another transaction.
 *
 * @module
 */

import type { SqlClient } from './sql-client.js';

/**
 * The SQLSTATEs of a statement PostgreSQL rolled back whole because of another transaction
 * (`40001` serialization_failure, `40P01` deadlock_detected). Under REPEATABLE READ or SERIALIZABLE
 * (a database's `default_transaction_isolation`, say), a guarded write that waited for another
 * writer's row lock fails with `40001` when that writer commits, where READ COMMITTED would have
 * tested the tag against the new version and answered with it.
 */
const ROLLED_BACK_CODES = new Set(['40001', '40P01']);

/** `25P02` in_failed_sql_transaction: the statement ran inside a transaction block, now aborted. */
const ABORTED_TRANSACTION_CODE = '25P02';

/**
 * How many times a statement is run at most. Each run takes a new snapshot, which sees the writer
 * that caused the rollback: a write guarded by a tag then finds the tag changed and waits for
 * nobody (two runs). Writes that all succeed one after another — of any version (`If-Match: *`), or
 * the no-op update by which an insert's loser locks the row it lost to — each roll back the next:
 * among n such writers of one row, the last needs n + 1 runs. Past this many, the error is thrown.
 */
const ATTEMPTS = 10;

/** An error's SQLSTATE, on the error itself or on its `cause` (Drizzle wraps the driver's error). */
function sqlStateOf(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { readonly code?: unknown; readonly cause?: unknown };
  if (typeof code === 'string') return code;
  const causeCode = (cause ?? {}) as { readonly code?: unknown };
  return typeof causeCode.code === 'string' ? causeCode.code : undefined;
}

/**
 * Runs `text` as {@link SqlClient.query} does; when PostgreSQL rolls it back for a serialization
 * failure or a deadlock, runs it again as a new statement, so that it answers from the version that
 * beat it (a 412 with the winner's tag, not a 503). Safe because a statement outside a transaction
 * block is its own transaction, and a rolled-back one wrote nothing. Inside the caller's
 * transaction the run again fails at once (the block is aborted): the first error is thrown, for
 * the caller to roll back and retry the whole transaction, as only it can.
 */
export async function runStatement(
  client: SqlClient,
  text: string,
  params: readonly unknown[],
): Promise<readonly object[]> {
  let rolledBack: unknown;
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.query(text, params);
    } catch (error) {
      const code = sqlStateOf(error);
      if (rolledBack !== undefined && code === ABORTED_TRANSACTION_CODE) throw rolledBack;
      if (code === undefined || !ROLLED_BACK_CODES.has(code) || attempt === ATTEMPTS) throw error;
      rolledBack = error;
    }
  }
}
