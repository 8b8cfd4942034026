// vitest's global setup: build and pack @precond/core and @precond/fetch once (pnpm pack rewrites
// `workspace:*`), so that each runtime installs what npm would serve.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** The tarballs of @precond/core and @precond/fetch, by package name. */
    tarballs: Record<string, string>;
  }
}

const PACKED = ['core', 'fetch'] as const;

export default async function setup(project: TestProject): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'precond-runtime-tarballs-'));
  const tarballs: Record<string, string> = {};
  for (const name of PACKED) {
    const dir = fileURLToPath(new URL(`../../../packages/${name}`, import.meta.url));
    await run('pnpm', ['run', 'build'], { cwd: dir });
    const destination = join(folder, name);
    await run('pnpm', ['pack', '--pack-destination', destination], { cwd: dir });
    const [file] = readdirSync(destination);
    if (!file) throw new Error(`pnpm pack wrote no tarball for @precond/${name}`);
    tarballs[`@precond/${name}`] = join(destination, file);
  }
  project.provide('tarballs', tarballs);
  return () => rmSync(folder, { recursive: true, force: true });
}
