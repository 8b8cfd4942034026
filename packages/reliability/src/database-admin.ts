/**
 * A superuser's view of the scenario's PostgreSQL database, beside the apps: what is stored, a
 * digest of all of it, and the outage lever (refuse and cut every connection, then allow again).
 *
 * @module
 */

import postgres from 'postgres';

/** A connection to one database as the server's superuser. */
export interface DatabaseAdmin {
  /** The database's name. */
  readonly name: string;
  /** The stored article row, straight from the table. */
  article(id: string): Promise<{ views: number; body: string; etag: string } | undefined>;
  /** How many rows `users` holds for `name`. */
  userRows(name: string): Promise<number>;
  /** The versions recorded in `schema_migrations`: each once, however many instances started together. */
  migrations(): Promise<number[]>;
  /** An md5 of every row of every table the API stores: equal digests, equal data. */
  digest(): Promise<string>;
  /**
   * The outage: the database refuses new connections (`ALLOW_CONNECTIONS false`) and every
   * connection to it is terminated (`pg_terminate_backend`, waiting until each is gone). Resolves
   * with how many were cut.
   */
  cutConnections(): Promise<number>;
  /** Ends the outage: the database accepts connections again. */
  allowConnections(): Promise<void>;
  /** `SELECT version()`. */
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens an admin connection for `databaseUrl`. The outage statements run from the server's
 * `postgres` database, so that they work while the scenario's database refuses connections.
 */
export function openDatabaseAdmin(databaseUrl: string): DatabaseAdmin {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const serverUrl = new URL(databaseUrl);
  serverUrl.pathname = '/postgres';
  const options = { max: 1, onnotice: () => {} } as const;
  const data = postgres(databaseUrl, options);
  const server = postgres(serverUrl.href, options);
  const database = server(name);
  return {
    name,
    async article(id) {
      const [row] = await data<{ views: number; body: string; etag: string }[]>`
        SELECT views, body, etag FROM articles WHERE id = ${id}`;
      return row;
    },
    async userRows(userName) {
      const [row] = await data<{ count: number }[]>`
        SELECT count(*)::int AS count FROM users WHERE name = ${userName}`;
      return row?.count ?? 0;
    },
    async migrations() {
      const rows = await data<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
      return rows.map((row) => row.version);
    },
    async digest() {
      const [row] = await data<{ digest: string }[]>`
        SELECT md5(concat_ws('#',
          (SELECT string_agg(a::text, '|' ORDER BY a.id) FROM articles a),
          (SELECT string_agg(u::text, '|' ORDER BY u.name) FROM users u),
          (SELECT string_agg(s::text, '|' ORDER BY s.id) FROM sessions s)
        )) AS digest`;
      return row!.digest;
    },
    async cutConnections() {
      // The data connection is one of those cut; postgres.js reconnects it when next used.
      await server`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`;
      const rows = await server<{ pid: number }[]>`
        SELECT pg_terminate_backend(pid, 5000), pid FROM pg_stat_activity
        WHERE datname = ${name} AND pid <> pg_backend_pid()`;
      return rows.length;
    },
    async allowConnections() {
      await server`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`;
    },
    async serverVersion() {
      const [row] = await server<{ version: string }[]>`SELECT version()`;
      return row!.version;
    },
    async close() {
      await Promise.all([data.end({ timeout: 5 }), server.end({ timeout: 5 })]);
    },
  };
}
