/**
 * What every driver (and query builder) gives `insertOnce`, run inside the versioned-table suite on
 * its database: the three outcomes, expiry and purge, the key and the write in one statement, and
 * 30 requests with one key at once.
 *
 * @module
 */

import { requestFingerprint } from '@precond/core/etag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createIdempotencyKeys,
  idempotencyKeysMigration,
  purgeExpiredIdempotencyKeys,
} from './idempotency-keys.js';
import type { InsertOnceResult } from './insert-once.js';
import type { SqlClient } from './sql-client.js';
import type { VersionedRow } from './versioned-table.js';
import { versionedTable } from './versioned-table.js';
import type { OpenedDriver } from './versioned-table.suite.js';
import { gate } from './versioned-table.suite.js';

interface Post {
  readonly id: string;
  readonly title: string;
}

const posts = versionedTable<Post, 'id'>({ name: 'posts', key: 'id', columns: { id: 'id', title: 'title' } });

const CREATE_POSTS = `CREATE TABLE posts (
  id text PRIMARY KEY,
  title text NOT NULL,
  etag text NOT NULL,
  modified_at timestamptz NOT NULL,
  modified_at_strong boolean NOT NULL DEFAULT true
)`;

const WRITERS = 30;

/** One POST of `title` under `key`, as a route makes it: a new id, its fingerprint, its answer. */
function postOnce(
  client: SqlClient,
  key: string,
  title: string,
): Promise<InsertOnceResult<VersionedRow<Post>>> {
  const body = JSON.stringify({ title });
  const id = globalThis.crypto.randomUUID();
  const fingerprint = requestFingerprint({ method: 'POST', target: '/posts', body });
  return posts.insertOnce(
    client,
    { id, title },
    {
      key,
      fingerprint,
      location: `/posts/${id}`,
      body: JSON.stringify({ id, title }),
    },
  );
}

const freshKey = () => `key-${globalThis.crypto.randomUUID()}`;

/** Defines the cases on the database `opened` returns once the enclosing suite has opened it. */
export function describeInsertOnce(opened: () => OpenedDriver, concurrent: boolean): void {
  describe('insert once per Idempotency-Key', () => {
    let db: OpenedDriver;

    beforeAll(async () => {
      db = opened();
      await db.client.query(CREATE_POSTS, []);
      await createIdempotencyKeys(db.client);
      await createIdempotencyKeys(db.client);
    });

    const countTitled = async (title: string) => {
      const [row] = (await db.client.query('SELECT count(*)::int AS n FROM posts WHERE title = $1', [
        title,
      ])) as { n: number }[];
      return row?.n;
    };

    it('creates the row and records its answer: status, Location, ETag, Last-Modified and body', async () => {
      const result = await postOnce(db.client, freshKey(), 'created');
      expect(result.outcome).toBe('created');
      if (result.outcome !== 'created') return;
      expect(result.row).toMatchObject({ title: 'created', lastModifiedStrong: true });
      expect(result.response).toEqual({
        status: 201,
        location: `/posts/${result.row.id}`,
        etag: result.row.etag,
        lastModified: result.row.lastModified,
        body: JSON.stringify({ id: result.row.id, title: 'created' }),
      });
      expect(await posts.get(db.client, result.row.id)).toEqual(result.row);
    });

    it('replays the first answer to a retry with the same key and payload, and writes nothing', async () => {
      const key = freshKey();
      const first = await postOnce(db.client, key, 'replayed');
      if (first.outcome !== 'created') throw new Error(`expected created, got ${first.outcome}`);
      await posts.update(db.client, first.row.id, { title: 'changed since' }, { kind: 'any' });
      const retry = await postOnce(db.client, key, 'replayed');
      expect(retry).toEqual({ outcome: 'replayed', response: first.response });
      expect(await countTitled('replayed')).toBe(0);
      expect(await countTitled('changed since')).toBe(1);
    });

    it('reports a key reused with another payload, and writes nothing', async () => {
      const key = freshKey();
      await postOnce(db.client, key, 'first payload');
      expect(await postOnce(db.client, key, 'second payload')).toEqual({ outcome: 'key-reused' });
      expect(await countTitled('second payload')).toBe(0);
    });

    it('treats an expired key as new, and the purge removes expired keys only', async () => {
      const expired = freshKey();
      const live = freshKey();
      await postOnce(db.client, expired, 'before expiry');
      await postOnce(db.client, live, 'live');
      await db.client.query(
        `UPDATE idempotency_keys SET expires_at = statement_timestamp() - interval '1 second' WHERE key = $1`,
        [expired],
      );
      const again = await postOnce(db.client, expired, 'after expiry');
      expect(again.outcome).toBe('created');
      expect(await countTitled('after expiry')).toBe(1);
      await db.client.query(
        `UPDATE idempotency_keys SET expires_at = statement_timestamp() - interval '1 second' WHERE key = $1`,
        [expired],
      );
      expect(await purgeExpiredIdempotencyKeys(db.client)).toBeGreaterThanOrEqual(1);
      const keys = await db.client.query('SELECT key FROM idempotency_keys WHERE key = ANY($1::text[])', [
        [expired, live],
      ]);
      expect(keys).toEqual([{ key: live }]);
      expect(await purgeExpiredIdempotencyKeys(db.client)).toBe(0);
    });

    it('records no key when the row cannot be written: the key and the write are one statement', async () => {
      const taken = (await postOnce(db.client, freshKey(), 'taken id')) as { row: Post };
      const key = freshKey();
      const duplicate = posts.insertOnce(
        db.client,
        { id: taken.row.id, title: 'duplicate' },
        {
          key,
          fingerprint: 'f',
        },
      );
      await expect(duplicate).rejects.toThrow();
      expect(await db.client.query('SELECT key FROM idempotency_keys WHERE key = $1', [key])).toEqual([]);
      const retried = await postOnce(db.client, key, 'after the failure');
      expect(retried.outcome).toBe('created');
    });

    it('keeps keys in the table the definition names, quoted, for the window it states', async () => {
      const keyTable = { schema: 'Keys "here"', name: 'Idempotency Keys', windowSeconds: 60 };
      await db.client.query('CREATE SCHEMA "Keys ""here"""', []);
      expect(idempotencyKeysMigration(keyTable)[0]).toContain('"Keys ""here"""."Idempotency Keys"');
      await createIdempotencyKeys(db.client, keyTable);
      const elsewhere = versionedTable<Post, 'id'>({ ...posts.definition, idempotencyKeys: keyTable });
      const key = `x'); DROP TABLE posts; --`;
      const result = await elsewhere.insertOnce(
        db.client,
        { id: freshKey(), title: 'elsewhere' },
        {
          key,
          fingerprint: 'f',
        },
      );
      expect(result).toMatchObject({ outcome: 'created', response: { status: 201, location: undefined } });
      const [window] = (await db.client.query(
        `SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM "Keys ""here"""."Idempotency Keys" WHERE key = $1`,
        [key],
      )) as { seconds: number }[];
      expect(window?.seconds).toBe(60);
      expect(() =>
        versionedTable<Post, 'id'>({ ...posts.definition, idempotencyKeys: { windowSeconds: 0 } }),
      ).toThrow(TypeError);
    });

    it(`${WRITERS} requests with one key at once: one row, every answer the first one; two keys: two rows`, async () => {
      const key = freshKey();
      const start = gate();
      const requests = Array.from({ length: WRITERS }, async () => {
        await start.opened;
        return postOnce(db.client, key, 'thirty at once');
      });
      start.open();
      const results = await Promise.all(requests);
      const created = results.filter((result) => result.outcome === 'created');
      expect(created).toHaveLength(1);
      const { response } = created[0] as { response: unknown };
      for (const result of results) {
        if (result.outcome !== 'created') expect(result).toEqual({ outcome: 'replayed', response });
      }
      expect(await countTitled('thirty at once')).toBe(1);

      await Promise.all([
        postOnce(db.client, freshKey(), 'two keys'),
        postOnce(db.client, freshKey(), 'two keys'),
      ]);
      expect(await countTitled('two keys')).toBe(2);
    });

    // PGlite runs one statement at a time: no statement there can wait for another's key row.
    if (concurrent) {
      it('a retry that arrives while the first is uncommitted waits for it and replays its answer', async () => {
        const lockWaiters = db.lockWaiters!;
        const key = freshKey();
        let retries: Promise<InsertOnceResult<VersionedRow<Post>>[]> | undefined;
        const first = await db.transaction(async (tx) => {
          const result = await postOnce(tx, key, 'held');
          retries = Promise.all(Array.from({ length: WRITERS }, () => postOnce(db.client, key, 'held')));
          while ((await lockWaiters()) < WRITERS) await new Promise((resolve) => setTimeout(resolve, 10));
          return result;
        });
        expect(first.outcome).toBe('created');
        const { response } = first as { response: unknown };
        for (const result of await retries!) expect(result).toEqual({ outcome: 'replayed', response });
        expect(await countTitled('held')).toBe(1);
      });

      it('a retry that waited for a first attempt that rolled back creates the row itself', async () => {
        const lockWaiters = db.lockWaiters!;
        const key = freshKey();
        let retries: Promise<InsertOnceResult<VersionedRow<Post>>[]> | undefined;
        const rolledBack = new Error('the first attempt fails after its statement');
        await expect(
          db.transaction(async (tx) => {
            await postOnce(tx, key, 'rolled back');
            retries = Promise.all(
              Array.from({ length: WRITERS }, () => postOnce(db.client, key, 'rolled back')),
            );
            while ((await lockWaiters()) < WRITERS) await new Promise((resolve) => setTimeout(resolve, 10));
            throw rolledBack;
          }),
        ).rejects.toBe(rolledBack);
        const results = await retries!;
        expect(results.filter((result) => result.outcome === 'created')).toHaveLength(1);
        expect(results.filter((result) => result.outcome === 'replayed')).toHaveLength(WRITERS - 1);
        expect(await countTitled('rolled back')).toBe(1);
      });
    }
  });
}
