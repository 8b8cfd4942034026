/**
 * The read-modify-write client the retry-loop, kill and outage scenarios share. Each client reads
 * the article and PATCHes it with `If-Match`, `views + 1` and its own write token appended to the
 * body, retrying on 412 until it is acknowledged. The body is then a log of every write that was
 * applied: an acknowledged write missing from it, or a counter that disagrees with it, is a lost
 * update; a write whose response was lost is found in it, or not.
 *
 * @module
 */

import { type FailureKind, type HttpClient, mediaType, RequestFailure } from './http-client.js';
import { type Article, type Versioned, versioned } from './sample-api.js';

/** An instance as the load client sees it. */
export interface Target {
  readonly name: string;
  readonly client: HttpClient;
}

/** One request the client made. */
export interface Exchange {
  readonly instance: string;
  readonly method: 'GET' | 'PATCH';
  /** The status, or why there was none. */
  readonly outcome: number | FailureKind;
  /** When there was no status: what the client saw, such as `lost: read ECONNRESET`. */
  readonly failure?: string;
  readonly mediaType: string | undefined;
  /** `performance.now()` when it was sent. */
  readonly startedAt: number;
  readonly ms: number;
}

/** What {@link runIncrements} does. */
export interface IncrementPlan {
  readonly targets: readonly Target[];
  readonly articleId: string;
  readonly clients: number;
  readonly incrementsPerClient: number;
  /**
   * When a request gets no response: go on with the next instance (`next-instance`), or end that
   * client (`stop`, for a single instance that is gone). @defaultValue 'next-instance'
   */
  readonly onNoResponse?: 'next-instance' | 'stop';
  /** The pause before trying again after a 503. @defaultValue 100 */
  readonly unavailableBackoffMs?: number;
  /** Called after every acknowledged write with the running count: where a fault is injected. */
  readonly onAcknowledged?: (count: number) => void;
  /** Called after every request, as it completes. */
  readonly onExchange?: (exchange: Exchange) => void;
  readonly requestTimeoutMs?: number;
  /** Clients still going after this long stop. @defaultValue 120000 */
  readonly deadlineMs?: number;
  /** Clients stop at their next request once this is aborted. */
  readonly stop?: AbortSignal;
}

/** What the clients did. */
export interface IncrementRun {
  /** Tokens of the writes answered 2xx. */
  readonly acknowledged: readonly string[];
  /**
   * Tokens of the writes whose effect is unknown: the connection broke or timed out after the
   * request went out, or the app answered 503 (the database may have committed before failing).
   */
  readonly unknown: readonly string[];
  /** Writes that were never delivered (connection refused): certainly not applied. */
  readonly refusedWrites: number;
  /** 412 answers to the PATCHes. */
  readonly conflicts: number;
  readonly exchanges: readonly Exchange[];
  /** Answers outside the plan (a 4xx other than 412, a 5xx other than 503), described. */
  readonly unexpected: readonly string[];
  /** Clients that made all their increments. */
  readonly finishedClients: number;
  readonly durationMs: number;
}

const MAX_UNEXPECTED = 20;

/** `c<client>i<increment>a<attempt>`: one token per write attempt, so a retried write is told apart. */
const token = (client: number, increment: number, attempt: number) => `c${client}i${increment}a${attempt}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `clients` clients at once, each making `incrementsPerClient` acknowledged increments of
 * `views`. Client `c` reads through instance `c + r` and writes through `c + r + 1` (modulo the
 * number of instances), where `r` moves on whenever an instance gives no response.
 */
export async function runIncrements(plan: IncrementPlan): Promise<IncrementRun> {
  const started = performance.now();
  const deadline = started + (plan.deadlineMs ?? 120_000);
  const backoff = plan.unavailableBackoffMs ?? 100;
  const acknowledged: string[] = [];
  const unknown: string[] = [];
  const exchanges: Exchange[] = [];
  const unexpected: string[] = [];
  let refusedWrites = 0;
  let conflicts = 0;
  let finishedClients = 0;
  const targets = plan.targets;
  const path = `/api/articles/${plan.articleId}`;

  async function exchange(
    target: Target,
    method: 'GET' | 'PATCH',
    send: () => ReturnType<HttpClient['send']>,
  ) {
    const startedAt = performance.now();
    const record = (done: Exchange) => {
      exchanges.push(done);
      plan.onExchange?.(done);
    };
    try {
      const reply = await send();
      record({
        instance: target.name,
        method,
        outcome: reply.status,
        mediaType: mediaType(reply),
        startedAt,
        ms: reply.ms,
      });
      if (reply.status >= 500 && reply.status !== 503 && unexpected.length < MAX_UNEXPECTED) {
        unexpected.push(`${method} via ${target.name} answered ${reply.status}: ${reply.text.slice(0, 200)}`);
      }
      return reply;
    } catch (error) {
      if (!(error instanceof RequestFailure)) throw error;
      record({
        instance: target.name,
        method,
        outcome: error.kind,
        failure: error.message,
        mediaType: undefined,
        startedAt,
        ms: error.ms,
      });
      return error;
    }
  }

  const going = () => performance.now() < deadline && !plan.stop?.aborted;

  async function client(c: number): Promise<void> {
    let rotation = 0;
    let silentInARow = 0;
    const noResponse = async (): Promise<boolean> => {
      if (plan.onNoResponse === 'stop') return false;
      rotation += 1;
      silentInARow += 1;
      // Every instance silent: wait a little rather than spin.
      if (silentInARow % targets.length === 0) await sleep(50);
      return true;
    };
    for (let increment = 0; increment < plan.incrementsPerClient; increment++) {
      for (let attempt = 0; ; attempt++) {
        if (!going()) return;
        const reader = targets[(c + rotation) % targets.length]!;
        const read = await exchange(reader, 'GET', () =>
          reader.client.send({ method: 'GET', path, timeoutMs: plan.requestTimeoutMs }),
        );
        if (read instanceof RequestFailure) {
          if (await noResponse()) continue;
          return;
        }
        silentInARow = 0;
        if (read.status === 503) {
          await sleep(backoff);
          continue;
        }
        if (read.status !== 200) {
          if (unexpected.length < MAX_UNEXPECTED) {
            unexpected.push(`GET via ${reader.name} answered ${read.status}: ${read.text.slice(0, 200)}`);
          }
          await sleep(backoff);
          continue;
        }
        const current: Versioned<Article> = versioned(read, `GET ${path}`);
        const write = token(c, increment, attempt);
        const writer = targets[(c + rotation + 1) % targets.length]!;
        const patched = await exchange(writer, 'PATCH', () =>
          writer.client.send({
            method: 'PATCH',
            path,
            headers: { 'if-match': current.etag, 'content-type': 'application/merge-patch+json' },
            json: { views: current.value.views + 1, body: `${current.value.body} ${write}` },
            timeoutMs: plan.requestTimeoutMs,
          }),
        );
        if (patched instanceof RequestFailure) {
          if (patched.kind === 'refused') refusedWrites += 1;
          else unknown.push(write);
          if (await noResponse()) continue;
          return;
        }
        silentInARow = 0;
        if (patched.status >= 200 && patched.status < 300) {
          acknowledged.push(write);
          plan.onAcknowledged?.(acknowledged.length);
          break;
        }
        if (patched.status === 412) {
          conflicts += 1;
          continue;
        }
        if (patched.status === 503) {
          unknown.push(write);
          await sleep(backoff);
          continue;
        }
        if (unexpected.length < MAX_UNEXPECTED) {
          unexpected.push(
            `PATCH via ${writer.name} answered ${patched.status}: ${patched.text.slice(0, 200)}`,
          );
        }
        await sleep(backoff);
      }
    }
    finishedClients += 1;
  }

  await Promise.all(Array.from({ length: plan.clients }, (_, c) => client(c)));
  return {
    acknowledged,
    unknown,
    refusedWrites,
    conflicts,
    exchanges,
    unexpected,
    finishedClients,
    durationMs: performance.now() - started,
  };
}

/** The article's final state held against what the clients were told. */
export interface CounterCheck {
  /** `views` minus its value before the run. */
  readonly increments: number;
  /** Write tokens in the body. */
  readonly logged: number;
  /** Writes of unknown outcome that the log shows were applied. */
  readonly appliedUnknown: number;
  /** Every way the final state contradicts the acknowledgements; empty when it does not. */
  readonly violations: readonly string[];
}

/**
 * Checks the final article against the run: every acknowledged write is in the log, nothing is in
 * it that was refused or never sent, and the counter equals the log's length. Hence
 * `acknowledged ≤ increments ≤ acknowledged + unknown`, and exactly
 * `increments = acknowledged + appliedUnknown`.
 */
export function checkCounter(run: IncrementRun, final: Article, viewsBefore: number): CounterCheck {
  const logged = final.body.split(/\s+/).filter((word) => /^c\d+i\d+a\d+$/.test(word));
  const inLog = new Set(logged);
  const acknowledged = new Set(run.acknowledged);
  const unknown = new Set(run.unknown);
  const increments = final.views - viewsBefore;
  const violations: string[] = [];
  const missing = run.acknowledged.filter((write) => !inLog.has(write));
  if (missing.length > 0) {
    violations.push(
      `${missing.length} acknowledged writes are not stored (${missing.slice(0, 5).join(', ')})`,
    );
  }
  const strangers = logged.filter((write) => !acknowledged.has(write) && !unknown.has(write));
  if (strangers.length > 0) {
    violations.push(
      `${strangers.length} stored writes were never acknowledged nor in doubt (${strangers.slice(0, 5).join(', ')})`,
    );
  }
  if (inLog.size !== logged.length) violations.push(`${logged.length - inLog.size} writes are stored twice`);
  if (increments !== logged.length) {
    violations.push(`views grew by ${increments} but ${logged.length} writes are stored: an update was lost`);
  }
  if (increments < run.acknowledged.length || increments > run.acknowledged.length + run.unknown.length) {
    violations.push(
      `views grew by ${increments}, outside [acknowledged ${run.acknowledged.length}, acknowledged + unknown ${run.acknowledged.length + run.unknown.length}]`,
    );
  }
  for (const description of run.unexpected) violations.push(`unexpected answer: ${description}`);
  return {
    increments,
    logged: logged.length,
    appliedUnknown: logged.filter((write) => unknown.has(write)).length,
    violations,
  };
}

/** Per-instance tallies of a run's exchanges. */
export interface InstanceTally {
  readonly requests: number;
  readonly serverErrors: number;
  readonly noResponse: number;
  readonly maxMs: number;
}

/** Counts each instance's requests, 5xx answers, requests without response, and slowest answer. */
export function tallyByInstance(exchanges: readonly Exchange[]): Map<string, InstanceTally> {
  const tallies = new Map<string, InstanceTally>();
  for (const exchange of exchanges) {
    const before = tallies.get(exchange.instance) ?? {
      requests: 0,
      serverErrors: 0,
      noResponse: 0,
      maxMs: 0,
    };
    const status = typeof exchange.outcome === 'number' ? exchange.outcome : undefined;
    tallies.set(exchange.instance, {
      requests: before.requests + 1,
      serverErrors: before.serverErrors + (status !== undefined && status >= 500 ? 1 : 0),
      noResponse: before.noResponse + (status === undefined ? 1 : 0),
      maxMs: status === undefined ? before.maxMs : Math.max(before.maxMs, exchange.ms),
    });
  }
  return tallies;
}
