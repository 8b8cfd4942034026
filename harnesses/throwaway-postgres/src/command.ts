/**
 * Running the PostgreSQL programs, as the `postgres` user when this process is root.
 *
 * @module
 */

import { spawn } from 'node:child_process';

/** The server refuses to run as root, so root hands its programs to this user. */
const SERVER_USER = 'postgres';

/** How long any one program may run before it is killed: a broken setup fails, never hangs. */
const COMMAND_TIMEOUT_MS = 60_000;

/** Options for {@link runCommand}. */
export interface RunCommandOptions {
  /** Run as the `postgres` user (through `runuser`) when this process is root. */
  readonly asServerUser?: boolean;
  readonly cwd?: string;
}

/** Whether this process runs as root, where the server programs must be handed to another user. */
export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Runs a program to completion and resolves with its standard output; rejects with its output
 * when it exits non-zero, fails to start, or outlives {@link COMMAND_TIMEOUT_MS}.
 */
export function runCommand(
  program: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<string> {
  const [command, commandArgs] =
    options.asServerUser && runsAsRoot()
      ? ['runuser', ['-u', SERVER_USER, '--', program, ...args]]
      : [program, [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: COMMAND_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      reject(new Error(`could not run ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      const output = `${stdout}${stderr}`.trim();
      reject(new Error(`${[command, ...commandArgs].join(' ')} ${how}${output ? `:\n${output}` : ''}`));
    });
  });
}

/** The numeric user and group ids of the `postgres` user, which must own the data directory. */
export async function serverUserIds(): Promise<{ uid: number; gid: number }> {
  try {
    const uid = Number((await runCommand('id', ['-u', SERVER_USER])).trim());
    const gid = Number((await runCommand('id', ['-g', SERVER_USER])).trim());
    return { uid, gid };
  } catch (error) {
    throw new Error(
      `There is no "${SERVER_USER}" user to run PostgreSQL as (this process is root, which the server refuses). ` +
        'Install PostgreSQL with `apt-get install -y postgresql`, which creates it.',
      { cause: error },
    );
  }
}
