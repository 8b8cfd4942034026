/**
 * Articles: `{ id, title, body, views }`, listed newest first.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import type { InsertOnceResult } from '@precond/postgres';
import { missingRowError, versionedTable, writtenRow } from '@precond/postgres';
import type { ArticleList } from './article-list.js';
import { articleList } from './article-list.js';
import { assertResourceId, isResourceId, newResourceId } from './resource-id.js';
import type { ExpectedVersion, RecordVersion } from './row-version.js';
import { toWriteCondition } from './row-version.js';
import type { SqlTransaction } from './sql.js';
import { articleJson } from './wire.js';

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
  /** The list's representation, as `GET /api/articles` sends it: its JSON and that JSON's `ETag`. */
  readList(): Promise<ArticleList>;
  /**
   * The list's current validators, for the preconditions of `POST /api/articles` (RFC 9110 §13.2.1:
   * a POST's target is the collection): the `ETag` {@link ArticleStore.readList} gives for the same
   * state. The list always exists, empty or not.
   */
  listValidators(): Promise<Validators>;
  /** Creates an article under a new server-chosen id. */
  create(input: ArticleInput): Promise<ArticleRecord>;
  /**
   * Creates an article under a new server-chosen id once per `Idempotency-Key` (`POST` with the
   * field): the key, the request's fingerprint and the answer — 201, `Location`, `ETag` and the
   * article's JSON — are recorded in the same statement. A retry with the key is `replayed` with that
   * answer, a key sent first with another request is `key-reused`; neither writes.
   */
  createOnce(input: ArticleInput, key: string, fingerprint: string): Promise<InsertOnceResult<ArticleRecord>>;
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

const ARTICLES = versionedTable<Article, 'id'>({
  name: 'articles',
  key: 'id',
  columns: { id: 'id', title: 'title', body: 'body', views: 'views' },
});
const LIST_SQL = `SELECT ${ARTICLES.selectList} FROM articles ORDER BY modified_at DESC, id`;

const fields = (input: ArticleInput): ArticleFields => ({
  title: input.title,
  body: input.body,
  views: input.views ?? 0,
});

/** The article store over `sql` (a database, or a transaction on one). */
export function createArticleStore(sql: SqlTransaction): ArticleStore {
  const list = async () => (await sql.query(LIST_SQL)).map((row) => ARTICLES.toVersionedRow(row));
  return {
    async validators(id) {
      return isResourceId(id) ? ARTICLES.validators(sql, id) : { exists: false };
    },
    async get(id) {
      return isResourceId(id) ? ARTICLES.get(sql, id) : undefined;
    },
    list,
    async readList() {
      return articleList(await list());
    },
    async listValidators() {
      return { exists: true, etag: articleList(await list()).etag };
    },
    async create(input) {
      return writtenRow(await ARTICLES.insert(sql, { id: newResourceId(), ...fields(input) }));
    },
    async createOnce(input, key, fingerprint) {
      const article = { id: newResourceId(), ...fields(input) };
      return ARTICLES.insertOnce(sql, article, {
        key,
        fingerprint,
        location: `/api/articles/${article.id}`,
        body: JSON.stringify(articleJson(article)),
      });
    },
    async insert(id, input) {
      assertResourceId(id, 'article id');
      return writtenRow(await ARTICLES.insert(sql, { id, ...fields(input) }));
    },
    async replace(id, input, expected) {
      if (!isResourceId(id)) throw missingRowError('replace');
      return writtenRow(await ARTICLES.replace(sql, id, fields(input), toWriteCondition(expected)));
    },
    async update(id, changes, expected) {
      if (!isResourceId(id)) throw missingRowError('update');
      return writtenRow(await ARTICLES.update(sql, id, changes, toWriteCondition(expected)));
    },
    async delete(id, expected) {
      if (!isResourceId(id)) throw missingRowError('delete');
      writtenRow(await ARTICLES.delete(sql, id, toWriteCondition(expected)));
    },
  };
}
