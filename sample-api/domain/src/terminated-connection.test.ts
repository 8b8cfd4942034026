// What a statement on a postgres.js connection cut by `pg_terminate_backend` comes to: a database
// failure (503), never an empty result that a read would report as "no such article" (404). The
// cut is made certain, not timed: every statement is held behind a row lock taken from another
// connection, and the victim's backend is terminated only once the server shows it waiting on it.
import { PreconditionFailedError } from '@precond/core';
import type { ThrowawayPostgres } from '@precond/throwaway-postgres';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ArticleRecord } from './articles.js';
import type { Database } from './open-database.js';
import { openDatabase } from './open-database.js';
import { openPostgres } from './postgres.js';
import type { SqlExecutor } from './sql.js';
import { StorageUnavailableError } from './storage-unavailable.js';

let server: ThrowawayPostgres;

beforeAll(async () => {
  server = await startThrowawayPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** A database with one article, and a superuser connection beside it that can lock and cut. */
async function openWithArticle(poolSize: number, statementTimeoutMs = 5_000) {
  const databaseUrl = await server.freshDatabaseUrl();
  const name = new URL(databaseUrl).pathname.slice(1);
  const db = await openDatabase({ databaseUrl, poolSize, statementTimeoutMs });
  const admin = openPostgres({ url: server.url, poolSize: 1 });
  const locker = openPostgres({ url: databaseUrl, poolSize: 1 });
  const article = await db.articles.create({ title: 'cut', body: 'b' });
  const close = async () => {
    await Promise.all([db.close(), admin.close(), locker.close()]);
  };
  return { db, admin, locker, article, name, close };
}

/**
 * Runs `work` while `locker` holds the article's row lock in an open transaction; the lock is
 * released (rolled back) once `work` settles.
 */
async function whileRowLocked<T>(locker: SqlExecutor, id: string, work: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await locker
    .transaction(async (tx) => {
      await tx.query('SELECT id FROM articles WHERE id = $1 FOR UPDATE', [id]);
      result = await work();
      throw new Error('roll back: the lock was only held');
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message.startsWith('roll back'))) throw error;
    });
  return result as T;
}

/** Polls until `count` backends of `name` wait for a lock; resolves with their pids. */
async function lockWaiters(admin: SqlExecutor, name: string, count: number): Promise<number[]> {
  for (;;) {
    const rows = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
      [name],
    );
    if (rows.length >= count) return rows.map((row) => row.pid);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function terminate(admin: SqlExecutor, pids: readonly number[]): Promise<void> {
  const rows = await admin.query<{ cut: boolean }>(
    'SELECT pg_terminate_backend(pid, 5000) AS cut FROM unnest($1::int[]) AS pid',
    [pids],
  );
  expect(rows.every((row) => row.cut)).toBe(true);
}

/** Every statement rejected, each with the one error an app answers 503. */
function expectAllUnavailable(outcomes: readonly PromiseSettledResult<unknown>[]): void {
  for (const outcome of outcomes) {
    expect(outcome).toMatchObject({ status: 'rejected' });
    expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
  }
}

type Setup = Awaited<ReturnType<typeof openWithArticle>>;

/**
 * Sends `statements` while the article's row is locked, terminates the backends once `waiting` of
 * them wait on the lock, and resolves with how each statement settled.
 */
async function cutWhileLocked(
  { admin, locker, article, name }: Setup,
  waiting: number,
  statements: () => Promise<unknown>[],
): Promise<PromiseSettledResult<unknown>[]> {
  return whileRowLocked(locker, article.id, async () => {
    const settled = Promise.allSettled(statements());
    await terminate(admin, await lockWaiters(admin, name, waiting));
    return settled;
  });
}

/**
 * Reads the article until the reconnected pool finds it. Each failed read must be a
 * StorageUnavailableError: postgres.js 3.4.9 fails the first statement on a reconnected connection
 * with the error of the one that was cut. A read that finds nothing fails the test.
 */
async function readUntilFound(db: Database, id: string): Promise<ArticleRecord> {
  for (;;) {
    const outcome = await db.articles.get(id).then(
      (article) => {
        expect(article, 'a read of an existing article found nothing').toBeDefined();
        return article;
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(StorageUnavailableError);
        return undefined;
      },
    );
    if (outcome) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('the statement after one cut mid-result (some rows received) fails or finds the article, never finds nothing', async () => {
  const setup = await openWithArticle(1);
  const { db, admin, article, name } = setup;
  try {
    // A row bigger than the server's 8 kB output buffer is sent at once; the statement then sleeps,
    // so the connection is cut with a row received and the statement not complete. postgres.js
    // 3.4.9 keeps counting rows from there on its next statement (porsager/postgres#1119, #1181).
    const cut = db.sql.query(`SELECT repeat('x', 100000) AS filler UNION ALL SELECT pg_sleep(60)::text`).then(
      () => undefined,
      (error: unknown) => error,
    );
    let sleeping: number[] = [];
    while (sleeping.length === 0) {
      const rows = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'PgSleep'`,
        [name],
      );
      sleeping = rows.map((row) => row.pid);
      if (sleeping.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await terminate(admin, sleeping);
    expect(await cut).toBeInstanceOf(StorageUnavailableError);
    expect(await readUntilFound(db, article.id)).toEqual(article);
    // And later ones find it straight away.
    for (let read = 0; read < 3; read++) expect(await db.articles.get(article.id)).toEqual(article);
  } finally {
    await setup.close();
  }
}, 30_000);

it('a write held on a row lock and the statements pipelined behind it on its connection all fail with StorageUnavailableError when the backend is terminated', async () => {
  const setup = await openWithArticle(1);
  const { db, article } = setup;
  try {
    // Every statement prepared on the one connection first: postgres.js pipelines only prepared
    // statements onto a busy connection, so the ones below are certainly on the wire behind the write.
    await db.articles.get(article.id);
    await db.articles.validators(article.id);
    await db.articles.update(article.id, { views: 0 }, '"other"').catch(() => {});
    const outcomes = await cutWhileLocked(setup, 1, () => [
      // Held on the lock: the statement in flight when its connection is cut.
      db.articles.update(article.id, { views: 1 }, article.etag),
      ...Array.from({ length: 10 }, () => db.articles.get(article.id)),
      ...Array.from({ length: 10 }, () => db.articles.validators(article.id)),
      ...Array.from({ length: 10 }, () => db.articles.update(article.id, { views: 2 }, article.etag)),
    ]);
    expect(outcomes).toHaveLength(31);
    expectAllUnavailable(outcomes);
    expect(await readUntilFound(db, article.id)).toEqual(article);
  } finally {
    await setup.close();
  }
}, 30_000);

it('compare-and-sets waiting on a row lock on every connection of the pool fail with StorageUnavailableError, never ResourceNotFoundError, when all are terminated', async () => {
  const setup = await openWithArticle(4);
  const { db, article } = setup;
  try {
    const outcomes = await cutWhileLocked(setup, 4, () => [
      ...Array.from({ length: 4 }, () => db.articles.update(article.id, { views: 1 }, article.etag)),
      ...Array.from({ length: 4 }, () => db.articles.delete(article.id, '"not the current tag"')),
    ]);
    expect(outcomes).toHaveLength(8);
    expectAllUnavailable(outcomes);
    expect(await readUntilFound(db, article.id)).toEqual(article);
  } finally {
    await setup.close();
  }
}, 30_000);

it('during an outage (connections cut mid-statement, new ones refused) reads of an existing article fail, never find nothing, and find it once the database is back', async () => {
  const setup = await openWithArticle(3, 1_000);
  const { db, admin, locker, article, name } = setup;
  try {
    const { held, during } = await whileRowLocked(locker, article.id, async () => {
      const held = Promise.allSettled(
        Array.from({ length: 3 }, () => db.articles.update(article.id, { views: 1 }, article.etag)),
      );
      // All three connections of the pool open and busy before the database refuses new ones.
      const waiters = await lockWaiters(admin, name, 3);
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      // Pipelined onto the busy connections, or queued for the pool's next (refused) connection.
      const during = Promise.allSettled([
        ...Array.from({ length: 10 }, () => db.articles.get(article.id)),
        ...Array.from({ length: 10 }, () => db.articles.validators(article.id)),
      ]);
      await terminate(admin, waiters);
      return { held: await held, during: await during };
    });
    expectAllUnavailable(held);
    expectAllUnavailable(during);
    await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
    expect(await readUntilFound(db, article.id)).toEqual(article);
    // The cut writes were not applied: the article's tag is still the one they expected.
    const updated = await db.articles.update(article.id, { views: 3 }, article.etag);
    expect(updated.views).toBe(3);
    await expect(db.articles.update(article.id, { views: 4 }, article.etag)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  } finally {
    await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`).catch(() => {});
    await setup.close();
  }
}, 30_000);
