import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const run = promisify(execFile);

/** A fresh npm project outside the workspace with published packages installed from their tarballs. */
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
 * `npm install`s the tarballs of `packages` (packed once by the global setup) plus
 * `extraDependencies` into a new folder under the OS temp dir.
 */
export async function installFromTarballs(
  packages: readonly string[],
  extraDependencies: Record<string, string>,
): Promise<InstalledProject> {
  const tarballs = inject('tarballs');
  const dir = mkdtempSync(join(tmpdir(), 'precond-consumer-'));
  const dependencies: Record<string, string> = { ...extraDependencies };
  for (const name of packages) dependencies[name] = `file:${tarballs[name]}`;
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

/** Starts `node file` in `cwd`; resolves with the base URL once the server prints its port. */
export function startServer(file: string, cwd: string, servers: ReturnType<typeof spawn>[]): Promise<string> {
  const child = spawn(process.execPath, [file], { cwd });
  servers.push(child);
  return new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /PORT=(\d+)/.exec(chunk.toString())?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

/** `tsc --noEmit` over `files` in the project, strict and NodeNext; the errors it prints, in our code. */
export async function typeErrors(
  exec: (command: string, args: readonly string[]) => Promise<{ stdout: string }>,
  files: readonly string[],
): Promise<string[]> {
  const output = await exec('npx', [
    'tsc',
    '--noEmit',
    '--strict',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--jsx',
    'preserve',
    '--skipLibCheck',
    'false',
    ...files,
  ]).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? 'tsc failed without output',
  );
  // Third-party declarations (Next's compiled ones, hapi's) have errors of their own under
  // skipLibCheck: false; only ours and the consumer file must be clean.
  return output
    .split('\n')
    .filter(
      (line) =>
        /error TS/.test(line) &&
        !(line.startsWith('node_modules/') && !line.startsWith('node_modules/@precond/')),
    );
}
