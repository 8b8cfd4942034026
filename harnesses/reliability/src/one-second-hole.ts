/**
 * Scenario: the one-second hole in date guards, and dates that never lie. HTTP dates have
 * one-second resolution, so two versions written in the same second share a Last-Modified, and a
 * client holding the first could overwrite the second with `If-Unmodified-Since`. The domain
 * dates each version by the database's clock (never ahead of it) and records whether the version
 * is the only one in its second; core refuses a date that names two versions. This proves it
 * across instances:
 * - read through one instance, write through a second, then a stale write through a third with
 *   `If-Unmodified-Since` set to the date read: 412, every time, however many writes share a second;
 * - races of `If-Unmodified-Since` writers on a version alone in its second: one 200, the rest 412;
 *   on a version that shares its second: all 412 (the date names two versions);
 * - concurrent touches of one session through every instance, then a `DELETE` with the date of
 *   each superseded touch: 412, every time;
 * - a burst (sequential writes, then concurrent writers retrying on 412): no reply anywhere in the
 *   scenario carries a Last-Modified later than its own Date (RFC 9110 §8.8.2.1).
 *
 * @module
 */

import { type ScenarioContext, startCluster } from './cluster.js';
import { gate, type HttpClient, type HttpReply, header } from './http-client.js';
import {
  type Article,
  createArticle,
  epochSeconds,
  secondsAheadOfDate,
  type Versioned,
  versioned,
} from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How much. */
export interface OneSecondHoleOptions {
  /** Read → write → stale writes sequences. @defaultValue 60 */
  readonly sequences?: number;
  /** Races of `If-Unmodified-Since` writers, each on a version alone in its second. @defaultValue 5 */
  readonly raceRounds?: number;
  /** @defaultValue 30 */
  readonly clients?: number;
  /** Sequential If-Match writes of the burst. @defaultValue 30 */
  readonly burstWrites?: number;
  /** Concurrent writers of the burst, each retrying on 412 until it wins. @defaultValue 10 */
  readonly burstWriters?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const second = () => Math.floor(Date.now() / 1000);

/** Waits until the clock is past the second an HTTP date names, so the next write dates itself alone. */
async function pastSecondOf(httpDate: string): Promise<void> {
  await sleep(Math.max(0, (epochSeconds(httpDate) + 1) * 1000 - Date.now()) + 20);
}

/** Runs the checks against one instance of every app on one database. */
export async function runOneSecondHole(
  context: ScenarioContext,
  {
    sequences = 60,
    raceRounds = 5,
    clients = 30,
    burstWrites = 30,
    burstWriters = 10,
  }: OneSecondHoleOptions = {},
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
  let datedReplies = 0;
  let repliesAheadOfDate = 0;
  let maxAheadOfDate = Number.NEGATIVE_INFINITY;
  const count = (reply: HttpReply) => {
    const ahead = secondsAheadOfDate(reply);
    if (ahead !== undefined) {
      datedReplies += 1;
      maxAheadOfDate = Math.max(maxAheadOfDate, ahead);
      if (ahead > 0) repliesAheadOfDate += 1;
    }
    requests += 1;
    maxMs = Math.max(maxMs, reply.ms);
    if (reply.status >= 500) serverErrors += 1;
    if (reply.status === 412) conflicts += 1;
    return reply;
  };
  const read = async (client: HttpClient, id: string): Promise<Versioned<Article>> =>
    versioned<Article>(count(await client.send({ method: 'GET', path: `/api/articles/${id}` })), 'a read');
  const patch = async (client: HttpClient, id: string, etag: string, json: Partial<Article>) =>
    count(
      await client.send({
        method: 'PATCH',
        path: `/api/articles/${id}`,
        headers: { 'if-match': etag },
        json,
      }),
    );
  /** A race of If-Unmodified-Since writers that all read `current`; returns the winners. */
  const race = async (id: string, current: Versioned<Article>, round: number): Promise<HttpReply[]> => {
    const released = gate();
    const pending = Array.from({ length: clients }, (_, c) =>
      via(c + round).send({
        method: 'PATCH',
        path: `/api/articles/${id}`,
        headers: { 'if-unmodified-since': current.lastModified },
        json: { title: `dated race ${round} client ${c}`, views: current.value.views + 1 },
        hold: released.opened,
      }),
    );
    await sleep(100);
    released.open();
    const replies = (await Promise.all(pending)).map(count);
    if (replies.some((reply) => reply.status !== 200 && reply.status !== 412)) {
      violations.push(`race ${round}: ${replies.map((reply) => reply.status).join(' ')}`);
    }
    return replies.filter((reply) => reply.status === 200);
  };
  try {
    // 1. read → write → stale writes, each step through another instance.
    const created = await createArticle(via(0), { title: 'dated', body: 'b', views: 0 });
    const id = created.value.id;
    const path = `/api/articles/${id}`;
    let lastWriteSecond = second();
    for (let sequence = 0; sequence < sequences; sequence++) {
      const before = await read(via(sequence), id);
      const written = versioned<Article>(
        await patch(via(sequence + 1), id, before.etag, { views: before.value.views + 1 }),
        'the fresh write',
      );
      writes += 1;
      if (second() === lastWriteSecond) sameSecondWrites += 1;
      lastWriteSecond = second();
      if (epochSeconds(written.lastModified) < epochSeconds(before.lastModified)) {
        violations.push(
          `sequence ${sequence}: Last-Modified ${written.lastModified} is before ${before.lastModified}`,
        );
      }
      const stale = { 'if-unmodified-since': before.lastModified };
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

    // 2. races of If-Unmodified-Since writers: one winner on a version alone in its second.
    let raceWinners = 0;
    for (let round = 1; round <= raceRounds; round++) {
      const current = await read(via(round), id);
      await pastSecondOf(current.lastModified);
      const alone = versioned<Article>(
        await patch(via(round + 1), id, current.etag, { title: `alone ${round}` }),
        'the write before a race',
      );
      writes += 1;
      const won = await race(id, alone, round);
      raceWinners += won.length;
      writes += won.length;
      if (won.length !== 1)
        violations.push(`race ${round} on a version alone in its second: ${won.length} winners`);
    }
    // …and none on a version that shares its second with the one before.
    let sharedRaceWinners = 0;
    let sharedRaceRun = false;
    for (let attempt = 0; attempt < 20 && !sharedRaceRun; attempt++) {
      const first = await read(via(attempt), id);
      const next = versioned<Article>(await patch(via(attempt + 1), id, first.etag, { views: 0 }), 'a write');
      const shared = versioned<Article>(
        await patch(via(attempt + 2), id, next.etag, { views: 1 }),
        'a write',
      );
      writes += 2;
      if (shared.lastModified !== next.lastModified) continue;
      sharedRaceRun = true;
      const won = await race(id, shared, raceRounds + 1);
      sharedRaceWinners = won.length;
      writes += won.length;
      if (won.length !== 0) violations.push(`a race on a date naming two versions had ${won.length} winners`);
    }
    if (!sharedRaceRun) violations.push('no two writes shared a second in 20 attempts');

    // 3. concurrent touches of one session, through every instance; every superseded date is refused.
    const session = versioned<{ id: string }>(
      count(await via(0).send({ method: 'POST', path: '/api/sessions' })),
      'POST /api/sessions',
    );
    const sessionPath = `/api/sessions/${session.value.id}`;
    const touches = (
      await Promise.all(
        Array.from({ length: clients }, (_, c) =>
          via(c).send({ method: 'POST', path: `${sessionPath}/touch` }),
        ),
      )
    ).map(count);
    writes += touches.length;
    if (touches.some((touch) => touch.status !== 200)) violations.push('a touch did not answer 200');
    const currentSession = versioned<{ id: string }>(
      count(await via(1).send({ method: 'GET', path: sessionPath })),
      `GET ${sessionPath}`,
    );
    let supersededDeletes = 0;
    let supersededRefused = 0;
    for (const [index, superseded] of [
      session,
      ...touches.map((touch) => versioned<{ id: string }>(touch, 'a touch')),
    ].entries()) {
      if (superseded.etag === currentSession.etag) continue;
      const reply = count(
        await via(index).send({
          method: 'DELETE',
          path: sessionPath,
          headers: { 'if-unmodified-since': superseded.lastModified },
        }),
      );
      supersededDeletes += 1;
      if (reply.status === 412 && header(reply, 'etag') === currentSession.etag) supersededRefused += 1;
      else violations.push(`a DELETE dated by a superseded touch answered ${reply.status}`);
    }

    // 4. a burst on one article: sequential writes, then concurrent writers retrying on 412.
    for (let write = 0; write < burstWrites; write++) {
      const current = await read(via(write), id);
      versioned<Article>(await patch(via(write + 1), id, current.etag, { views: write }), 'a burst write');
      writes += 1;
    }
    let burstRetries = 0;
    await Promise.all(
      Array.from({ length: burstWriters }, async (_, writer) => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const current = await read(via(writer + attempt), id);
          const reply = await patch(via(writer + attempt + 1), id, current.etag, {
            title: `burst ${writer}`,
          });
          if (reply.status === 200) {
            writes += 1;
            return;
          }
          burstRetries += 1;
          if (reply.status !== 412) break;
        }
        violations.push(`burst writer ${writer} never won`);
      }),
    );

    const final = await read(via(0), id);
    const leadSeconds = epochSeconds(final.lastModified) - second();
    if (leadSeconds > 0) violations.push(`the final Last-Modified is ${leadSeconds} s ahead of the clock`);
    if (repliesAheadOfDate > 0) {
      violations.push(
        `${repliesAheadOfDate} of ${datedReplies} replies carried a Last-Modified later than their Date`,
      );
    }
    return {
      title: 'One-second hole',
      claim:
        'read → write → stale If-Unmodified-Since write, across instances: 412 every time; If-Unmodified-Since races: one winner on a date naming one version, none on a date naming two; superseded touch dates: 412; no Last-Modified later than its Date',
      setting: `${names(instances)} on one PostgreSQL`,
      summary: {
        requests,
        rounds: `${sequences} sequences, ${raceRounds} + 1 × ${clients} race, ${clients} touches, burst ${burstWrites} + ${burstWriters}`,
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
        [
          'If-Unmodified-Since race winners on a version alone in its second',
          `${raceWinners} of ${raceRounds} rounds`,
        ],
        ['If-Unmodified-Since race winners on a date naming two versions', `${sharedRaceWinners}`],
        ['DELETEs dated by a superseded touch refused', `${supersededRefused} of ${supersededDeletes}`],
        ['burst retries after a 412', `${burstRetries}`],
        ['Last-Modified ahead of the wall clock at the end', `${leadSeconds} s`],
        [
          'replies carrying a Last-Modified later than their Date',
          `${repliesAheadOfDate} of ${datedReplies}`,
        ],
        ["Last-Modified − the same reply's Date, at most", `${maxAheadOfDate} s`],
      ],
      violations,
    };
  } finally {
    await cluster.stop();
  }
}
