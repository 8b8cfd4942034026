import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinDir } from './binaries.js';
import { dropDatabase } from './databases.js';
import type { ThrowawayPostgres } from './server.js';
import { startThrowawayPostgres } from './server.js';

async function queryOne<T>(url: string, text: string): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql.unsafe(text);
    return row as T;
  } finally {
    await sql.end();
  }
}

describe('startThrowawayPostgres', () => {
  let server: ThrowawayPostgres;

  beforeAll(async () => {
    server = await startThrowawayPostgres();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('serves SQL on 127.0.0.1 at the port in its URL, as the superuser postgres', async () => {
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    const row = await queryOne<{ user: string; address: string; port: number }>(
      server.url,
      'SELECT current_user AS user, host(inet_server_addr()) AS address, inet_server_port() AS port',
    );
    expect(row).toEqual({ user: 'postgres', address: '127.0.0.1', port: server.port });
  });

  it('runs with fsync off and its socket in its own directory', async () => {
    const fsync = await queryOne<{ fsync: string }>(server.url, 'SHOW fsync');
    const socket = await queryOne<{ unix_socket_directories: string }>(
      server.url,
      'SHOW unix_socket_directories',
    );
    expect(fsync.fsync).toBe('off');
    expect(socket.unix_socket_directories).toBe(server.directory);
    expect(existsSync(join(server.directory, `.s.PGSQL.${server.port}`))).toBe(true);
  });

  it('hands out a distinct, empty database on every freshDatabaseUrl call', async () => {
    const first = await server.freshDatabaseUrl();
    const second = await server.freshDatabaseUrl('other');
    expect(first).not.toBe(second);
    expect(new URL(second).pathname).toMatch(/^\/other_[0-9a-f]{16}$/);
    await queryOne(first, 'CREATE TABLE marker (id int)');
    const seen = await queryOne<{ tables: number }>(
      second,
      "SELECT count(*)::int AS tables FROM pg_tables WHERE tablename = 'marker'",
    );
    expect(seen.tables).toBe(0);
  });

  it('drops a database, even while a client is still connected to it', async () => {
    const url = await server.freshDatabaseUrl();
    const name = new URL(url).pathname.slice(1);
    const client = postgres(url, { max: 1, onnotice: () => {} });
    await client`SELECT 1`;
    await dropDatabase(server.url, name);
    await client.end({ timeout: 1 }).catch(() => {});
    const row = await queryOne<{ count: number }>(
      server.url,
      `SELECT count(*)::int AS count FROM pg_database WHERE datname = '${name}'`,
    );
    expect(row.count).toBe(0);
  });

  it('refuses a database name that is not a plain lower-case identifier', async () => {
    await expect(server.freshDatabaseUrl('Bad"Name')).rejects.toThrow(/not a lower-case identifier/);
  });
});

describe('stop', () => {
  it('stops the server, deletes its directory and can be called twice', async () => {
    const server = await startThrowawayPostgres();
    await server.stop();
    await server.stop();
    expect(existsSync(server.directory)).toBe(false);
    const sql = postgres(server.url, { max: 1, connect_timeout: 2 });
    await expect(sql`SELECT 1`).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await sql.end();
  }, 60_000);

  it('lets two servers run side by side on different ports', async () => {
    const [a, b] = await Promise.all([startThrowawayPostgres(), startThrowawayPostgres()]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(await queryOne<{ one: number }>(a.url, 'SELECT 1 AS one')).toEqual({ one: 1 });
      expect(await queryOne<{ one: number }>(b.url, 'SELECT 1 AS one')).toEqual({ one: 1 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);
});

describe('findPostgresBinDir', () => {
  it('picks the newest installed version', async () => {
    const binDir = await findPostgresBinDir({ binDir: undefined });
    expect(binDir).toMatch(/^\/usr\/lib\/postgresql\/[0-9.]+\/bin$/);
  });

  it('says to run apt-get install -y postgresql when PostgreSQL is not installed', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-postgres-'));
    try {
      await expect(findPostgresBinDir({ searchRoot: empty })).rejects.toThrow(
        /not installed.*apt-get install -y postgresql/,
      );
    } finally {
      await rm(empty, { recursive: true });
    }
  });

  it('says what is missing when the chosen directory lacks the programs', async () => {
    await expect(findPostgresBinDir({ binDir: tmpdir() })).rejects.toThrow(
      /initdb, pg_ctl, postgres, psql not found in .*apt-get install -y postgresql/,
    );
  });
});
