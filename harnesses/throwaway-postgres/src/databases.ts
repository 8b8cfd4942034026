/**
 * Creating and dropping databases on a server, so that every test gets one of its own.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { findPostgresBinDir } from './binaries.js';
import { runCommand } from './command.js';

/** Lower-case so that the name needs no case games; 63 bytes is PostgreSQL's identifier limit. */
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL of database `name` on the server at `serverUrl` (any database of it). */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/**
 * Creates database `name` on the server at `serverUrl` and resolves with its URL.
 *
 * @throws Error when `name` is not a plain lower-case identifier or the database exists.
 */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await runSql(serverUrl, `CREATE DATABASE ${quoteDatabaseName(name)}`);
  return databaseUrl(serverUrl, name);
}

/**
 * Drops database `name` if it exists, disconnecting anyone still using it (`WITH (FORCE)`,
 * PostgreSQL 13 and later).
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await runSql(serverUrl, `DROP DATABASE IF EXISTS ${quoteDatabaseName(name)} WITH (FORCE)`);
}

/**
 * Creates a database with a fresh random name (`<prefix>_<16 hex digits>`) and resolves with its
 * URL, so that tests sharing a server never see each other's rows.
 */
export async function freshDatabaseUrl(serverUrl: string, prefix = 'test'): Promise<string> {
  return createDatabase(serverUrl, `${prefix}_${randomBytes(8).toString('hex')}`);
}

function quoteDatabaseName(name: string): string {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`database name ${JSON.stringify(name)} is not a lower-case identifier`);
  }
  return `"${name}"`;
}

/** Runs one statement through `psql` against the server's `postgres` database. */
async function runSql(serverUrl: string, statement: string): Promise<void> {
  const psql = join(await findPostgresBinDir(), 'psql');
  await runCommand(psql, [
    '--no-psqlrc',
    '--quiet',
    '--set=ON_ERROR_STOP=1',
    `--dbname=${databaseUrl(serverUrl, 'postgres')}`,
    `--command=${statement}`,
  ]);
}
