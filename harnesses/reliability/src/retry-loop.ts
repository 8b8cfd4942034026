/**
 * Scenario: the retry loop. Clients spread over every instance each make a number of
 * read-modify-write increments, retrying on 412; the counter ends at exactly clients × increments,
 * and every acknowledged write is in the article's write log.
 *
 * @module
 */

import { type ScenarioContext, startCluster } from './cluster.js';
import { checkCounter, runIncrements, tallyByInstance } from './counter-client.js';
import { createArticle, readArticle } from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How much load. */
export interface RetryLoopOptions {
  /** @defaultValue 30 */
  readonly clients?: number;
  /** @defaultValue 15 */
  readonly incrementsPerClient?: number;
}

/** Runs the retry loop against one instance of every app on one database. */
export async function runRetryLoop(
  context: ScenarioContext,
  { clients = 30, incrementsPerClient = 15 }: RetryLoopOptions = {},
): Promise<ScenarioResult> {
  const cluster = await startCluster(context);
  try {
    const targets = cluster.instances.map((instance, index) => ({
      name: instance.name,
      client: cluster.clients[index]!,
    }));
    const created = await createArticle(cluster.clients[0]!, { title: 'retry loop', body: 'log:', views: 0 });
    const run = await runIncrements({ targets, articleId: created.value.id, clients, incrementsPerClient });
    const finals = await Promise.all(cluster.clients.map((client) => readArticle(client, created.value.id)));
    const final = finals[0]!;
    const check = checkCounter(run, final.value, 0);
    const stored = await cluster.admin.article(created.value.id);
    const expected = clients * incrementsPerClient;
    const tallies = tallyByInstance(run.exchanges);
    const serverErrors = [...tallies.values()].reduce((sum, tally) => sum + tally.serverErrors, 0);
    const noResponse = [...tallies.values()].reduce((sum, tally) => sum + tally.noResponse, 0);
    const violations = [...check.violations];
    if (final.value.views !== expected)
      violations.push(`the counter is ${final.value.views}, not ${expected}`);
    if (run.finishedClients !== clients)
      violations.push(`${clients - run.finishedClients} clients did not finish`);
    if (serverErrors > 0) violations.push(`${serverErrors} answers were 5xx`);
    if (noResponse > 0) violations.push(`${noResponse} requests got no response`);
    if (new Set(finals.map((each) => each.etag)).size !== 1)
      violations.push('the instances disagree on the final ETag');
    if (stored?.views !== final.value.views) violations.push(`the table says views = ${stored?.views}`);
    return {
      title: 'Retry loop',
      claim: `${clients} clients × ${incrementsPerClient} read-modify-write increments with retry on 412 end at exactly ${expected}`,
      setting: `${names(cluster.instances)} on one PostgreSQL`,
      summary: {
        requests: run.exchanges.length,
        rounds: `${clients} × ${incrementsPerClient}`,
        acknowledged: run.acknowledged.length,
        conflicts: run.conflicts,
        found: `${check.logged} / ${expected}`,
        serverErrors,
        maxMs: ms(Math.max(...[...tallies.values()].map((tally) => tally.maxMs))),
      },
      details: [
        ['final views', final.value.views],
        ['412 per acknowledged write', (run.conflicts / Math.max(1, run.acknowledged.length)).toFixed(1)],
        ['duration', `${(run.durationMs / 1000).toFixed(1)} s`],
        [
          'requests per instance',
          [...tallies].map(([name, tally]) => `${name} ${tally.requests}`).join(', '),
        ],
      ],
      violations,
    };
  } finally {
    await cluster.stop();
  }
}
