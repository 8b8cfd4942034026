/**
 * A superuser's view of the scenario's PostgreSQL database, beside the apps: what is stored, a
 * digest of all of it, an article's row lock to hold writes in flight, who waits on it, and the
 * outage lever (refuse and cut every connection, then allow again).
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
   * Takes the article's row lock (`SELECT … FOR UPDATE` in a transaction left open) and resolves
   * once it is held: every write to the article then waits, certainly in flight, until `release()`
   * (or until the lock's connection is cut).
   */
  holdArticleLock(id: string): Promise<RowLock>;
  /**
   * The server processes of `applicationName` (an instance's `application_name`) that wait for a
   * lock in this database right now.
   */
  lockWaiters(applicationName: string): Promise<number>;
  /**
   * The outage: the database refuses new connections (`ALLOW_CONNECTIONS false`) and every
   * connection to it is terminated (`pg_terminate_backend`, waiting until each is gone): the
   * instances' first, then this admin's own, so that a row lock held here outlives the statements
   * waiting on it. Resolves with how many were cut, and how many of the instances' were waiting for
   * a lock when cut.
   */
  cutConnections(): Promise<{ readonly cut: number; readonly waitingOnLock: number }>;
  /** Ends the outage: the database accepts connections again. */
  allowConnections(): Promise<void>;
  /** `SELECT version()`. */
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}

/** A row lock held by {@link DatabaseAdmin.holdArticleLock}. */
export interface RowLock {
  /** Ends the transaction, releasing the lock; resolves once it is released. */
  release(): Promise<void>;
  /**
   * Resolves once the lock is gone: released, or its connection cut. After a cut, wait for this
   * rather than `release()`, which would send the end of the transaction down a closed connection.
   */
  readonly ended: Promise<void>;
}

/** The `application_name` of the admin's own connections. */
const ADMIN = 'reliability-admin';

/**
 * Opens an admin connection for `databaseUrl`. The outage statements run from the server's
 * `postgres` database, so that they work while the scenario's database refuses connections.
 */
export function openDatabaseAdmin(databaseUrl: string): DatabaseAdmin {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const serverUrl = new URL(databaseUrl);
  serverUrl.pathname = '/postgres';
  const options = { max: 1, onnotice: () => {}, connection: { application_name: ADMIN } } as const;
  const data = postgres(databaseUrl, options);
  // Its own connection: the lock's transaction stays open while `data` reads.
  const locker = postgres(databaseUrl, options);
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
    async holdArticleLock(id) {
      let held = (): void => {};
      let release = (): void => {};
      const locked = new Promise<void>((resolve) => {
        held = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const transaction = locker.begin(async (tx) => {
        const rows = await tx`SELECT id FROM articles WHERE id = ${id} FOR UPDATE`;
        if (rows.length !== 1) throw new Error(`no article ${id} to lock`);
        held();
        await released;
      });
      // A failure before the lock is held rejects here; one after (the connection cut) is the
      // lock's end, which `release()` waits for.
      await Promise.race([locked, transaction]);
      const ended = transaction.then(
        () => {},
        () => {},
      );
      return {
        async release() {
          release();
          await ended;
        },
        ended,
      };
    },
    async lockWaiters(applicationName) {
      const [row] = await server<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = ${name} AND application_name = ${applicationName} AND wait_event_type = 'Lock'`;
      return row?.waiting ?? 0;
    },
    async cutConnections() {
      // The data and lock connections are among those cut; postgres.js reconnects them when next used.
      await server`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`;
      // One statement: each backend's wait is as the view showed it just before its termination.
      const instances = await server<{ waiting: boolean }[]>`
        SELECT pg_terminate_backend(pid, 5000), wait_event_type = 'Lock' AS waiting FROM pg_stat_activity
        WHERE datname = ${name} AND pid <> pg_backend_pid() AND application_name <> ${ADMIN}`;
      const own = await server`
        SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
        WHERE datname = ${name} AND pid <> pg_backend_pid()`;
      return {
        cut: instances.length + own.length,
        waitingOnLock: instances.filter((row) => row.waiting).length,
      };
    },
    async allowConnections() {
      await server`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`;
    },
    async serverVersion() {
      const [row] = await server<{ version: string }[]>`SELECT version()`;
      return row!.version;
    },
    async close() {
      await Promise.all([data.end({ timeout: 5 }), locker.end({ timeout: 5 }), server.end({ timeout: 5 })]);
    },
  };
}
