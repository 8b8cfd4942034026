/**
 * What every driver (and query builder) gives a versioned table, run by each one's test file on a
 * fresh database: the four guarded writes, the dates, the identifiers, the migration helper, the
 * race, and a property against core's evaluator.
 *
 * @module
 */

import type { Validators, WriteCondition } from '@precond/core';
import { evaluatePreconditions, PreconditionFailedError, writeConditionOf } from '@precond/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeletions } from './deletions.js';
import { describeDeletions } from './deletions.suite.js';
import { describeInsertOnce } from './insert-once.suite.js';
import type { SqlClient } from './sql-client.js';
import { addVersionColumns } from './version-columns-migration.js';
import type { VersionedRow } from './versioned-table.js';
import { versionedTable } from './versioned-table.js';
import type { WriteResult } from './write-result.js';
import { ResourceNotFoundError, writtenRow } from './write-result.js';

/** A fresh, empty database reached through one driver. */
export interface OpenedDriver {
  /** Statements on the pool (30 writers must be able to run at once on PostgreSQL). */
  readonly client: SqlClient;
  /** Runs `work` in a transaction on one connection, through the driver's own transaction API. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  /**
   * How many statements of this database wait for a lock, from another connection. PostgreSQL only:
   * PGlite runs one statement at a time, so nothing ever waits there.
   */
  readonly lockWaiters?: (() => Promise<number>) | undefined;
  close(): Promise<void>;
}

/** A driver under test: a name for the report and a way to reach a fresh database. */
export interface DriverTarget {
  readonly name: string;
  /** Whether statements run at once on several connections (PostgreSQL), so one can wait for a lock. */
  readonly concurrent: boolean;
  open(): Promise<OpenedDriver>;
}

interface Note {
  readonly id: string;
  readonly title: string;
  /** What the writers append to: each write is a read-modify-write of it. */
  readonly log: string;
  readonly views: number;
}

const notes = versionedTable<Note, 'id'>({
  name: 'notes',
  key: 'id',
  columns: { id: 'id', title: 'title', log: 'log', views: 'views' },
});

const CREATE_NOTES = `CREATE TABLE notes (
  id text PRIMARY KEY,
  title text NOT NULL,
  log text NOT NULL DEFAULT '',
  views integer NOT NULL DEFAULT 0,
  etag text NOT NULL,
  modified_at timestamptz NOT NULL,
  modified_at_strong boolean NOT NULL DEFAULT true
)`;

const WRITERS = 30;
const ROUNDS = 5;

const ifMatch = (etag: string): WriteCondition => ({ kind: 'etags', etags: [etag] });
let nextId = 0;
const freshId = () => `note-${++nextId}-${globalThis.crypto.randomUUID()}`;

function written<T>(result: WriteResult<T>): T {
  expect(result.outcome).toBe('written');
  return writtenRow(result);
}

/** A promise to hold writers at, and the function that lets them all go at once. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Defines the suite for `target`. */
export function defineVersionedTableSuite(target: DriverTarget): void {
  describe(target.name, () => {
    let db: OpenedDriver;

    beforeAll(async () => {
      db = await target.open();
      await db.client.query(CREATE_NOTES, []);
      await createDeletions(db.client);
    });

    afterAll(async () => {
      await db?.close();
    });

    describeInsertOnce(() => db, target.concurrent);
    describeDeletions(() => db);

    async function insertNote(fields: Partial<Note> = {}) {
      const note = { id: freshId(), title: 'first', log: '', views: 0, ...fields };
      return written(await notes.insert(db.client, note));
    }

    describe('insert-if-absent', () => {
      it('inserts a row with a strong entity-tag and a date no later than the database clock', async () => {
        const note = await insertNote({ title: 'hello', views: 3 });
        expect(note).toMatchObject({ title: 'hello', views: 3, log: '', lastModifiedStrong: true });
        expect(note.etag).toMatch(/^"[0-9a-f]{32}"$/);
        expect(note.lastModified.getMilliseconds()).toBe(0);
        const [clock] = (await db.client.query('SELECT statement_timestamp() AS now', [])) as {
          now: Date | string;
        }[];
        expect(note.lastModified.getTime()).toBeLessThanOrEqual(new Date(clock!.now).getTime());
        expect(await notes.get(db.client, note.id)).toEqual(note);
        expect(await notes.validators(db.client, note.id)).toEqual({
          exists: true,
          etag: note.etag,
          lastModified: note.lastModified,
          lastModifiedStrong: true,
        });
      });

      it('reports the existing version, and leaves the row as it was, when the key exists', async () => {
        const note = await insertNote();
        const result = await notes.insert(db.client, { ...note, title: 'second' });
        expect(result).toEqual({
          outcome: 'precondition-failed',
          operation: 'insert',
          current: { etag: note.etag, lastModified: note.lastModified, lastModifiedStrong: true },
        });
        expect(await notes.get(db.client, note.id)).toEqual(note);
        const error = await rejectionOf(Promise.resolve(result).then(writtenRow));
        expect(error).toBeInstanceOf(PreconditionFailedError);
        expect(error).toMatchObject({ status: 412, etag: note.etag, message: 'The resource already exists' });
      });
    });

    describe('update', () => {
      it('sets the given fields, keeps the others and gives the row a new version', async () => {
        const note = await insertNote({ title: 'a', log: 'kept', views: 1 });
        const updated = written(await notes.update(db.client, note.id, { title: 'b' }, ifMatch(note.etag)));
        expect(updated).toMatchObject({ id: note.id, title: 'b', log: 'kept', views: 1 });
        expect(updated.etag).not.toBe(note.etag);
        expect(await notes.get(db.client, note.id)).toEqual(updated);
      });

      it('marks a version that shares its second with the one before as weak, and only then', async () => {
        const note = await insertNote();
        const updated = written(await notes.update(db.client, note.id, {}, ifMatch(note.etag)));
        expect(updated.lastModified.getTime()).toBeGreaterThanOrEqual(note.lastModified.getTime());
        expect(updated.lastModifiedStrong).toBe(
          updated.lastModified.getTime() !== note.lastModified.getTime(),
        );
      });

      it('reports the current version when the tag is stale, and writes nothing', async () => {
        const note = await insertNote();
        const current = written(await notes.update(db.client, note.id, { title: 'b' }, ifMatch(note.etag)));
        const result = await notes.update(db.client, note.id, { title: 'c' }, ifMatch(note.etag));
        expect(result).toEqual({
          outcome: 'precondition-failed',
          operation: 'update',
          current: {
            etag: current.etag,
            lastModified: current.lastModified,
            lastModifiedStrong: current.lastModifiedStrong,
          },
        });
        expect(await notes.get(db.client, note.id)).toEqual(current);
        const error = await rejectionOf(Promise.resolve(result).then(writtenRow));
        expect(error).toBeInstanceOf(PreconditionFailedError);
        expect(error).toMatchObject({ etag: current.etag, lastModified: current.lastModified });
      });

      it('writes on If-Match: * and on the tag of a content-coded body, never on a weak tag', async () => {
        const note = await insertNote();
        const any = written(await notes.update(db.client, note.id, { views: 1 }, { kind: 'any' }));
        const coded = writeConditionOf({
          method: 'PATCH',
          headers: { 'if-match': `${any.etag.slice(0, -1)}-gzip"` },
        });
        const viaCoded = written(await notes.update(db.client, note.id, { views: 2 }, coded!));
        const weak = writeConditionOf({ method: 'PATCH', headers: { 'if-match': `W/${viaCoded.etag}` } });
        expect((await notes.update(db.client, note.id, { views: 3 }, weak!)).outcome).toBe(
          'precondition-failed',
        );
        expect((await notes.get(db.client, note.id))?.views).toBe(2);
      });

      it('reports a missing row: a 404 for update and delete, a 412 without validators for replace', async () => {
        const id = freshId();
        const update = await notes.update(db.client, id, { title: 'x' }, { kind: 'any' });
        expect(update).toEqual({ outcome: 'missing', operation: 'update' });
        expect(await rejectionOf(Promise.resolve(update).then(writtenRow))).toBeInstanceOf(
          ResourceNotFoundError,
        );
        const replace = await notes.replace(
          db.client,
          id,
          { title: 'x', log: '', views: 0 },
          ifMatch('"abc"'),
        );
        const error = await rejectionOf(Promise.resolve(replace).then(writtenRow));
        expect(error).toBeInstanceOf(PreconditionFailedError);
        expect(error).toMatchObject({ etag: undefined, lastModified: undefined });
        expect(await notes.get(db.client, id)).toBeUndefined();
        expect(await notes.validators(db.client, id)).toEqual({ exists: false });
      });

      it('one UPDATE text per tag test, whichever fields a PATCH names', async () => {
        const texts = new Set<string>();
        const counting: SqlClient = {
          query(text, params) {
            if (text.startsWith('UPDATE')) texts.add(text);
            return db.client.query(text, params);
          },
        };
        let note = await insertNote();
        const patches: Partial<Note>[] = [
          { title: 'a' },
          { log: 'b' },
          { views: 3 },
          { title: 'c', views: 4 },
          {},
        ];
        for (const changes of patches) {
          note = written(await notes.update(counting, note.id, changes, ifMatch(note.etag)));
          note = written(await notes.update(counting, note.id, changes, { kind: 'any' }));
        }
        expect(texts.size).toBe(2);
        expect(note).toMatchObject({ title: 'c', log: 'b', views: 4 });
      });

      it('a row created after the UPDATE looked: missing where the condition accepts it, else its version', async () => {
        // Between the UPDATE that finds no row and the read that follows it, another writer creates
        // the row: the interleaving made by construction, not by timing.
        const creatingAfterUpdate = (id: string) => {
          let created: VersionedRow<Note> | undefined;
          const client: SqlClient = {
            async query(text, params) {
              const rows = await db.client.query(text, params);
              if (text.startsWith('UPDATE') && rows.length === 0 && created === undefined) {
                created = written(await notes.insert(db.client, { id, title: 'new', log: '', views: 0 }));
              }
              return rows;
            },
          };
          return { client, created: () => created };
        };
        const id = freshId();
        const racing = creatingAfterUpdate(id);
        expect(await notes.update(racing.client, id, { title: 'x' }, { kind: 'any' })).toEqual({
          outcome: 'missing',
          operation: 'update',
        });
        expect((await notes.get(db.client, id))?.title).toBe('new');

        const other = freshId();
        const racingOther = creatingAfterUpdate(other);
        const stale = await notes.replace(
          racingOther.client,
          other,
          { title: 'x', log: '', views: 0 },
          ifMatch('"abc"'),
        );
        const created = racingOther.created();
        expect(stale).toEqual({
          outcome: 'precondition-failed',
          operation: 'replace',
          current: { etag: created?.etag, lastModified: created?.lastModified, lastModifiedStrong: true },
        });
      });
    });

    it('reads rows of its own SELECT as get does', async () => {
      const first = await insertNote({ title: 'listed', views: 7 });
      const second = await insertNote({ title: 'listed', views: 8 });
      const rows = await db.client.query(
        `SELECT ${notes.selectList} FROM notes WHERE title = $1 ORDER BY views DESC`,
        ['listed'],
      );
      expect(rows.map((row) => notes.toVersionedRow(row))).toEqual([second, first]);
    });

    describe('replace and delete', () => {
      it('replace sets every field', async () => {
        const note = await insertNote({ title: 'a', log: 'l', views: 5 });
        const fields = { title: 'b', log: '', views: 0 };
        const replaced = written(await notes.replace(db.client, note.id, fields, ifMatch(note.etag)));
        expect(replaced).toMatchObject({ id: note.id, ...fields });
      });

      it('delete removes the row only while the tag is current', async () => {
        const note = await insertNote();
        const moved = written(await notes.update(db.client, note.id, {}, ifMatch(note.etag)));
        const stale = await notes.delete(db.client, note.id, ifMatch(note.etag));
        expect(stale).toMatchObject({ outcome: 'precondition-failed', current: { etag: moved.etag } });
        const removed = written(await notes.delete(db.client, note.id, ifMatch(moved.etag)));
        expect(removed.etag).toBe(moved.etag);
        expect(await notes.delete(db.client, note.id, { kind: 'any' })).toEqual({
          outcome: 'missing',
          operation: 'delete',
        });
      });
    });

    describe('identifiers come from the definition, quoted; values are bound', () => {
      const odd = versionedTable<{ key: string; 'display "name"': string | null }, 'key'>({
        schema: 'Odd "schema"',
        name: 'Mixed Case',
        key: 'key',
        columns: { key: 'Key', 'display "name"': 'display "name"' },
        versionColumns: { etag: 'Tag', modifiedAt: 'Changed', modifiedAtStrong: 'Changed alone' },
      });

      it('reads and writes a table whose names need quoting, with a key that looks like SQL', async () => {
        await db.client.query('CREATE SCHEMA "Odd ""schema"""', []);
        await db.client.query(
          `CREATE TABLE "Odd ""schema"""."Mixed Case" ("Key" text PRIMARY KEY, "display ""name""" text,
           "Tag" text NOT NULL, "Changed" timestamptz NOT NULL, "Changed alone" boolean NOT NULL)`,
          [],
        );
        const key = `x'); DROP TABLE notes; --`;
        const row = written(await odd.insert(db.client, { key, 'display "name"': null }));
        const updated = written(
          await odd.update(db.client, key, { 'display "name"': 'Ann' }, ifMatch(row.etag)),
        );
        expect(await odd.get(db.client, key)).toEqual(updated);
        expect(updated['display "name"']).toBe('Ann');
        expect((await notes.validators(db.client, 'anything')).exists).toBe(false);
      });

      it('refuses an empty name', () => {
        expect(() => versionedTable<Note, 'id'>({ ...notes.definition, name: '' })).toThrow(TypeError);
      });
    });

    describe('the migration helper', () => {
      it('adds the version columns to a table with rows, and its deletion table, once; the writes are guarded after it', async () => {
        await db.client.query('CREATE TABLE legacy (code text PRIMARY KEY, label text NOT NULL)', []);
        await db.client.query(`INSERT INTO legacy VALUES ('a', 'one'), ('b', 'two')`, []);
        const legacy = versionedTable<{ code: string; label: string }, 'code'>({
          name: 'legacy',
          key: 'code',
          columns: { code: 'code', label: 'label' },
          deletions: { name: 'legacy_deletions' },
        });
        await db.transaction((tx) => addVersionColumns(tx, legacy.definition));
        const a = await legacy.get(db.client, 'a');
        const b = await legacy.get(db.client, 'b');
        expect(a).toMatchObject({ label: 'one', lastModifiedStrong: true });
        expect(a?.etag).not.toBe(b?.etag);
        await db.transaction((tx) => addVersionColumns(tx, legacy.definition));
        expect(await legacy.get(db.client, 'a')).toEqual(a);
        const changed = written(await legacy.update(db.client, 'a', { label: 'uno' }, ifMatch(a!.etag)));
        expect((await legacy.update(db.client, 'a', { label: 'x' }, ifMatch(a!.etag))).outcome).toBe(
          'precondition-failed',
        );
        expect(await legacy.get(db.client, 'a')).toEqual(changed);
        written(await legacy.insert(db.client, { code: 'c', label: 'three' }));
        written(await legacy.delete(db.client, 'c', { kind: 'any' }));
        written(await legacy.insert(db.client, { code: 'c', label: 'three again' }));
        expect(await db.client.query('SELECT count(*)::int AS n FROM legacy_deletions', [])).toEqual([
          { n: 0 },
        ]);
      });
    });

    describe(`${WRITERS} writers on one row`, () => {
      it('one winner per round, every loser reports the winner’s tag, the row holds exactly the acknowledged writes', async () => {
        const note = await insertNote();
        const acknowledged: string[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          // Every writer reads first, so all of them hold the same version; then they write at once.
          const reads = await Promise.all(
            Array.from({ length: WRITERS }, () => notes.get(db.client, note.id)),
          );
          const start = gate();
          const writers = reads.map(async (read, writer) => {
            await start.opened;
            const entry = `${round}.${writer}`;
            const result = await notes.update(
              db.client,
              note.id,
              { log: `${read!.log}/${entry}` },
              ifMatch(read!.etag),
            );
            return { entry, result };
          });
          start.open();
          const outcomes = await Promise.all(writers);
          const winners = outcomes.filter(({ result }) => result.outcome === 'written');
          expect(winners).toHaveLength(1);
          const winner = writtenRow(winners[0]!.result);
          for (const { result } of outcomes) {
            if (result.outcome === 'written') continue;
            expect(result).toMatchObject({ outcome: 'precondition-failed', current: { etag: winner.etag } });
            // What the adapter answers: a 412 carrying the winner's tag.
            const error = await rejectionOf(Promise.resolve(result).then(writtenRow));
            expect(error).toBeInstanceOf(PreconditionFailedError);
            expect(error).toMatchObject({ status: 412, etag: winner.etag });
          }
          acknowledged.push(winners[0]!.entry);
        }
        const final = await notes.get(db.client, note.id);
        expect(final?.log).toBe(acknowledged.map((entry) => `/${entry}`).join(''));
      });

      it(`${WRITERS} inserts of one key: one row, every other insert reports its tag`, async () => {
        const id = freshId();
        const start = gate();
        const inserts = Array.from({ length: WRITERS }, async (_, writer) => {
          await start.opened;
          return notes.insert(db.client, { id, title: `${writer}`, log: '', views: writer });
        });
        start.open();
        const results = await Promise.all(inserts);
        const winners = results.filter((result) => result.outcome === 'written');
        expect(winners).toHaveLength(1);
        const winner = writtenRow(winners[0]!);
        for (const result of results) {
          if (result.outcome !== 'written') expect(result).toMatchObject({ current: { etag: winner.etag } });
        }
        expect(await notes.get(db.client, id)).toEqual(winner);
      });
    });

    it("agrees with core's evaluatePreconditions for every If-Match-only write", async () => {
      const tokens = fc.constantFrom('a', 'b', '1', 'a-gzip');
      const ifMatchValue = fc.oneof(
        fc.string({
          unit: fc.constantFrom('"', 'W', '/', ',', ' ', '*', 'a', 'b', '1', '-gzip'),
          maxLength: 24,
        }),
        fc.constantFrom('"a"', 'W/"a"', '"a", "b"', '*', '"a-gzip"', '"b" , W/"a", "a"', '"a"x', ''),
      );
      const id = freshId();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('PATCH', 'PUT', 'DELETE'),
          ifMatchValue,
          fc.option(tokens),
          async (method, header, stored) => {
            await db.client.query('DELETE FROM notes WHERE id = $1', [id]);
            if (stored !== null) {
              await db.client.query(
                `INSERT INTO notes (id, title, etag, modified_at) VALUES ($1, 't', $2, statement_timestamp())`,
                [id, stored],
              );
            }
            const request = { method, headers: { 'if-match': header } };
            const condition = writeConditionOf(request)!;
            const before: Validators = await notes.validators(db.client, id);
            const evaluation = evaluatePreconditions(request, before);
            const result =
              method === 'DELETE'
                ? await notes.delete(db.client, id, condition)
                : method === 'PUT'
                  ? await notes.replace(db.client, id, { title: 'u', log: '', views: 0 }, condition)
                  : await notes.update(db.client, id, { title: 'u' }, condition);
            expect(result.outcome === 'written').toBe(evaluation.outcome === 'proceed');
          },
        ),
        { numRuns: 150 },
      );
    });

    // PGlite runs one statement at a time: no statement there can wait for another's row lock.
    if (target.concurrent) {
      it('a loser that waited for the winner’s row lock reports the tag the winner committed', async () => {
        const lockWaiters = db.lockWaiters!;
        const note = await insertNote();
        let losers: Promise<WriteResult<VersionedRow<Note>>[]> | undefined;
        const winner = await db.transaction(async (tx) => {
          const won = written(await notes.update(tx, note.id, { title: 'first' }, ifMatch(note.etag)));
          losers = Promise.all(
            Array.from({ length: WRITERS }, () =>
              notes.update(db.client, note.id, { title: 'late' }, ifMatch(note.etag)),
            ),
          );
          while ((await lockWaiters()) < WRITERS) await new Promise((resolve) => setTimeout(resolve, 10));
          return won;
        });
        for (const result of await losers!) {
          expect(result).toMatchObject({ outcome: 'precondition-failed', current: { etag: winner.etag } });
        }
      });
    }
  });
}
