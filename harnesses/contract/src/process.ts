/**
 * `defineProcessContract`: how every sample app runs as a process — the environment it honours
 * (`PORT`, `HOST`, `DATA_DIR`) and a clean stop on SIGTERM, with the data still there after a restart.
 *
 * @module
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './server-process.js';

/** How to launch an app's production entry point. */
export interface ProcessTarget {
  /** The name of the `describe` block, such as `koa`. */
  readonly name: string;
  /** The executable, usually `process.execPath`. */
  readonly command: string;
  readonly args: readonly string[];
  /** The app's folder. */
  readonly cwd: string;
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before serving`);
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Registers a test that runs the app as a process, as `pnpm --filter ./apps/<name> start` would. */
export function defineProcessContract(target: ProcessTarget): void {
  describe(`${target.name} as a process`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), `precond-${target.name}-process-`));
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function launch(port: number): Promise<{ child: ChildProcess; base: string }> {
      // The embedded database: a DATABASE_URL from the caller's environment must not leak in.
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
      };
      delete env.DATABASE_URL;
      const child = spawn(target.command, [...target.args], { cwd: target.cwd, env, stdio: 'ignore' });
      children.push(child);
      const base = `http://127.0.0.1:${port}`;
      await waitUntilServing(`${base}/api/articles`, child);
      return { child, base };
    }

    it('listens on PORT and HOST, keeps its data under DATA_DIR, and exits 0 on SIGTERM', async () => {
      const port = await freePort();
      const first = await launch(port);
      const created = await fetch(`${first.base}/api/articles`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Survives a restart', body: 'Stored under DATA_DIR.' }),
      });
      expect(created.status).toBe(201);
      const location = created.headers.get('location') as string;
      const etag = created.headers.get('etag');
      first.child.kill('SIGTERM');
      expect(await exitCode(first.child)).toBe(0);
      expect(readdirSync(dataDir).length).toBeGreaterThan(0);

      const second = await launch(port);
      const read = await fetch(new URL(location, second.base));
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe(etag);
      expect(await read.json()).toMatchObject({ title: 'Survives a restart' });
      second.child.kill('SIGTERM');
      expect(await exitCode(second.child)).toBe(0);
    });
  });
}
