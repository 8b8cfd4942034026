/**
 * Articles: `{ id, title, body, views }`, listed newest first.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import {
  appliedRow,
  type CompareAndSetRow,
  deleteIfMatchSql,
  insertIfAbsentSql,
  missingResourceError,
  updateIfMatchSql,
  type VersionedTable,
} from './compare-and-set.js';
import { assertResourceId, isResourceId, newResourceId } from './resource-id.js';
import type { ExpectedVersion, RecordVersion, VersionColumns } from './row-version.js';
import {
  FIRST_MODIFIED_AT,
  newEtagToken,
  toExpectedTokens,
  toRecordVersion,
  toValidators,
  VERSION_COLUMNS,
} from './row-version.js';
import type { SqlTransaction } from './sql.js';

/** What an article holds besides its id. */
export interface ArticleFields {
  /** 1 to 200 characters. */
  readonly title: string;
  readonly body: string;
  /** A non-negative integer. */
  readonly views: number;
}

/** An article as the API shows it. */
export interface Article extends ArticleFields {
  /** `[A-Za-z0-9_-]{1,64}`. */
  readonly id: string;
}

/** An article with its current version. */
export interface ArticleRecord extends Article, RecordVersion {}

/** The fields a create or a full replacement takes; `views` defaults to 0. */
export interface ArticleInput {
  readonly title: string;
  readonly body: string;
  readonly views?: number | undefined;
}

/** The fields a partial update sets; the others keep their values. */
export type ArticleChanges = Partial<ArticleFields>;

/**
 * Article storage. Reads of an id that fails {@link isResourceId} find nothing; every write is one
 * compare-and-set statement and throws `PreconditionFailedError` (with the current `etag` and
 * `lastModified`) when its condition does not hold, and `ResourceNotFoundError` when a `PATCH` or
 * `DELETE` finds no article. Any database failure
 * is a `StorageUnavailableError`.
 */
export interface ArticleStore {
  /** The article's current validators, from a narrow read of its version columns. */
  validators(id: string): Promise<Validators>;
  get(id: string): Promise<ArticleRecord | undefined>;
  /** Every article, most recently modified first. */
  list(): Promise<ArticleRecord[]>;
  /** Creates an article under a new server-chosen id. */
  create(input: ArticleInput): Promise<ArticleRecord>;
  /**
   * Creates an article under `id` unless one exists (`PUT` with `If-None-Match: *`).
   * @throws PreconditionFailedError with the existing article's validators when it exists.
   * @throws RangeError when `id` is not a valid id.
   */
  insert(id: string, input: ArticleInput): Promise<ArticleRecord>;
  /**
   * Replaces all fields if the current version is `expected` (`PUT` with `If-Match`).
   * @throws PreconditionFailedError without validators when there is no such article.
   */
  replace(id: string, input: ArticleInput, expected: ExpectedVersion): Promise<ArticleRecord>;
  /**
   * Sets the given fields if the current version is `expected` (`PATCH`).
   * @throws ResourceNotFoundError when there is no such article.
   */
  update(id: string, changes: ArticleChanges, expected: ExpectedVersion): Promise<ArticleRecord>;
  /**
   * Deletes the article if the current version is `expected` (`DELETE`).
   * @throws ResourceNotFoundError when there is no such article.
   */
  delete(id: string, expected: ExpectedVersion): Promise<void>;
}

interface ArticleRow extends VersionColumns {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly views: number;
}

const ARTICLES: VersionedTable = { name: 'articles', key: 'id', columns: 'id, title, body, views' };
const VALIDATORS_SQL = `SELECT ${VERSION_COLUMNS} FROM articles WHERE id = $1`;
const SELECT_ARTICLE = `SELECT id, title, body, views, ${VERSION_COLUMNS} FROM articles`;

const REPLACE_SQL = updateIfMatchSql(ARTICLES, 'title = $4, body = $5, views = $6');
// A `null` parameter leaves the column as it is; no field can be set to null.
const UPDATE_SQL = updateIfMatchSql(
  ARTICLES,
  'title = COALESCE($4::text, title), body = COALESCE($5::text, body), views = COALESCE($6::integer, views)',
);
const INSERT_SQL = insertIfAbsentSql(ARTICLES, 'title, body, views', '$3, $4, $5');
const CREATE_SQL = `INSERT INTO articles (id, title, body, views, etag, modified_at)
VALUES ($1, $3, $4, $5, $2, ${FIRST_MODIFIED_AT})
RETURNING id, title, body, views, ${VERSION_COLUMNS}`;
const DELETE_SQL = deleteIfMatchSql(ARTICLES);

function toArticle(row: ArticleRow): ArticleRecord {
  return { id: row.id, title: row.title, body: row.body, views: row.views, ...toRecordVersion(row) };
}

/** The article store over `sql` (a database, or a transaction on one). */
export function createArticleStore(sql: SqlTransaction): ArticleStore {
  const fields = (input: ArticleInput) => [input.title, input.body, input.views ?? 0];
  return {
    async validators(id) {
      if (!isResourceId(id)) return { exists: false };
      const [row] = await sql.query<VersionColumns>(VALIDATORS_SQL, [id]);
      return toValidators(row);
    },
    async get(id) {
      if (!isResourceId(id)) return undefined;
      const [row] = await sql.query<ArticleRow>(`${SELECT_ARTICLE} WHERE id = $1`, [id]);
      return row && toArticle(row);
    },
    async list() {
      const rows = await sql.query<ArticleRow>(`${SELECT_ARTICLE} ORDER BY modified_at DESC, id`);
      return rows.map(toArticle);
    },
    async create(input) {
      const [row] = await sql.query<ArticleRow>(CREATE_SQL, [
        newResourceId(),
        newEtagToken(),
        ...fields(input),
      ]);
      return toArticle(row!);
    },
    async insert(id, input) {
      assertResourceId(id, 'article id');
      const rows = await sql.query<CompareAndSetRow<ArticleRow>>(INSERT_SQL, [
        id,
        newEtagToken(),
        ...fields(input),
      ]);
      return toArticle(appliedRow(rows, 'insert'));
    },
    async replace(id, input, expected) {
      if (!isResourceId(id)) throw missingResourceError('replace');
      const rows = await sql.query<CompareAndSetRow<ArticleRow>>(REPLACE_SQL, [
        id,
        newEtagToken(),
        toExpectedTokens(expected),
        ...fields(input),
      ]);
      return toArticle(appliedRow(rows, 'replace'));
    },
    async update(id, changes, expected) {
      if (!isResourceId(id)) throw missingResourceError('update');
      const rows = await sql.query<CompareAndSetRow<ArticleRow>>(UPDATE_SQL, [
        id,
        newEtagToken(),
        toExpectedTokens(expected),
        changes.title ?? null,
        changes.body ?? null,
        changes.views ?? null,
      ]);
      return toArticle(appliedRow(rows, 'update'));
    },
    async delete(id, expected) {
      if (!isResourceId(id)) throw missingResourceError('delete');
      const rows = await sql.query<CompareAndSetRow<VersionColumns>>(DELETE_SQL, [
        id,
        toExpectedTokens(expected),
      ]);
      appliedRow(rows, 'delete');
    },
  };
}
