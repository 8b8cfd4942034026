/**
 * What every driver (and query builder) gives a key deleted and created again, run inside the
 * versioned-table suite on its database: a version created in the second of the deleted one is never
 * strong, nor dated before it; the deletion table only holds what an insert could still need.
 *
 * The seconds are made by construction, not waited for: inside one transaction the search path puts a
 * schema of its own before `pg_catalog`, where `statement_timestamp()` reads a moment the test sets
 * (`precond_test.clock`). The statements name the function unqualified, so they read that clock.
 *
 * @module
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { createDeletions, purgeExpiredDeletions } from './deletions.js';
import { createIdempotencyKeys } from './idempotency-keys.js';
import type { SqlClient } from './sql-client.js';
import { versionedTable } from './versioned-table.js';
import type { OpenedDriver } from './versioned-table.suite.js';
import type { WriteResult } from './write-result.js';
import { writtenRow } from './write-result.js';

interface Page {
  readonly id: string;
  readonly title: string;
}

interface Counter {
  readonly n: number;
  readonly label: string;
}

const pages = versionedTable<Page, 'id'>({ name: 'pages', key: 'id', columns: { id: 'id', title: 'title' } });
const counters = versionedTable<Counter, 'n'>({
  name: 'counters',
  key: 'n',
  columns: { n: 'n', label: 'label' },
});

const VERSION_COLUMNS = `etag text NOT NULL, modified_at timestamptz NOT NULL, modified_at_strong boolean NOT NULL DEFAULT true`;

const TEST_CLOCK = `CREATE FUNCTION precond_test_clock.statement_timestamp() RETURNS timestamptz
  LANGUAGE sql STABLE AS $clock$ SELECT current_setting('precond_test.clock')::timestamptz $clock$`;

/** A whole second, far from now so that no real write shares it: 2001-02-03T04:05:06Z. */
const SECOND = Date.UTC(2001, 1, 3, 4, 5, 6);
const at = (milliseconds: number) => new Date(SECOND + milliseconds);

let nextId = 0;
const freshId = () => `page-${++nextId}-${globalThis.crypto.randomUUID()}`;

function written<T>(result: WriteResult<T>): T {
  expect(result.outcome).toBe('written');
  return writtenRow(result);
}

/** A client whose statements each begin at the moment last set with `clock`. */
interface ClockedClient {
  readonly client: SqlClient;
  clock(moment: Date): Promise<void>;
}

/** Defines the cases on the database `opened` returns once the enclosing suite has opened it. */
export function describeDeletions(opened: () => OpenedDriver): void {
  describe('a key deleted and created again', () => {
    let db: OpenedDriver;

    beforeAll(async () => {
      db = opened();
      await db.client.query(
        `CREATE TABLE pages (id text PRIMARY KEY, title text NOT NULL, ${VERSION_COLUMNS})`,
        [],
      );
      await db.client.query(
        `CREATE TABLE counters (n integer PRIMARY KEY, label text NOT NULL, ${VERSION_COLUMNS})`,
        [],
      );
      await db.client.query('CREATE SCHEMA precond_test_clock', []);
      await db.client.query(TEST_CLOCK, []);
      await createIdempotencyKeys(db.client);
      await createDeletions(db.client);
      await createDeletions(db.client);
    });

    /** Runs `work` in one transaction whose statements read the clock it sets. */
    const withClock = <T>(work: (clocked: ClockedClient) => Promise<T>): Promise<T> =>
      db.transaction(async (tx) => {
        await tx.query(
          `SELECT set_config('search_path', 'precond_test_clock, pg_catalog, public', true)`,
          [],
        );
        const clock = async (moment: Date) => {
          await tx.query(`SELECT set_config('precond_test.clock', $1, true)`, [moment.toISOString()]);
        };
        return work({ client: tx, clock });
      });

    const recordsOf = async (client: SqlClient, key: string) =>
      (await client.query(
        `SELECT to_char(modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM precond_deletions WHERE table_name = '"pages"' AND key = $1`,
        [key],
      )) as { at: string }[];

    /** Creates, deletes and creates again one page, each at its own moment; returns both versions. */
    const recreate = (created: Date, deleted: Date, recreated: Date) =>
      withClock(async ({ client, clock }) => {
        const id = freshId();
        await clock(created);
        const first = written(await pages.insert(client, { id, title: 'first' }));
        await clock(deleted);
        expect(written(await pages.delete(client, id, { kind: 'etags', etags: [first.etag] })).etag).toBe(
          first.etag,
        );
        const recorded = await recordsOf(client, id);
        await clock(recreated);
        const second = written(await pages.insert(client, { id, title: 'second' }));
        return { first, recorded, second, left: await recordsOf(client, id) };
      });

    it('the test clock is the one the statements read', async () => {
      const read = await withClock(async ({ client, clock }) => {
        await clock(at(250));
        return client.query(`SELECT to_char(statement_timestamp() AT TIME ZONE 'UTC', 'SS.MS') AS at`, []);
      });
      expect(read).toEqual([{ at: '06.250' }]);
    });

    it('a version created in the second of the deleted one is not strong, and takes the record', async () => {
      const { first, recorded, second, left } = await recreate(at(100), at(300), at(600));
      expect(first).toMatchObject({ lastModified: at(0), lastModifiedStrong: true });
      expect(recorded).toEqual([{ at: at(100).toISOString() }]);
      expect(second).toMatchObject({ title: 'second', lastModified: at(0), lastModifiedStrong: false });
      expect(second.etag).not.toBe(first.etag);
      expect(left).toEqual([]);
      expect(await pages.validators(db.client, second.id)).toMatchObject({ lastModifiedStrong: false });
    });

    it('a version created in a later second is strong', async () => {
      const { recorded, second, left } = await recreate(at(100), at(300), at(1_000));
      expect(recorded).toHaveLength(1);
      expect(second).toMatchObject({ lastModified: at(1_000), lastModifiedStrong: true });
      expect(left).toEqual([]);
    });

    it('a delete in a later second than its version records nothing, and the next version is strong', async () => {
      const { recorded, second } = await recreate(at(100), at(1_200), at(1_500));
      expect(recorded).toEqual([]);
      expect(second).toMatchObject({ lastModified: at(1_000), lastModifiedStrong: true });
    });

    it('a key never deleted gets a strong version', async () => {
      const page = await withClock(async ({ client, clock }) => {
        await clock(at(400));
        return written(await pages.insert(client, { id: freshId(), title: 'new' }));
      });
      expect(page).toMatchObject({ lastModified: at(0), lastModifiedStrong: true });
    });

    it('a version created again is never dated before the deleted one', async () => {
      // The delete and the insert began before the first version was written (they waited for its
      // row lock, say): the statement clock runs behind the deleted version's date.
      const { recorded, second } = await recreate(at(1_200), at(500), at(700));
      expect(recorded).toEqual([{ at: at(1_200).toISOString() }]);
      expect(second).toMatchObject({ lastModified: at(1_000), lastModifiedStrong: false });
    });

    it('insertOnce after a delete in the same second is not strong; its replay leaves the record', async () => {
      const outcome = await withClock(async ({ client, clock }) => {
        const id = freshId();
        const key = `key-${id}`;
        await clock(at(100));
        const first = written(await pages.insert(client, { id, title: 'first' }));
        await clock(at(200));
        written(await pages.delete(client, id, { kind: 'any' }));
        // The first request with `key` created another page: its retry writes nothing.
        await clock(at(300));
        const once = { key, fingerprint: 'f' };
        await pages.insertOnce(client, { id: freshId(), title: 'other' }, once);
        const replayed = await pages.insertOnce(client, { id, title: 'again' }, once);
        const kept = await recordsOf(client, id);
        await clock(at(400));
        const created = await pages.insertOnce(
          client,
          { id, title: 'again' },
          { key: `${key}-2`, fingerprint: 'f' },
        );
        return { first, replayed, kept, created, left: await recordsOf(client, id) };
      });
      expect(outcome.replayed.outcome).toBe('replayed');
      expect(outcome.kept).toEqual([{ at: at(100).toISOString() }]);
      expect(outcome.created).toMatchObject({
        outcome: 'created',
        row: { title: 'again', lastModified: at(0), lastModifiedStrong: false },
      });
      expect(outcome.left).toEqual([]);
    });

    it('remembers a deleted key of any type, as PostgreSQL renders it (an integer key)', async () => {
      const { first, second } = await withClock(async ({ client, clock }) => {
        await clock(at(100));
        const first = written(await counters.insert(client, { n: 42, label: 'first' }));
        await clock(at(200));
        written(await counters.delete(client, 42, { kind: 'any' }));
        await clock(at(300));
        const second = written(await counters.insert(client, { n: 42, label: 'second' }));
        return { first, second };
      });
      expect(first.lastModifiedStrong).toBe(true);
      expect(second).toMatchObject({ n: 42, label: 'second', lastModifiedStrong: false });
    });

    it('on the real clock, a version created again is strong exactly when its second is later', async () => {
      const id = freshId();
      const first = written(await pages.insert(db.client, { id, title: 'first' }));
      written(await pages.delete(db.client, id, { kind: 'any' }));
      const second = written(await pages.insert(db.client, { id, title: 'second' }));
      expect(second.lastModified.getTime()).toBeGreaterThanOrEqual(first.lastModified.getTime());
      expect(second.lastModifiedStrong).toBe(second.lastModified.getTime() > first.lastModified.getTime());
    });

    it('purges the records of keys deleted over a minute ago', async () => {
      const id = freshId();
      await db.client.query(
        `INSERT INTO precond_deletions (table_name, key, modified_at)
         VALUES ('"pages"', $1, statement_timestamp() - interval '61 seconds'),
                ('"pages"', $2, statement_timestamp() - interval '1 second')`,
        [`${id}-old`, `${id}-recent`],
      );
      expect(await purgeExpiredDeletions(db.client)).toBeGreaterThanOrEqual(1);
      expect(await recordsOf(db.client, `${id}-old`)).toEqual([]);
      expect(await recordsOf(db.client, `${id}-recent`)).toHaveLength(1);
    });
  });
}
