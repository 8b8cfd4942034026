/**
 * 5. The write path: conditional PATCH through the Koa sample app (apps/koa: @precond/koa
 * validator-first, then the domain's compare-and-set) on PGlite and on PostgreSQL, uncontended and
 * with every writer on one row, beside the ceiling: the same compare-and-set issued straight
 * through the driver by as many writers.
 *
 * @module
 */

import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startThrowawayPostgres } from '@precond/throwaway-postgres';
import type autocannon from 'autocannon';
import { type Contender, type Measurement, measureAlternately, pick, ratioOf } from '../alternate.js';
import { milliseconds, percent, perSecond, spread, times } from '../format.js';
import { runLoad } from '../http-load.js';
import { type ChartBar, type Goal, type SectionBody, verdictOf } from '../results.js';
import { type RunningServer, startServer } from '../server-process.js';
import type { BenchSettings } from '../settings.js';
import type { DriverCommand, DriverReply } from '../write-driver.js';

interface WriteMeasurement extends Measurement {
  readonly applied: number;
  readonly latencies: readonly number[];
  /** CPU time per write of the process that issues it: the app server, or the driver process. */
  readonly cpuMicrosPerWrite: number;
}

/** Issue #20: the HTTP path at least 60 % of the driver's rate. */
const GOAL = 0.6;
/** Issue #20: the app within 3 % of the same route hand-written, read as app ÷ hand-written ≥ 1 / 1.03. */
const HAND_WRITTEN_GOAL = 1 / 1.03;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** A writer: one client's view of a row, the tag it last saw. */
interface Writer {
  readonly id: string;
  etag: string;
  sentAt: number;
}

function header(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * HTTP writers: each connection's next PATCH is sent by a free writer with its tag in If-Match; the
 * response (200 with the new ETag, or 412 with the current one) updates that writer's tag.
 */
function httpContender(
  name: string,
  server: RunningServer,
  writers: Writer[],
  connections: number,
): Contender<WriteMeasurement> {
  return {
    name,
    async measure(seconds) {
      const free = [...writers];
      const latencies: number[] = [];
      let applied = 0;
      // autocannon hands setupRequest and onResponse of one request the same context object.
      const writerOf = new WeakMap<object, Writer>();
      const request: autocannon.Request = {
        method: 'PATCH',
        setupRequest: (req, context) => {
          const writer = free.pop();
          if (!writer) throw new Error('more requests in flight than writers');
          writerOf.set(context, writer);
          writer.sentAt = performance.now();
          return {
            ...req,
            path: `/api/articles/${writer.id}`,
            headers: { ...req.headers, 'if-match': writer.etag },
          };
        },
        onResponse: (status, _body, context, headers) => {
          const writer = writerOf.get(context)!;
          latencies.push(performance.now() - writer.sentAt);
          writer.etag = header(headers ?? {}, 'etag') ?? writer.etag;
          if (status === 200) applied++;
          free.push(writer);
        },
      };
      const result = await runLoad(
        {
          server,
          path: '/api/articles',
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ title: 'Edited' }),
          connections,
          expect: [200, 412],
          requests: [request],
        },
        seconds,
      );
      return {
        count: result.count,
        seconds: result.seconds,
        applied,
        latencies,
        cpuMicrosPerWrite: result.serverMicrosPerRequest,
      };
    },
  };
}

function driverContender(driver: ChildProcess, contended: boolean): Contender<WriteMeasurement> {
  return {
    name: 'driver',
    async measure(seconds) {
      const reply = once(driver, 'message') as Promise<[DriverReply]>;
      driver.send({ type: 'run', contended, seconds } satisfies DriverCommand);
      const [message] = await reply;
      if (message.type !== 'ran') throw new Error('the driver did not run');
      return message;
    },
  };
}

async function createRows(server: RunningServer, count: number): Promise<{ id: string; etag: string }[]> {
  const rows: { id: string; etag: string }[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${server.url}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'A draft', body: 'Written by the benchmark.', views: 0 }),
    });
    const { id } = (await response.json()) as { id: string };
    const etag = response.headers.get('etag');
    if (response.status !== 201 || !etag) throw new Error(`POST /api/articles: ${response.status}`);
    rows.push({ id, etag });
  }
  return rows;
}

async function startDriver(databaseUrl: string | undefined, writers: number): Promise<ChildProcess> {
  const driver = fork(fileURLToPath(new URL('../write-driver.js', import.meta.url)), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const opened = once(driver, 'message');
  driver.send({ type: 'open', databaseUrl, writers } satisfies DriverCommand);
  await opened;
  return driver;
}

async function stopDriver(driver: ChildProcess): Promise<void> {
  if (driver.exitCode !== null) return;
  const exited = once(driver, 'exit');
  driver.disconnect();
  const timer = setTimeout(() => process.kill(driver.pid!, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Line {
  readonly database: string;
  readonly contended: boolean;
  readonly http: Summary;
  /** The same route hand-written without precond. */
  readonly bare: Summary;
  readonly driver: Summary;
  /** HTTP ÷ driver. */
  readonly ratio: number;
  readonly roundRatios: readonly number[];
  /** HTTP ÷ the hand-written route: what precond costs on the write path. */
  readonly bareRatio: number;
  readonly bareRoundRatios: readonly number[];
  /** The hand-written route ÷ driver: what HTTP and the framework cost. */
  readonly bareDriverRatio: number;
}

interface Summary {
  readonly rate: number;
  readonly applied: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMicrosPerWrite: number;
}

function summary(rounds: readonly WriteMeasurement[]): Summary {
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const count = rounds.reduce((sum, r) => sum + r.count, 0);
  const sorted = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    rate: count / seconds,
    applied: rounds.reduce((sum, r) => sum + r.applied, 0) / seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    cpuMicrosPerWrite: rounds.reduce((sum, r) => sum + r.cpuMicrosPerWrite * r.count, 0) / count,
  };
}

function writersFor(rows: readonly { id: string; etag: string }[], contended: boolean): Writer[] {
  const shared = rows[rows.length - 1]!;
  return rows.slice(0, -1).map((row) => ({
    id: contended ? shared.id : row.id,
    etag: contended ? shared.etag : row.etag,
    sentAt: 0,
  }));
}

async function measureDatabase(
  database: string,
  databaseUrls: { http?: string | undefined; bare?: string | undefined; driver?: string | undefined },
  settings: BenchSettings,
): Promise<Line[]> {
  const server = await startServer({ framework: 'app-koa', databaseUrl: databaseUrls.http });
  const bareServer = await startServer({ framework: 'bare-write-koa', databaseUrl: databaseUrls.bare });
  const driver = await startDriver(databaseUrls.driver, settings.writers);
  try {
    const rows = await createRows(server, settings.writers + 1);
    const bareRows = await createRows(bareServer, settings.writers + 1);
    const lines: Line[] = [];
    for (const contended of [false, true]) {
      const results = await measureAlternately(
        [
          httpContender('http', server, writersFor(rows, contended), settings.writers),
          httpContender('bare', bareServer, writersFor(bareRows, contended), settings.writers),
          driverContender(driver, contended),
        ],
        settings,
      );
      const http = pick(results, 'http');
      const bare = pick(results, 'bare');
      const direct = pick(results, 'driver');
      const { ratio, roundRatios } = ratioOf(http, direct);
      const precondCost = ratioOf(http, bare);
      lines.push({
        database,
        contended,
        http: summary(http.rounds),
        bare: summary(bare.rounds),
        driver: summary(direct.rounds),
        ratio,
        roundRatios,
        bareRatio: precondCost.ratio,
        bareRoundRatios: precondCost.roundRatios,
        bareDriverRatio: ratioOf(bare, direct).ratio,
      });
    }
    return lines;
  } finally {
    await stopDriver(driver);
    await Promise.all([server.stop(), bareServer.stop()]);
  }
}

export async function writePathSection(settings: BenchSettings): Promise<SectionBody> {
  const lines = await measureDatabase('PGlite', {}, settings);
  const postgres = await startThrowawayPostgres();
  try {
    lines.push(
      ...(await measureDatabase(
        'PostgreSQL',
        {
          http: await postgres.freshDatabaseUrl('bench_http'),
          bare: await postgres.freshDatabaseUrl('bench_bare'),
          driver: await postgres.freshDatabaseUrl('bench_driver'),
        },
        settings,
      )),
    );
  } finally {
    await postgres.stop();
  }
  const rows: string[][] = [];
  const precondRows: string[][] = [];
  const bars: ChartBar[] = [];
  const goals: Goal[] = [];
  for (const line of lines) {
    const how = line.contended
      ? `${settings.writers} writers, one row`
      : `${settings.writers} writers, a row each`;
    for (const [path, figures, versus] of [
      ['HTTP PATCH (apps/koa)', line.http, `**${times(line.ratio)}** (${spread(line.roundRatios)})`],
      ['HTTP PATCH, hand-written Koa route (no precond)', line.bare, times(line.bareDriverRatio)],
      ['driver (ceiling)', line.driver, ''],
    ] as const) {
      rows.push([
        line.database,
        how,
        path,
        perSecond(figures.rate, 'writes'),
        `${perSecond(figures.applied)} (${percent(figures.applied / figures.rate)})`,
        milliseconds(figures.p50),
        milliseconds(figures.p99),
        `${figures.cpuMicrosPerWrite.toFixed(0)} µs`,
        versus,
      ]);
    }
    precondRows.push([
      line.database,
      how,
      `**${times(line.bareRatio)}** (${spread(line.bareRoundRatios)})`,
      `${(line.http.cpuMicrosPerWrite - line.bare.cpuMicrosPerWrite).toFixed(0)} µs`,
    ]);
    const isPostgres = line.database === 'PostgreSQL';
    bars.push({
      label: `${line.database} PATCH ${line.contended ? 'contended' : 'uncontended'}: HTTP vs driver`,
      ratio: line.ratio,
      roundRatios: line.roundRatios,
      goal: isPostgres ? GOAL : undefined,
    });
    if (isPostgres) {
      goals.push({
        text: `PostgreSQL, ${how}: the HTTP path at least 60 % of the driver's rate`,
        verdict: verdictOf(line.ratio, line.roundRatios, GOAL),
        detail: `${percent(line.ratio)} (${perSecond(line.http.rate)} against ${perSecond(line.driver.rate)})`,
      });
    }
    goals.push({
      text: `${line.database}, ${how}: apps/koa within 3 % of the same route hand-written`,
      verdict: verdictOf(line.bareRatio, line.bareRoundRatios, HAND_WRITTEN_GOAL),
      detail: `${times(line.bareRatio)} its writes per second (per round ${spread(line.bareRoundRatios)})`,
    });
  }
  return {
    title: '5. The write path: conditional PATCH',
    method: [
      '**HTTP**: the Koa sample app (`apps/koa`, built) in its own process, as in production: ' +
        '`PATCH /api/articles/:id` with a JSON merge patch and `If-Match`, which reads the body, lets ' +
        '`@precond/koa` see that If-Match is the only precondition (`deferIfMatch`: no validator read), then ' +
        "issues the domain's compare-and-set `UPDATE … WHERE id = $1 AND etag = ANY($3)` (with its `FOR SHARE` " +
        'fallback read) and answers 200 with the new ETag, or 412 problem+json with the current one. Load: ' +
        'autocannon with one connection per writer; each writer sends the tag it last saw (from its last 200 or ' +
        '412), as a client that re-reads and retries does.',
      '**Hand-written route (no precond)**: the same Koa + @koa/router route and compare-and-set, written ' +
        "without a library, the body read by the app's own middleware (`jsonRequest`, a layer before the route, " +
        'as koa-bodyparser would be) so that the two differ by precond alone ' +
        '(`bench/src/servers/bare-write-koa.ts`: If-Match handed to the statement as it ' +
        "is; the same answers as the app's: the same fields on a 200, a problem+json 412 with the current " +
        'validators, errors as problem+json), on a database of its own: what is left of the distance to the ' +
        'driver when precond is taken away.',
      '**Driver (the ceiling)**: the same compare-and-set (`articles.update` of `@precond/domain`, the very ' +
        'statement the route ends in) issued straight through the driver by as many concurrent writers, each ' +
        "with the tag it last saw, in a process of its own: postgres.js with a pool of 10 (the app's pool), or " +
        'PGlite in memory. No HTTP.',
      `Uncontended: each writer has its own row. Contended: all ${settings.writers} on one row, so most writes ` +
        'find another version and get 412 (a write answered 412 is still a write answered; "applied" counts the ' +
        `200s). ${settings.seconds} s per measurement after a ${settings.warmupSeconds} s warm-up, ${settings.rounds} ` +
        'per side, alternating. Latency: from sending a request to its response, each side timed the same way. ' +
        'PostgreSQL: a throwaway cluster (`@precond/throwaway-postgres`: `fsync`, `synchronous_commit` and ' +
        '`full_page_writes` off) on this machine, sharing its cores with the app and the load.',
    ],
    tables: [
      {
        columns: [
          'database',
          'writers',
          'path',
          'writes answered',
          'applied (share)',
          'p50',
          'p99',
          'CPU per write',
          'HTTP ÷ driver',
        ],
        rows,
      },
      {
        columns: ['database', 'writers', 'apps/koa ÷ hand-written route', 'CPU per write, difference'],
        rows: precondRows,
      },
    ],
    goals,
    bars,
    notes: goals.some((goal) => goal.verdict !== 'met') ? [missedNote(lines)] : [],
  };
}

/** What stands in the way of the goals, with this run's figures. */
function missedNote(lines: readonly Line[]): string {
  const postgres = lines.find((line) => line.database === 'PostgreSQL' && !line.contended);
  const figures = postgres
    ? ` Here, uncontended on PostgreSQL, the app process spent ${postgres.http.cpuMicrosPerWrite.toFixed(0)} µs ` +
      `of CPU per PATCH, the hand-written route ${postgres.bare.cpuMicrosPerWrite.toFixed(0)} µs, the driver ` +
      `process ${postgres.driver.cpuMicrosPerWrite.toFixed(0)} µs per statement; the hand-written route reached ` +
      `${percent(postgres.bareDriverRatio)} of the driver's rate and apps/koa ${times(postgres.bareRatio)} the ` +
      "hand-written route's."
    : '';
  return (
    "Why the HTTP path stays near half the driver's rate on PostgreSQL: a PATCH is now the one statement the " +
    'driver issues (`deferIfMatch`), so what is left is HTTP itself. On this 2-core machine PostgreSQL, the ' +
    "app and the load generator share two cores, and the app's per-request work — parsing the request, Koa " +
    'and its router, reading and decoding the JSON body, a round trip through postgres.js, the JSON response, ' +
    "two socket writes — costs several times the driver's per-statement CPU, which the database would " +
    'otherwise use. The hand-written route, with no precond at all, stays as far from the driver: the gap is ' +
    `the web framework's and the machine's, not precond's.${figures} Reaching 60 % uncontended would take a ` +
    'database or a load generator on a host of its own. Against the hand-written route, a round swings by ' +
    'several percent either way on this machine: section 10 counts the same two servers in instructions.'
  );
}
