/**
 * Version 1: the sample API's three tables.
 *
 * @module
 */

import type { Migration } from './run-migrations.js';

/** articles, users and sessions, each versioned by `etag` and `modified_at`. */
export const createTables: Migration = {
  version: 1,
  name: 'create articles, users and sessions',
  statements: [
    `CREATE TABLE IF NOT EXISTS articles (
      id text PRIMARY KEY,
      title text NOT NULL,
      body text NOT NULL,
      views integer NOT NULL DEFAULT 0 CHECK (views >= 0),
      etag text NOT NULL,
      modified_at timestamptz NOT NULL
    )`,
    // The list is newest first.
    'CREATE INDEX IF NOT EXISTS articles_modified_at ON articles (modified_at DESC, id)',
    `CREATE TABLE IF NOT EXISTS users (
      name text PRIMARY KEY,
      display_name text,
      etag text NOT NULL,
      modified_at timestamptz NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS sessions (
      id text PRIMARY KEY,
      etag text NOT NULL,
      modified_at timestamptz NOT NULL
    )`,
  ],
};
