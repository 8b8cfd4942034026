import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createDeletions } from './deletions.js';
import { fromDrizzle } from './drizzle.js';
import { createIdempotencyKeys } from './idempotency-keys.js';
import { fromNodePostgres } from './node-postgres.js';
import { fromPostgresJs } from './postgres-js.js';
import { countLockWaiters, throwawayPostgresForFile } from './postgres-server.js';
import { runStatement } from './rolled-back-statement.js';
import type { SqlClient } from './sql-client.js';
import { type VersionedRow, versionedTable } from './versioned-table.js';
import { writtenRow } from './write-result.js';

/** A client that fails with each of `failures` in turn (a SQLSTATE each), then answers `rows`. */
function failingClient(failures: readonly (string | { cause: string })[], rows: object[] = [{ ok: true }]) {
  let calls = 0;
  const client: SqlClient = {
    async query() {
      const failure = failures[calls++];
      if (failure === undefined) return rows;
      if (typeof failure === 'string') throw Object.assign(new Error(`failed ${failure}`), { code: failure });
      throw Object.assign(new Error('wrapped'), { cause: { code: failure.cause } });
    },
  };
  return { client, calls: () => calls };
}

describe('runStatement', () => {
  it('runs a statement rolled back for a serialization failure or a deadlock again', async () => {
    const { client, calls } = failingClient(['40001', '40P01']);
    await expect(runStatement(client, 'UPDATE t SET a = 1', [])).resolves.toEqual([{ ok: true }]);
    expect(calls()).toBe(3);
  });

  it('reads the SQLSTATE of an error a query builder wrapped (its cause)', async () => {
    const { client, calls } = failingClient([{ cause: '40001' }]);
    await expect(runStatement(client, 'UPDATE t SET a = 1', [])).resolves.toEqual([{ ok: true }]);
    expect(calls()).toBe(2);
  });

  it('throws the first error when the statement ran in the caller’s transaction, now aborted', async () => {
    const { client, calls } = failingClient(['40001', '25P02']);
    await expect(runStatement(client, 'UPDATE t SET a = 1', [])).rejects.toMatchObject({ code: '40001' });
    expect(calls()).toBe(2);
  });

  it('runs no other failed statement again', async () => {
    for (const code of ['23505', '25P02', '57014', '08006']) {
      const { client, calls } = failingClient([code]);
      await expect(runStatement(client, 'UPDATE t SET a = 1', [])).rejects.toMatchObject({ code });
      expect(calls()).toBe(1);
    }
    const plain: SqlClient = {
      async query() {
        throw new Error('connection refused');
      },
    };
    await expect(runStatement(plain, 'SELECT 1', [])).rejects.toThrow('connection refused');
  });

  it('gives up after ten runs, with the last error', async () => {
    const { client, calls } = failingClient([...Array.from({ length: 9 }, () => '40001'), '40P01', '40001']);
    await expect(runStatement(client, 'UPDATE t SET a = 1', [])).rejects.toMatchObject({ code: '40P01' });
    expect(calls()).toBe(10);
  });
});

interface Note {
  readonly id: string;
  readonly title: string;
}

const notes = versionedTable<Note, 'id'>({ name: 'notes', key: 'id', columns: { id: 'id', title: 'title' } });
const CREATE_NOTES = `CREATE TABLE notes (id text PRIMARY KEY, title text NOT NULL, etag text NOT NULL,
  modified_at timestamptz NOT NULL, modified_at_strong boolean NOT NULL DEFAULT true)`;
const LOSERS = 4;
const server = throwawayPostgresForFile();

/** A driver under test, on a database whose every transaction runs at `isolation` unless told otherwise. */
interface IsolatedDriver {
  readonly client: SqlClient;
  close(): Promise<void>;
}

const drivers: Record<string, (url: string) => IsolatedDriver> = {
  'node-postgres': (url) => {
    const pool = new pg.Pool({ connectionString: url, max: LOSERS + 1 });
    return { client: fromNodePostgres(pool), close: () => pool.end() };
  },
  'postgres.js': (url) => {
    const sql = postgres(url, { max: LOSERS + 1, onnotice: () => {} });
    return { client: fromPostgresJs(sql), close: () => sql.end() };
  },
  'Drizzle (node-postgres)': (url) => {
    const pool = new pg.Pool({ connectionString: url, max: LOSERS + 1 });
    return { client: fromDrizzle(drizzle(pool)), close: () => pool.end() };
  },
};

/**
 * A database whose transactions default to `isolation`, with a note in it, and a connection of its
 * own that holds a write uncommitted (`hold`, inside `BEGIN`): the writes under test wait for it.
 */
async function databaseWithHeldWrite<Held>(
  isolation: string,
  hold: (client: SqlClient, note: VersionedRow<Note>) => Promise<Held>,
) {
  const url = await server().freshDatabaseUrl();
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  const name = (await setup.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name;
  await setup.query(`ALTER DATABASE "${name}" SET default_transaction_isolation = '${isolation}'`);
  const setupClient = fromNodePostgres(setup);
  await setupClient.query(CREATE_NOTES, []);
  await createDeletions(setupClient);
  await createIdempotencyKeys(setupClient);
  const note = writtenRow(await notes.insert(setupClient, { id: 'n1', title: 'draft' }));
  await setup.end();
  const holder = new pg.Client({ connectionString: url });
  await holder.connect();
  await holder.query('BEGIN');
  const held = await hold(fromNodePostgres(holder), note);
  const observer = new pg.Pool({ connectionString: url, max: 1 });
  return {
    url,
    note,
    held,
    /** Waits until `count` statements wait for the held write, then commits it. */
    async commitOnceWaitedFor(count: number) {
      while ((await countLockWaiters(fromNodePostgres(observer))) < count) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await holder.query('COMMIT');
    },
    async close() {
      await Promise.all([holder.end(), observer.end()]);
    },
  };
}

const heldUpdate = async (client: SqlClient, note: VersionedRow<Note>) =>
  writtenRow(await notes.update(client, note.id, { title: 'winner' }, { kind: 'etags', etags: [note.etag] }));

/** Its fingerprint, status and body: what a replay of the key answers. */
const ONCE = { key: 'key-1', fingerprint: 'fingerprint-1', body: '{"id":"n2"}' };

for (const isolation of ['repeatable read', 'serializable']) {
  for (const [driverName, openDriver] of Object.entries(drivers)) {
    describe(`${driverName}, transactions ${isolation} by default`, () => {
      it('guarded writes that waited for the winner’s row lock report its tag (a 412), not a serialization failure', async () => {
        const database = await databaseWithHeldWrite(isolation, heldUpdate);
        const driver = openDriver(database.url);
        try {
          const expected = { kind: 'etags' as const, etags: [database.note.etag] };
          const losers = Promise.all([
            ...Array.from({ length: LOSERS - 1 }, (_, index) =>
              notes.update(driver.client, database.note.id, { title: `late ${index}` }, expected),
            ),
            notes.delete(driver.client, database.note.id, expected),
          ]);
          await database.commitOnceWaitedFor(LOSERS);
          for (const result of await losers) {
            expect(result).toMatchObject({
              outcome: 'precondition-failed',
              current: { etag: database.held.etag },
            });
          }
          expect(await notes.get(driver.client, database.note.id)).toMatchObject({ title: 'winner' });
        } finally {
          await Promise.all([driver.close(), database.close()]);
        }
      });

      it('writes of any version that waited for one another all apply, one after another', async () => {
        const database = await databaseWithHeldWrite(isolation, heldUpdate);
        const driver = openDriver(database.url);
        try {
          const losers = Promise.all(
            Array.from({ length: LOSERS }, (_, index) =>
              notes.update(driver.client, database.note.id, { title: `any ${index}` }, { kind: 'any' }),
            ),
          );
          await database.commitOnceWaitedFor(LOSERS);
          const etags = new Set((await losers).map((result) => writtenRow(result).etag));
          expect(etags.size).toBe(LOSERS);
        } finally {
          await Promise.all([driver.close(), database.close()]);
        }
      });

      it('inserts of a key another transaction was inserting report its row (a 412)', async () => {
        const database = await databaseWithHeldWrite(isolation, async (client) =>
          writtenRow(await notes.insert(client, { id: 'n2', title: 'first' })),
        );
        const driver = openDriver(database.url);
        try {
          const losers = Promise.all(
            Array.from({ length: LOSERS }, () => notes.insert(driver.client, { id: 'n2', title: 'second' })),
          );
          await database.commitOnceWaitedFor(LOSERS);
          for (const result of await losers) {
            expect(result).toMatchObject({
              outcome: 'precondition-failed',
              current: { etag: database.held.etag },
            });
          }
        } finally {
          await Promise.all([driver.close(), database.close()]);
        }
      });

      it('inserts with an Idempotency-Key another transaction was recording replay its answer', async () => {
        const database = await databaseWithHeldWrite(isolation, (client) =>
          notes.insertOnce(client, { id: 'n2', title: 'first' }, ONCE),
        );
        const driver = openDriver(database.url);
        try {
          const retries = Promise.all(
            Array.from({ length: LOSERS }, (_, index) =>
              notes.insertOnce(driver.client, { id: `n${3 + index}`, title: 'retry' }, ONCE),
            ),
          );
          await database.commitOnceWaitedFor(LOSERS);
          expect(database.held.outcome).toBe('created');
          for (const result of await retries) {
            expect(result).toMatchObject({ outcome: 'replayed', response: { body: ONCE.body } });
          }
        } finally {
          await Promise.all([driver.close(), database.close()]);
        }
      });
    });
  }

  it(`a write inside the caller’s ${isolation} transaction leaves the serialization failure to the caller`, async () => {
    const database = await databaseWithHeldWrite(isolation, heldUpdate);
    const caller = new pg.Client({ connectionString: database.url });
    await caller.connect();
    try {
      await caller.query('BEGIN');
      // The transaction's snapshot, taken before the held write commits.
      await caller.query('SELECT 1');
      const write = notes.update(
        fromNodePostgres(caller),
        database.note.id,
        { title: 'mine' },
        {
          kind: 'etags',
          etags: [database.note.etag],
        },
      );
      const settled = write.then(
        () => undefined,
        (error: unknown) => error,
      );
      await database.commitOnceWaitedFor(1);
      expect(await settled).toMatchObject({ code: '40001' });
      await caller.query('ROLLBACK');
    } finally {
      await Promise.all([caller.end(), database.close()]);
    }
  });
}
