/**
 * Scenario: the safe-create race. Clients spread over every instance PUT one new user name with
 * `If-None-Match: *`, their requests held so that they arrive together: one 201, the rest 412
 * naming the winner's tag, and one row in the table.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { type ScenarioContext, startCluster } from './cluster.js';
import { gate, header, mediaType } from './http-client.js';
import { problemEtag, versioned } from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How hard. */
export interface SafeCreateRaceOptions {
  /** New names raced for, one after another. @defaultValue 15 */
  readonly rounds?: number;
  /** @defaultValue 30 */
  readonly clients?: number;
  /** @defaultValue 100 */
  readonly holdMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the race against one instance of every app on one database. */
export async function runSafeCreateRace(
  context: ScenarioContext,
  { rounds = 15, clients = 30, holdMs = 100 }: SafeCreateRaceOptions = {},
): Promise<ScenarioResult> {
  const cluster = await startCluster(context);
  const { instances } = cluster;
  const via = (index: number) => cluster.clients[index % instances.length]!;
  const violations: string[] = [];
  let requests = 0;
  let created = 0;
  let conflicts = 0;
  let serverErrors = 0;
  let maxMs = 0;
  let singleRows = 0;
  try {
    for (let round = 1; round <= rounds; round++) {
      const name = `race-${round}-${randomBytes(6).toString('hex')}`;
      const released = gate();
      const puts = Array.from({ length: clients }, (_, c) =>
        via(c + round).send({
          method: 'PUT',
          path: `/api/users/${name}`,
          headers: { 'if-none-match': '*' },
          json: { displayName: `client ${c}` },
          hold: released.opened,
        }),
      );
      await sleep(holdMs);
      released.open();
      const replies = await Promise.all(puts);
      requests += clients;
      for (const reply of replies) {
        maxMs = Math.max(maxMs, reply.ms);
        if (reply.status >= 500) serverErrors += 1;
        if (reply.status === 412) conflicts += 1;
        else if (reply.status !== 201) violations.push(`round ${round}: a PUT answered ${reply.status}`);
      }
      const winners = replies.filter((reply) => reply.status === 201);
      created += winners.length;
      if (winners.length !== 1) {
        violations.push(`round ${round}: ${winners.length} PUTs created the user`);
        continue;
      }
      // The 201 carries no validators: the stored user is not the content sent (RFC 9110 §9.3.4).
      // Nothing writes the user after the race, so a read names the winner's version.
      const answered = JSON.parse(winners[0]!.text) as { name: string; displayName: string };
      const winner = versioned<{ name: string; displayName: string }>(
        await via(round).send({ method: 'GET', path: `/api/users/${name}` }),
        `GET /api/users/${name} after the race`,
      );
      requests += 1;
      if (winner.value.displayName !== answered.displayName) {
        violations.push(
          `round ${round}: the user holds ${winner.value.displayName}, the 201 said ${answered.displayName}`,
        );
      }
      for (const loser of replies.filter((reply) => reply.status === 412)) {
        if (header(loser, 'etag') !== winner.etag || problemEtag(loser) !== winner.etag) {
          violations.push(
            `round ${round}: a 412 named ${header(loser, 'etag')}, not the winner's ${winner.etag}`,
          );
        }
        if (mediaType(loser) !== 'application/problem+json')
          violations.push(`round ${round}: a 412 without problem+json`);
      }
      const rows = await cluster.admin.userRows(name);
      if (rows === 1) singleRows += 1;
      else violations.push(`round ${round}: ${rows} rows for ${name}`);
      const reads = await Promise.all(
        instances.map((_, index) => via(index).send({ method: 'GET', path: `/api/users/${name}` })),
      );
      requests += reads.length;
      for (const read of reads) {
        const user = versioned<{ displayName: string }>(read, `GET /api/users/${name}`);
        if (user.etag !== winner.etag || user.value.displayName !== winner.value.displayName) {
          violations.push(`round ${round}: an instance serves another version than the winner's`);
        }
      }
    }
    return {
      title: 'Safe-create race',
      claim: `${clients} PUTs of one new user with If-None-Match: * — one 201, the rest 412 with the winner's ETag, one row`,
      setting: `${names(instances)} on one PostgreSQL`,
      summary: {
        requests,
        rounds: `${rounds} × ${clients}`,
        acknowledged: created,
        conflicts,
        found: `${singleRows} / ${rounds} names with one row`,
        serverErrors,
        maxMs: ms(maxMs),
      },
      details: [],
      violations,
    };
  } finally {
    await cluster.stop();
  }
}
