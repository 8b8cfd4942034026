/**
 * Scenario: hostile input at every app and every route — adversarial conditional fields, malformed
 * and oversized bodies, wrong content types, broken paths and framing — sent over raw sockets. No
 * 5xx, no crash, no hang, and the stored data unchanged by every request that was refused: after
 * each non-2xx write the digest of every table is compared with the one before.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { type ScenarioContext, startCluster } from './cluster.js';
import {
  type CaseBuilder,
  type Fixtures,
  fixedCorpus,
  type HostileCase,
  isOversized,
  randomCase,
  seededRandom,
} from './hostile-corpus.js';
import type { HttpClient } from './http-client.js';
import type { Instance } from './instances.js';
import { sendRaw } from './raw-http.js';
import { createArticle, versioned } from './sample-api.js';
import { ms, type ScenarioResult } from './scenario-result.js';

/** How much. */
export interface HostileInputOptions {
  /** Random requests per app, after the fixed corpus. @defaultValue 150 */
  readonly randomRequests?: number;
  /** @defaultValue a fresh one, printed in the report so that a run can be replayed */
  readonly seed?: number;
}

/**
 * A response slower than this is a hang, not slowness: timing goals belong in benchmarks. Far above
 * any answer of a working server on a busy machine, far below the servers' own limits on a stalled
 * request (Node's `headersTimeout` is 60 s), which a hang would wait for.
 */
export const HANG_BOUND_MS = 5_000;
/** The goal the report measures against. */
export const LATENCY_GOAL_MS = 100;

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** What one app did with the run. */
interface AppOutcome {
  requests: number;
  readonly statuses: Map<number, number>;
  serverErrors: number;
  noResponse: number;
  overGoal: number;
  readonly latencies: number[];
  rejectedWrites: number;
  acceptedWrites: number;
  /** The three slowest answers. */
  slowest: { label: string; ms: number }[];
}

/** Runs the fixed corpus and `randomRequests` random requests against each app in turn. */
export async function runHostileInput(
  context: ScenarioContext,
  { randomRequests = 150, seed = randomBytes(4).readUInt32BE() }: HostileInputOptions = {},
): Promise<ScenarioResult> {
  const cluster = await startCluster(context);
  const violations: string[] = [];
  const outcomes = new Map<string, AppOutcome>();
  try {
    const corpus = fixedCorpus();
    for (const [index, instance] of cluster.instances.entries()) {
      const random = seededRandom(seed + index);
      const builders: CaseBuilder[] = [
        ...corpus,
        ...Array.from({ length: randomRequests }, () => (fixtures: Fixtures) => randomCase(random, fixtures)),
      ];
      outcomes.set(
        instance.name,
        await fuzz(instance, cluster.clients[index]!, builders, () => cluster.admin.digest(), violations),
      );
    }
  } finally {
    await cluster.stop();
  }
  const all = [...outcomes.values()];
  const latencies = all.flatMap((outcome) => outcome.latencies).sort((a, b) => a - b);
  const sum = (pick: (outcome: AppOutcome) => number) =>
    all.reduce((total, outcome) => total + pick(outcome), 0);
  const statuses = new Map<number, number>();
  for (const outcome of all) {
    for (const [status, count] of outcome.statuses) statuses.set(status, (statuses.get(status) ?? 0) + count);
  }
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    title: 'Hostile input',
    claim: `every route of every app: no 5xx, no crash, no response slower than ${HANG_BOUND_MS} ms, stored data unchanged by every refused write`,
    setting: `${[...outcomes.keys()].join(', ')} on one PostgreSQL, one app at a time, raw sockets; seed ${seed}`,
    summary: {
      requests: sum((outcome) => outcome.requests),
      rounds: `${fixedCorpus().length} fixed + ${randomRequests} random per app`,
      acknowledged: sum((outcome) => outcome.acceptedWrites),
      found: `${sum((outcome) => outcome.rejectedWrites)} refused writes, data unchanged after each`,
      serverErrors: sum((outcome) => outcome.serverErrors),
      maxMs: ms(latencies.at(-1) ?? 0),
    },
    details: [
      [
        'statuses',
        [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${status} × ${count}`)
          .join(', '),
      ],
      [
        'latency p50 / p99 / max',
        `${ms(percentile(0.5))} / ${ms(percentile(0.99))} / ${ms(latencies.at(-1) ?? 0)} ms`,
      ],
      [
        `responses over the ${LATENCY_GOAL_MS} ms goal`,
        [...outcomes].map(([name, outcome]) => `${name} ${outcome.overGoal}`).join(', '),
      ],
      [
        'max latency per app',
        [...outcomes]
          .map(([name, outcome]) => `${name} ${ms(Math.max(0, ...outcome.latencies))} ms`)
          .join(', '),
      ],
      [
        'slowest answers',
        [...outcomes]
          .map(
            ([name, outcome]) =>
              `${name}: ${outcome.slowest.map((slow) => `${slow.label} ${ms(slow.ms)} ms`).join('; ')}`,
          )
          .join(' — '),
      ],
      [
        'connections closed without a response (oversized requests only)',
        [...outcomes].map(([name, outcome]) => `${name} ${outcome.noResponse}`).join(', '),
      ],
    ],
    violations,
  };
}

/** Sends every case to one instance, one at a time, checking each answer and the data after it. */
async function fuzz(
  instance: Instance,
  client: HttpClient,
  builders: readonly CaseBuilder[],
  digest: () => Promise<string>,
  violations: string[],
): Promise<AppOutcome> {
  const outcome: AppOutcome = {
    requests: 0,
    statuses: new Map(),
    serverErrors: 0,
    noResponse: 0,
    overGoal: 0,
    latencies: [],
    rejectedWrites: 0,
    acceptedWrites: 0,
    slowest: [],
  };
  const fail = (message: string) => {
    if (violations.length < 50) violations.push(`${instance.name}: ${message}`);
  };
  let fixtures = await createFixtures(client);
  let stored = await digest();
  for (const build of builders) {
    const { label, request }: HostileCase = build(fixtures);
    const response = await sendRaw(instance.port, request, HANG_BOUND_MS * 2);
    outcome.requests += 1;
    if (response.timedOut) {
      fail(`${label}: no complete response within ${HANG_BOUND_MS * 2} ms`);
    } else if (response.status === undefined) {
      if (isOversized(request)) outcome.noResponse += 1;
      else fail(`${label}: the connection closed without a response (${response.error ?? 'no error'})`);
    } else {
      outcome.statuses.set(response.status, (outcome.statuses.get(response.status) ?? 0) + 1);
      outcome.latencies.push(response.ms);
      if (response.ms > LATENCY_GOAL_MS) outcome.overGoal += 1;
      outcome.slowest = [...outcome.slowest, { label, ms: response.ms }]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3);
      if (response.ms > HANG_BOUND_MS) fail(`${label}: answered after ${Math.round(response.ms)} ms`);
      if (response.status >= 500) {
        outcome.serverErrors += 1;
        fail(`${label}: answered ${response.status}`);
      }
    }
    if (!instance.running) {
      fail(`${label}: the process died:\n${instance.output().slice(-2_000)}`);
      break;
    }
    if (SAFE_METHODS.has(request.method)) continue;
    const accepted = response.status !== undefined && response.status >= 200 && response.status < 300;
    if (accepted) {
      outcome.acceptedWrites += 1;
      // A write that went through may have deleted a fixture, or changed the tag the lists use.
      fixtures = await refreshFixtures(client, fixtures);
      stored = await digest();
    } else {
      outcome.rejectedWrites += 1;
      const after = await digest();
      if (after !== stored) {
        fail(`${label}: answered ${response.status ?? 'nothing'} but the stored data changed`);
        stored = after;
      }
    }
  }
  const health = await client.send({ method: 'GET', path: '/api/articles' }).catch(() => undefined);
  if (health?.status !== 200) fail(`does not serve after the run (${health?.status ?? 'no response'})`);
  return outcome;
}

async function createFixtures(client: HttpClient): Promise<Fixtures> {
  const article = await createArticle(client, { title: 'fuzz target', body: 'The body the ranges read.' });
  const userName = `fuzz-${randomBytes(6).toString('hex')}`;
  versioned(
    await client.send({
      method: 'PUT',
      path: `/api/users/${userName}`,
      headers: { 'if-none-match': '*' },
      // The user's own JSON, byte for byte, so that the 201 carries its validators (RFC 9110 §9.3.4).
      json: { name: userName, displayName: 'Fuzz' },
    }),
    'PUT a user',
  );
  const session = versioned<{ id: string }>(
    await client.send({ method: 'POST', path: '/api/sessions' }),
    'POST a session',
  );
  return fixturesOf(article.value.id, article.etag, userName, session.value.id);
}

/** Brings the fixtures back to existing resources: the article recreated under its id, a new session. */
async function refreshFixtures(client: HttpClient, fixtures: Fixtures): Promise<Fixtures> {
  const articlePath = `/api/articles/${fixtures.articleId}`;
  let article = await client.send({ method: 'GET', path: articlePath });
  if (article.status === 404) {
    article = await client.send({
      method: 'PUT',
      path: articlePath,
      headers: { 'if-none-match': '*' },
      // The article's own JSON, byte for byte, so that the 201 carries its ETag (RFC 9110 §9.3.4).
      json: { id: fixtures.articleId, title: 'fuzz target', body: 'The body the ranges read.', views: 0 },
    });
  }
  const etag = versioned(article, `the article fixture ${fixtures.articleId}`).etag;
  let sessionId = fixtures.sessionId;
  const session = await client.send({ method: 'GET', path: `/api/sessions/${sessionId}` });
  if (session.status === 404) {
    sessionId = versioned<{ id: string }>(
      await client.send({ method: 'POST', path: '/api/sessions' }),
      'POST a session',
    ).value.id;
  }
  return fixturesOf(fixtures.articleId, etag, fixtures.userName, sessionId);
}

function fixturesOf(articleId: string, articleEtag: string, userName: string, sessionId: string): Fixtures {
  return {
    articleId,
    articleEtag,
    userName,
    sessionId,
    freshName: () => `fuzz-${randomBytes(6).toString('hex')}`,
  };
}
