/**
 * The statements a guarded table is written with: update (or replace) if the tag matches, delete if
 * the tag matches, insert if absent, insert once per `Idempotency-Key`. Each is one statement that either writes or returns the version
 * it found instead, so no other writer can slip between a check and a write.
 *
 * Why the fallback reads look the way they do (PostgreSQL's default READ COMMITTED): a statement
 * sees the database as of its start. When a concurrent writer commits while this statement waits
 * for the row lock, a plain `SELECT` in the same statement would still return the version from
 * before that commit, and the 412 would carry the very tag the client sent. So:
 * - after a failed UPDATE or DELETE, the row is read `FOR SHARE`, which waits for and returns the
 *   newest committed version (PostgreSQL re-reads a locked row that was updated meanwhile);
 * - an INSERT uses `ON CONFLICT DO UPDATE` with a no-op assignment rather than `DO NOTHING`: a row
 *   inserted by a transaction that committed after this statement began is invisible to any read
 *   in it, and `DO UPDATE` is the one clause that locks that row and returns it.
 *
 * Dates follow RFC 9110 §8.8.2: a version is dated by the database clock when its statement began
 * (never ahead of it), and a version that shares its second with the one before is marked, so that
 * core never lets that date stand for either version.
 *
 * @module
 */

import type { QuotedKeyTable } from './idempotency-keys.js';
import { quoteIdentifier } from './identifier.js';
import type { QuotedNames } from './table-definition.js';

/** The version columns under the aliases every statement returns them as. */
function versionList(table: QuotedNames): string {
  return `${table.etag} AS precond_etag, ${dateInSeconds(table.modifiedAt)} AS precond_modified_at, ${table.modifiedAtStrong} AS precond_modified_at_strong`;
}

/**
 * `column` as an ISO 8601 UTC date in whole seconds (`2026-12-07T04:10:00Z`): the resolution of an
 * HTTP date, and one text whatever the driver does with a `timestamptz` (a `Date` from node-postgres,
 * a string through Drizzle's drivers).
 */
function dateInSeconds(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
}

/** Every field under its own name, then the version columns. */
export function selectList(table: QuotedNames): string {
  const fields = table.fields.map(({ field, column }) => `${column} AS ${quoteIdentifier(field)}`);
  return [...fields, versionList(table)].join(', ');
}

/**
 * The assignments that date a row's next version: the moment its statement began (or the previous
 * version's moment, should that be later: a statement that waited for the row lock began before the
 * write it waited for), and whether that second is the new version's alone.
 */
function nextVersionDates(table: QuotedNames): string {
  const { modifiedAt, modifiedAtStrong } = table;
  return `${modifiedAt} = GREATEST(statement_timestamp(), ${modifiedAt}), ${modifiedAtStrong} = date_trunc('second', statement_timestamp()) > date_trunc('second', ${modifiedAt})`;
}

/** `SELECT <fields and version> FROM t WHERE key = $1`. */
export function selectRowSql(table: QuotedNames): string {
  return `SELECT ${selectList(table)} FROM ${table.table} WHERE ${table.key} = $1`;
}

/** `SELECT <version> FROM t WHERE key = $1`: a row's validators, from its version columns only. */
export function selectVersionSql(table: QuotedNames): string {
  return `SELECT ${versionList(table)} FROM ${table.table} WHERE ${table.key} = $1`;
}

/** `$n` accepts the row's tag: `null` any version, an array the tokens listed. */
function tagMatches(table: QuotedNames, parameter: number): string {
  return `($${parameter}::text[] IS NULL OR ${table.etag} = ANY($${parameter}::text[]))`;
}

/**
 * `write` (an UPDATE or DELETE of the row whose key is `$1`, `RETURNING` left to this), and when it
 * touched no row, the current row read `FOR SHARE`: the newest committed version, after any writer
 * this statement waited for.
 */
function writeOrCurrentSql(table: QuotedNames, write: string, list: string): string {
  return `WITH written AS (
  ${write}
  RETURNING ${list}
), latest AS (
  SELECT ${list} FROM ${table.table}
  WHERE ${table.key} = $1 AND NOT EXISTS (SELECT 1 FROM written)
  FOR SHARE
)
SELECT true AS precond_applied, * FROM written
UNION ALL
SELECT false AS precond_applied, * FROM latest`;
}

/**
 * `UPDATE t SET <columns> … WHERE key = $1 AND etag = ANY($3)`, giving the row a new version.
 * Parameters: `$1` key, `$2` new etag token, `$3` the expected tokens (`null`: any version), then
 * one per column in `columns`. Returns the written row (`precond_applied`), or the current row, or
 * nothing when there is no row.
 */
export function updateIfMatchSql(table: QuotedNames, columns: readonly string[]): string {
  const assignments = columns.map((column, index) => `${column} = $${index + 4}`);
  assignments.push(`${table.etag} = $2`, nextVersionDates(table));
  const update = `UPDATE ${table.table} SET ${assignments.join(', ')}
  WHERE ${table.key} = $1 AND ${tagMatches(table, 3)}`;
  return writeOrCurrentSql(table, update, selectList(table));
}

/**
 * `DELETE FROM t WHERE key = $1 AND etag = ANY($2)`. Parameters: `$1` key, `$2` the expected tokens
 * (as for {@link updateIfMatchSql}). Returns the deleted version (`precond_applied`), the current
 * one when the tag did not match, nothing when there is no row.
 */
export function deleteIfMatchSql(table: QuotedNames): string {
  const remove = `DELETE FROM ${table.table} WHERE ${table.key} = $1 AND ${tagMatches(table, 2)}`;
  return writeOrCurrentSql(table, remove, versionList(table));
}

/**
 * `INSERT INTO t (<every column>) VALUES (…)` unless the key exists. Parameters: `$1` new etag
 * token, then one per field in definition order. Returns the inserted row (`precond_applied`) or
 * the existing one, unchanged (the no-op assignment keeps its fields, tag and date).
 */
export function insertIfAbsentSql(table: QuotedNames): string {
  const columns = table.fields.map(({ column }) => column);
  const values = table.fields.map((_, index) => `$${index + 2}`);
  columns.push(table.etag, table.modifiedAt, table.modifiedAtStrong);
  values.push('$1', 'statement_timestamp()', 'true');
  return `INSERT INTO ${table.table} AS precond_row (${columns.join(', ')})
VALUES (${values.join(', ')})
ON CONFLICT (${table.key}) DO UPDATE SET ${table.etag} = precond_row.${table.etag}
RETURNING precond_row.${table.etag} = $1 AS precond_applied, ${selectList(table)}`;
}

/** The key row's columns a retry takes over once the key has expired, and only then. */
const CLAIMED_KEY_COLUMNS = ['fingerprint', 'status', 'location', 'etag', 'body', 'created_at', 'expires_at'];

/**
 * The insert that records its `Idempotency-Key` in the same statement, so that a key never exists
 * without its write nor a write without its key:
 *
 * 1. the key row is inserted; on conflict a `DO UPDATE` — a no-op while the key is live, a takeover
 *    once it has expired — locks and returns the row that holds the key, even one committed after
 *    this statement began or still being written (the statement waits for it: see the top of this
 *    file for why `DO NOTHING` cannot see it);
 * 2. the row is inserted only when the key row now carries this statement's new etag token, that
 *    is, when the key was new (or expired). A plain `INSERT`: should the row's key exist, the whole
 *    statement fails and records no key either.
 *
 * Parameters: `$1` new etag token, one per field in definition order (as {@link insertIfAbsentSql}),
 * then the idempotency key, the request fingerprint, the status, the `Location` and the body.
 * Returns one row: the key row (`precond_claimed`, `precond_key_*`), and the written row's fields
 * and version when the key was new.
 */
export function insertOnceSql(table: QuotedNames, keys: QuotedKeyTable): string {
  const columns = table.fields.map(({ column }) => column);
  const values = table.fields.map((_, index) => `$${index + 2}`);
  columns.push(table.etag, table.modifiedAt, table.modifiedAtStrong);
  values.push('$1', 'statement_timestamp()', 'true');
  const first = table.fields.length + 2;
  const [key, fingerprint, status, location, body] = [0, 1, 2, 3, 4].map((offset) => `$${first + offset}`);
  const expired = 'precond_key.expires_at <= statement_timestamp()';
  const takeover = CLAIMED_KEY_COLUMNS.map(
    (column) => `${column} = CASE WHEN ${expired} THEN EXCLUDED.${column} ELSE precond_key.${column} END`,
  );
  return `WITH precond_claim AS (
  INSERT INTO ${keys.table} AS precond_key (key, ${CLAIMED_KEY_COLUMNS.join(', ')})
  VALUES (${key}, ${fingerprint}, ${status}, ${location}, $1, ${body}, statement_timestamp(), statement_timestamp() + interval '${keys.windowSeconds} seconds')
  ON CONFLICT (key) DO UPDATE SET ${takeover.join(', ')}
  RETURNING precond_key.etag = $1 AS precond_claimed, precond_key.fingerprint AS precond_key_fingerprint,
    precond_key.status AS precond_key_status, precond_key.location AS precond_key_location,
    precond_key.etag AS precond_key_etag, precond_key.body AS precond_key_body,
    ${dateInSeconds('precond_key.created_at')} AS precond_key_created_at
), precond_written AS (
  INSERT INTO ${table.table} (${columns.join(', ')})
  SELECT ${values.join(', ')} WHERE (SELECT precond_claimed FROM precond_claim)
  RETURNING ${selectList(table)}
)
SELECT * FROM precond_claim LEFT JOIN precond_written ON true`;
}
