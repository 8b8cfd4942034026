/**
 * Scenario: the database goes away for a moment under load. Every connection of every instance is
 * terminated (`pg_terminate_backend` from a superuser connection) and the database refuses new ones
 * for a few seconds, then accepts them again. Statements are certainly in flight when the cut
 * comes: an admin connection holds the article's row lock, and the cut waits until the instances'
 * writes wait on it (and cuts them before the lock). Meanwhile the apps answer 503 problem+json —
 * never a 2xx, never a 404, never a hang past the statement timeout; a request to each instance
 * during the outage shows it — and afterwards they serve again on their own, with every
 * acknowledged write stored.
 *
 * @module
 */

import { type ScenarioContext, startCluster } from './cluster.js';
import { checkCounter, type Exchange, runIncrements, tallyByInstance } from './counter-client.js';
import { mediaType } from './http-client.js';
import { createArticle, readArticle } from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How long, how hard. */
export interface DatabaseOutageOptions {
  /** Clients reading and writing throughout. @defaultValue 12 */
  readonly clients?: number;
  /** The apps' `DATABASE_STATEMENT_TIMEOUT_MS`. @defaultValue 2000 */
  readonly statementTimeoutMs?: number;
  /**
   * How long the database refuses connections: longer than the statement timeout and its margin,
   * so that a request that waited out the outage would be caught as a hang. @defaultValue 6000
   */
  readonly outageMs?: number;
  /** Load before the outage. @defaultValue 1000 */
  readonly warmUpMs?: number;
}

/** How long an app has to serve again once the database is back. */
const RECOVERY_LIMIT_MS = 20_000;
/**
 * A request slower than the statement timeout by more than this is a hang. Generous, because six
 * servers, PostgreSQL and the clients share a machine's cores and a starved process answers late;
 * a request that waited out the outage instead of failing within its timeout is slower still.
 */
const HANG_MARGIN_MS = 2_000;
/** How long the cut waits for a write through every instance to wait on the held row lock. */
const WAITERS_WAIT_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ended = (exchange: Exchange) => exchange.startedAt + exchange.ms;

/** Runs the outage against one instance of every app on one database. */
export async function runDatabaseOutage(
  context: ScenarioContext,
  {
    clients = 12,
    statementTimeoutMs = 2_000,
    outageMs = 6_000,
    warmUpMs = 1_000,
  }: DatabaseOutageOptions = {},
): Promise<ScenarioResult> {
  const cluster = await startCluster(context, { DATABASE_STATEMENT_TIMEOUT_MS: String(statementTimeoutMs) });
  const { instances } = cluster;
  if (outageMs <= statementTimeoutMs + HANG_MARGIN_MS)
    throw new RangeError('the outage must outlast the statement timeout and its margin, or no hang shows');
  const violations: string[] = [];
  try {
    const targets = instances.map((instance, index) => ({
      name: instance.name,
      client: cluster.clients[index]!,
    }));
    const created = await createArticle(cluster.clients[0]!, { title: 'outage', body: 'log:', views: 0 });
    const stop = new AbortController();
    let allowedAt = Number.POSITIVE_INFINITY;
    const recoveredAt = new Map<string, number>();
    let allRecovered = (): void => {};
    const recovered = new Promise<void>((resolve) => {
      allRecovered = resolve;
    });
    const load = runIncrements({
      targets,
      articleId: created.value.id,
      clients,
      incrementsPerClient: 100_000,
      stop: stop.signal,
      deadlineMs: warmUpMs + outageMs + RECOVERY_LIMIT_MS + 10_000,
      onExchange(exchange) {
        const ok = typeof exchange.outcome === 'number' && exchange.outcome < 300;
        if (ok && exchange.startedAt >= allowedAt && !recoveredAt.has(exchange.instance)) {
          recoveredAt.set(exchange.instance, ended(exchange));
          if (recoveredAt.size === instances.length) allRecovered();
        }
      },
    });

    await sleep(warmUpMs);
    // Writes held in flight: every write to the article now waits on the lock. The wait for each
    // instance's to arrive is bounded well inside the statement timeout, so that those waiting
    // are still waiting at the cut; at least one is, by the time the loop ends.
    const lock = await cluster.admin.holdArticleLock(created.value.id);
    const waitersUntil = performance.now() + WAITERS_WAIT_MS;
    const giveUpAt = performance.now() + RECOVERY_LIMIT_MS;
    for (;;) {
      const waiting = await Promise.all(
        instances.map((instance) => cluster.admin.lockWaiters(instance.app.name)),
      );
      const now = performance.now();
      if (waiting.every((count) => count > 0)) break;
      if ((now > waitersUntil && waiting.some((count) => count > 0)) || now > giveUpAt) break;
      await sleep(10);
    }
    const cutStartedAt = performance.now();
    const { cut, waitingOnLock } = await cluster.admin.cutConnections();
    const downAt = performance.now();
    // The lock's connection was among those cut: the lock ended with it.
    await lock.ended;
    if (waitingOnLock === 0)
      violations.push('the cut found no statement waiting on the held lock: none was in flight');
    // Each instance, asked while the database refuses connections, answers 503 problem+json.
    const probes = await Promise.all(
      cluster.clients.map((client) =>
        client.send({ method: 'GET', path: `/api/articles/${created.value.id}` }).then(
          (reply) => `${reply.status} ${mediaType(reply)}`,
          (error: unknown) => `no answer (${(error as Error).message})`,
        ),
      ),
    );
    probes.forEach((probe, index) => {
      if (probe !== '503 application/problem+json') {
        violations.push(`${instances[index]!.name} answered ${probe} while the database was down`);
      }
    });
    await sleep(Math.max(0, outageMs - (performance.now() - downAt)));
    const allowStartedAt = performance.now();
    await cluster.admin.allowConnections();
    allowedAt = performance.now();
    await Promise.race([recovered, sleep(RECOVERY_LIMIT_MS)]);
    // A little more load after recovery, so the counter check covers writes on new connections too.
    await sleep(500);
    stop.abort();
    const run = await load;

    const during = run.exchanges.filter(
      (exchange) => exchange.startedAt >= downAt && ended(exchange) <= allowStartedAt,
    );
    const answeredDuring = during.filter((exchange) => typeof exchange.outcome === 'number');
    const unavailable = answeredDuring.filter((exchange) => exchange.outcome === 503);
    const succeededDuring = answeredDuring.filter((exchange) => (exchange.outcome as number) < 300);
    if (succeededDuring.length > 0)
      violations.push(`${succeededDuring.length} requests succeeded while the database was down`);
    for (const exchange of run.exchanges) {
      if (typeof exchange.outcome !== 'number') {
        violations.push(
          `${exchange.method} via ${exchange.instance} got no response (${exchange.failure ?? exchange.outcome})`,
        );
      } else if (
        exchange.outcome >= 500 &&
        (exchange.outcome !== 503 || exchange.mediaType !== 'application/problem+json')
      ) {
        violations.push(
          `${exchange.method} via ${exchange.instance} answered ${exchange.outcome} ${exchange.mediaType}`,
        );
      }
    }
    const slowest = Math.max(...run.exchanges.map((exchange) => exchange.ms));
    if (slowest > statementTimeoutMs + HANG_MARGIN_MS) {
      violations.push(
        `a request took ${Math.round(slowest)} ms, past the ${statementTimeoutMs} ms statement timeout`,
      );
    }
    for (const instance of instances) {
      if (!recoveredAt.has(instance.name))
        violations.push(`${instance.name} did not recover within ${RECOVERY_LIMIT_MS / 1000} s`);
    }
    const final = await readArticle(cluster.clients[0]!, created.value.id);
    const check = checkCounter(run, final.value, 0);
    violations.push(...check.violations);
    const tallies = tallyByInstance(run.exchanges);
    const serverErrors = [...tallies.values()].reduce((sum, tally) => sum + tally.serverErrors, 0);
    const recovery = [...recoveredAt]
      .map(([name, at]) => `${name} ${Math.round(at - allowedAt)} ms`)
      .join(', ');
    const maxDuring = Math.max(0, ...answeredDuring.map((exchange) => exchange.ms));
    return {
      title: 'Database outage',
      claim:
        'all connections terminated and refused for a moment: 503 problem+json (never 2xx, never past the statement timeout), then recovery on their own, no acknowledged write lost',
      setting: `${names(instances)} on one PostgreSQL, DATABASE_STATEMENT_TIMEOUT_MS=${statementTimeoutMs}`,
      summary: {
        requests: run.exchanges.length,
        rounds: `${clients} clients, ${(run.durationMs / 1000).toFixed(1)} s`,
        acknowledged: run.acknowledged.length,
        conflicts: run.conflicts,
        found: `${check.logged} stored: ${run.acknowledged.length} acknowledged + ${check.appliedUnknown} of ${run.unknown.length} answered 503`,
        serverErrors,
        maxMs: ms(slowest),
        fault: `${cut} connections cut (${waitingOnLock} mid-write), refused for ${outageMs / 1000} s; recovered after ${recovery}`,
      },
      details: [
        [
          'connections terminated',
          `${cut} (in ${Math.round(downAt - cutStartedAt)} ms), ${waitingOnLock} of them waiting on the held row lock`,
        ],
        ['each instance asked while down', probes.join(', ')],
        [
          'requests answered while down',
          `${answeredDuring.length}: ${unavailable.length} × 503, ${succeededDuring.length} × 2xx`,
        ],
        ['slowest answer while down', `${Math.round(maxDuring)} ms`],
        ['first 2xx after the database was back', recovery],
        [
          '5xx per instance (all 503)',
          [...tallies].map(([name, tally]) => `${name} ${tally.serverErrors}`).join(', '),
        ],
      ],
      violations,
    };
  } finally {
    await cluster.stop();
  }
}
