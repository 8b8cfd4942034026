import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/run-migrations.js';
import { openDatabase } from './open-database.js';
import { openPglite } from './pglite.js';
import { StorageUnavailableError } from './storage-unavailable.js';
import { defineStoreSuite } from './stores.suite.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'precond-pglite-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('PGlite in memory', () => {
  defineStoreSuite(() => openDatabase());
});

describe('PGlite in a data directory', () => {
  defineStoreSuite(() => openDatabase({ dataDir: join(scratch, 'suite', 'nested') }));

  it('keeps its rows and schema when closed and opened again', async () => {
    const dataDir = join(scratch, 'reopened');
    const first = await openDatabase({ dataDir });
    const article = await first.articles.create({ title: 'Persisted', body: 'on disk', views: 3 });
    const user = await first.users.insert('ada', { displayName: 'Ada' });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(await second.articles.get(article.id)).toEqual(article);
      expect(await second.users.get('ada')).toEqual(user);
      const migrations = await second.sql.query('SELECT version FROM schema_migrations');
      expect(migrations).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('PGlite failures', () => {
  it('turns a failing statement into StorageUnavailableError with its SQLSTATE', async () => {
    const sql = await openPglite();
    try {
      const error = await sql.query('SELECT 1 / 0').catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StorageUnavailableError);
      expect(error).toMatchObject({ status: 503, code: '22012' });
    } finally {
      await sql.close();
    }
  }, 60_000);

  it('turns a query on a closed database into StorageUnavailableError', async () => {
    const db = await openDatabase();
    await db.close();
    await expect(db.articles.get('anything')).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(db.sql.transaction(async () => 1)).rejects.toBeInstanceOf(StorageUnavailableError);
  }, 60_000);
});
