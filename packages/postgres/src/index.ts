/**
 * @precond/postgres — the lost-update guarantee in your own PostgreSQL tables: update, replace,
 * delete and insert-if-absent, each one statement guarded by the write condition precond's adapters
 * hand your handler, returning the new row or the current validators (for the 412's `ETag`); and
 * a create recorded once per `Idempotency-Key`, in the same statement.
 * Translators for node-postgres, postgres.js and PGlite.
 *
 * @module
 */

export type { DeletionTable } from './deletions.js';
export { createDeletions, deletionsMigration, purgeExpiredDeletions } from './deletions.js';
export type { IdempotencyKeyTable } from './idempotency-keys.js';
export {
  createIdempotencyKeys,
  DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
  idempotencyKeysMigration,
  purgeExpiredIdempotencyKeys,
} from './idempotency-keys.js';
export { quoteIdentifier } from './identifier.js';
export type { IdempotentInsert, InsertOnceResult, StoredResponse } from './insert-once.js';
export type { NodePostgresOptions, NodePostgresQueryable } from './node-postgres.js';
export { fromNodePostgres } from './node-postgres.js';
export type { PgliteOptions, PgliteQueryable } from './pglite.js';
export { fromPglite } from './pglite.js';
export type { PostgresJsOptions, PostgresJsQueryable } from './postgres-js.js';
export { fromPostgresJs } from './postgres-js.js';
export type { RecordVersion, VersionColumnNames } from './record-version.js';
export { DEFAULT_VERSION_COLUMNS, toExpectedTokens } from './record-version.js';
export type { SqlClient } from './sql-client.js';
export type { TableDefinition } from './table-definition.js';
export { addVersionColumns, versionColumnsMigration } from './version-columns-migration.js';
export type { RowFields, VersionedRow, VersionedTable } from './versioned-table.js';
export { versionedTable } from './versioned-table.js';
export type { WriteOperation, WriteResult } from './write-result.js';
export { missingRowError, ResourceNotFoundError, writtenRow } from './write-result.js';
