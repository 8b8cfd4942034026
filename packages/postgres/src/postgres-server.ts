/**
 * Test-only: one throwaway PostgreSQL server per test file, and how a test sees lock waiters on it.
 *
 * @module
 */

import type { ThrowawayPostgres } from '@precond/throwaway-postgres';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import { afterAll, beforeAll } from 'vitest';
import type { SqlClient } from './sql-client.js';

/** Connections per pool: every one of the suite's 30 writers gets its own, and one is to spare. */
export const POOL_SIZE = 32;

/** Starts a server before the file's tests and stops it after; the getter returns it. */
export function throwawayPostgresForFile(): () => ThrowawayPostgres {
  let server: ThrowawayPostgres | undefined;
  beforeAll(async () => {
    server = await startThrowawayPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('The throwaway PostgreSQL server has not started');
    return server;
  };
}

/** How many statements of the current database wait for a lock, asked through `observer`. */
export async function countLockWaiters(observer: SqlClient): Promise<number> {
  const [row] = (await observer.query(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    [],
  )) as { waiting: number }[];
  return row?.waiting ?? 0;
}
