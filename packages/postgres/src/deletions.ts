/**
 * The table where a delete records the date of the version it removed, for as long as a row created
 * again under the same key could share that version's second (RFC 9110 §8.8.2.2): its DDL and its
 * purge.
 *
 * @module
 */

import { quoteIdentifier } from './identifier.js';
import type { SqlClient } from './sql-client.js';

/** Where deletes are recorded. Written once in code; its names are quoted. */
export interface DeletionTable {
  /** The table's name. @defaultValue `'precond_deletions'` */
  readonly name?: string | undefined;
  /** The schema, when the table is not found on the `search_path`. */
  readonly schema?: string | undefined;
}

/**
 * The deletion table's name, quoted: `"schema"."name"` or `"name"`.
 *
 * @throws TypeError when a name is empty.
 */
export function quoteDeletionTable(definition: DeletionTable = {}): string {
  const name = quoteIdentifier(definition.name ?? 'precond_deletions');
  return definition.schema === undefined ? name : `${quoteIdentifier(definition.schema)}.${name}`;
}

/**
 * The statements that create the deletion table — one today, `CREATE TABLE IF NOT EXISTS …` — for your
 * migration tool (`versionColumnsMigration` includes them). Idempotent. One row per deleted key whose last version was written
 * in the very second of its delete (older ones cannot share a second with any later insert):
 * - `table_name` — the guarded table, as the statements name it (quoted: `"notes"`, `"app"."notes"`);
 * - `key` — the deleted row's key, as PostgreSQL renders it as text;
 * - `modified_at` — when the deleted version was written.
 *
 * The insert that creates the key again removes its row.
 */
export function deletionsMigration(definition: DeletionTable = {}): readonly string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteDeletionTable(definition)} (
  table_name text NOT NULL,
  key text NOT NULL,
  modified_at timestamptz NOT NULL,
  PRIMARY KEY (table_name, key)
)`,
  ];
}

/** Runs {@link deletionsMigration}'s statements on `client`, in order. */
export async function createDeletions(client: SqlClient, definition: DeletionTable = {}): Promise<void> {
  for (const statement of deletionsMigration(definition)) await client.query(statement, []);
}

/**
 * Deletes the records of keys deleted more than a minute ago and never created again, and resolves
 * with how many. A record only matters to an insert that begins in its second; the minute is a
 * margin for a statement that began then and is still running. Run it on a schedule if your
 * tables delete rows within a second of writing them and rarely bring the keys back.
 */
export async function purgeExpiredDeletions(
  client: SqlClient,
  definition: DeletionTable = {},
): Promise<number> {
  const rows = await client.query(
    `WITH purged AS (
  DELETE FROM ${quoteDeletionTable(definition)} WHERE modified_at < statement_timestamp() - interval '1 minute' RETURNING 1
)
SELECT count(*)::int AS purged FROM purged`,
    [],
  );
  return (rows[0] as { purged?: number } | undefined)?.purged ?? 0;
}
