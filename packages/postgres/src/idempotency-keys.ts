/**
 * The table that records each `Idempotency-Key` with the outcome of the write it made
 * (draft-ietf-httpapi-idempotency-key-header §2.6): its DDL, its expiry and its purge.
 *
 * @module
 */

import { quoteIdentifier } from './identifier.js';
import type { SqlClient } from './sql-client.js';

/**
 * How long a key is remembered, in seconds, unless the table says otherwise: 24 hours, the window
 * most payment APIs keep. A retry after it is a new request (it writes again), so the window must
 * outlast the longest a client keeps retrying one request.
 */
export const DEFAULT_IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** Where the keys are kept and for how long. Written once in code; its names are quoted. */
export interface IdempotencyKeyTable {
  /** The table's name. @defaultValue `'idempotency_keys'` */
  readonly name?: string | undefined;
  /** The schema, when the table is not found on the `search_path`. */
  readonly schema?: string | undefined;
  /**
   * How long a key is remembered after its write, in seconds: an expired key is treated as new.
   * @defaultValue {@link DEFAULT_IDEMPOTENCY_WINDOW_SECONDS}
   */
  readonly windowSeconds?: number | undefined;
}

/** A key table's identifiers, quoted, and its window. */
export interface QuotedKeyTable {
  /** `"schema"."name"` or `"name"`. */
  readonly table: string;
  /** The index on the expiry, for the purge: `"<name>_expires_at"`. */
  readonly expiryIndex: string;
  readonly windowSeconds: number;
}

/**
 * The key table's identifiers, quoted.
 *
 * @throws TypeError when a name is empty, or the window is not a positive whole number of seconds.
 */
export function quoteKeyTable(definition: IdempotencyKeyTable = {}): QuotedKeyTable {
  const name = definition.name ?? 'idempotency_keys';
  const windowSeconds = definition.windowSeconds ?? DEFAULT_IDEMPOTENCY_WINDOW_SECONDS;
  if (!Number.isSafeInteger(windowSeconds) || windowSeconds <= 0) {
    throw new TypeError(`Not a window in whole seconds: ${windowSeconds}`);
  }
  const quoted = quoteIdentifier(name);
  return {
    table: definition.schema === undefined ? quoted : `${quoteIdentifier(definition.schema)}.${quoted}`,
    expiryIndex: quoteIdentifier(`${name}_expires_at`),
    windowSeconds,
  };
}

/**
 * The statements that create the key table and its expiry index, for your migration tool.
 * Idempotent (`IF NOT EXISTS`). One row per key:
 * - `key` — the client's key, as the adapter hands it (at most 255 characters);
 * - `fingerprint` — core's `requestFingerprint` of the request that first sent it;
 * - `status`, `location`, `etag`, `body` — the answer that request got, replayed to its retries;
 * - `created_at`, `expires_at` — when the write happened (its Last-Modified), and when the key is
 *   forgotten.
 */
export function idempotencyKeysMigration(definition: IdempotencyKeyTable = {}): readonly string[] {
  const { table, expiryIndex } = quoteKeyTable(definition);
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
  key text PRIMARY KEY,
  fingerprint text NOT NULL,
  status smallint NOT NULL,
  location text,
  etag text NOT NULL,
  body text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
)`,
    `CREATE INDEX IF NOT EXISTS ${expiryIndex} ON ${table} (expires_at)`,
  ];
}

/** Runs {@link idempotencyKeysMigration}'s statements on `client`, in order. */
export async function createIdempotencyKeys(
  client: SqlClient,
  definition: IdempotencyKeyTable = {},
): Promise<void> {
  for (const statement of idempotencyKeysMigration(definition)) await client.query(statement, []);
}

/**
 * Deletes the keys whose window has passed and resolves with how many. Run it on a schedule: an
 * expired key is already treated as new, so the purge only keeps the table small.
 */
export async function purgeExpiredIdempotencyKeys(
  client: SqlClient,
  definition: IdempotencyKeyTable = {},
): Promise<number> {
  const { table } = quoteKeyTable(definition);
  const rows = await client.query(
    `WITH purged AS (DELETE FROM ${table} WHERE expires_at <= statement_timestamp() RETURNING 1)
SELECT count(*)::int AS purged FROM purged`,
    [],
  );
  return (rows[0] as { purged?: number } | undefined)?.purged ?? 0;
}
