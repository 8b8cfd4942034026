/**
 * Scenario: kill -9 one instance in the middle of a retry-loop run on PostgreSQL, while writes
 * through it are certainly in flight: at the chosen acknowledgement an admin connection takes the
 * article's row lock, every write to it waits, and the instance is killed only once the server
 * shows one of its statements waiting on that lock; then the lock is released, and the killed
 * instance's waiting writes may commit with nobody left to answer. Clients that lose their
 * connection carry on through the others. Afterwards every acknowledged write is stored, the
 * counter equals the acknowledged increments plus those of unknown outcome that the write log shows
 * were applied, no request cut by the kill was answered with success, the survivors never answered
 * 5xx, and the restarted instance serves the same data.
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
  /** Take the row lock, and kill, once this many writes are acknowledged. @defaultValue 200 */
  readonly killAfter?: number;
  /** Which instance dies. @defaultValue the last one (a Next app, when one runs: a launcher and its server) */
  readonly victim?: number;
}

/** How long the victim's writes may take to reach the lock; past it the scenario reports a violation. */
const WAIT_FOR_WAITER_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    let lockedAt = Number.POSITIVE_INFINITY;
    let waitingAtKill = 0;
    let fault: Promise<void> | undefined;
    // The fault, by construction: hold the row lock, wait until a write through the victim waits
    // on it (polling the server's view, not hoping), kill, release.
    const killWhileWriting = async () => {
      const lock = await cluster.admin.holdArticleLock(created.value.id);
      lockedAt = performance.now();
      try {
        const deadline = performance.now() + WAIT_FOR_WAITER_MS;
        while (performance.now() < deadline) {
          waitingAtKill = await cluster.admin.lockWaiters(victim.app.name);
          if (waitingAtKill > 0) break;
          await sleep(10);
        }
        if (waitingAtKill === 0) {
          violations.push(`no write through ${victim.name} waited on the held row lock: nothing to cut`);
        }
        killedAt = performance.now();
        await victim.kill('SIGKILL');
      } finally {
        await lock.release();
      }
    };
    const runStartedAt = performance.now();
    const run = await runIncrements({
      targets,
      articleId: created.value.id,
      clients,
      incrementsPerClient,
      onAcknowledged(count) {
        if (count === killAfter) fault = killWhileWriting();
      },
    });
    await fault;
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
    // Each statement of the victim's that waited on the lock is a write the victim never answered
    // (the lock outlived the victim), so at least as many of its writes were cut; and a write sent
    // to it while the lock was held can have had no success.
    const victimWrites = run.exchanges.filter(
      (exchange) => exchange.instance === victim.name && exchange.method === 'PATCH',
    );
    const cutWrites = victimWrites.filter(
      (exchange) => exchange.startedAt < killTime && typeof exchange.outcome !== 'number',
    );
    if (cutWrites.length < waitingAtKill) {
      violations.push(
        `${waitingAtKill} writes through ${victim.name} waited on the lock when it was killed, but only ${cutWrites.length} got no answer`,
      );
    }
    const answeredWhileLocked = victimWrites.filter(
      (exchange) =>
        exchange.startedAt >= lockedAt &&
        exchange.startedAt < killTime &&
        typeof exchange.outcome === 'number' &&
        exchange.outcome < 300,
    );
    if (answeredWhileLocked.length > 0) {
      violations.push(
        `${answeredWhileLocked.length} writes sent to ${victim.name} while the row was locked were answered with success`,
      );
    }
    const inFlight = run.exchanges.filter(
      (exchange) => typeof exchange.outcome !== 'number' && exchange.startedAt < killTime,
    ).length;
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
        'kill -9 one instance while its writes wait on a held row lock: every acknowledged write stored, views = acknowledged + applied-unknown, no cut request answered, survivors never 5xx, the restarted instance serves the same data',
      setting: `${names(instances)} on one PostgreSQL; ${victim.name} killed`,
      summary: {
        requests: run.exchanges.length,
        rounds: `${clients} × ${incrementsPerClient}`,
        acknowledged: run.acknowledged.length,
        conflicts: run.conflicts,
        found: `${check.logged} stored: ${run.acknowledged.length} acknowledged + ${check.appliedUnknown} of ${run.unknown.length} unknown`,
        serverErrors,
        maxMs: ms(Math.max(...[...tallies.values()].map((tally) => tally.maxMs))),
        fault: `kill -9 ${victim.name} at ack #${killAfter} with ${waitingAtKill} of its writes waiting on a held row lock; restart served in ${Math.round(restartMs)} ms`,
      },
      details: [
        ['killed after', `${secondsIn} s of the run, ${killAfter} writes acknowledged`],
        [`${victim.name}'s statements waiting on the held row lock at the kill`, waitingAtKill],
        [
          'requests cut in flight by the kill',
          `${inFlight} (${cutWrites.length} writes through ${victim.name})`,
        ],
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
