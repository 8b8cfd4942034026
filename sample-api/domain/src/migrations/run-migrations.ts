/**
 * Bringing the schema up to date when a database is opened, safely from several instances at once.
 *
 * @module
 */

import type { SqlExecutor } from '../sql.js';
import { createTables } from './0001-create-tables.js';
import { addDateStrength } from './0002-date-strength.js';
import { createIdempotencyKeys } from './0003-idempotency-keys.js';
import { createDeletions } from './0004-deletions.js';

/** One schema change. Its statements run in order, in one transaction with the bookkeeping. */
export interface Migration {
  /** Applied in ascending order, each once: never renumber or edit one that has shipped. */
  readonly version: number;
  readonly name: string;
  /** One statement each (prepared statements cannot hold several). */
  readonly statements: readonly string[];
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  createTables,
  addDateStrength,
  createIdempotencyKeys,
  createDeletions,
];

/** Any number all instances agree on; this one is "prec" in ASCII. */
const MIGRATION_LOCK = 0x70726563;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in one transaction that first
 * takes a transaction-scoped advisory lock: instances starting at the same moment against one
 * PostgreSQL queue on the lock, and each later one finds the work done. The statements themselves
 * are also idempotent (`IF NOT EXISTS`), so a database set up by hand is adopted, not broken.
 *
 * @returns the versions this call applied (empty when the schema was current).
 */
export function runMigrations(
  sql: SqlExecutor,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return sql.transaction(async (tx) => {
    // Waiting for another instance's migration is not a slow statement: lift the request timeout.
    await tx.query(`SET LOCAL statement_timeout = '5min'`);
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const applied = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
        (row) => row.version,
      ),
    );
    const appliedNow: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      appliedNow.push(migration.version);
    }
    return appliedNow;
  });
}
