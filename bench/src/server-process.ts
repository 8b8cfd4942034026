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

function nextMessage<T extends ServerMessage['type']>(
  child: ChildProcess,
  type: T,
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
    const cleanUp = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const child = fork(entry, [JSON.stringify(spec)], {
    execArgv: serverFlags,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await nextMessage(child, 'listening');
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
