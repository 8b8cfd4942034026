import { PGlite } from '@electric-sql/pglite';
import type { WriteCondition } from '@precond/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromPglite } from './pglite.js';
import type { SqlClient } from './sql-client.js';
import { addVersionColumns } from './version-columns-migration.js';
import { versionedTable } from './versioned-table.js';

// The README's "Other writers of the table", statement for statement.
const DEFAULTS = `ALTER TABLE notes
  ALTER COLUMN etag SET DEFAULT replace(gen_random_uuid()::text, '-', ''),
  ALTER COLUMN modified_at SET DEFAULT statement_timestamp()`;
const UPDATE_WITH_NEW_VERSION = `UPDATE notes SET title = $2,
  etag = replace(gen_random_uuid()::text, '-', ''),
  modified_at = GREATEST(statement_timestamp(), modified_at),
  modified_at_strong = date_trunc('second', statement_timestamp()) > date_trunc('second', modified_at)
WHERE id = $1`;
const TRIGGER = [
  `CREATE FUNCTION notes_new_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.etag := replace(gen_random_uuid()::text, '-', '');
  NEW.modified_at := GREATEST(statement_timestamp(), OLD.modified_at);
  NEW.modified_at_strong := date_trunc('second', statement_timestamp()) > date_trunc('second', OLD.modified_at);
  RETURN NEW;
END $$`,
  `CREATE TRIGGER notes_new_version BEFORE UPDATE ON notes FOR EACH ROW
  WHEN (NEW.etag IS NOT DISTINCT FROM OLD.etag AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION notes_new_version()`,
];

interface Note {
  id: string;
  title: string;
}
const notes = versionedTable<Note, 'id'>({ name: 'notes', key: 'id', columns: { id: 'id', title: 'title' } });
const ifMatch = (etag: string): WriteCondition => ({ kind: 'etags', etags: [etag] });

describe('other writers of a guarded table', () => {
  let pglite: PGlite;
  let db: SqlClient;
  const etagOf = async (id: string) => (await notes.validators(db, id)).etag;

  beforeAll(async () => {
    pglite = await PGlite.create();
    db = fromPglite(pglite);
  });
  afterAll(() => pglite.close());
  beforeEach(async () => {
    // A table as it was before precond, with a row, for every case.
    await db.query('DROP TABLE IF EXISTS notes', []);
    await db.query('DROP FUNCTION IF EXISTS notes_new_version', []);
    await db.query('CREATE TABLE notes (id text PRIMARY KEY, title text NOT NULL)', []);
    await db.query("INSERT INTO notes VALUES ('a', 'first')", []);
    await pglite.transaction((tx) => addVersionColumns(fromPglite(tx), notes.definition));
  });

  it('the migration helper leaves etag and modified_at without a default: a plain INSERT fails', async () => {
    await expect(db.query("INSERT INTO notes (id, title) VALUES ('b', 'x')", [])).rejects.toThrow(
      /null value in column "etag"/,
    );
  });

  it('with the defaults, a plain INSERT gets a version the guarded writes accept', async () => {
    await db.query(DEFAULTS, []);
    await db.query("INSERT INTO notes (id, title) VALUES ('b', 'x')", []);
    const etag = await etagOf('b');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await notes.update(db, 'b', { title: 'y' }, ifMatch(etag ?? ''))).outcome).toBe('written');
  });

  it('a plain UPDATE keeps the old tag: a stale If-Match still writes (the lost update)', async () => {
    const seen = (await etagOf('a')) ?? '';
    await db.query("UPDATE notes SET title = 'other' WHERE id = 'a'", []);
    expect(await etagOf('a')).toBe(seen);
    expect((await notes.update(db, 'a', { title: 'mine' }, ifMatch(seen))).outcome).toBe('written');
  });

  it('an UPDATE that sets a new version makes a stale If-Match fail with the new tag', async () => {
    const seen = (await etagOf('a')) ?? '';
    await db.query(UPDATE_WITH_NEW_VERSION, ['a', 'other']);
    const current = await etagOf('a');
    expect(current).not.toBe(seen);
    const result = await notes.update(db, 'a', { title: 'mine' }, ifMatch(seen));
    expect(result).toMatchObject({ outcome: 'precondition-failed', current: { etag: current } });
  });

  describe('with the trigger', () => {
    beforeEach(async () => {
      for (const statement of TRIGGER) await db.query(statement, []);
    });

    it('gives a plain UPDATE a new version, so a stale If-Match fails', async () => {
      const seen = (await etagOf('a')) ?? '';
      await db.query("UPDATE notes SET title = 'other' WHERE id = 'a'", []);
      expect(await etagOf('a')).not.toBe(seen);
      expect((await notes.update(db, 'a', { title: 'mine' }, ifMatch(seen))).outcome).toBe(
        'precondition-failed',
      );
    });

    it("leaves precond's own writes alone: the tag update returns is the stored one", async () => {
      const written = await notes.update(db, 'a', { title: 'mine' }, ifMatch((await etagOf('a')) ?? ''));
      expect(written.outcome).toBe('written');
      expect(written.outcome === 'written' && written.row.etag).toBe(await etagOf('a'));
    });

    it("leaves the row alone when precond's insert finds the key taken (its no-op DO UPDATE)", async () => {
      const before = await etagOf('a');
      expect((await notes.insert(db, { id: 'a', title: 'again' })).outcome).toBe('precondition-failed');
      expect(await etagOf('a')).toBe(before);
    });

    it('keeps the tag of an UPDATE that changes nothing', async () => {
      const before = await etagOf('a');
      await db.query("UPDATE notes SET title = 'first' WHERE id = 'a'", []);
      expect(await etagOf('a')).toBe(before);
    });
  });
});
