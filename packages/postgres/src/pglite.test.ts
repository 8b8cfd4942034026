import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it, vi } from 'vitest';
import { fromPglite } from './pglite.js';
import { defineVersionedTableSuite } from './versioned-table.suite.js';

defineVersionedTableSuite({
  name: 'PGlite',
  concurrent: false,
  async open() {
    const db = await PGlite.create();
    return {
      client: fromPglite(db),
      transaction: (work) => db.transaction((tx) => work(fromPglite(tx))),
      close: () => db.close(),
    };
  },
});

describe('fromPglite on a PGlite instance: statements prepared once', () => {
  const statementsOf = async (db: PGlite) =>
    (
      await db.query<{ name: string }>(
        "SELECT name FROM pg_prepared_statements WHERE name LIKE 'precond\\_%' ORDER BY prepare_time",
      )
    ).rows;

  it('prepares a statement on first use and only binds it afterwards', async () => {
    const db = await PGlite.create();
    try {
      const client = fromPglite(db);
      await client.query('CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL)', []);
      await client.query('INSERT INTO t VALUES ($1, $2)', [1, 0]);
      for (let n = 1; n <= 3; n++) await client.query('UPDATE t SET n = $2 WHERE id = $1', [1, n]);
      expect(await client.query('SELECT n FROM t WHERE id = $1', [1])).toEqual([{ n: 3 }]);
      expect(await statementsOf(db)).toHaveLength(4);
      // A second client of the same instance shares its statements.
      await fromPglite(db).query('UPDATE t SET n = $2 WHERE id = $1', [1, 4]);
      expect(await statementsOf(db)).toHaveLength(4);
      // `prepare: false` goes through PGlite's own query.
      await fromPglite(db, { prepare: false }).query('SELECT n + 0 AS n FROM t WHERE id = $1', [1]);
      expect(await statementsOf(db)).toHaveLength(4);
    } finally {
      await db.close();
    }
  });

  it('binds and reads values as PGlite’s own query does', async () => {
    const db = await PGlite.create();
    try {
      const text =
        'SELECT $1::text[] AS tags, $2::timestamptz AS at, $3::jsonb AS doc, $4::int AS n, $5::boolean AS yes, $6::text AS nothing, $7::numeric AS amount, $8::bytea AS bytes';
      const params = [
        ['a', 'b"c', 'd,e', ''],
        new Date('2026-12-07T10:00:00.123Z'),
        { nested: ['x', 1, null], é: true },
        42,
        false,
        null,
        '1.50',
        new Uint8Array([0, 255, 10]),
      ];
      const own = (await db.query(text, params)).rows;
      expect(await fromPglite(db).query(text, params)).toEqual(own);
      expect(own[0]).toMatchObject({ tags: ['a', 'b"c', 'd,e', ''], n: 42, yes: false, nothing: null });
    } finally {
      await db.close();
    }
  });

  it('passes a database error through and keeps the session usable', async () => {
    const db = await PGlite.create();
    try {
      const client = fromPglite(db);
      await client.query('CREATE TABLE t (id int PRIMARY KEY)', []);
      await client.query('INSERT INTO t VALUES ($1)', [1]);
      await expect(client.query('INSERT INTO t VALUES ($1)', [1])).rejects.toMatchObject({ code: '23505' });
      await expect(client.query('SELECT * FROM missing_table WHERE id = $1', [1])).rejects.toMatchObject({
        code: '42P01',
      });
      expect(await client.query('SELECT count(*)::int AS n FROM t', [])).toEqual([{ n: 1 }]);
      expect(db.isInTransaction()).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('prepares a statement again when the session dropped it', async () => {
    const db = await PGlite.create();
    try {
      const client = fromPglite(db);
      expect(await client.query('SELECT $1::int + 1 AS n', [1])).toEqual([{ n: 2 }]);
      await db.exec('DEALLOCATE ALL');
      expect(await client.query('SELECT $1::int + 1 AS n', [2])).toEqual([{ n: 3 }]);
      expect(await statementsOf(db)).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('never runs inside another caller’s transaction()', async () => {
    const db = await PGlite.create();
    try {
      const client = fromPglite(db);
      await client.query('CREATE TABLE t (id int PRIMARY KEY)', []);
      let outside: Promise<readonly object[]> | undefined;
      let settledDuringTransaction = false;
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES (1)');
          outside = client.query('INSERT INTO t VALUES ($1) RETURNING id', [2]);
          void outside.then(() => {
            settledDuringTransaction = true;
          });
          // Give a statement that did not wait every chance to run here.
          for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
          expect(settledDuringTransaction).toBe(false);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await outside).toEqual([{ id: 2 }]);
      expect(await client.query('SELECT id FROM t ORDER BY id', [])).toEqual([{ id: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('writes a persisted database’s files after each statement', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'precond-pglite-'));
    try {
      const first = await PGlite.create({ dataDir });
      const client = fromPglite(first);
      await client.query('CREATE TABLE t (id int PRIMARY KEY)', []);
      await client.query('INSERT INTO t VALUES ($1)', [7]);
      await first.close();
      const again = await PGlite.create({ dataDir });
      expect((await again.query('SELECT id FROM t')).rows).toEqual([{ id: 7 }]);
      await again.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('prepares a statement again when the schema changed under it', async () => {
    const db = await PGlite.create();
    try {
      const client = fromPglite(db);
      await client.query('CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL)', []);
      await client.query('INSERT INTO t VALUES ($1, $2)', [1, 5]);
      expect(await client.query('SELECT * FROM t WHERE id = $1', [1])).toEqual([{ id: 1, n: 5 }]);
      await db.exec('ALTER TABLE t ADD COLUMN note text');
      expect(await client.query('SELECT * FROM t WHERE id = $1', [1])).toEqual([{ id: 1, n: 5, note: null }]);
      await client.query('UPDATE t SET n = $2 WHERE id = $1', [1, 6]);
      await db.exec('DROP TABLE t; CREATE TABLE t (id text PRIMARY KEY, n int NOT NULL)');
      await client.query('INSERT INTO t VALUES ($1, $2)', ['one', 7]);
      await client.query('UPDATE t SET n = $2 WHERE id = $1', ['one', 8]);
      expect(await client.query('SELECT * FROM t WHERE id = $1', ['one'])).toEqual([{ id: 'one', n: 8 }]);
    } finally {
      await db.close();
    }
  });

  it('keeps at most 128 statements prepared, closing the least recently used', async () => {
    const db = await PGlite.create();
    try {
      const client = fromPglite(db);
      for (let n = 0; n < 140; n++) {
        expect(await client.query(`SELECT $1::int + ${n} AS n`, [1])).toEqual([{ n: n + 1 }]);
        // The first statement stays in use, so it is never the least recently used.
        expect(await client.query('SELECT $1::int AS first', [n])).toEqual([{ first: n }]);
      }
      const names = await statementsOf(db);
      expect(names).toHaveLength(128);
      expect(await client.query('SELECT $1::int + 0 AS n', [1])).toEqual([{ n: 1 }]);
      expect(await statementsOf(db)).toHaveLength(128);
    } finally {
      await db.close();
    }
  });

  it('never binds the statement of another copy of the package in the same session', async () => {
    const db = await PGlite.create();
    try {
      vi.resetModules();
      const other = (await import('./pglite.js')).fromPglite(db);
      const client = fromPglite(db);
      await client.query('CREATE TABLE t (id int PRIMARY KEY)', []);
      await client.query('INSERT INTO t VALUES ($1)', [1]);
      await other.query('INSERT INTO t VALUES ($1)', [2]);
      await db.exec('DEALLOCATE ALL');
      // Each copy prepares again under names of its own: the other's DELETE is never this SELECT.
      await other.query('DELETE FROM t WHERE id = $1', [2]);
      expect(await client.query('SELECT id FROM t WHERE id = $1', [1])).toEqual([{ id: 1 }]);
      expect(await client.query('SELECT count(*)::int AS n FROM t', [])).toEqual([{ n: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('attaches the statement and its parameters to an error, as PGlite’s own query does', async () => {
    const db = await PGlite.create();
    try {
      const error = await fromPglite(db)
        .query('SELECT 1 / $1::int AS n', [0])
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: '22012', query: 'SELECT 1 / $1::int AS n', params: [0] });
    } finally {
      await db.close();
    }
  });
});
