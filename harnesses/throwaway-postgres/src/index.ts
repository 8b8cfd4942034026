/**
 * @precond/throwaway-postgres — test-only: a disposable PostgreSQL server from the installed
 * binaries, and fresh databases on it.
 *
 * @module
 */

export type { FindPostgresBinDirOptions } from './binaries.js';
export { findPostgresBinDir } from './binaries.js';
export { createDatabase, databaseUrl, dropDatabase, freshDatabaseUrl } from './databases.js';
export { findFreePort } from './free-port.js';
export type { StartThrowawayPostgresOptions, ThrowawayPostgres } from './server.js';
export { startThrowawayPostgres } from './server.js';
