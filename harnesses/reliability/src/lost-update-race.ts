/**
 * Scenario: the lost-update race. Every round, clients spread over every instance read the same
 * article, then all PATCH it with the tag they read, their requests held so that they reach the
 * servers together. Exactly one wins; every other gets 412 naming the winner's tag; the final
 * article is the sum of the winning changes.
 *
 * @module
 */

import { type ScenarioContext, startCluster } from './cluster.js';
import { gate, type HttpReply, header, mediaType } from './http-client.js';
import {
  type Article,
  createArticle,
  epochSeconds,
  problemEtag,
  readArticle,
  secondsAheadOfDate,
} from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How hard. */
export interface LostUpdateRaceOptions {
  /** @defaultValue 40 */
  readonly rounds?: number;
  /** @defaultValue 30 */
  readonly clients?: number;
  /**
   * How long the writes wait, headers sent, before their bodies follow together. Only how hard
   * the race is depends on it, never what a correct server answers. @defaultValue 100
   */
  readonly holdMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the race against one instance of every app on one database. */
export async function runLostUpdateRace(
  context: ScenarioContext,
  { rounds = 40, clients = 30, holdMs = 100 }: LostUpdateRaceOptions = {},
): Promise<ScenarioResult> {
  const cluster = await startCluster(context);
  const { instances } = cluster;
  const via = (index: number) => cluster.clients[index % instances.length]!;
  const violations: string[] = [];
  const wins = new Map<string, number>(instances.map((instance) => [instance.name, 0]));
  let requests = 0;
  let winners = 0;
  let conflicts = 0;
  let serverErrors = 0;
  let maxMs = 0;
  let aheadOfDate = 0;
  let datedReplies = 0;
  try {
    // The instances started at the same moment on an empty database: each migration ran once.
    const migrations = await cluster.admin.migrations();
    if (new Set(migrations).size !== migrations.length)
      violations.push(`migrations recorded twice: ${migrations}`);
    const created = await createArticle(via(0), { title: 'race', body: 'contended', views: 0 });
    const id = created.value.id;
    let previous = created;
    let lastTitle = created.value.title;
    for (let round = 1; round <= rounds; round++) {
      const reads = await Promise.all(Array.from({ length: clients }, (_, c) => readArticle(via(c), id)));
      requests += clients;
      const read = reads[0]!;
      if (reads.some((each) => each.etag !== read.etag))
        violations.push(`round ${round}: the reads disagree`);

      const released = gate();
      const writes: Promise<HttpReply>[] = Array.from({ length: clients }, (_, c) =>
        via(c + round).send({
          method: 'PATCH',
          path: `/api/articles/${id}`,
          headers: { 'if-match': reads[c]!.etag, 'content-type': 'application/merge-patch+json' },
          json: { title: `round ${round} client ${c}`, views: reads[c]!.value.views + 1 },
          hold: released.opened,
        }),
      );
      await sleep(holdMs);
      released.open();
      const replies = await Promise.all(writes);
      requests += clients;

      const won = replies.flatMap((reply, c) => (reply.status === 200 ? [{ reply, c }] : []));
      winners += won.length;
      for (const reply of replies) {
        maxMs = Math.max(maxMs, reply.ms);
        if (reply.status >= 500) serverErrors += 1;
        if (reply.status === 412) conflicts += 1;
        else if (reply.status !== 200) violations.push(`round ${round}: a write answered ${reply.status}`);
      }
      if (won.length !== 1) {
        violations.push(`round ${round}: ${won.length} writes won`);
        continue;
      }
      const winner = won[0]!;
      const winningInstance = instances[(winner.c + round) % instances.length]!.name;
      wins.set(winningInstance, (wins.get(winningInstance) ?? 0) + 1);
      const winnerEtag = header(winner.reply, 'etag');
      const winnerDate = header(winner.reply, 'last-modified') ?? '';
      const article = JSON.parse(winner.reply.text) as Article;
      lastTitle = article.title;
      if (article.views !== read.value.views + 1)
        violations.push(`round ${round}: the winner stored views ${article.views}`);
      for (const loser of replies.filter((reply) => reply.status === 412)) {
        if (header(loser, 'etag') !== winnerEtag || problemEtag(loser) !== winnerEtag) {
          violations.push(
            `round ${round}: a 412 named ${header(loser, 'etag')}, not the winner's ${winnerEtag}`,
          );
        }
        if (mediaType(loser) !== 'application/problem+json')
          violations.push(`round ${round}: a 412 without problem+json`);
      }
      // Dates never run backwards, nor ahead of the Date of the reply that carries them.
      if (epochSeconds(winnerDate) < epochSeconds(previous.lastModified)) {
        violations.push(`round ${round}: Last-Modified ${winnerDate} is before ${previous.lastModified}`);
      }
      for (const reply of replies) {
        const ahead = secondsAheadOfDate(reply);
        if (ahead === undefined) continue;
        datedReplies += 1;
        if (ahead > 0) aheadOfDate += 1;
      }
      previous = { value: article, etag: winnerEtag ?? '', lastModified: winnerDate };
    }

    const finals = await Promise.all(instances.map((_, index) => readArticle(via(index), id)));
    requests += finals.length;
    const final = finals[0]!;
    const stored = await cluster.admin.article(id);
    if (finals.some((each) => each.etag !== previous.etag))
      violations.push("an instance does not serve the last winner's version");
    if (final.value.views !== winners)
      violations.push(`views is ${final.value.views}, but ${winners} changes won`);
    if (final.value.title !== lastTitle)
      violations.push(`the title is ${final.value.title}, not the last winner's`);
    if (stored?.views !== winners) violations.push(`the table says views = ${stored?.views}`);
    const leadSeconds = epochSeconds(final.lastModified) - Math.floor(Date.now() / 1000);
    if (leadSeconds > 0) violations.push(`the final Last-Modified is ${leadSeconds} s ahead of the clock`);
    if (aheadOfDate > 0)
      violations.push(`${aheadOfDate} replies carried a Last-Modified later than their Date`);
    return {
      title: 'Lost-update race',
      claim: `every round, ${clients} PATCHes with the tag all read: one 200, the rest 412 with the winner's ETag; final views = winners`,
      setting: `${names(instances)} on one PostgreSQL`,
      summary: {
        requests,
        rounds: `${rounds} × ${clients}`,
        acknowledged: winners,
        conflicts,
        found: `views ${final.value.views} / ${rounds}`,
        serverErrors,
        maxMs: ms(maxMs),
      },
      details: [
        [
          'schema_migrations after the instances started together',
          `versions ${migrations.join(', ')}, each once`,
        ],
        ['wins per instance', [...wins].map(([name, count]) => `${name} ${count}`).join(', ')],
        ['Last-Modified ahead of the clock at the end', `${leadSeconds} s`],
        ['replies whose Last-Modified is later than their Date', `${aheadOfDate} of ${datedReplies}`],
      ],
      violations,
    };
  } finally {
    await cluster.stop();
  }
}
