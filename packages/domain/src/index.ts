/**
 * @precond/domain — the sample API's storage and request-body rules, shared by every app:
 * articles, users and sessions on PGlite or PostgreSQL, every write one compare-and-set statement.
 *
 * @module
 */

export type { ParseArticleOptions } from './article-input.js';
export { parseArticleInput } from './article-input.js';
export type {
  Article,
  ArticleChanges,
  ArticleFields,
  ArticleInput,
  ArticleRecord,
  ArticleStore,
} from './articles.js';
export { createArticleStore } from './articles.js';
export {
  closeConnectionsInStages,
  closeEveryServerConnectionInStages,
  LINGER_IDLE_MS,
  LINGER_MAX_MS,
} from './close-in-stages.js';
export type { DatabaseEnv } from './database-env.js';
export { databaseOptionsFromEnv } from './database-env.js';
export type { JsonBodyResult } from './json-body.js';
export { decodeJsonBody, JSON_MEDIA_TYPES, MAX_BODY_BYTES, readBodyBytes } from './json-body.js';
export { applyMergePatch } from './merge-patch.js';
export type { Migration } from './migrations/run-migrations.js';
export { MIGRATIONS, runMigrations } from './migrations/run-migrations.js';
export type { Database, OpenDatabaseOptions } from './open-database.js';
export { openDatabase } from './open-database.js';
export type { ParseResult } from './parse-result.js';
export { openPglite } from './pglite.js';
export type { PostgresOptions } from './postgres.js';
export { openPostgres } from './postgres.js';
export { isResourceId, newResourceId } from './resource-id.js';
export { ResourceNotFoundError } from './resource-not-found.js';
export type { ExpectedVersion, RecordVersion } from './row-version.js';
export type { Session, SessionRecord, SessionStore } from './sessions.js';
export { createSessionStore } from './sessions.js';
export type { SqlExecutor, SqlTransaction } from './sql.js';
export { StorageUnavailableError } from './storage-unavailable.js';
export type { ParseUserOptions } from './user-input.js';
export { parseUserInput } from './user-input.js';
export type { User, UserFields, UserInput, UserRecord, UserStore } from './users.js';
export { createUserStore } from './users.js';
