/**
 * Serving the production build (`.next`, made by `next build` before the tests) the way
 * `pnpm start` does, for the tests: `scripts/start.mjs` on a free port.
 *
 * @module
 */

import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@precond/contract';

const APP = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
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
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
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

/**
 * Starts the production server with `env` (`DATA_DIR`, `DATABASE_URL`) added to this process's
 * environment, from which the database variables are dropped first: a `DATABASE_URL` set for the
 * test run must not turn the PGlite target into a PostgreSQL one. `close()` stops it with SIGTERM and waits for it to exit (for 15 s, then kills it).
 */
export async function startProductionServer(env: Readonly<Record<string, string>>): Promise<RunningServer> {
  const port = await freePort();
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: APP,
    env: { ...inherited, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a launcher that does not stop can be killed with its child.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(`${baseUrl}/api`, child, () => output);
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
