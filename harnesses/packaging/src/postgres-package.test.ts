import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InstalledProject } from './install-from-tarballs.js';
import { installFromTarballs, typeErrors } from './install-from-tarballs.js';

/** A guarded table on PGlite, from the installed package: a write, a stale write, a missing row. */
const PGLITE_SCRIPT = `
import { PGlite } from '@electric-sql/pglite';
import { createDeletions, fromPglite, versionedTable, writtenRow } from '@precond/postgres';

const pglite = await PGlite.create();
const db = fromPglite(pglite);
await db.query('CREATE TABLE notes (id text PRIMARY KEY, title text NOT NULL, etag text NOT NULL, modified_at timestamptz NOT NULL, modified_at_strong boolean NOT NULL DEFAULT true)', []);
await createDeletions(db);
const notes = versionedTable({ name: 'notes', key: 'id', columns: { id: 'id', title: 'title' } });
const created = writtenRow(await notes.insert(db, { id: 'n1', title: 'a' }));
const updated = writtenRow(await notes.update(db, 'n1', { title: 'b' }, { kind: 'etags', etags: [created.etag] }));
const stale = await notes.update(db, 'n1', { title: 'c' }, { kind: 'etags', etags: [created.etag] });
const missing = await notes.delete(db, 'n2', { kind: 'any' });
writtenRow(await notes.delete(db, 'n1', { kind: 'any' }));
const again = writtenRow(await notes.insert(db, { id: 'n1', title: 'd' }));
console.log(JSON.stringify({ title: updated.title, stale: stale.outcome, current: stale.current.etag === updated.etag, missing: missing.outcome, again: again.title }));
await pglite.close();
`;

/** The public types, as a user's code names them, with every driver's own types. */
const POSTGRES_TYPES = `
import type { WriteCondition } from '@precond/core';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import postgres from 'postgres';
import {
  fromNodePostgres,
  fromPglite,
  fromPostgresJs,
  type SqlClient,
  versionedTable,
  type VersionedRow,
  type WriteResult,
} from '@precond/postgres';
import { fromDrizzle } from '@precond/postgres/drizzle';
import { fromKysely, type KyselyRow } from '@precond/postgres/kysely';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';

interface Note { id: string; title: string }
const notes = versionedTable<Note, 'id'>({ name: 'notes', key: 'id', columns: { id: 'id', title: 'title' } });
const clients: SqlClient[] = [
  fromNodePostgres(new pg.Pool()),
  fromPostgresJs(postgres()),
  fromPglite(new PGlite()),
  fromDrizzle(drizzle(new pg.Pool())),
  fromKysely(new Kysely<{ notes: Note & { etag: string } }>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) })),
];
const kyselyRow: KyselyRow<{ notes: Note & { etag: string } }, 'notes'> = { id: 'a', title: 'b' };
declare const condition: WriteCondition;
const result: Promise<WriteResult<VersionedRow<Note>>> = notes.update(clients[0]!, 'id', { title: 'x' }, condition);
// @ts-expect-error a field that is not in the table
notes.update(clients[0]!, 'id', { nope: 1 }, condition);
export { kyselyRow, result };
`;

describe('@precond/postgres installed with npm from its tarball, outside the workspace', () => {
  let project: InstalledProject;

  beforeAll(async () => {
    project = await installFromTarballs(['@precond/core', '@precond/postgres'], {
      '@electric-sql/pglite': '0.5.16',
      pg: '8.23.1',
      '@types/pg': '8.23.1',
      postgres: '3.4.9',
      'drizzle-orm': '0.45.4',
      kysely: '0.28.20',
      '@types/node': '^20.0.0',
      typescript: '5.9.3',
    });
    writeFileSync(join(project.dir, 'pglite.mjs'), PGLITE_SCRIPT);
    writeFileSync(join(project.dir, 'postgres-types.ts'), POSTGRES_TYPES);
  });

  it('guards writes in a PGlite table', async () => {
    const { stdout } = await project.exec('node', ['pglite.mjs']);
    expect(JSON.parse(stdout)).toEqual({
      title: 'b',
      stale: 'precondition-failed',
      current: true,
      missing: 'missing',
      again: 'd',
    });
  });

  it('loads every entry point with require() from CommonJS', async () => {
    const entries = ['@precond/postgres', '@precond/postgres/drizzle', '@precond/postgres/kysely'];
    const script = `console.log(JSON.stringify(${JSON.stringify(entries)}.map((id) => Object.keys(require(id)).length > 0)))`;
    const { stdout } = await project.exec('node', ['--input-type=commonjs', '-e', script]);
    expect(JSON.parse(stdout)).toEqual(entries.map(() => true));
  });

  it('type-checks with node-postgres, postgres.js, PGlite, Drizzle and Kysely under NodeNext', async () => {
    expect(await typeErrors(project.exec, ['postgres-types.ts'])).toEqual([]);
  });
});
