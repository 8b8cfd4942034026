// vitest's global setup: build and pack every published package once, for every test file of the run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { PUBLISHED_PACKAGES } from './published-packages.js';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** Each published package's tarball (`pnpm pack`, so `workspace:*` is already rewritten), by name. */
    tarballs: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'precond-tarballs-'));
  const tarballs: Record<string, string> = {};
  // One package at a time: they are small, and two cores are shared with other suites.
  for (const { name, dir } of PUBLISHED_PACKAGES) {
    await run('pnpm', ['run', 'build'], { cwd: dir });
    const destination = join(folder, name.replace('/', '+'));
    await run('pnpm', ['pack', '--pack-destination', destination], { cwd: dir });
    const [file] = readdirSync(destination);
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    tarballs[name] = join(destination, file);
  }
  project.provide('tarballs', tarballs);
  return () => rmSync(folder, { recursive: true, force: true });
}
