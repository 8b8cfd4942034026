/**
 * `defineContract`: the contract suite as a function over a target (STYLE.md). An app hands it a
 * name and a way to start its real server; the suite does the rest over real HTTP.
 *
 * @module
 */

import { afterAll, beforeAll, describe } from 'vitest';
import { describeBadInput } from './bad-input.js';
import { describeConditionalGet } from './conditional-get.js';
import { describeContentCoding } from './content-coding.js';
import { Api } from './fixtures.js';
import { describeHostField } from './host-field.js';
import { describeIdempotencyKey } from './idempotency-key.js';
import { describeIfMatch } from './if-match.js';
import { describeIfModifiedSince } from './if-modified-since.js';
import { describeIfUnmodifiedSince } from './if-unmodified-since.js';
import { describeLifecycle } from './lifecycle.js';
import { describeOversizedBody } from './oversized-body.js';
import { describePipelinedRequests } from './pipelined-requests.js';
import { describePostPreconditions } from './post-preconditions.js';
import { describePreconditionRequired } from './precondition-required.js';
import { describePutValidators } from './put-validators.js';
import { describeRace } from './race.js';
import { describeRanges } from './ranges.js';
import { describeRepeatedLines } from './repeated-lines.js';
import { describeSafeCreate } from './safe-create.js';

/** A server the target has started and listens on an ephemeral port. */
export interface RunningServer {
  /** Where the sample API is served, such as `http://127.0.0.1:53124` (no trailing path needed). */
  readonly baseUrl: string;
  /** Stops the server and releases what it holds (sockets, database). */
  close(): Promise<void>;
}

/** One app under test. */
export interface ContractTarget {
  /** The name of the top-level `describe` block, such as `koa on PGlite`. */
  readonly name: string;
  /** Starts the app on port 0 with fresh storage; called once, before every topic. */
  start(): Promise<RunningServer>;
}

const TOPICS = {
  lifecycle: describeLifecycle,
  'if-match': describeIfMatch,
  'safe-create': describeSafeCreate,
  'put-validators': describePutValidators,
  'idempotency-key': describeIdempotencyKey,
  'conditional-get': describeConditionalGet,
  'content-coding': describeContentCoding,
  'if-modified-since': describeIfModifiedSince,
  'if-unmodified-since': describeIfUnmodifiedSince,
  'post-preconditions': describePostPreconditions,
  'precondition-required': describePreconditionRequired,
  'bad-input': describeBadInput,
  'repeated-lines': describeRepeatedLines,
  'host-field': describeHostField,
  'pipelined-requests': describePipelinedRequests,
  'oversized-body': describeOversizedBody,
  ranges: describeRanges,
  race: describeRace,
} satisfies Record<string, (api: Api) => void>;

/** The name of one topic: one file in `src/`, one `describe` block. */
export type Topic = keyof typeof TOPICS;

/** Every topic, in the order the suite runs them. */
export const CONTRACT_TOPICS = Object.keys(TOPICS) as readonly Topic[];

/** Options for {@link defineContract}. */
export interface ContractOptions {
  /** Run only these topics (all of them by default). */
  readonly only?: readonly Topic[] | undefined;
}

/** How long a target may take to start: a Next.js build-less start can take a while. */
const START_TIMEOUT_MS = 120_000;

/**
 * Registers the contract suite for one target: a `describe(target.name)` block that starts the
 * server once in `beforeAll`, runs every topic against it (each test creates its own resources,
 * so topics share the server but not state), and closes it in `afterAll`.
 * Call it at the top level of a vitest test file.
 *
 * @example
 * ```ts
 * import { defineContract } from '@precond/contract';
 * defineContract({ name: 'koa on PGlite', start: () => startKoaApp({ port: 0 }) });
 * ```
 */
export function defineContract(target: ContractTarget, options: ContractOptions = {}): void {
  const topics = options.only ?? CONTRACT_TOPICS;
  describe(target.name, () => {
    let server: RunningServer | undefined;
    const api = new Api(() => {
      if (server === undefined) throw new Error(`${target.name} has not started`);
      return server.baseUrl;
    });
    beforeAll(async () => {
      server = await target.start();
    }, START_TIMEOUT_MS);
    afterAll(async () => {
      await server?.close();
    }, START_TIMEOUT_MS);
    for (const topic of topics) TOPICS[topic](api);
  });
}
