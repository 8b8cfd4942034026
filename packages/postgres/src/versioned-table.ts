/**
 * A user's table with the guarantee: every write one statement guarded by the adapters' write
 * condition, returning the new row or the current validators.
 *
 * @module
 */

import type { Validators, WriteCondition } from '@precond/core';
import { quoteDeletionTable } from './deletions.js';
import { quoteKeyTable } from './idempotency-keys.js';
import type { ClaimedKeyFields, IdempotentInsert, InsertOnceResult } from './insert-once.js';
import { toStoredResponse } from './insert-once.js';
import type { RecordVersion, VersionFields } from './record-version.js';
import { newEtagToken, toExpectedTokens, toRecordVersion } from './record-version.js';
import { runStatement } from './rolled-back-statement.js';
import type { SqlClient } from './sql-client.js';
import {
  deleteIfMatchSql,
  insertIfAbsentSql,
  insertOnceSql,
  patchIfMatchSql,
  selectList,
  selectRowSql,
  selectVersionSql,
  type TagTest,
  tagParameters,
  tagTestOf,
  updateIfMatchSql,
} from './statements.js';
import type { TableDefinition } from './table-definition.js';
import { quoteTable } from './table-definition.js';
import type { WriteResult } from './write-result.js';

/** A row with its current version. */
export type VersionedRow<Row extends object> = Row & RecordVersion;

/** The fields of a row besides its key. */
export type RowFields<Row extends object, Key extends keyof Row> = Omit<Row, Key>;

/**
 * The reads and the four guarded writes of one table. Every method takes the {@link SqlClient} to
 * run on (a pool, or a transaction's connection), so one definition serves every connection.
 */
export interface VersionedTable<Row extends object, Key extends keyof Row & string> {
  readonly definition: TableDefinition<Row, Key>;
  /**
   * For your own reads (a list, a search): the quoted columns of every field and version, under the
   * names {@link VersionedTable.toVersionedRow} reads — `SELECT ${table.selectList} FROM … WHERE …`.
   */
  readonly selectList: string;
  /** A row your own `SELECT ${selectList}` returned, as the table's other reads return it. */
  toVersionedRow(selected: object): VersionedRow<Row>;
  /** The row with its version, or `undefined`. */
  get(client: SqlClient, key: Row[Key]): Promise<VersionedRow<Row> | undefined>;
  /**
   * The row's validators for core's `evaluatePreconditions` (or an adapter's `loadValidators`), from
   * its version columns only: `{ exists: false }` when there is no row.
   */
  validators(client: SqlClient, key: Row[Key]): Promise<Validators>;
  /**
   * Sets the given fields (the others keep their values) if `condition` holds (`PATCH`): one
   * `UPDATE … WHERE key = $1 AND etag = $3` (`= ANY($3)` for a list of tags), and only when it wrote
   * nothing, a read of the row's version for the outcome. An empty `changes` gives the row a new
   * version only. A row your trigger or row-level policy keeps the `UPDATE` from writing reports
   * `missing`, as the `UPDATE` saw it.
   */
  update(
    client: SqlClient,
    key: Row[Key],
    changes: Partial<RowFields<Row, Key>>,
    condition: WriteCondition,
  ): Promise<WriteResult<VersionedRow<Row>>>;
  /** Sets every field if `condition` holds (`PUT` with `If-Match`). */
  replace(
    client: SqlClient,
    key: Row[Key],
    fields: RowFields<Row, Key>,
    condition: WriteCondition,
  ): Promise<WriteResult<VersionedRow<Row>>>;
  /** Deletes the row if `condition` holds (`DELETE`); `written` carries the version deleted. */
  delete(client: SqlClient, key: Row[Key], condition: WriteCondition): Promise<WriteResult<RecordVersion>>;
  /**
   * Inserts the row unless its key exists (`PUT` with `If-None-Match: *`, or a create under a new
   * key): `precondition-failed` carries the existing row's version, the row left as it was.
   */
  insert(client: SqlClient, row: Row): Promise<WriteResult<VersionedRow<Row>>>;
  /**
   * Inserts the row once per `Idempotency-Key` (a POST that creates): one statement records the key,
   * the request's fingerprint and the answer beside the row, in the key table of the definition's
   * `idempotencyKeys` (see `idempotencyKeysMigration`). A retry with the key gets `replayed` and the
   * first answer, a request that reuses the key for another payload `key-reused`, and neither
   * writes. A retry that arrives while the first is still being written waits for it to commit. An
   * expired key is new again.
   *
   * @throws the driver's unique-violation error when the row's key exists; no key is recorded then.
   */
  insertOnce(
    client: SqlClient,
    row: Row,
    once: IdempotentInsert,
  ): Promise<InsertOnceResult<VersionedRow<Row>>>;
}

type ReturnedRow = Readonly<Record<string, unknown>> & VersionFields & { readonly precond_applied?: boolean };
type ClaimedRow = ReturnedRow & ClaimedKeyFields;

/**
 * The table described by `definition`, with its statements built once. Identifiers come only from
 * the definition (quoted); every value, the key included, is a bound parameter.
 *
 * @example
 * ```ts
 * interface Article { id: string; title: string; body: string }
 * const articles = versionedTable<Article, 'id'>({
 *   name: 'articles',
 *   key: 'id',
 *   columns: { id: 'id', title: 'title', body: 'body' },
 * });
 * const result = await articles.update(fromNodePostgres(pool), id, { title }, writeCondition);
 * ```
 * @throws TypeError when a name in the definition is empty.
 */
export function versionedTable<Row extends object, Key extends keyof Row & string>(
  definition: TableDefinition<Row, Key>,
): VersionedTable<Row, Key> {
  const table = quoteTable(definition);
  const dataFields = table.fields.filter(({ field }) => field !== definition.key);
  const selectRow = selectRowSql(table);
  const selectVersion = selectVersionSql(table);
  const deletions = quoteDeletionTable(definition.deletions);
  const insertSql = insertIfAbsentSql(table, deletions);
  const insertOnce = insertOnceSql(table, quoteKeyTable(definition.idempotencyKeys), deletions);
  const everyColumn = dataFields.map(({ column }) => column);
  // Statement texts by tag test, built on first use.
  const deleteSql = new Map<TagTest, string>();
  const replaceSql = new Map<TagTest, string>();
  const updateSql = new Map<TagTest, string>();
  const cached = <K>(texts: Map<K, string>, key: K, build: () => string): string => {
    let text = texts.get(key);
    if (text === undefined) {
      text = build();
      texts.set(key, text);
    }
    return text;
  };

  const toRow = (returned: ReturnedRow): VersionedRow<Row> => {
    const row: Record<string, unknown> = {};
    for (const { field } of table.fields) row[field] = returned[field];
    return Object.assign(row as Row, toRecordVersion(returned));
  };
  const run = async (client: SqlClient, text: string, params: readonly unknown[]) =>
    (await runStatement(client, text, params)) as readonly ReturnedRow[];
  const outcomeOf = <Written>(
    operation: WriteResult<Written>['operation'],
    rows: readonly ReturnedRow[],
    written: (row: ReturnedRow) => Written,
  ): WriteResult<Written> => {
    const row = rows[0];
    if (row === undefined) return { outcome: 'missing', operation };
    if (row.precond_applied === true) return { outcome: 'written', operation, row: written(row) };
    return { outcome: 'precondition-failed', operation, current: toRecordVersion(row) };
  };
  /**
   * An UPDATE's outcome: the row it returned, or else the version a statement of its own finds now
   * (see `statements.ts`). A version the condition accepts can only be a row created after the
   * UPDATE looked: there was none to write, as the UPDATE saw it.
   */
  const updateOutcome = async (
    client: SqlClient,
    operation: 'update' | 'replace',
    text: string,
    key: Row[Key],
    expected: readonly string[] | null,
    params: readonly unknown[],
  ): Promise<WriteResult<VersionedRow<Row>>> => {
    const [row] = await run(client, text, params);
    if (row !== undefined) return { outcome: 'written', operation, row: toRow(row) };
    const [current] = await run(client, selectVersion, [key]);
    if (current === undefined || expected === null || expected.includes(current.precond_etag)) {
      return { outcome: 'missing', operation };
    }
    return { outcome: 'precondition-failed', operation, current: toRecordVersion(current) };
  };

  return {
    definition,
    selectList: selectList(table),
    toVersionedRow: (selected) => toRow(selected as ReturnedRow),
    async get(client, key) {
      const [row] = await run(client, selectRow, [key]);
      return row && toRow(row);
    },
    async validators(client, key) {
      const [row] = await run(client, selectVersion, [key]);
      return row ? { exists: true, ...toRecordVersion(row) } : { exists: false };
    },
    async update(client, key, changes, condition) {
      const expected = toExpectedTokens(condition);
      const test = tagTestOf(expected);
      const text = cached(updateSql, test, () => patchIfMatchSql(table, everyColumn, test));
      const params: unknown[] = [key, newEtagToken(), ...tagParameters(test, expected)];
      for (const { field } of dataFields) {
        const value = Object.hasOwn(changes, field) ? (changes as Record<string, unknown>)[field] : undefined;
        params.push(value !== undefined, value === undefined ? null : value);
      }
      return updateOutcome(client, 'update', text, key, expected, params);
    },
    async replace(client, key, fields, condition) {
      const expected = toExpectedTokens(condition);
      const test = tagTestOf(expected);
      const text = cached(replaceSql, test, () => updateIfMatchSql(table, everyColumn, test));
      const values = dataFields.map(({ field }) => (fields as Record<string, unknown>)[field]);
      const params = [key, newEtagToken(), ...tagParameters(test, expected), ...values];
      return updateOutcome(client, 'replace', text, key, expected, params);
    },
    async delete(client, key, condition) {
      const expected = toExpectedTokens(condition);
      const test = tagTestOf(expected);
      const text = cached(deleteSql, test, () => deleteIfMatchSql(table, deletions, test));
      const rows = await run(client, text, [key, ...tagParameters(test, expected)]);
      return outcomeOf('delete', rows, toRecordVersion);
    },
    async insert(client, row) {
      const values = table.fields.map(({ field }) => (row as Record<string, unknown>)[field]);
      return outcomeOf('insert', await run(client, insertSql, [newEtagToken(), ...values]), toRow);
    },
    async insertOnce(client, row, once) {
      const values = table.fields.map(({ field }) => (row as Record<string, unknown>)[field]);
      const { key, fingerprint, status = 201, location = null, body = null } = once;
      const params = [newEtagToken(), ...values, key, fingerprint, status, location, body];
      const [claimed] = (await run(client, insertOnce, params)) as readonly ClaimedRow[];
      if (claimed === undefined) throw new Error('The insert-once statement returned no row');
      const response = toStoredResponse(claimed);
      if (claimed.precond_claimed) return { outcome: 'created', row: toRow(claimed), response };
      return claimed.precond_key_fingerprint === fingerprint
        ? { outcome: 'replayed', response }
        : { outcome: 'key-reused' };
    },
  };
}
