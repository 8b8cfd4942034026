/**
 * Each server under test runs in a process of its own, started here and stopped by its PID, so that
 * the load generator (this process) never shares an event loop with it.
 *
 * @module
 */

import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** Which body a route serves: a constant JSON document, or one rendered from data on each request. */
export type BodyName = 'json-1k' | 'json-100k' | 'rendered-100k';

export type ServerSpec =
  | {
      readonly framework: 'koa' | 'hapi' | 'next' | 'express' | 'fastify' | 'hono';
      readonly variant: string;
      readonly body: BodyName;
    }
  | { readonly framework: 'app-koa' | 'bare-write-koa'; readonly databaseUrl?: string | undefined };

/** What a server process says over IPC. */
export type ServerMessage = { type: 'listening'; port: number } | { type: 'cpu'; micros: number };

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  /** The server process's user + system CPU time so far. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL('./server.js', import.meta.url));

/** `BENCH_SERVER_NODE_OPTIONS`, e.g. `--cpu-prof --cpu-prof-dir=prof`, to profile the servers. */
const serverFlags = process.env.BENCH_SERVER_NODE_OPTIONS?.split(/\s+/).filter(Boolean) ?? [];

/**
 * How a server process is started: by default node with `BENCH_SERVER_NODE_OPTIONS`; or node under
 * a tool that runs its command line (valgrind), which then takes node's path as its first argument.
 */
export interface Launch {
  readonly execPath: string;
  /** Everything before the server's entry: the tool's flags, node's path and node's flags. */
  readonly execArgv: readonly string[];
  /** How long the server may take to listen before it is killed and the start fails. */
  readonly startTimeoutMs: number;
}

const nodeLaunch: Launch = { execPath: process.execPath, execArgv: serverFlags, startTimeoutMs: 60_000 };

function nextMessage<T extends ServerMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs?: number,
): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== type) return;
      cleanUp();
      resolve(message as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`server process exited (${code}) before it said ${type}`));
    };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            cleanUp();
            reject(new Error(`server process did not say ${type} within ${timeoutMs / 1000} s`));
          }, timeoutMs);
    const cleanUp = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export async function startServer(spec: ServerSpec, launch: Launch = nodeLaunch): Promise<RunningServer> {
  const child = fork(entry, [JSON.stringify(spec)], {
    execPath: launch.execPath,
    execArgv: [...launch.execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let port: number;
  try {
    ({ port } = await nextMessage(child, 'listening', launch.startTimeoutMs));
  } catch (error) {
    // A server that never listened is still a process: it must not outlive the run.
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    async cpuMicros() {
      const reply = nextMessage(child, 'cpu');
      child.send({ type: 'cpu' });
      return (await reply).micros;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts several servers, and stops them all however the work with them ends. */
export async function withServers<T>(
  specs: Readonly<Record<string, ServerSpec>>,
  work: (servers: Record<string, RunningServer>) => Promise<T>,
): Promise<T> {
  const servers: Record<string, RunningServer> = {};
  try {
    for (const [name, spec] of Object.entries(specs)) servers[name] = await startServer(spec);
    return await work(servers);
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}
