/**
 * `startServerProcess`: an app's production server as a process of its own, for a contract target
 * whose framework serves from a build (Next.js), the way `pnpm start` runs it.
 *
 * @module
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { RunningServer } from './define-contract.js';

/** A port free on 127.0.0.1 at the moment of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once `child` has exited, or after `ms` with `false`. */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Kills the launcher and `next start` under it: they share a process group of their own. */
function killAll(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Polls until `url` answers at all; a 404 problem body is an answer. */
async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    const answered = await fetch(url).then(
      async (res) => {
        await res.arrayBuffer();
        return true;
      },
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 60 s:\n${output()}`);
}

/** An app's start script, run as a process of its own. */
export interface ServerProcess {
  /** The app's folder. */
  readonly cwd: string;
  /** Arguments to `node`, such as `['scripts/start.mjs']`. */
  readonly args: readonly string[];
  /** Added to the environment (`DATA_DIR`, `DATABASE_URL`); `PORT` and `HOST` are chosen here. */
  readonly env: Readonly<Record<string, string>>;
  /** A path that answers once the app serves (any status counts). */
  readonly readyPath: string;
}

/**
 * Starts an app's server as a process on a free port, with `env` added to this process's
 * environment, from which the database variables are dropped first: a `DATABASE_URL` set for the
 * test run must not turn a PGlite target into a PostgreSQL one. `close()` stops it with SIGTERM and
 * waits for it to exit (for 15 s, then kills it and its children).
 */
export async function startServerProcess(target: ServerProcess): Promise<RunningServer> {
  const port = await freePort();
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, [...target.args], {
    cwd: target.cwd,
    env: { ...inherited, ...target.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a launcher that does not stop can be killed with its child.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(`${baseUrl}${target.readyPath}`, child, () => output);
  } catch (error) {
    killAll(child);
    throw error;
  }
  return {
    baseUrl,
    async close() {
      child.kill('SIGTERM');
      if (!(await exited(child, 15_000))) killAll(child);
    },
  };
}
