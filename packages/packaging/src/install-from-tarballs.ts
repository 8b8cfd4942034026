import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PUBLISHED_PACKAGES } from './published-packages.js';

const run = promisify(execFile);

/** A fresh npm project outside the workspace with every published package installed from its tarball. */
export interface InstalledProject {
  readonly dir: string;
  /** Runs a command in the project; rejects on a non-zero exit. */
  exec(
    command: string,
    args: readonly string[],
    env?: NodeJS.ProcessEnv,
  ): Promise<{ stdout: string; stderr: string }>;
}

/**
 * Builds and packs each package with pnpm (which rewrites `workspace:*` to real versions), then
 * `npm install`s the tarballs plus `extraDependencies` into a new folder under the OS temp dir.
 */
export async function installFromTarballs(
  extraDependencies: Record<string, string>,
): Promise<InstalledProject> {
  const tarballs = mkdtempSync(join(tmpdir(), 'precond-tarballs-'));
  for (const { dir } of PUBLISHED_PACKAGES) {
    await run('pnpm', ['run', 'build'], { cwd: dir });
    await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
  }
  const dir = mkdtempSync(join(tmpdir(), 'precond-consumer-'));
  const dependencies: Record<string, string> = { ...extraDependencies };
  for (const file of readdirSync(tarballs)) {
    const name = PUBLISHED_PACKAGES.find((pkg) => file.startsWith(pkg.name.slice(1).replace('/', '-')))?.name;
    if (name) dependencies[name] = `file:${join(tarballs, file)}`;
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }),
  );
  const exec = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) =>
    run(command, [...args], {
      cwd: dir,
      env: { ...env, npm_config_loglevel: 'error' },
      maxBuffer: 16 * 1024 * 1024,
    });
  await exec('npm', ['install', '--no-audit', '--no-fund']);
  return { dir, exec };
}
