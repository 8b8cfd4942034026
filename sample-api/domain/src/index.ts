/**
 * @precond/domain — what the sample API is, the same in every app: articles, users and sessions on
 * PGlite or PostgreSQL (every write one compare-and-set statement), request-body rules, the JSON on
 * the wire, which error is which problem, and starting, configuring and stopping an app.
 *
 * @module
 */

export type { ParseArticleOptions } from './article-input.js';
export { parseArticleInput } from './article-input.js';
export type { ArticleList } from './article-list.js';
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
export type { CreateOnceAnswer, KeyedPost } from './create-once-answer.js';
export { createArticleOnce } from './create-once-answer.js';
export type { DatabaseEnv } from './database-env.js';
export { databaseOptionsFromEnv } from './database-env.js';
export type { ErrorProblem } from './error-policy.js';
export { problemForError } from './error-policy.js';
export { hostFieldProblem, isValidHost, requireValidHost } from './host-field.js';
export type { JsonBodyResult, JsonRequestHead } from './json-body.js';
export {
  acceptedMediaTypes,
  decodeJsonBody,
  JSON_MEDIA_TYPES,
  MAX_BODY_BYTES,
  readBodyBytes,
} from './json-body.js';
export { applyMergePatch } from './merge-patch.js';
export type { Migration } from './migrations/run-migrations.js';
export { MIGRATIONS, runMigrations } from './migrations/run-migrations.js';
export type { Database, OpenDatabaseOptions } from './open-database.js';
export { openDatabase } from './open-database.js';
export type { ParseResult } from './parse-result.js';
export { openPglite } from './pglite.js';
export { holdPipelinedRequests } from './pipelined-requests.js';
export type { PostgresOptions } from './postgres.js';
export { openPostgres } from './postgres.js';
export { processDatabase } from './process-database.js';
export type { PutAnswerOptions, PutRequest } from './put-answer.js';
export { putAnswer, putArticle, putUser } from './put-answer.js';
export { isResourceId, newResourceId } from './resource-id.js';
export { ResourceNotFoundError } from './resource-not-found.js';
export type { ExpectedVersion, RecordVersion } from './row-version.js';
export { serveFromEnv } from './serve-from-env.js';
export type { Session, SessionRecord, SessionStore } from './sessions.js';
export { createSessionStore } from './sessions.js';
export type { SqlExecutor, SqlTransaction } from './sql.js';
export type { StartOptions } from './start-options.js';
export { DEFAULT_DATA_DIR, startOptionsFromEnv } from './start-options.js';
export type { ListeningServer, RunningApp, SampleAppServer } from './start-sample-app.js';
export { startSampleApp } from './start-sample-app.js';
export { StorageUnavailableError } from './storage-unavailable.js';
export type { ParseUserOptions } from './user-input.js';
export { parseUserInput } from './user-input.js';
export type { User, UserFields, UserInput, UserRecord, UserStore } from './users.js';
export { createUserStore } from './users.js';
export type { ArticleJson, SessionJson, UserJson } from './wire.js';
export { articleJson, representedResourceFields, sessionJson, userJson, versionFields } from './wire.js';
