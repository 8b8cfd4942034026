/**
 * The store behaviour every database must show, run by `pglite.test.ts` and `postgres.test.ts`
 * against real databases.
 */

import { isPreconditionFailed, PreconditionFailedError } from '@precond/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from './articles.js';
import { MIGRATIONS, runMigrations } from './migrations/run-migrations.js';
import type { Database } from './open-database.js';
import { ResourceNotFoundError } from './resource-not-found.js';
import type { RecordVersion } from './row-version.js';
import { articleJson } from './wire.js';

const ETAG = /^"[0-9a-f]{32}"$/;
const INVALID_IDS = ['', 'a/b', 'x'.repeat(65), 'café', 'a b', '..', 'nul\u0000'];

/** Settles every promise and sorts the outcomes into values and errors. */
export async function settleAll<T>(promises: Promise<T>[]): Promise<{ values: T[]; errors: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    values: results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    errors: results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : [])),
  };
}

async function preconditionFailure(promise: Promise<unknown>): Promise<PreconditionFailedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PreconditionFailedError);
  return error as PreconditionFailedError;
}

async function notFound(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ResourceNotFoundError);
}

const ANY = { kind: 'any' } as const;

function versionOf(record: RecordVersion): RecordVersion {
  const { etag, lastModified, lastModifiedStrong } = record;
  return { etag, lastModified, lastModifiedStrong };
}

function expectWholeSeconds(date: Date): void {
  expect(date).toBeInstanceOf(Date);
  expect(date.getTime() % 1000).toBe(0);
}

/** Registers the store tests; `open` is called once, before them, and the database closed after. */
export function defineStoreSuite(open: () => Promise<Database>): void {
  let db: Database;

  beforeAll(async () => {
    db = await open();
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  const newArticle = (title = 'Hello') => db.articles.create({ title, body: 'Some text' });

  describe('articles', () => {
    it('creates an article under a server id with a random strong tag and a whole-second date', async () => {
      const before = Math.floor(Date.now() / 1000) * 1000;
      const article = await db.articles.create({ title: 'Hello', body: 'World' });
      expect(article).toMatchObject({ title: 'Hello', body: 'World', views: 0 });
      expect(article.id).toMatch(/^[0-9a-f]{32}$/);
      expect(article.etag).toMatch(ETAG);
      expectWholeSeconds(article.lastModified);
      expect(article.lastModified.getTime()).toBeGreaterThanOrEqual(before);
      expect(article.lastModified.getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('creates once per Idempotency-Key: a retry replays the answer, another payload is refused', async () => {
      const key = `key-${crypto.randomUUID()}`;
      const first = await db.articles.createOnce({ title: 'Once', body: 'b' }, key, 'fingerprint-1');
      expect(first.outcome).toBe('created');
      if (first.outcome !== 'created') return;
      expect(first.response).toEqual({
        status: 201,
        location: `/api/articles/${first.row.id}`,
        etag: first.row.etag,
        lastModified: first.row.lastModified,
        body: JSON.stringify({ id: first.row.id, title: 'Once', body: 'b', views: 0 }),
      });
      const count = async () => (await db.articles.list()).filter(({ title }) => title === 'Once').length;
      const retry = await db.articles.createOnce({ title: 'Once', body: 'b' }, key, 'fingerprint-1');
      expect(retry).toEqual({ outcome: 'replayed', response: first.response });
      const reused = await db.articles.createOnce({ title: 'Twice', body: 'b' }, key, 'fingerprint-2');
      expect(reused).toEqual({ outcome: 'key-reused' });
      expect(await count()).toBe(1);
    });

    it('reads back what it stored, and validators agree with the record', async () => {
      const created = await db.articles.create({ title: 'Ünïcødé 🎉', body: '', views: 7 });
      expect(await db.articles.get(created.id)).toEqual(created);
      expect(await db.articles.validators(created.id)).toEqual({
        exists: true,
        etag: created.etag,
        lastModified: created.lastModified,
        lastModifiedStrong: true,
      });
    });

    it('stores a 64 KiB body unchanged', async () => {
      const body = 'ab\n'.repeat(65536 / 3);
      const created = await db.articles.create({ title: 'Long', body });
      expect((await db.articles.get(created.id))?.body).toBe(body);
    });

    it('finds nothing under an unknown id, or an id that is not valid', async () => {
      for (const id of ['unknown-id', ...INVALID_IDS]) {
        expect(await db.articles.get(id)).toBeUndefined();
        expect(await db.articles.validators(id)).toEqual({ exists: false });
      }
    });

    it('tags the list by its body, the same for a GET and for a POST (its validators), and anew on every write', async () => {
      const before = await db.articles.readList();
      expect(before.etag).toMatch(/^"[^"]+"$/);
      expect(JSON.parse(before.body)).toEqual((await db.articles.list()).map(articleJson));
      expect(await db.articles.listValidators()).toEqual({ exists: true, etag: before.etag });
      await newArticle('listed');
      const after = await db.articles.readList();
      expect(after.etag).not.toBe(before.etag);
      expect(await db.articles.listValidators()).toEqual({ exists: true, etag: after.etag });
    });

    it('lists articles most recently modified first', async () => {
      const first = await newArticle('first');
      const second = await newArticle('second');
      // Two statements can share a date (PGlite's clock ticks in milliseconds): `first` is updated
      // once the database clock has passed `second`'s date, so the update is the later by construction.
      const passed = async () =>
        (
          await db.sql.query<{ passed: boolean }>(
            'SELECT clock_timestamp() > modified_at AS passed FROM articles WHERE id = $1',
            [second.id],
          )
        )[0]?.passed === true;
      while (!(await passed())) {
        // The clock moves on.
      }
      const touched = await db.articles.update(first.id, { views: 1 }, first.etag);
      const ids = (await db.articles.list()).map((article) => article.id);
      expect(ids.indexOf(touched.id)).toBeLessThan(ids.indexOf(second.id));
      const listed = await db.articles.list();
      for (let i = 1; i < listed.length; i++) {
        expect(listed[i - 1]!.lastModified.getTime()).toBeGreaterThanOrEqual(
          listed[i]!.lastModified.getTime(),
        );
      }
    });

    it('replaces an article when the expected tag is current, with a new tag and a date no earlier', async () => {
      const created = await db.articles.create({ title: 'Old', body: 'old', views: 5 });
      const replaced = await db.articles.replace(created.id, { title: 'New', body: 'new' }, created.etag);
      expect(replaced).toMatchObject({ id: created.id, title: 'New', body: 'new', views: 0 });
      expect(replaced.etag).toMatch(ETAG);
      expect(replaced.etag).not.toBe(created.etag);
      expect(replaced.lastModified.getTime()).toBeGreaterThanOrEqual(created.lastModified.getTime());
      expect(await db.articles.get(created.id)).toEqual(replaced);
    });

    it('updates only the given fields', async () => {
      const created = await db.articles.create({ title: 'T', body: 'B', views: 3 });
      const updated = await db.articles.update(created.id, { body: 'B2' }, created.etag);
      expect(updated).toMatchObject({ title: 'T', body: 'B2', views: 3 });
      const again = await db.articles.update(created.id, { title: 'T3', views: 0 }, updated.etag);
      expect(again).toMatchObject({ title: 'T3', body: 'B2', views: 0 });
    });

    it('refuses a write with a stale tag, reporting the current tag and date, and changes nothing', async () => {
      const created = await newArticle();
      const current = await db.articles.update(created.id, { title: 'Second' }, created.etag);
      for (const write of [
        () => db.articles.update(created.id, { title: 'Lost' }, created.etag),
        () => db.articles.replace(created.id, { title: 'Lost', body: 'x' }, created.etag),
        () => db.articles.delete(created.id, created.etag),
      ]) {
        const error = await preconditionFailure(write());
        expect(error.etag).toBe(current.etag);
        expect(error.lastModified).toEqual(current.lastModified);
      }
      expect(await db.articles.get(created.id)).toEqual(current);
    });

    it('compares tags strongly: the weak form of the current tag does not match', async () => {
      const created = await newArticle();
      const error = await preconditionFailure(
        db.articles.update(created.id, { views: 9 }, `W/${created.etag}`),
      );
      expect(error.etag).toBe(created.etag);
      await preconditionFailure(db.articles.update(created.id, { views: 9 }, 'not a tag'));
      expect((await db.articles.get(created.id))?.views).toBe(0);
    });

    it('answers a PATCH or DELETE of a missing article as not found, whatever it expects', async () => {
      for (const id of ['missing', ...INVALID_IDS]) {
        for (const expected of ['"0"', ANY, { kind: 'etags', etags: [] } as const]) {
          await notFound(db.articles.update(id, { title: 'x' }, expected));
          await notFound(db.articles.delete(id, expected));
        }
      }
    });

    it('refuses a replacement of a missing article as a failed precondition, with no tag to report', async () => {
      for (const id of ['missing', ...INVALID_IDS]) {
        for (const expected of ['"0"', ANY]) {
          const error = await preconditionFailure(
            db.articles.replace(id, { title: 'x', body: 'y' }, expected),
          );
          expect(error.etag).toBeUndefined();
          expect(error.lastModified).toBeUndefined();
        }
      }
    });

    it("writes when the current tag is any of an If-Match list's, or any version for *", async () => {
      const created = await newArticle();
      const listed = await db.articles.update(
        created.id,
        { title: 'Listed' },
        { kind: 'etags', etags: ['"0"', 'W/"1"', created.etag] },
      );
      expect(listed.title).toBe('Listed');
      const any = await db.articles.replace(created.id, { title: 'Any', body: 'b' }, ANY);
      expect(any).toMatchObject({ title: 'Any', body: 'b' });
      expect(any.etag).not.toBe(listed.etag);
      await db.articles.delete(created.id, ANY);
      expect(await db.articles.get(created.id)).toBeUndefined();
    });

    it('refuses an If-Match list without the current tag, or an empty one, with the current version', async () => {
      const created = await newArticle();
      for (const etags of [['"0"', `W/${created.etag}`], []]) {
        const error = await preconditionFailure(
          db.articles.update(created.id, { title: 'x' }, { kind: 'etags', etags }),
        );
        expect(error.etag).toBe(created.etag);
        expect(error.lastModified).toEqual(created.lastModified);
      }
      const error = await preconditionFailure(
        db.articles.delete(created.id, { kind: 'etags', etags: ['"0"'] }),
      );
      expect(error.etag).toBe(created.etag);
      expect(await db.articles.get(created.id)).toEqual(created);
    });

    it('deletes when the tag is current; a deleted article is gone', async () => {
      const created = await newArticle();
      await db.articles.delete(created.id, created.etag);
      expect(await db.articles.get(created.id)).toBeUndefined();
      expect(await db.articles.validators(created.id)).toEqual({ exists: false });
      await notFound(db.articles.delete(created.id, created.etag));
    });

    it('inserts under a client id once; a second insert fails with the existing tag and changes nothing', async () => {
      const id = `client-${crypto.randomUUID()}`;
      const inserted = await db.articles.insert(id, { title: 'Mine', body: 'first' });
      expect(inserted).toMatchObject({ id, title: 'Mine', body: 'first', views: 0 });
      const error = await preconditionFailure(db.articles.insert(id, { title: 'Theirs', body: 'second' }));
      expect(error.etag).toBe(inserted.etag);
      expect(error.lastModified).toEqual(inserted.lastModified);
      expect(await db.articles.get(id)).toEqual(inserted);
    });

    it('refuses to insert under an invalid id', async () => {
      for (const id of INVALID_IDS) {
        await expect(db.articles.insert(id, { title: 't', body: 'b' })).rejects.toThrow(RangeError);
      }
    });

    it('never brings back an old tag when an article is deleted and created again', async () => {
      const id = `again-${crypto.randomUUID()}`;
      const first = await db.articles.insert(id, { title: 'Same', body: 'same' });
      await db.articles.delete(id, first.etag);
      const second = await db.articles.insert(id, { title: 'Same', body: 'same' });
      expect(second.etag).not.toBe(first.etag);
      // Whatever second each write fell in: a date shared with the deleted version is not strong.
      expect(second.lastModified.getTime()).toBeGreaterThanOrEqual(first.lastModified.getTime());
      expect(second.lastModifiedStrong).toBe(second.lastModified.getTime() > first.lastModified.getTime());
    });

    it('never lets an article created again share a strong date with the deleted one', async () => {
      const id = `again-${crypto.randomUUID()}`;
      await db.articles.insert(id, { title: 'Old', body: 'old' });
      // By construction the deleted version's second is one the next version cannot leave: it is
      // dated ahead of the clock, as a version written by a statement that waited for a lock can be.
      await db.sql.query(
        `UPDATE articles SET modified_at = date_trunc('second', statement_timestamp()) + interval '1 hour' WHERE id = $1`,
        [id],
      );
      const deleted = await db.articles.get(id);
      await db.articles.delete(id, deleted!.etag);
      const again = await db.articles.insert(id, { title: 'New', body: 'new' });
      expect(again.lastModified).toEqual(deleted!.lastModified);
      expect(again.lastModifiedStrong).toBe(false);
      expect(await db.articles.validators(id)).toMatchObject({ lastModifiedStrong: false });
      await db.articles.delete(id, again.etag);
    });

    it('dates every version by the database clock, never ahead of it, and marks a second shared by two versions', async () => {
      // Two writes a few milliseconds apart nearly always share a second; try until a pair does,
      // so that both outcomes below are certainly seen (the assertions hold for any pair).
      let sharedSeen = false;
      for (let attempt = 0; attempt < 20 && !sharedSeen; attempt++) {
        const created = await newArticle();
        const second = await db.articles.update(created.id, { views: 1 }, created.etag);
        const third = await db.articles.replace(created.id, { title: 'x', body: 'y' }, second.etag);
        const [clock] = await db.sql.query<{ now: Date | string }>('SELECT clock_timestamp() AS now');
        const databaseNow = new Date(clock?.now ?? Number.NaN).getTime();
        const versions = [created, second, third];
        expect(created.lastModifiedStrong).toBe(true);
        for (const [index, version] of versions.entries()) {
          expectWholeSeconds(version.lastModified);
          expect(version.lastModified.getTime()).toBeLessThanOrEqual(databaseNow);
          const previous = versions[index - 1];
          if (!previous) continue;
          expect(version.lastModified.getTime()).toBeGreaterThanOrEqual(previous.lastModified.getTime());
          const shared = version.lastModified.getTime() === previous.lastModified.getTime();
          expect(version.lastModifiedStrong).toBe(!shared);
          if (shared) sharedSeen = true;
        }
        expect(await db.articles.validators(created.id)).toEqual({ exists: true, ...versionOf(third) });
      }
      expect(sharedSeen).toBe(true);
    });

    it("marks the next version strong once its second differs from the last one's", async () => {
      const created = await newArticle();
      // Move the stored moment a few seconds back, as if the article had been written then.
      await db.sql.query(
        `UPDATE articles SET modified_at = modified_at - interval '5 seconds' WHERE id = $1`,
        [created.id],
      );
      const updated = await db.articles.update(created.id, { views: 1 }, created.etag);
      expect(updated.lastModifiedStrong).toBe(true);
      expect(updated.lastModified.getTime()).toBeGreaterThan(created.lastModified.getTime() - 5000);
    });

    it('lets exactly one of 20 concurrent updates with the same tag win; the 19 others report its tag', async () => {
      const created = await newArticle();
      const { values, errors } = await settleAll(
        Array.from({ length: 20 }, (_, i) =>
          db.articles.update(created.id, { title: `writer ${i}` }, created.etag),
        ),
      );
      expect(values).toHaveLength(1);
      expect(errors).toHaveLength(19);
      const winner = values[0] as ArticleRecord;
      for (const error of errors) {
        expect(isPreconditionFailed(error)).toBe(true);
        expect((error as PreconditionFailedError).etag).toBe(winner.etag);
        expect((error as PreconditionFailedError).lastModified).toEqual(winner.lastModified);
      }
      expect(await db.articles.get(created.id)).toEqual(winner);
    });

    it('lets exactly one of 20 concurrent inserts of one id win; the 19 others report its tag', async () => {
      const id = `race-${crypto.randomUUID()}`;
      const { values, errors } = await settleAll(
        Array.from({ length: 20 }, (_, i) => db.articles.insert(id, { title: `writer ${i}`, body: 'b' })),
      );
      expect(values).toHaveLength(1);
      expect(errors).toHaveLength(19);
      const winner = values[0] as ArticleRecord;
      for (const error of errors) {
        expect(isPreconditionFailed(error)).toBe(true);
        expect((error as PreconditionFailedError).etag).toBe(winner.etag);
      }
      expect(await db.articles.get(id)).toEqual(winner);
    });

    it('lets exactly one of 10 concurrent deletes with the same tag win', async () => {
      const created = await newArticle();
      const { values, errors } = await settleAll(
        Array.from({ length: 10 }, () => db.articles.delete(created.id, created.etag)),
      );
      expect(values).toHaveLength(1);
      expect(errors).toHaveLength(9);
      // The others waited for the winner's row lock and then found no row: not found, not a 412.
      for (const error of errors) expect(error).toBeInstanceOf(ResourceNotFoundError);
    });
  });

  describe('users', () => {
    const newName = () => `user-${crypto.randomUUID()}`;

    it('inserts a user once, without a display name unless given', async () => {
      const name = newName();
      const user = await db.users.insert(name, {});
      expect(user).toMatchObject({ name, displayName: null });
      expect(user.etag).toMatch(ETAG);
      expectWholeSeconds(user.lastModified);
      expect(await db.users.get(name)).toEqual(user);
      expect(await db.users.validators(name)).toEqual({
        exists: true,
        etag: user.etag,
        lastModified: user.lastModified,
        lastModifiedStrong: true,
      });
    });

    it('never overwrites a user on insert: 412 with the existing tag', async () => {
      const name = newName();
      const user = await db.users.insert(name, { displayName: 'Ada' });
      const error = await preconditionFailure(db.users.insert(name, { displayName: 'Mallory' }));
      expect(error.etag).toBe(user.etag);
      expect(await db.users.get(name)).toEqual(user);
    });

    it('replaces a user when the tag is current, and refuses a stale tag', async () => {
      const name = newName();
      const user = await db.users.insert(name, { displayName: 'Ada' });
      const replaced = await db.users.replace(name, { displayName: 'Ada L.' }, user.etag);
      expect(replaced).toMatchObject({ name, displayName: 'Ada L.' });
      expect(replaced.lastModified.getTime()).toBeGreaterThanOrEqual(user.lastModified.getTime());
      const error = await preconditionFailure(db.users.replace(name, { displayName: 'x' }, user.etag));
      expect(error.etag).toBe(replaced.etag);
      const cleared = await db.users.replace(name, {}, replaced.etag);
      expect(cleared.displayName).toBeNull();
    });

    it('finds no unknown or invalid user, and refuses to write one', async () => {
      for (const name of ['nobody', ...INVALID_IDS]) {
        expect(await db.users.get(name)).toBeUndefined();
        expect(await db.users.validators(name)).toEqual({ exists: false });
        expect((await preconditionFailure(db.users.replace(name, {}, '"0"'))).etag).toBeUndefined();
      }
      await expect(db.users.insert('a/b', {})).rejects.toThrow(RangeError);
    });
  });

  describe('sessions', () => {
    it('creates a session whose touchedAt is its Last-Modified', async () => {
      const session = await db.sessions.create();
      expect(session.id).toMatch(/^[0-9a-f]{32}$/);
      expect(session.etag).toMatch(ETAG);
      expectWholeSeconds(session.touchedAt);
      expect(session.touchedAt).toEqual(session.lastModified);
      expect(await db.sessions.get(session.id)).toEqual(session);
      expect(await db.sessions.validators(session.id)).toEqual({
        exists: true,
        etag: session.etag,
        lastModified: session.lastModified,
        lastModifiedStrong: true,
      });
    });

    it('moves a session on on touch, with a new tag, a date no earlier and never ahead of the clock', async () => {
      const session = await db.sessions.create();
      const touched = await db.sessions.touch(session.id);
      const again = await db.sessions.touch(session.id);
      expect(touched!.etag).not.toBe(session.etag);
      expect(again!.etag).not.toBe(touched!.etag);
      expect(touched!.lastModified.getTime()).toBeGreaterThanOrEqual(session.lastModified.getTime());
      expect(again!.lastModified.getTime()).toBeGreaterThanOrEqual(touched!.lastModified.getTime());
      expect(again!.lastModified.getTime()).toBeLessThanOrEqual(Date.now());
      expect(again!.lastModifiedStrong).toBe(again!.lastModified.getTime() > touched!.lastModified.getTime());
      expect(await db.sessions.get(session.id)).toEqual(again);
    });

    it('touches nothing that does not exist', async () => {
      for (const id of ['missing', ...INVALID_IDS]) {
        expect(await db.sessions.touch(id)).toBeUndefined();
        expect(await db.sessions.touch(id, '"any"')).toBeUndefined();
      }
    });

    it('touches only the version expected: a stale tag is refused with the current one, nothing moved', async () => {
      const session = await db.sessions.create();
      const touched = await db.sessions.touch(session.id, session.etag);
      expect(touched!.etag).not.toBe(session.etag);
      const error = await preconditionFailure(db.sessions.touch(session.id, session.etag));
      expect(error.etag).toBe(touched!.etag);
      expect(error.lastModified).toEqual(touched!.lastModified);
      expect(await db.sessions.get(session.id)).toEqual(touched);
    });

    it('deletes with the current tag, and refuses the tag from before a touch', async () => {
      const session = await db.sessions.create();
      const touched = await db.sessions.touch(session.id);
      const error = await preconditionFailure(db.sessions.delete(session.id, session.etag));
      expect(error.etag).toBe(touched!.etag);
      expect(error.lastModified).toEqual(touched!.lastModified);
      await db.sessions.delete(session.id, touched!.etag);
      expect(await db.sessions.get(session.id)).toBeUndefined();
      await notFound(db.sessions.delete(session.id, touched!.etag));
      expect(await db.sessions.validators('missing')).toEqual({ exists: false });
    });
  });

  describe('schema and transactions', () => {
    it('has recorded every migration, and running them again applies nothing', async () => {
      expect(await runMigrations(db.sql)).toEqual([]);
      const rows = await db.sql.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    });

    it("rolls a transaction back and rethrows the callback's own error unchanged", async () => {
      const thrown = new PreconditionFailedError({ etag: '"x"' });
      const id = `tx-${crypto.randomUUID()}`;
      const outcome = db.sql.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO sessions (id, etag, modified_at) VALUES ($1, 'e', date_trunc('second', now()))`,
          [id],
        );
        throw thrown;
      });
      await expect(outcome).rejects.toBe(thrown);
      expect(await db.sessions.get(id)).toBeUndefined();
    });
  });
}
