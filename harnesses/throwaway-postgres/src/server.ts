/**
 * A PostgreSQL server of its own for a test run: initdb into a temporary directory, start on a
 * free port, stop and delete everything afterwards.
 *
 * @module
 */

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindPostgresBinDirOptions } from './binaries.js';
import { findPostgresBinDir } from './binaries.js';
import { runCommand, runsAsRoot, serverUserIds } from './command.js';
import { freshDatabaseUrl } from './databases.js';
import { findFreePort } from './free-port.js';

/** A running throwaway server. */
export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: superuser, no password (trust). */
  readonly url: string;
  readonly port: number;
  /** The temporary directory holding the cluster (`data/`), its log and its Unix socket. */
  readonly directory: string;
  /** Creates a database with a fresh random name on this server and resolves with its URL. */
  freshDatabaseUrl(prefix?: string): Promise<string>;
  /** Stops the server at once (`pg_ctl -m immediate`) and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/** Options for {@link startThrowawayPostgres}. */
export type StartThrowawayPostgresOptions = Pick<FindPostgresBinDirOptions, 'binDir'>;

/** Another process may take the free port before the server binds it; then try another. */
const START_ATTEMPTS = 3;

/**
 * Server settings for a disposable cluster: reachable only on loopback, its socket inside its own
 * directory (not the system's `/var/run/postgresql`), and durability traded for speed.
 */
function serverOptions(port: number, directory: string): string {
  // pg_ctl hands this string to /bin/sh, hence the single quotes around the path.
  return [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories='${directory}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
}

/**
 * Starts a fresh PostgreSQL server from the installed binaries (see {@link findPostgresBinDir}):
 * `initdb -U postgres --auth=trust` into a new temporary directory, then `pg_ctl -w start` on a
 * free TCP port of 127.0.0.1. When this process is root, the directory is handed to the
 * `postgres` user and the programs run as that user (`runuser`), since the server refuses root.
 *
 * If the process exits without calling `stop()`, an exit hook still stops the server.
 *
 * @throws Error naming `apt-get install -y postgresql` when PostgreSQL is not installed.
 *
 * @example
 * ```ts
 * const server = await startThrowawayPostgres();
 * const url = await server.freshDatabaseUrl();
 * // … connect to url …
 * await server.stop();
 * ```
 */
export async function startThrowawayPostgres(
  options: StartThrowawayPostgresOptions = {},
): Promise<ThrowawayPostgres> {
  const binDir = await findPostgresBinDir(options);
  const owner = runsAsRoot() ? await serverUserIds() : undefined;
  const directory = await mkdtemp(join(tmpdir(), 'throwaway-postgres-'));
  const dataDir = join(directory, 'data');
  const logFile = join(directory, 'server.log');
  const pgCtl = join(binDir, 'pg_ctl');
  const run = (program: string, args: readonly string[]) =>
    runCommand(program, args, { asServerUser: true, cwd: directory });

  let port: number;
  try {
    if (owner) await chown(directory, owner.uid, owner.gid);
    await run(join(binDir, 'initdb'), [
      `--pgdata=${dataDir}`,
      '--username=postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    port = await startOnFreePort(async (candidate) => {
      await run(pgCtl, [
        `--pgdata=${dataDir}`,
        `--log=${logFile}`,
        '--wait',
        '--timeout=60',
        `--options=${serverOptions(candidate, directory)}`,
        'start',
      ]);
    }, logFile);
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  const stopArgs = [`--pgdata=${dataDir}`, '--mode=immediate', '--wait', 'stop'];
  // A test process that dies before `stop()` must not leave a server behind.
  const stopOnExit = () => {
    const [command, args] = runsAsRoot()
      ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...stopArgs]]
      : [pgCtl, stopArgs];
    spawnSync(command, args, { cwd: '/', stdio: 'ignore', timeout: 10_000 });
    rmSync(directory, { recursive: true, force: true });
  };
  process.on('exit', stopOnExit);

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    directory,
    freshDatabaseUrl: (prefix) => freshDatabaseUrl(url, prefix),
    stop() {
      stopping ??= (async () => {
        process.off('exit', stopOnExit);
        try {
          await run(pgCtl, stopArgs);
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}

async function startOnFreePort(start: (port: number) => Promise<void>, logFile: string): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    try {
      await start(port);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  const log = await readFile(logFile, 'utf8').catch(() => '');
  throw new Error(`PostgreSQL did not start after ${START_ATTEMPTS} attempts.\n${log.slice(-4000)}`, {
    cause: lastError,
  });
}
