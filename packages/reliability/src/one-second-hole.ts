/**
 * Scenario: the one-second hole in date guards. HTTP dates have one-second resolution, so two
 * versions written in the same second would share a Last-Modified, and a client holding the first
 * could overwrite the second with `If-Unmodified-Since`. The domain dates every version at least
 * one second after the one before; this proves it across instances:
 * - read through one instance, write through a second, then a stale write through a third with
 *   `If-Unmodified-Since` set to the date read: 412, every time, however many writes share a second;
 * - races of `If-Unmodified-Since` writes (no `If-Match`): one 200, the rest 412;
 * - concurrent touches of one session through every instance: all distinct dates.
 *
 * @module
 */

import { type ScenarioContext, startCluster } from './cluster.js';
import { gate, type HttpReply, header } from './http-client.js';
import { type Article, createArticle, epochSeconds, readArticle, versioned } from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How much. */
export interface OneSecondHoleOptions {
  /** Read → write → stale writes sequences. @defaultValue 60 */
  readonly sequences?: number;
  /** Races of `If-Unmodified-Since` writers. @defaultValue 10 */
  readonly raceRounds?: number;
  /** @defaultValue 30 */
  readonly clients?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const second = () => Math.floor(Date.now() / 1000);

/** Runs the three checks against one instance of every app on one database. */
export async function runOneSecondHole(
  context: ScenarioContext,
  { sequences = 60, raceRounds = 10, clients = 30 }: OneSecondHoleOptions = {},
): Promise<ScenarioResult> {
  const cluster = await startCluster(context);
  const { instances } = cluster;
  const via = (index: number) => cluster.clients[index % instances.length]!;
  const violations: string[] = [];
  let requests = 0;
  let writes = 0;
  let staleSent = 0;
  let staleRefused = 0;
  let conflicts = 0;
  let serverErrors = 0;
  let sameSecondWrites = 0;
  let maxMs = 0;
  // RFC 9110 §8.8.2.1: an origin with a clock must not send a Last-Modified later than its Date.
  let maxAheadOfDate = 0;
  const count = (reply: HttpReply) => {
    const lastModified = header(reply, 'last-modified');
    const date = header(reply, 'date');
    if (lastModified && date) {
      maxAheadOfDate = Math.max(maxAheadOfDate, epochSeconds(lastModified) - epochSeconds(date));
    }
    requests += 1;
    maxMs = Math.max(maxMs, reply.ms);
    if (reply.status >= 500) serverErrors += 1;
    if (reply.status === 412) conflicts += 1;
    return reply;
  };
  try {
    // 1. read → write → stale writes, each step through another instance.
    const created = await createArticle(via(0), { title: 'dated', body: 'b', views: 0 });
    const path = `/api/articles/${created.value.id}`;
    let lastWriteSecond = second();
    for (let sequence = 0; sequence < sequences; sequence++) {
      const read = await readArticle(via(sequence), created.value.id);
      requests += 1;
      const written = versioned<Article>(
        count(
          await via(sequence + 1).send({
            method: 'PATCH',
            path,
            headers: { 'if-match': read.etag },
            json: { views: read.value.views + 1 },
          }),
        ),
        'the fresh write',
      );
      writes += 1;
      if (second() === lastWriteSecond) sameSecondWrites += 1;
      lastWriteSecond = second();
      if (!(epochSeconds(written.lastModified) > epochSeconds(read.lastModified))) {
        violations.push(
          `sequence ${sequence}: Last-Modified ${written.lastModified} is not after ${read.lastModified}`,
        );
      }
      const stale = { 'if-unmodified-since': read.lastModified };
      const attempts: HttpReply[] = [
        await via(sequence + 2).send({ method: 'PATCH', path, headers: stale, json: { title: 'stale' } }),
        await via(sequence + 2).send({
          method: 'PUT',
          path,
          headers: stale,
          json: { title: 'stale', body: 'stale' },
        }),
        await via(sequence).send({ method: 'DELETE', path, headers: stale }),
      ];
      for (const attempt of attempts) {
        count(attempt);
        staleSent += 1;
        if (attempt.status === 412 && header(attempt, 'etag') === written.etag) staleRefused += 1;
        else
          violations.push(
            `sequence ${sequence}: a stale write answered ${attempt.status} (${header(attempt, 'etag')})`,
          );
      }
      if (attempts.some((attempt) => attempt.status === 204)) break;
    }

    // 2. races of If-Unmodified-Since writers.
    let raceWinners = 0;
    for (let round = 1; round <= raceRounds; round++) {
      const reads = await Promise.all(
        Array.from({ length: clients }, (_, c) => readArticle(via(c), created.value.id)),
      );
      requests += clients;
      const released = gate();
      const pending = Array.from({ length: clients }, (_, c) =>
        via(c + round).send({
          method: 'PATCH',
          path,
          headers: { 'if-unmodified-since': reads[c]!.lastModified },
          json: { title: `dated race ${round} client ${c}`, views: reads[c]!.value.views + 1 },
          hold: released.opened,
        }),
      );
      await sleep(100);
      released.open();
      const replies = (await Promise.all(pending)).map(count);
      const won = replies.filter((reply) => reply.status === 200).length;
      raceWinners += won;
      writes += won;
      if (won !== 1 || replies.some((reply) => reply.status !== 200 && reply.status !== 412)) {
        violations.push(
          `If-Unmodified-Since race ${round}: ${replies
            .map((reply) => reply.status)
            .sort()
            .join(' ')}`,
        );
      }
    }

    // 3. concurrent touches of one session, through every instance.
    const session = versioned<{ id: string }>(
      count(await via(0).send({ method: 'POST', path: '/api/sessions' })),
      'POST /api/sessions',
    );
    const touches = (
      await Promise.all(
        Array.from({ length: clients }, (_, c) =>
          via(c).send({ method: 'POST', path: `/api/sessions/${session.value.id}/touch` }),
        ),
      )
    ).map(count);
    writes += touches.length;
    const dates = new Set([session.lastModified, ...touches.map((touch) => header(touch, 'last-modified'))]);
    if (touches.some((touch) => touch.status !== 200)) violations.push('a touch did not answer 200');
    if (dates.size !== clients + 1)
      violations.push(`${clients} touches and the creation share ${dates.size} dates`);

    const final = await readArticle(via(0), created.value.id);
    requests += 1;
    const leadSeconds = epochSeconds(final.lastModified) - second();
    return {
      title: 'One-second hole',
      claim:
        'read → write → stale If-Unmodified-Since write, across instances: 412 every time; If-Unmodified-Since races: one winner; concurrent touches: distinct dates',
      setting: `${names(instances)} on one PostgreSQL`,
      summary: {
        requests,
        rounds: `${sequences} sequences, ${raceRounds} × ${clients} race, ${clients} touches`,
        acknowledged: writes,
        conflicts,
        found: `${staleRefused} / ${staleSent} stale writes refused`,
        serverErrors,
        maxMs: ms(maxMs),
      },
      details: [
        [
          'fresh writes made in the same wall-clock second as the one before',
          `${sameSecondWrites} of ${sequences}`,
        ],
        ['If-Unmodified-Since race winners', `${raceWinners} of ${raceRounds} rounds`],
        [
          'distinct Last-Modified among the session creation and its touches',
          `${dates.size} of ${clients + 1}`,
        ],
        ['Last-Modified ahead of the wall clock at the end (the price)', `${leadSeconds} s`],
        ["Last-Modified ahead of the same response's Date, at most", `${maxAheadOfDate} s`],
      ],
      violations,
    };
  } finally {
    await cluster.stop();
  }
}
