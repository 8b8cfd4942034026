/**
 * The three compare-and-set statements every store is made of: update if the tag matches, delete
 * if the tag matches, insert if absent. Each is one statement that either writes or reports the
 * version it found instead, so no other writer can slip between a check and a write.
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
 * @module
 */

import { PreconditionFailedError } from '@precond/core';
import { ResourceNotFoundError } from './resource-not-found.js';
import type { VersionColumns } from './row-version.js';
import { FIRST_MODIFIED_AT, NEXT_VERSION_DATES, toRecordVersion, VERSION_COLUMNS } from './row-version.js';

/** A table whose rows carry `etag` and `modified_at`. Names are trusted constants, never input. */
export interface VersionedTable {
  readonly name: string;
  /** The primary key column; `$1` in every statement. */
  readonly key: string;
  /** The data columns a statement returns, comma-separated, the key among them. */
  readonly columns: string;
}

/** A row returned by a compare-and-set: `applied` says whether it is the written version. */
export type CompareAndSetRow<T> = T & VersionColumns & { readonly applied: boolean };

/**
 * `UPDATE … SET <assignments> WHERE key = $1 AND etag = ANY($3)`, giving the row a new version.
 * Parameters: `$1` key, `$2` new etag token, `$3` the expected tokens (an array; `null` accepts
 * any version, an empty array none: {@link toExpectedTokens}),
 * `$4…` whatever `assignments` uses. Returns the written row (`applied`), or the current row,
 * or nothing when there is no row.
 */
export function updateIfMatchSql(table: VersionedTable, assignments: string): string {
  const { name, key, columns } = table;
  return `WITH changed AS (
  UPDATE ${name} SET ${assignments}, etag = $2, ${NEXT_VERSION_DATES}
  WHERE ${key} = $1 AND ($3::text[] IS NULL OR etag = ANY($3::text[]))
  RETURNING ${columns}, ${VERSION_COLUMNS}
), latest AS (
  SELECT ${columns}, ${VERSION_COLUMNS} FROM ${name}
  WHERE ${key} = $1 AND NOT EXISTS (SELECT 1 FROM changed)
  FOR SHARE
)
SELECT true AS applied, * FROM changed
UNION ALL
SELECT false AS applied, * FROM latest`;
}

/**
 * `DELETE … WHERE key = $1 AND etag = ANY($2)`. Parameters: `$1` key, `$2` the expected tokens
 * (as for {@link updateIfMatchSql}). Returns
 * one `applied` row when deleted, the current row's version when the tag did not match, nothing
 * when there is no row.
 */
export function deleteIfMatchSql(table: VersionedTable): string {
  const { name, key } = table;
  return `WITH removed AS (
  DELETE FROM ${name} WHERE ${key} = $1 AND ($2::text[] IS NULL OR etag = ANY($2::text[]))
  RETURNING ${VERSION_COLUMNS}
), latest AS (
  SELECT ${VERSION_COLUMNS} FROM ${name}
  WHERE ${key} = $1 AND NOT EXISTS (SELECT 1 FROM removed)
  FOR SHARE
)
SELECT true AS applied, * FROM removed
UNION ALL
SELECT false AS applied, * FROM latest`;
}

/**
 * `INSERT … (key, <dataColumns>) VALUES ($1, <values>)` unless the key exists. Parameters: `$1`
 * key, `$2` new etag token, `$3…` whatever `values` uses. Returns the inserted row (`applied`) or
 * the existing one, unchanged (the no-op assignment keeps its fields, tag and date).
 */
export function insertIfAbsentSql(table: VersionedTable, dataColumns: string, values: string): string {
  const { name, key, columns } = table;
  return `INSERT INTO ${name} (${key}, ${dataColumns}, etag, modified_at)
VALUES ($1, ${values}, $2, ${FIRST_MODIFIED_AT})
ON CONFLICT (${key}) DO UPDATE SET etag = ${name}.etag
RETURNING etag = $2 AS applied, ${columns}, ${VERSION_COLUMNS}`;
}

/**
 * Which compare-and-set a result is of: `update` (PATCH) and `delete` find nothing to change when
 * the row is missing (404); `replace` (PUT with If-Match) could have created it, so a missing row
 * fails its precondition (412); `insert` fails when the row exists.
 */
export type CompareAndSetKind = 'update' | 'replace' | 'delete' | 'insert';

const CHANGED = 'The resource changed since the client read it';
const MESSAGES: Record<CompareAndSetKind | 'gone', string> = {
  update: CHANGED,
  replace: CHANGED,
  delete: CHANGED,
  insert: 'The resource already exists',
  gone: 'The resource does not exist',
};

/**
 * The written row of a compare-and-set's result.
 *
 * @throws PreconditionFailedError carrying the current `etag` and `lastModified` when the
 * statement found another version.
 * @throws ResourceNotFoundError when an `update` or `delete` found no row; a `replace` then throws
 * a PreconditionFailedError with neither validator.
 */
export function appliedRow<T>(
  rows: readonly CompareAndSetRow<T>[],
  kind: CompareAndSetKind,
): T & VersionColumns {
  const row = rows[0];
  if (row?.applied) return row;
  if (!row) throw missingResourceError(kind);
  throw new PreconditionFailedError({ ...toRecordVersion(row), message: MESSAGES[kind] });
}

/**
 * What a compare-and-set on a resource that does not exist throws: a 404 for `update` and
 * `delete`, a 412 with no validators for `replace` and `insert`.
 */
export function missingResourceError(
  kind: CompareAndSetKind,
): ResourceNotFoundError | PreconditionFailedError {
  return kind === 'update' || kind === 'delete'
    ? new ResourceNotFoundError(MESSAGES.gone)
    : new PreconditionFailedError({ message: MESSAGES.gone });
}
