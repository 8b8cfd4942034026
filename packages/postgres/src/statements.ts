/**
 * The statements a guarded table is written with: update (or replace) if the tag matches, delete if
 * the tag matches, insert if absent, insert once per `Idempotency-Key`. Each write is one statement
 * that tests and writes at once, so no other writer can slip between a check and a write.
 *
 * Why the fallback reads look the way they do (PostgreSQL's default READ COMMITTED): a statement
 * sees the database as of its start. When a concurrent writer commits while this statement waits
 * for the row lock, a plain `SELECT` in the same statement would still return the version from
 * before that commit, and the 412 would carry the very tag the client sent. So:
 * - after an UPDATE that wrote nothing, the caller reads the row's version in a statement of its
 *   own ({@link selectVersionSql}): a new statement sees every version committed before it began,
 *   the one the UPDATE waited for included. The UPDATE alone decides; the read only tells which
 *   version beat it, and costs nothing when the write succeeds (the common case);
 * - after a failed DELETE, the row is read `FOR SHARE` in the same statement, which waits for and
 *   returns the newest committed version (PostgreSQL re-reads a locked row that was updated
 *   meanwhile): the delete's statement also records the deleted version's date, so it stays one;
 * - an INSERT uses `ON CONFLICT DO UPDATE` with a no-op assignment rather than `DO NOTHING`: a row
 *   inserted by a transaction that committed after this statement began is invisible to any read
 *   in it, and `DO UPDATE` is the one clause that locks that row and returns it.
 *
 * Dates follow RFC 9110 §8.8.2: a version is dated by the database clock when its statement began
 * (never ahead of it), and a version that shares its second with the one before is marked, so that
 * core never lets that date stand for either version. "The one before" includes a deleted version:
 * a delete records its version's date in the deletion table (`deletions.ts`) when an insert could
 * still share its second, and the insert that creates the key again takes that record.
 * An insert that began before the delete committed cannot see the record (the statement's snapshot
 * is older): that window stays open.
 *
 * @module
 */

import type { QuotedKeyTable } from './idempotency-keys.js';
import { quoteIdentifier, quoteLiteral } from './identifier.js';
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

/**
 * How a write's statement tests the row's tag, from the tokens it expects (`toExpectedTokens`): any
 * version (no test), one token, or a list. One statement text each, so that the common case — one
 * `If-Match` tag — binds a plain text rather than an array the server has to parse.
 */
export type TagTest = 'any' | 'one' | 'list';

/** The {@link TagTest} of `expected` (`null`: any version). */
export function tagTestOf(expected: readonly string[] | null): TagTest {
  if (expected === null) return 'any';
  return expected.length === 1 ? 'one' : 'list';
}

/** The parameters that bind `expected` under `test`: none, the token, or the list. */
export function tagParameters(test: TagTest, expected: readonly string[] | null): unknown[] {
  if (test === 'any') return [];
  return test === 'one' ? [expected?.[0]] : [expected];
}

/** The condition that the row's tag passes `test`, its parameter (when it has one) `$n`. */
function tagMatches(table: QuotedNames, test: TagTest, parameter: number): string {
  if (test === 'any') return 'true';
  if (test === 'one') return `${table.etag} = $${parameter}`;
  return `${table.etag} = ANY($${parameter}::text[])`;
}

/**
 * `write` (a DELETE of the row whose key is `$1`, `RETURNING` left to this), and when it
 * touched no row, the current row read `FOR SHARE`: the newest committed version, after any writer
 * this statement waited for. `alsoWith` adds CTEs (each opening with `, `) that run with the write and
 * may read `written`.
 */
function writeOrCurrentSql(table: QuotedNames, write: string, list: string, alsoWith = ''): string {
  return `WITH written AS (
  ${write}
  RETURNING ${list}
)${alsoWith}, latest AS (
  SELECT ${list} FROM ${table.table}
  WHERE ${table.key} = $1 AND NOT EXISTS (SELECT 1 FROM written)
  FOR SHARE
)
SELECT true AS precond_applied, * FROM written
UNION ALL
SELECT false AS precond_applied, * FROM latest`;
}

/**
 * `UPDATE t SET <columns> … WHERE key = $1 AND <tag test> RETURNING …`, giving the row a new
 * version. Parameters: `$1` key, `$2` new etag token, then the tag test's (see
 * {@link tagParameters}), then one per column in `columns`. Returns the written row, or nothing when
 * the tag did not match or there is no row: {@link selectVersionSql} then tells which.
 */
export function updateIfMatchSql(table: QuotedNames, columns: readonly string[], test: TagTest): string {
  const first = firstValueParameter(test);
  return versionedUpdateSql(
    table,
    columns.map((column, index) => `${column} = $${index + first}`),
    test,
  );
}

/** The number of the first parameter after the key, the new token and the tag test's. */
function firstValueParameter(test: TagTest): number {
  return test === 'any' ? 3 : 4;
}

/** The `UPDATE` of the row `$1` with `assignments`, a new version (`$2`) and the tag test, returning the row. */
function versionedUpdateSql(table: QuotedNames, assignments: readonly string[], test: TagTest): string {
  const set = [...assignments, `${table.etag} = $2`, nextVersionDates(table)];
  return `UPDATE ${table.table} SET ${set.join(', ')}
WHERE ${table.key} = $1 AND ${tagMatches(table, test, 3)}
RETURNING ${selectList(table)}`;
}

/**
 * The `UPDATE` of a PATCH: one text for every set of fields a PATCH may name, so that a table has
 * three update statements (one per tag test) rather than one per subset of its columns, each of
 * which a driver would prepare and keep. Each of `columns` is assigned
 * `CASE WHEN $flag THEN $value ELSE column END`: the flag says whether the PATCH names the field.
 * Parameters: `$1` key, `$2` new etag token, then the tag test's (see {@link tagParameters}), then a
 * flag and a value per column, in order. Returns as {@link updateIfMatchSql} does.
 */
export function patchIfMatchSql(table: QuotedNames, columns: readonly string[], test: TagTest): string {
  const first = firstValueParameter(test);
  return versionedUpdateSql(
    table,
    columns.map(
      (column, index) =>
        `${column} = CASE WHEN $${first + 2 * index}::boolean THEN $${first + 2 * index + 1} ELSE ${column} END`,
    ),
    test,
  );
}

/**
 * `DELETE FROM t WHERE key = $1 AND <tag test>`. Parameters: `$1` key, then the tag test's (see
 * {@link tagParameters}). Returns the deleted version (`precond_applied`), the current
 * one when the tag did not match, nothing when there is no row (each with the two columns the record
 * is made of, `precond_key_text` and `precond_modified_at_exact`, which callers ignore).
 *
 * In the same statement, when the deleted version was written in this statement's second (or later:
 * one that waited for the row lock began before that version was written), its date goes into
 * `deletions`, so that an insert of the key in that second marks its version as sharing the second.
 * An older version needs no record: any later insert begins in a later second.
 */
export function deleteIfMatchSql(table: QuotedNames, deletions: string, test: TagTest): string {
  const remove = `DELETE FROM ${table.table} WHERE ${table.key} = $1 AND ${tagMatches(table, test, 2)}`;
  const list = `${versionList(table)}, ${table.key}::text AS precond_key_text, ${table.modifiedAt} AS precond_modified_at_exact`;
  const remember = `, remembered AS (
  INSERT INTO ${deletions} AS precond_deletion (table_name, key, modified_at)
  SELECT ${quoteLiteral(table.table)}, precond_key_text, precond_modified_at_exact FROM written
  WHERE date_trunc('second', precond_modified_at_exact) >= date_trunc('second', statement_timestamp())
  ON CONFLICT (table_name, key) DO UPDATE
  SET modified_at = GREATEST(precond_deletion.modified_at, EXCLUDED.modified_at)
)`;
  return writeOrCurrentSql(table, remove, list, remember);
}

/**
 * The CTE `precond_deleted` that takes (deletes and returns) the deletion record of the key bound to
 * the field parameter of the key column, when `when` holds. The key is cast to its column's type
 * first (`COALESCE` with a typed empty read of the column), then to text as the delete recorded it:
 * `$n::text` alone would make PostgreSQL infer the parameter as text, which an integer or uuid key
 * column would then refuse.
 */
function takeDeletionSql(table: QuotedNames, deletions: string, when?: string): string {
  const keyIndex = table.fields.findIndex(({ column }) => column === table.key);
  const key = `COALESCE($${keyIndex + 2}, (SELECT ${table.key} FROM ${table.table} LIMIT 0))::text`;
  return `precond_deleted AS (
  DELETE FROM ${deletions}
  WHERE table_name = ${quoteLiteral(table.table)} AND key = ${key}${when === undefined ? '' : ` AND ${when}`}
  RETURNING modified_at
)`;
}

/**
 * The values of a new row's version columns: `$1` its etag token, dated by the statement's moment or
 * the deleted version's (should it be later), and strong unless a deleted version shares its second.
 */
function newVersionValues(): string[] {
  const deletedAt = '(SELECT modified_at FROM precond_deleted)';
  return [
    '$1',
    `GREATEST(statement_timestamp(), ${deletedAt})`,
    `COALESCE(date_trunc('second', statement_timestamp()) > date_trunc('second', ${deletedAt}), true)`,
  ];
}

/**
 * `INSERT INTO t (<every column>) VALUES (…)` unless the key exists. Parameters: `$1` new etag
 * token, then one per field in definition order. Returns the inserted row (`precond_applied`) or
 * the existing one, unchanged (the no-op assignment keeps its fields, tag and date).
 *
 * The key's deletion record, if any, is taken in the same statement (see {@link deleteIfMatchSql}).
 * Taking it when the key exists loses nothing: it only ever concerned the version that created the
 * key again, and that version exists.
 */
export function insertIfAbsentSql(table: QuotedNames, deletions: string): string {
  const columns = table.fields.map(({ column }) => column);
  const values = table.fields.map((_, index) => `$${index + 2}`);
  columns.push(table.etag, table.modifiedAt, table.modifiedAtStrong);
  values.push(...newVersionValues());
  return `WITH ${takeDeletionSql(table, deletions)}
INSERT INTO ${table.table} AS precond_row (${columns.join(', ')})
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
 * The row's key's deletion record is taken (as {@link insertIfAbsentSql} does) only when the row is
 * inserted: a replay writes nothing and leaves it for the insert it concerns.
 *
 * Parameters: `$1` new etag token, one per field in definition order (as {@link insertIfAbsentSql}),
 * then the idempotency key, the request fingerprint, the status, the `Location` and the body.
 * Returns one row: the key row (`precond_claimed`, `precond_key_*`), and the written row's fields
 * and version when the key was new.
 */
export function insertOnceSql(table: QuotedNames, keys: QuotedKeyTable, deletions: string): string {
  const columns = table.fields.map(({ column }) => column);
  const values = table.fields.map((_, index) => `$${index + 2}`);
  columns.push(table.etag, table.modifiedAt, table.modifiedAtStrong);
  values.push(...newVersionValues());
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
), ${takeDeletionSql(table, deletions, '(SELECT precond_claimed FROM precond_claim)')}, precond_written AS (
  INSERT INTO ${table.table} (${columns.join(', ')})
  SELECT ${values.join(', ')} WHERE (SELECT precond_claimed FROM precond_claim)
  RETURNING ${selectList(table)}
)
SELECT * FROM precond_claim LEFT JOIN precond_written ON true`;
}
