/**
 * Instructions per request of a server process, counted by valgrind's callgrind: the server runs
 * under callgrind with instrumentation off, is warmed up, then counted over a fixed number of
 * requests only. A count does not depend on how busy the machine is, so it resolves differences far
 * below what a CPU-time figure on a shared machine can (a few percent, where time swings by tens).
 *
 * @module
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Answer, exchange } from './exchange.js';
import { type RunningServer, type ServerSpec, startServer } from './server-process.js';

const run = promisify(execFile);

/** Which response is counted: a 200 to a plain GET, or a 304 to one that sends the ETag back. */
export type CountedPath = 200 | 304;

export interface InstructionRun {
  /** Requests counted, after the warm-up. */
  readonly requests: number;
  /** Requests before counting starts, so that the JIT has compiled the hot path. */
  readonly warmup: number;
}

export interface InstructionCount {
  /** Instructions the whole server process executed while the counted requests were served. */
  readonly instructions: number;
  readonly requests: number;
}

/**
 * Requests in flight at once: one, so that every request is parsed, answered and written alone.
 * With four, how many requests one socket read brings and one write carries differs from run to
 * run, and a count with them by ±2 %; with one, by about ±0.3 %.
 */
const IN_FLIGHT = 1;
/** Bounds on a process that runs some 50 times slower than natively (a cold `next` import, say). */
const START_TIMEOUT_MS = 300_000;
const CONTROL_TIMEOUT_MS = 60_000;

let toolsChecked: Promise<void> | undefined;

/** Fails with what to install when valgrind or callgrind_control is not on the PATH. */
export function checkCallgrind(): Promise<void> {
  toolsChecked ??= (async () => {
    for (const tool of ['valgrind', 'callgrind_control']) {
      try {
        await run(tool, ['--version'], { timeout: CONTROL_TIMEOUT_MS });
      } catch (error) {
        throw new Error(
          `${tool} is needed to count instructions and could not be run (${(error as Error).message}); ` +
            'install it with `apt-get install -y valgrind`',
        );
      }
    }
  })();
  return toolsChecked;
}

async function control(pid: number, ...args: string[]): Promise<void> {
  await run('callgrind_control', [...args, String(pid)], { timeout: CONTROL_TIMEOUT_MS });
}

function get(url: string, agent: Agent, headers: Readonly<Record<string, string>>): Promise<Answer> {
  return exchange(url, agent, 'GET', '/resource', headers);
}

/** Sends `count` requests, IN_FLIGHT at a time; every answer must have the expected status. */
async function send(
  url: string,
  agent: Agent,
  count: number,
  headers: Readonly<Record<string, string>>,
  expect: CountedPath,
): Promise<void> {
  const statuses: Record<number, number> = {};
  let next = 0;
  const client = async () => {
    while (next < count) {
      next++;
      const { status } = await get(url, agent, headers);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, client));
  if (statuses[expect] !== count) {
    throw new Error(`GET ${url}/resource: expected ${count} × ${expect}, got ${JSON.stringify(statuses)}`);
  }
}

/**
 * What a counted server is asked: `prepare` runs once the server listens (it may send requests of
 * its own), and the `send` it returns answers for `count` requests of the kind counted, failing
 * unless every answer is the one expected. The same `send` serves the warm-up and the count.
 */
export interface CountedWorkload {
  /** Requests in flight at once (keep-alive connections the agent may open). */
  readonly inFlight: number;
  prepare(url: string, agent: Agent): Promise<(count: number) => Promise<void>>;
}

/**
 * `GET /resource` on the 200 or the 304 path. For the 304 path, the request carries
 * `If-None-Match` with the ETag of the server's own first answer.
 */
export function readWorkload(path: CountedPath): CountedWorkload {
  return {
    inFlight: IN_FLIGHT,
    async prepare(url, agent) {
      // A constant 304 (a ceiling) answers even the first, unconditional request with 304 and its ETag.
      const first = await get(url, agent, {});
      if (first.status !== 200 && !(path === 304 && first.status === 304)) {
        throw new Error(`GET ${url}/resource: expected 200, got ${first.status}`);
      }
      if (path === 304 && first.etag === undefined) {
        throw new Error(`GET ${url}/resource: no ETag to send back for the 304 path`);
      }
      const headers: Record<string, string> = path === 304 ? { 'if-none-match': first.etag! } : {};
      return (count) => send(url, agent, count, headers, path);
    },
  };
}

/** Sums the `totals:` lines of callgrind's dumps (`summary:` is 0 when instrumentation is toggled). */
async function readTotals(directory: string): Promise<number> {
  let total = 0;
  for (const file of await readdir(directory)) {
    const match = /^totals:\s+(\d+)/m.exec(await readFile(join(directory, file), 'utf8'));
    if (!match) continue;
    total += Number(match[1]);
  }
  // No totals, or nothing counted: callgrind_control did not reach the process.
  if (total === 0) throw new Error(`callgrind counted nothing in ${directory}`);
  return total;
}

/**
 * Starts the server the spec names under callgrind, warms it up, and counts the instructions it
 * executes while answering `run.requests` requests of `workload`. The server is stopped and
 * callgrind's files removed however the run ends.
 */
export async function countInstructions(
  spec: ServerSpec,
  workload: CountedWorkload,
  { requests, warmup }: InstructionRun,
): Promise<InstructionCount> {
  await checkCallgrind();
  const directory = await mkdtemp(join(tmpdir(), 'precond-callgrind-'));
  const agent = new Agent({ keepAlive: true, maxSockets: workload.inFlight });
  let server: RunningServer | undefined;
  try {
    server = await startServer(spec, {
      execPath: 'valgrind',
      execArgv: [
        '-q',
        '--tool=callgrind',
        '--instr-atstart=no',
        `--callgrind-out-file=${join(directory, 'callgrind.out')}`,
        process.execPath,
        // Without it, V8's compiler and GC threads run beside the server's, and what they do
        // differs from run to run: counts then vary by some 15 %, by about 1 % with it.
        '--single-threaded',
        // V8 otherwise drops the bytecode of functions a few collections have not seen run, and
        // compiles them again when they next do: a storm of compilations at a moment that moves
        // from run to run, which put 10–30 % on one count of a write in three.
        '--no-flush-bytecode',
      ],
      startTimeoutMs: START_TIMEOUT_MS,
    });
    const sendCounted = await workload.prepare(server.url, agent);
    await sendCounted(warmup);
    await control(server.pid, '--instr=on');
    await sendCounted(requests);
    await control(server.pid, '--instr=off');
    await control(server.pid, '--dump');
    return { instructions: await readTotals(directory), requests };
  } finally {
    agent.destroy();
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
