/**
 * Adding the version columns to a table that exists, with rows in it.
 *
 * @module
 */

import { deletionsMigration } from './deletions.js';
import type { SqlClient } from './sql-client.js';
import type { TableDefinition } from './table-definition.js';
import { quoteTable } from './table-definition.js';

/**
 * The statements that add the three version columns to the table of `definition`, one statement
 * each, in order, for your migration tool (run them in one transaction), then create the deletion
 * table its deletes and inserts use (`deletionsMigration`). Idempotent: columns and tables that
 * exist are kept, and only rows without a version get one.
 *
 * Rows that exist get a random entity-tag and the migration's moment as their Last-Modified: they
 * had no validators before, so no client holds a date or tag for them, and each is the only version
 * of its row in that second (`modified_at_strong` true).
 */
export function versionColumnsMigration<Row extends object, Key extends keyof Row & string>(
  definition: TableDefinition<Row, Key>,
): readonly string[] {
  const { table, etag, modifiedAt, modifiedAtStrong } = quoteTable(definition);
  return [
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${etag} text`,
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${modifiedAt} timestamptz`,
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${modifiedAtStrong} boolean NOT NULL DEFAULT true`,
    `UPDATE ${table} SET ${etag} = COALESCE(${etag}, replace(gen_random_uuid()::text, '-', '')), ${modifiedAt} = COALESCE(${modifiedAt}, statement_timestamp()) WHERE ${etag} IS NULL OR ${modifiedAt} IS NULL`,
    `ALTER TABLE ${table} ALTER COLUMN ${etag} SET NOT NULL`,
    `ALTER TABLE ${table} ALTER COLUMN ${modifiedAt} SET NOT NULL`,
    ...deletionsMigration(definition.deletions),
  ];
}

/**
 * Runs {@link versionColumnsMigration}'s statements on `client`, in order. Hand it a transaction's
 * client (or PGlite) so that a failure leaves the table as it was.
 */
export async function addVersionColumns<Row extends object, Key extends keyof Row & string>(
  client: SqlClient,
  definition: TableDefinition<Row, Key>,
): Promise<void> {
  for (const statement of versionColumnsMigration(definition)) await client.query(statement, []);
}
