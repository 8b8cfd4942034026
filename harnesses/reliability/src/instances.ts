/**
 * `startInstances`: real app processes on their own ports, each killable with any signal and
 * restartable on the same port with the same environment.
 *
 * @module
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { findFreePort } from '@precond/throwaway-postgres';
import type { AppDefinition } from './apps.js';

/** One process to start. */
export interface InstanceSpec {
  readonly app: AppDefinition;
  /**
   * Its configuration, on top of a clean copy of this process's environment: `DATABASE_URL`, or
   * `DATA_DIR` for PGlite, `DATABASE_POOL_SIZE`… `PORT` and `HOST` are set by the launcher.
   */
  readonly env: Readonly<Record<string, string>>;
}

/** A running (or killed) app process. */
export interface Instance {
  /** The app's name, with a number when one app runs twice: `koa`, `koa#2`. */
  readonly name: string;
  readonly app: AppDefinition;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** Whether the process is alive. */
  readonly running: boolean;
  /**
   * Sends `signal` to the process and every process it started (its process group: `next start`
   * runs behind a launcher), and resolves once the launched process has exited.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port with the same environment; resolves with the ms until it served. */
  restart(): Promise<number>;
  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  stop(): Promise<void>;
  /** The last few kilobytes it wrote to stdout and stderr, for failure messages. */
  output(): string;
}

/** How long an app may take to serve its first request: Next's first route compile included. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 16_384;

/**
 * Variables of the test runner that must not reach an app: vitest sets `NODE_ENV=test`, which Next
 * refuses to run a production build under, and the database settings of the caller's own shell.
 */
const INHERITED_EXCLUDED = /^(NODE_ENV|VITEST.*|TEST|PORT|HOST|DATABASE_.*|DATA_DIR)$/;

/** Every process group started here, so that a test run that dies still takes them along. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function cleanEnvironment(overrides: Readonly<Record<string, string>>, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!INHERITED_EXCLUDED.test(name)) env[name] = value;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...overrides, PORT: String(port), HOST: '127.0.0.1' };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntilServing(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited with ${child.exitCode ?? child.signalCode} before serving:\n${output()}`);
    }
    const status = await fetch(`${baseUrl}/api/articles`, { signal: AbortSignal.timeout(5_000) }).then(
      async (res) => {
        await res.arrayBuffer();
        return res.status;
      },
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${baseUrl} did not serve within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function launch(spec: InstanceSpec, name: string, port: number): Promise<Instance> {
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = '';
  const output = () => log;

  async function start(): Promise<number> {
    const startedAt = performance.now();
    log = '';
    // Its own process group (`detached`), so that a kill reaches whatever it starts in turn.
    const started = spawn(process.execPath, [spec.app.entry], {
      cwd: spec.app.directory,
      env: cleanEnvironment(spec.env, port),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child = started;
    const append = (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    started.stdout?.on('data', append);
    started.stderr?.on('data', append);
    if (started.pid !== undefined) liveGroups.add(started.pid);
    started.once('exit', () => {
      if (started.pid !== undefined) liveGroups.delete(started.pid);
    });
    try {
      await waitUntilServing(baseUrl, started, output);
    } catch (error) {
      await signalGroup(started, 'SIGKILL');
      throw new Error(`${name} on port ${port}: ${(error as Error).message}`, { cause: error });
    }
    return performance.now() - startedAt;
  }

  async function signalGroup(target: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (target.pid === undefined) return;
    try {
      process.kill(-target.pid, signal);
    } catch {
      // the group is gone already
    }
    if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT') await exited(target);
  }

  await start();
  return {
    name,
    app: spec.app,
    port,
    baseUrl,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill: (signal = 'SIGKILL') => (child ? signalGroup(child, signal) : Promise.resolve()),
    async restart() {
      if (child && child.exitCode === null && child.signalCode === null) {
        throw new Error(`${name} is still running; kill it first`);
      }
      return start();
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const running = child;
      const timer = setTimeout(() => void signalGroup(running, 'SIGKILL'), STOP_TIMEOUT_MS);
      try {
        await signalGroup(running, 'SIGTERM');
      } finally {
        clearTimeout(timer);
      }
      // The launcher has exited; make sure nothing it started lingers.
      await signalGroup(running, 'SIGKILL');
    },
    output,
  };
}

/**
 * Starts one process per spec, all at the same moment (so their migrations race too), each on a
 * free port of 127.0.0.1, and resolves once every one answers `GET /api/articles` with 200.
 *
 * @throws Error with the app's output when one exits or does not serve within 60 s; the others
 * are stopped.
 */
export async function startInstances(specs: readonly InstanceSpec[]): Promise<Instance[]> {
  const seen = new Map<string, number>();
  const named = specs.map((spec) => {
    const count = (seen.get(spec.app.name) ?? 0) + 1;
    seen.set(spec.app.name, count);
    return { spec, name: count === 1 ? spec.app.name : `${spec.app.name}#${count}` };
  });
  const ports = new Set<number>();
  for (const _ of named) {
    let port = await findFreePort();
    while (ports.has(port)) port = await findFreePort();
    ports.add(port);
  }
  const portList = [...ports];
  const settled = await Promise.allSettled(
    named.map(({ spec, name }, index) => launch(spec, name, portList[index]!)),
  );
  const started = settled.flatMap((each) => (each.status === 'fulfilled' ? [each.value] : []));
  const failure = settled.find((each) => each.status === 'rejected');
  if (failure) {
    await stopInstances(started);
    throw failure.reason;
  }
  return started;
}

/** Stops every instance (see {@link Instance.stop}). */
export async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map((instance) => instance.stop()));
}
