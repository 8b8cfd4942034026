/**
 * HTTP load from this process with autocannon, against a server in another process: fixed
 * connections, fixed duration, no pipelining. Every response must have the expected status, or
 * the figure would be about something else.
 *
 * @module
 */

import autocannon from 'autocannon';
import {
  type Alternated,
  type AlternationSettings,
  type Measurement,
  measureAlternately,
} from './alternate.js';
import type { RunningServer } from './server-process.js';

export interface HttpLoad {
  readonly server: RunningServer;
  readonly path: string;
  readonly method?: 'GET' | 'PATCH' | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  readonly connections: number;
  /** The status every response must have; a list when several are right (200 or 412 for a write). */
  readonly expect: number | readonly number[];
  /** autocannon's per-request hooks, for requests that depend on earlier responses. */
  readonly requests?: autocannon.Request[] | undefined;
}

export interface HttpMeasurement extends Measurement {
  readonly statuses: Readonly<Record<string, number>>;
  /** The server process's CPU time over the wall time: near 1 means the server was the bottleneck. */
  readonly serverBusy: number;
  /** The server's CPU time per response, in microseconds. */
  readonly serverMicrosPerRequest: number;
}

export async function runLoad(load: HttpLoad, seconds: number): Promise<HttpMeasurement> {
  const cpuBefore = await load.server.cpuMicros();
  const started = performance.now();
  const result = await autocannon({
    url: `${load.server.url}${load.path}`,
    method: load.method ?? 'GET',
    headers: { ...load.headers },
    ...(load.body === undefined ? {} : { body: load.body }),
    ...(load.requests === undefined ? {} : { requests: load.requests }),
    connections: load.connections,
    pipelining: 1,
    duration: seconds,
    timeout: 30,
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = (await load.server.cpuMicros()) - cpuBefore;
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {}))
    statuses[status] = count ?? 0;
  const count = result.requests.total;
  const expected = typeof load.expect === 'number' ? [load.expect] : load.expect;
  const right = expected.reduce((sum, status) => sum + (statuses[String(status)] ?? 0), 0);
  if (count === 0 || right < count || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${load.method ?? 'GET'} ${load.server.url}${load.path}: expected ${expected.join(' or ')}, got ` +
        `${JSON.stringify(statuses)} with ${result.errors} errors and ${result.timeouts} timeouts`,
    );
  }
  return {
    count,
    seconds: result.duration,
    statuses,
    serverBusy: cpu / 1e6 / wall,
    serverMicrosPerRequest: cpu / count,
  };
}

/** The server's CPU time per response over all rounds, in microseconds. */
export function cpuPerRequest(rounds: readonly HttpMeasurement[]): number {
  const micros = rounds.reduce((sum, r) => sum + r.serverMicrosPerRequest * r.count, 0);
  return micros / rounds.reduce((sum, r) => sum + r.count, 0);
}

/** How busy the server's core was, on average over the rounds. */
export function serverBusy(rounds: readonly HttpMeasurement[]): number {
  return rounds.reduce((sum, r) => sum + r.serverBusy, 0) / rounds.length;
}

/**
 * `GET /resource` on each named server, measured alternately (see alternate.ts), each request with
 * the headers given for its server, every response with the expected status.
 */
export function loadAlternately(
  servers: Readonly<Record<string, RunningServer>>,
  names: readonly string[],
  headersFor: (name: string) => Record<string, string>,
  expect: number,
  settings: AlternationSettings & { readonly connections: number },
): Promise<Alternated<HttpMeasurement>[]> {
  return measureAlternately(
    names.map((name) => ({
      name,
      measure: (seconds: number) =>
        runLoad(
          {
            server: servers[name]!,
            path: '/resource',
            headers: headersFor(name),
            connections: settings.connections,
            expect,
          },
          seconds,
        ),
    })),
    settings,
  );
}
