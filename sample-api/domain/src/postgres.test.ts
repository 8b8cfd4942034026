import { createServer } from 'node:net';
import { PreconditionFailedError } from '@precond/core';
import type { ThrowawayPostgres } from '@precond/throwaway-postgres';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleStore } from './articles.js';
import { MIGRATIONS } from './migrations/run-migrations.js';
import type { Database } from './open-database.js';
import { openDatabase } from './open-database.js';
import { openPostgres } from './postgres.js';
import type { SqlExecutor } from './sql.js';
import { StorageUnavailableError } from './storage-unavailable.js';
import { defineStoreSuite, settleAll } from './stores.suite.js';

let server: ThrowawayPostgres;

beforeAll(async () => {
  server = await startThrowawayPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('PostgreSQL', () => {
  // 20 connections, so that the 20 racing writers really run at once on the server.
  defineStoreSuite(async () => openDatabase({ databaseUrl: await server.freshDatabaseUrl(), poolSize: 20 }));
});

// The winner commits while the 20 others wait for its row lock, so every loser's statement began
// before the commit: the tag it reports must still be the committed one, not the one it saw first.
describe('PostgreSQL compare-and-set against a writer that commits while the others wait', () => {
  let db: Database;
  let observer: SqlExecutor;

  beforeAll(async () => {
    const databaseUrl = await server.freshDatabaseUrl();
    db = await openDatabase({ databaseUrl, poolSize: 25 });
    observer = openPostgres({ url: databaseUrl, poolSize: 1 });
  });

  afterAll(async () => {
    await Promise.all([db?.close(), observer?.close()]);
  });

  async function waitForLockWaiters(count: number): Promise<void> {
    for (;;) {
      const [row] = await observer.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((row?.waiting ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('20 updates with the old tag all fail, reporting the tag committed while they waited', async () => {
    const created = await db.articles.create({ title: 'contended', body: 'b' });
    let losers: ReturnType<typeof settleAll<unknown>> | undefined;
    const winner = await db.sql.transaction(async (tx) => {
      const won = await createArticleStore(tx).update(created.id, { title: 'first' }, created.etag);
      losers = settleAll(
        Array.from({ length: 20 }, () => db.articles.update(created.id, { title: 'late' }, created.etag)),
      );
      await waitForLockWaiters(20);
      return won;
    });
    const { values, errors } = await losers!;
    expect(values).toHaveLength(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect((error as PreconditionFailedError).etag).toBe(winner.etag);
    }
  });

  it('20 inserts of one id all fail, reporting the tag of the row committed while they waited', async () => {
    const id = `contended-${crypto.randomUUID()}`;
    let losers: ReturnType<typeof settleAll<unknown>> | undefined;
    const winner = await db.sql.transaction(async (tx) => {
      const won = await createArticleStore(tx).insert(id, { title: 'first', body: 'b' });
      losers = settleAll(
        Array.from({ length: 20 }, () => db.articles.insert(id, { title: 'late', body: 'b' })),
      );
      await waitForLockWaiters(20);
      return won;
    });
    const { values, errors } = await losers!;
    expect(values).toHaveLength(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect((error as PreconditionFailedError).etag).toBe(winner.etag);
    }
    expect(await db.articles.get(id)).toEqual(winner);
  });
});

describe('PostgreSQL migrations', () => {
  it('migrate once when two instances open one database at the same moment, and again later', async () => {
    const databaseUrl = await server.freshDatabaseUrl();
    const instances = await Promise.all([openDatabase({ databaseUrl }), openDatabase({ databaseUrl })]);
    const later = await openDatabase({ databaseUrl });
    try {
      const rows = await later.sql.query('SELECT version FROM schema_migrations');
      expect(rows).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
      const article = await instances[0].articles.create({ title: 'shared', body: 'b' });
      expect(await instances[1].articles.get(article.id)).toEqual(article);
    } finally {
      await Promise.all([...instances, later].map((db) => db.close()));
    }
  });

  it('migrate without error when eight instances start together on a fresh database', async () => {
    const databaseUrl = await server.freshDatabaseUrl();
    const instances = await Promise.all(Array.from({ length: 8 }, () => openDatabase({ databaseUrl })));
    await Promise.all(instances.map((db) => db.close()));
  });
});

describe('PostgreSQL failures become StorageUnavailableError', () => {
  it('when the statement outlives statement_timeout', async () => {
    const sql = openPostgres({ url: server.url, statementTimeoutMs: 100 });
    try {
      const error = await sql.query('SELECT pg_sleep(5)').catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ status: 503, code: '57014' });
    } finally {
      await sql.close();
    }
  });

  it('when the server terminates the connection, and the pool recovers', async () => {
    const victim = openPostgres({ url: server.url, poolSize: 1 });
    const admin = openPostgres({ url: server.url, poolSize: 1 });
    try {
      const [{ pid }] = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [
        { pid: number },
      ];
      const sleeping = victim.query('SELECT pg_sleep(5)').catch((reason: unknown) => reason);
      // Wait until the sleep is running, so that the termination hits a query in flight.
      while (
        (
          await admin.query(
            `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`,
            [pid],
          )
        ).length === 0
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const error = await sleeping;
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(['57P01', 'CONNECTION_CLOSED']).toContain((error as StorageUnavailableError).code);
      // The pool reconnects: a statement sent while the dead connection is still closing fails
      // the same way, and one sent a moment later works.
      let recovered: unknown;
      for (let attempt = 0; attempt < 40 && recovered === undefined; attempt++) {
        recovered = await victim.query('SELECT 1 AS one').catch(async (reason: unknown) => {
          expect(reason).toBeInstanceOf(StorageUnavailableError);
          await new Promise((resolve) => setTimeout(resolve, 50));
          return undefined;
        });
      }
      expect(recovered).toEqual([{ one: 1 }]);
    } finally {
      // postgres.js 3.4.9 keeps a connection killed mid-query busy, so closing the pool waits for
      // the close timeout (porsager/postgres#1097).
      await Promise.all([victim.close(), admin.close()]);
    }
  }, 20_000);

  it('within the statement timeout when the database refuses connections after cutting them mid-query, and the whole pool recovers', async () => {
    const databaseUrl = await server.freshDatabaseUrl();
    const name = new URL(databaseUrl).pathname.slice(1);
    const db = await openDatabase({ databaseUrl, poolSize: 2, statementTimeoutMs: 1_000 });
    const admin = openPostgres({ url: server.url, poolSize: 1 });
    const activeSleeps = async () =>
      (
        await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = $1 AND state = 'active' AND query LIKE '%pg_sleep%'`,
          [name],
        )
      )[0]!.n;
    try {
      const article = await db.articles.create({ title: 'outage', body: 'b' });
      // Both connections busy when they are cut: the case that sends postgres.js into its retry loop.
      const sleeping = settleAll([
        db.sql.query('SELECT pg_sleep(0.9)'),
        db.sql.query('SELECT pg_sleep(0.9)'),
      ]);
      while ((await activeSleeps()) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      expect((await sleeping).errors).toHaveLength(2);
      // postgres.js 3.4.9 retries such a connection at once and forever while the database refuses,
      // holding the statement (porsager/postgres#1193): without a deadline these wait for the outage.
      for (let attempt = 0; attempt < 3; attempt++) {
        const started = performance.now();
        const outcomes = await settleAll<unknown>([
          db.articles.get(article.id),
          db.articles.update(article.id, { views: attempt + 1 }, article.etag),
        ]);
        expect(performance.now() - started).toBeLessThan(2_000);
        expect(outcomes.values).toEqual([]);
        for (const error of outcomes.errors) expect(error).toBeInstanceOf(StorageUnavailableError);
      }
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      let recovered: unknown;
      for (let attempt = 0; attempt < 50 && recovered === undefined; attempt++) {
        recovered = await db.articles.get(article.id).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return undefined;
        });
      }
      expect(recovered).toMatchObject({ id: article.id, title: article.title });
      // Both connections of the pool serve again, none lost to a statement given up on (postgres.js
      // may take a round or two to hand the last one back).
      let active = 0;
      for (let round = 0; round < 5 && active < 2; round++) {
        const both = settleAll([db.sql.query('SELECT pg_sleep(0.3)'), db.sql.query('SELECT pg_sleep(0.3)')]);
        for (let poll = 0; poll < 20 && active < 2; poll++) {
          active = Math.max(active, await activeSleeps());
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect((await both).values).toHaveLength(2);
      }
      expect(active).toBe(2);
      // The writes given up on may still run now, but as compare-and-sets on one tag: one at most.
      const after = await db.articles.get(article.id);
      expect([0, 1, 2, 3]).toContain(after?.views);
      if (after?.views !== 0) expect(after?.etag).not.toBe(article.etag);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`).catch(() => {});
      await Promise.all([db.close(), admin.close()]);
    }
  }, 30_000);

  it('when nothing listens at the URL, already from openDatabase', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const error = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/none` }).catch(
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('when the server goes away under an open database', async () => {
    const doomed = await startThrowawayPostgres();
    const db = await openDatabase({ databaseUrl: await doomed.freshDatabaseUrl() });
    try {
      const article = await db.articles.create({ title: 'before', body: 'b' });
      await doomed.stop();
      await expect(db.articles.get(article.id)).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(db.articles.update(article.id, { views: 1 }, article.etag)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
    } finally {
      await db.close();
      await doomed.stop();
    }
  }, 60_000);
});
