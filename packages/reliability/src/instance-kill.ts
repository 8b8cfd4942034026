/**
 * Scenario: kill -9 one instance in the middle of a retry-loop run on PostgreSQL. Clients that lose
 * their connection carry on through the others. Afterwards every acknowledged write is stored, the
 * counter equals the acknowledged increments plus those of unknown outcome that the write log shows
 * were applied, the survivors never answered 5xx, and the restarted instance serves the same data.
 *
 * @module
 */

import { type ScenarioContext, startCluster } from './cluster.js';
import { checkCounter, runIncrements, tallyByInstance } from './counter-client.js';
import { createArticle, readArticle } from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How much load, and when and whom to kill. */
export interface InstanceKillOptions {
  /** @defaultValue 30 */
  readonly clients?: number;
  /** @defaultValue 20 */
  readonly incrementsPerClient?: number;
  /** Kill once this many writes are acknowledged. @defaultValue 200 */
  readonly killAfter?: number;
  /** Which instance dies. @defaultValue the last one (a Next app, when one runs: a launcher and its server) */
  readonly victim?: number;
}

/** Runs the fault against one instance of every app on one database. */
export async function runInstanceKill(
  context: ScenarioContext,
  { clients = 30, incrementsPerClient = 20, killAfter = 200, victim: victimIndex }: InstanceKillOptions = {},
): Promise<ScenarioResult> {
  const cluster = await startCluster(context);
  const { instances } = cluster;
  const victim = instances[victimIndex ?? instances.length - 1]!;
  const violations: string[] = [];
  try {
    const targets = instances.map((instance, index) => ({
      name: instance.name,
      client: cluster.clients[index]!,
    }));
    const created = await createArticle(cluster.clients[0]!, {
      title: 'killed mid-run',
      body: 'log:',
      views: 0,
    });
    let killedAt: number | undefined;
    let killed: Promise<void> | undefined;
    const runStartedAt = performance.now();
    const run = await runIncrements({
      targets,
      articleId: created.value.id,
      clients,
      incrementsPerClient,
      onAcknowledged(count) {
        if (count === killAfter) {
          killedAt = performance.now();
          killed = victim.kill('SIGKILL');
        }
      },
    });
    await killed;
    if (killedAt === undefined) violations.push('the run ended before the kill');
    const killTime = killedAt ?? Number.POSITIVE_INFINITY;

    const restartMs = await victim.restart();
    const finals = await Promise.all(cluster.clients.map((client) => readArticle(client, created.value.id)));
    const final = finals[0]!;
    const check = checkCounter(run, final.value, 0);
    violations.push(...check.violations);
    if (finals.some((each) => each.etag !== final.etag || each.value.body !== final.value.body)) {
      violations.push('the restarted instance serves other data than the survivors');
    }
    if (run.finishedClients !== clients)
      violations.push(`${clients - run.finishedClients} clients did not finish`);
    const tallies = tallyByInstance(run.exchanges);
    const serverErrors = [...tallies.values()].reduce((sum, tally) => sum + tally.serverErrors, 0);
    for (const [name, tally] of tallies) {
      if (tally.serverErrors > 0) violations.push(`${name} answered 5xx ${tally.serverErrors} times`);
    }
    const cut = run.exchanges.filter((exchange) => typeof exchange.outcome !== 'number');
    const inFlight = cut.filter((exchange) => exchange.startedAt < killTime).length;
    if (inFlight === 0) violations.push('the kill cut no request in flight: the fault was not exercised');
    const firstAckAfter = run.exchanges
      .filter(
        (exchange) =>
          exchange.method === 'PATCH' && exchange.outcome === 200 && exchange.startedAt >= killTime,
      )
      .reduce(
        (first, exchange) => Math.min(first, exchange.startedAt + exchange.ms),
        Number.POSITIVE_INFINITY,
      );
    const secondsIn = killedAt === undefined ? '—' : ((killedAt - runStartedAt) / 1000).toFixed(1);
    return {
      title: 'Instance kill (PostgreSQL)',
      claim:
        'kill -9 one instance mid-run: every acknowledged write stored, views = acknowledged + applied-unknown, survivors never 5xx, the restarted instance serves the same data',
      setting: `${names(instances)} on one PostgreSQL; ${victim.name} killed`,
      summary: {
        requests: run.exchanges.length,
        rounds: `${clients} × ${incrementsPerClient}`,
        acknowledged: run.acknowledged.length,
        conflicts: run.conflicts,
        found: `${check.logged} stored: ${run.acknowledged.length} acknowledged + ${check.appliedUnknown} of ${run.unknown.length} unknown`,
        serverErrors,
        maxMs: ms(Math.max(...[...tallies.values()].map((tally) => tally.maxMs))),
        fault: `kill -9 ${victim.name} at ack #${killAfter}; restart served in ${Math.round(restartMs)} ms`,
      },
      details: [
        ['killed after', `${secondsIn} s of the run, ${killAfter} writes acknowledged`],
        ['requests cut in flight by the kill', inFlight],
        ['requests refused or cut afterwards (clients moving on)', cut.length - inFlight],
        ['writes of unknown outcome (response lost)', run.unknown.length],
        ['of those, applied (found in the write log)', check.appliedUnknown],
        ['writes refused before delivery (certainly not applied)', run.refusedWrites],
        [
          'first acknowledged write started after the kill, answered',
          Number.isFinite(firstAckAfter) ? `${Math.round(firstAckAfter - killTime)} ms after it` : 'never',
        ],
        ['final views', `${final.value.views} = ${run.acknowledged.length} + ${check.appliedUnknown}`],
        ['5xx per instance', [...tallies].map(([name, tally]) => `${name} ${tally.serverErrors}`).join(', ')],
      ],
      violations,
    };
  } finally {
    await cluster.stop();
  }
}
