/**
 * 10. Instructions per request (issue #20): every adapter against its bare framework and against the
 * same done by hand (validators set by hand, or the body tagged by hand after the fact) on the 200
 * path, and validator-first against a constant 304 on the 304 path, counted under valgrind's
 * callgrind (instruction-count.ts). Issue #20's goal of 3 % is below what CPU time on this machine
 * resolves; an instruction count repeats within about 1–2 %.
 *
 * @module
 */

import { startThrowawayPostgres, type ThrowawayPostgres } from '@precond/throwaway-postgres';
import { spread } from '../format.js';
import {
  type CountedPath,
  type CountedWorkload,
  countInstructions,
  type InstructionCount,
  readWorkload,
} from '../instruction-count.js';
import { type ChartBar, type Goal, type SectionBody, type Table, verdictOf } from '../results.js';
import type { ServerSpec } from '../server-process.js';
import type { BenchSettings } from '../settings.js';
import { type WriteOutcome, writeWorkload } from '../write-workload.js';

type FrameworkName = 'koa' | 'hapi' | 'next' | 'express' | 'fastify' | 'hono';

interface Framework {
  readonly framework: FrameworkName;
  readonly title: string;
  readonly wrapped: string;
  /** Whether its server file has a `ceiling` variant (a constant 304) to hold the 304 path against. */
  readonly ceiling: boolean;
  /** Whether its adapter also wraps a route's handler (`precond-handler`): validator-first without a layer. */
  readonly oneHandler?: boolean;
}

const FRAMEWORKS: readonly Framework[] = [
  { framework: 'koa', title: 'Koa', wrapped: '@precond/koa', ceiling: true },
  { framework: 'hapi', title: 'hapi', wrapped: '@precond/hapi', ceiling: true },
  { framework: 'next', title: 'Next handler', wrapped: '@precond/next', ceiling: false },
  { framework: 'express', title: 'Express', wrapped: '@precond/express', ceiling: true },
  { framework: 'fastify', title: 'Fastify', wrapped: '@precond/fastify', ceiling: true },
  { framework: 'hono', title: 'Hono', wrapped: '@precond/hono', ceiling: true, oneHandler: true },
];

/** precond's two ways in, each with the variant that does the same by hand: its honest comparison. */
const WAYS = [
  ['precond-validators', 'validator-first', 'hand'],
  ['precond-after', 'after the fact', 'hand-after'],
] as const;
/** Validator-first as the route's one handler, where the adapter has that way in too. */
const ONE_HANDLER = ['precond-handler', "validator-first as the route's one handler", 'hand'] as const;

/** The ways in a framework's adapter is counted by, each with its comparison by hand. */
const waysOf = (framework: Framework) => (framework.oneHandler ? [WAYS[0], ONE_HANDLER, WAYS[1]] : [...WAYS]);
/** The validator-first variants counted on the 304 path. */
const notModifiedVariants = (framework: Framework) =>
  framework.oneHandler ? ['precond-validators', 'precond-handler'] : ['precond-validators'];
const TITLES: Record<string, string> = {
  bare: 'bare',
  layer: 'an empty layer where precond sits',
  hand: 'validators by hand',
  'hand-after': 'tagged by hand after the fact',
  'precond-validators': 'validator-first',
  'precond-after': 'after the fact',
  'precond-handler': "validator-first as the route's one handler",
  ceiling: 'ceiling: a constant 304, no work',
};
const BODY = 'json-1k';
/** Issue #20: within 3 % of the comparison, read as comparison ÷ precond ≥ 1 / 1.03 (higher is better). */
const GOAL = 1 / 1.03;

/** A server and what it is asked, counted once per round. */
interface Contender {
  readonly key: string;
  /** The server, given a fresh database when it needs one. */
  readonly spec: (databaseUrl: string | undefined) => ServerSpec;
  readonly workload: CountedWorkload;
  readonly needsDatabase: boolean;
}

const readKey = (framework: FrameworkName, variant: string, path: CountedPath) =>
  `${framework} ${variant} ${path}`;
const writeKey = (server: WriteServer, outcome: WriteOutcome) => `${server} PATCH ${outcome}`;

/** The write path's two servers (section 5): the Koa sample app and the same route hand-written. */
type WriteServer = 'app-koa' | 'bare-write-koa';
const WRITE_OUTCOMES: readonly WriteOutcome[] = [200, 412];

/** What an empty layer adds: a count below bare's is the spread of the run, not a saving. */
function layerCost(added: number): string {
  return added > 0
    ? `adds ${kilo(added)}`
    : `adds nothing measurable (${kilo(-added)} fewer, within the run's spread)`;
}

function contenders(): Contender[] {
  const read = (framework: FrameworkName, variant: string, path: CountedPath): Contender => ({
    key: readKey(framework, variant, path),
    spec: () => ({ framework, variant, body: BODY }),
    workload: readWorkload(path),
    needsDatabase: false,
  });
  const write = (server: WriteServer, outcome: WriteOutcome): Contender => ({
    key: writeKey(server, outcome),
    spec: (databaseUrl) => ({ framework: server, databaseUrl }),
    workload: writeWorkload(outcome),
    needsDatabase: true,
  });
  return [
    ...FRAMEWORKS.flatMap((framework) => [
      ...['bare', 'layer', 'hand', 'hand-after', ...waysOf(framework).map(([variant]) => variant)].map(
        (variant) => read(framework.framework, variant, 200),
      ),
      ...notModifiedVariants(framework).map((variant) => read(framework.framework, variant, 304)),
      ...(framework.ceiling ? [read(framework.framework, 'ceiling', 304)] : []),
    ]),
    ...WRITE_OUTCOMES.flatMap((outcome) => [write('app-koa', outcome), write('bare-write-koa', outcome)]),
  ];
}

/**
 * Counts every contender once per round, rounds in order: the reads `BENCH_INSTRUCTION_JOBS` servers
 * at a time, then the writes one at a time. Two writes counted side by side share the throwaway
 * PostgreSQL, and how it answers reaches the count: the sample app's PATCH counted 395 k in both
 * rounds so, 354–360 k in six counts alone. After a failure no new count starts; the ones running
 * finish (each stops its own server), then the failure is thrown.
 */
async function countRounds(
  list: readonly Contender[],
  settings: BenchSettings,
  postgres: ThrowawayPostgres,
): Promise<Map<string, InstructionCount[]>> {
  const inRounds = (contenders: readonly Contender[]) =>
    Array.from({ length: settings.rounds }, (_, round) =>
      contenders.map((contender) => ({ contender, round })),
    ).flat();
  const counts = new Map(list.map((c) => [c.key, [] as InstructionCount[]]));
  let failure: { error: unknown } | undefined;
  const countAll = async (queue: readonly { contender: Contender; round: number }[], jobs: number) => {
    let next = 0;
    const job = async () => {
      while (failure === undefined && next < queue.length) {
        const { contender, round } = queue[next++]!;
        try {
          const databaseUrl = contender.needsDatabase
            ? await postgres.freshDatabaseUrl('bench_instructions')
            : undefined;
          const count = await countInstructions(contender.spec(databaseUrl), contender.workload, {
            requests: settings.instructionRequests,
            // A write runs through more code (the body, the driver) than a read, and takes longer to
            // settle: with the reads' warm-up, functions were still being optimised while counting.
            warmup: contender.needsDatabase ? 2 * settings.instructionWarmup : settings.instructionWarmup,
          });
          counts.get(contender.key)![round] = count;
          console.log(
            `  ${contender.key}, round ${round + 1}: ${kilo(perRequest([count]))} instructions per request`,
          );
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: jobs }, job));
  };
  await countAll(inRounds(list.filter((c) => !c.needsDatabase)), settings.instructionJobs);
  await countAll(inRounds(list.filter((c) => c.needsDatabase)), 1);
  if (failure) throw failure.error;
  return counts;
}

function perRequest(counts: readonly InstructionCount[]): number {
  const instructions = counts.reduce((sum, c) => sum + c.instructions, 0);
  return instructions / counts.reduce((sum, c) => sum + c.requests, 0);
}

const kilo = (instructions: number) => `${(instructions / 1000).toFixed(1)} k`;
/** Three decimals: the goal is 0.971×, and 0.966× must not read as 0.97×. */
const ratioText = (ratio: number) => `${ratio.toFixed(3)}×`;
const roundsText = (ratios: readonly number[]) => spread(ratios, 3);

/** Comparison ÷ subject, overall and round by round: above 1 the subject executes fewer instructions. */
function ratioOf(subject: readonly InstructionCount[], baseline: readonly InstructionCount[]) {
  return {
    ratio: perRequest(baseline) / perRequest(subject),
    roundRatios: subject.map((c, i) => perRequest([baseline[i]!]) / perRequest([c])),
  };
}

export async function instructionsSection(settings: BenchSettings): Promise<SectionBody> {
  const list = contenders();
  const postgres = await startThrowawayPostgres();
  let counts: Map<string, InstructionCount[]>;
  try {
    counts = await countRounds(list, settings, postgres);
  } finally {
    await postgres.stop();
  }
  const of = (framework: FrameworkName, variant: string, path: CountedPath) =>
    counts.get(readKey(framework, variant, path))!;
  /** A table row: the figure with its lowest and highest round; against a baseline, what is added and the ratio. */
  const row = (framework: Framework, variant: string, path: CountedPath, baseline?: InstructionCount[]) => {
    const subject = of(framework.framework, variant, path);
    const rounds = subject.map((c) => perRequest([c]) / 1000);
    const figure = `${kilo(perRequest(subject))} (${Math.min(...rounds).toFixed(1)}–${Math.max(...rounds).toFixed(1)} k)`;
    if (!baseline) return [framework.title, TITLES[variant]!, figure, '—', '—'];
    const added = perRequest(subject) - perRequest(baseline);
    const compared = ratioOf(subject, baseline);
    return [
      framework.title,
      TITLES[variant]!,
      figure,
      `${added >= 0 ? '+' : '−'}${kilo(Math.abs(added))}`,
      `**${ratioText(compared.ratio)}** (${roundsText(compared.roundRatios)})`,
    ];
  };

  const fullRows: string[][] = [];
  const notModifiedRows: string[][] = [];
  const goals: Goal[] = [];
  const bars: ChartBar[] = [];
  const notes: string[] = [];
  for (const framework of FRAMEWORKS) {
    const { title, wrapped } = framework;
    const bare = of(framework.framework, 'bare', 200);
    const handAfter = of(framework.framework, 'hand-after', 200);
    const layer = of(framework.framework, 'layer', 200);
    const hand = of(framework.framework, 'hand', 200);
    fullRows.push(
      [...row(framework, 'bare', 200), '—'],
      [...row(framework, 'layer', 200, bare), '—'],
      [...row(framework, 'hand', 200, bare), '—'],
      [...row(framework, 'hand-after', 200, bare), '—'],
    );
    for (const [variant, way, byHand] of waysOf(framework)) {
      const subject = of(framework.framework, variant, 200);
      const againstHand = ratioOf(subject, of(framework.framework, byHand, 200));
      fullRows.push([
        ...row(framework, variant, 200, bare),
        `${ratioText(againstHand.ratio)} (${roundsText(againstHand.roundRatios)})`,
      ]);
      const compared = ratioOf(subject, bare);
      bars.push({ label: `${title} 1 KiB 200: ${way} vs bare (instructions)`, ...compared, goal: GOAL });
      goals.push({
        text: `${title}, 1 KiB JSON, 200 path: ${wrapped} ${way} within 3 % of bare ${title}'s instructions per request`,
        verdict: verdictOf(compared.ratio, compared.roundRatios, GOAL),
        detail:
          `${kilo(perRequest(subject))} against ${kilo(perRequest(bare))} instructions (bare ÷ precond ` +
          `${ratioText(compared.ratio)}, per round ${roundsText(compared.roundRatios)})`,
      });
    }
    // The floor of any validator-first adapter: what the framework charges a layer that does nothing,
    // plus the fields themselves as a team sets them by hand.
    const layerAdds = perRequest(layer) - perRequest(bare);
    const handAdds = perRequest(hand) - perRequest(bare);
    const floor = perRequest(bare) / (perRequest(bare) + Math.max(0, layerAdds) + handAdds);
    notes.push(
      `${title}: an empty layer where precond sits ${layerCost(layerAdds)} to bare's ${kilo(perRequest(bare))} ` +
        `instructions, the validators set by hand ${kilo(handAdds)}: an adapter that did nothing else would ` +
        `reach bare ÷ it ${ratioText(floor)}${floor < GOAL ? ', below the goal of 3 %' : ''}; validator-first is ` +
        `at ${ratioText(perRequest(bare) / perRequest(of(framework.framework, 'precond-validators', 200)))}.`,
    );
    // After the fact, the body's hash is work any tagging does: the honest comparison is the same
    // tagging written by hand, and where that alone costs over 3 % of bare, bare's goal is out of reach.
    const after = of(framework.framework, 'precond-after', 200);
    const afterAgainstHand = ratioOf(after, handAfter);
    bars.push({
      label: `${title} 1 KiB 200: after the fact vs by hand (instructions)`,
      ...afterAgainstHand,
      goal: GOAL,
    });
    goals.push({
      text: `${title}, 1 KiB JSON, 200 path: ${wrapped} after the fact within 3 % of the same tagging written by hand, in instructions per request`,
      verdict: verdictOf(afterAgainstHand.ratio, afterAgainstHand.roundRatios, GOAL),
      detail:
        `${kilo(perRequest(after))} against ${kilo(perRequest(handAfter))} instructions (by hand after the fact ÷ ` +
        `precond ${ratioText(afterAgainstHand.ratio)}, per round ${roundsText(afterAgainstHand.roundRatios)})`,
    });
    const tagging = ratioOf(handAfter, bare);
    if (tagging.ratio < GOAL) {
      notes.push(
        `${title}: the body tagged by hand after the fact (serialise, SHA-1, \`ETag\`) already adds ` +
          `${kilo(perRequest(handAfter) - perRequest(bare))} instructions to bare's ${kilo(perRequest(bare))} ` +
          `(bare ÷ by hand after the fact ${ratioText(tagging.ratio)}): within 3 % of bare is out of reach of ` +
          'tagging after the fact as a team writes it, so after the fact is held to that tagging instead.',
      );
    }
    if (!framework.ceiling) {
      for (const variant of notModifiedVariants(framework)) {
        notModifiedRows.push(row(framework, variant, 304));
        notes.push(
          `${title}: its bench server has no ceiling variant, so its ${TITLES[variant]} 304 ` +
            `(${kilo(perRequest(of(framework.framework, variant, 304)))} instructions) is shown without a comparison.`,
        );
      }
      continue;
    }
    const ceiling = of(framework.framework, 'ceiling', 304);
    notModifiedRows.push(row(framework, 'ceiling', 304));
    for (const variant of notModifiedVariants(framework)) {
      const validatorFirst = of(framework.framework, variant, 304);
      const way = TITLES[variant]!;
      notModifiedRows.push(row(framework, variant, 304, ceiling));
      const compared = ratioOf(validatorFirst, ceiling);
      bars.push({ label: `${title} 1 KiB 304: ${way} vs ceiling (instructions)`, ...compared, goal: GOAL });
      goals.push({
        text: `${title}, 1 KiB JSON, 304 path: ${wrapped} ${way} within 3 % of a constant 304's instructions per request`,
        verdict: verdictOf(compared.ratio, compared.roundRatios, GOAL),
        detail:
          `${kilo(perRequest(validatorFirst))} against ${kilo(perRequest(ceiling))} instructions (ceiling ÷ precond ` +
          `${ratioText(compared.ratio)}, per round ${roundsText(compared.roundRatios)})`,
      });
    }
  }

  // The write path: the Koa sample app against the same route hand-written (section 5's servers).
  const writeRows: string[][] = [];
  const figureOf = (subject: readonly InstructionCount[]) => {
    const rounds = subject.map((c) => perRequest([c]) / 1000);
    return `${kilo(perRequest(subject))} (${Math.min(...rounds).toFixed(1)}–${Math.max(...rounds).toFixed(1)} k)`;
  };
  for (const outcome of WRITE_OUTCOMES) {
    const app = counts.get(writeKey('app-koa', outcome))!;
    const handWritten = counts.get(writeKey('bare-write-koa', outcome))!;
    const compared = ratioOf(app, handWritten);
    const added = perRequest(app) - perRequest(handWritten);
    const answer = outcome === 200 ? '200 (applied)' : '412 (stale tag)';
    writeRows.push(
      [answer, 'hand-written Koa route (no precond)', figureOf(handWritten), '—', '—'],
      [
        answer,
        'apps/koa (@precond/koa)',
        figureOf(app),
        `${added >= 0 ? '+' : '−'}${kilo(Math.abs(added))}`,
        `**${ratioText(compared.ratio)}** (${roundsText(compared.roundRatios)})`,
      ],
    );
    bars.push({
      label: `Write path, PATCH ${outcome}: apps/koa vs hand-written (instructions)`,
      ...compared,
      goal: GOAL,
    });
    goals.push({
      text: `Write path, PATCH answered ${outcome} on PostgreSQL: the Koa sample app within 3 % of the same route hand-written, in instructions per request`,
      verdict: verdictOf(compared.ratio, compared.roundRatios, GOAL),
      detail:
        `${kilo(perRequest(app))} against ${kilo(perRequest(handWritten))} instructions (hand-written ÷ app ` +
        `${ratioText(compared.ratio)}, per round ${roundsText(compared.roundRatios)})`,
    });
  }

  const tables: Table[] = [
    {
      caption:
        '**200 path**, 1 KiB JSON: instructions per 200 (lowest–highest round), what precond adds to bare, bare ÷ this, ' +
        'and the same done by hand ÷ this: validators by hand for validator-first, the body tagged by hand after ' +
        'the fact for after the fact.',
      columns: [
        'framework',
        'server',
        'instructions per 200 (rounds)',
        'added to bare',
        'bare ÷ this (per round)',
        'the same by hand ÷ this (per round)',
      ],
      rows: fullRows,
    },
    {
      caption:
        "**304 path**, 1 KiB JSON, `If-None-Match` with the ETag the server's own first answer carried: instructions per 304, " +
        'what precond adds to a constant 304, and ceiling ÷ this.',
      columns: [
        'framework',
        'server',
        'instructions per 304 (rounds)',
        'added',
        'ceiling ÷ this (per round)',
      ],
      rows: notModifiedRows,
    },
    {
      caption:
        '**Write path** on PostgreSQL: instructions per `PATCH /api/articles/:id` of the Koa sample app and of the same ' +
        'route hand-written (section 5), what the app adds, and hand-written ÷ app.',
      columns: [
        'answer',
        'server',
        'instructions per PATCH (rounds)',
        'added',
        'hand-written ÷ this (per round)',
      ],
      rows: writeRows,
    },
  ];
  return {
    title:
      '10. Instructions per request: every adapter against its bare framework and by hand, the write path (callgrind)',
    method: [
      'The servers of sections 2 and 6–9 (one process each, one route `GET /resource` serving the 1 KiB JSON ' +
        "document), each run under valgrind's callgrind (`--tool=callgrind --instr-atstart=no`, node with " +
        "`--single-threaded` so that no compiler or GC thread runs beside the server's, `--no-flush-bytecode` so that " +
        'no function is compiled twice at a moment that moves from run to run). After ' +
        `${settings.instructionWarmup} requests to warm the JIT, instrumentation is switched on ` +
        `(\`callgrind_control\`) for ${settings.instructionRequests} requests, one at a time on a keep-alive ` +
        "connection, then off, and the dump's total divided by the requests. Every response's status is checked.",
      '**An empty layer where precond sits**: the bare route behind what precond adds to a route before it ' +
        'does anything, with nothing in it — a route middleware that only calls `next()` (Koa, Express, Hono), ' +
        "hapi's two extension points returning `h.continue`, Fastify's handler wrapper with an `onSend` and an " +
        '`onError` hook that pass everything on, an `async` wrapper around the Next route handler: what the ' +
        'framework charges any library there.',
      '**Validators by hand**: the bare route plus what a team writes without a library — `ETag` and ' +
        '`Last-Modified` set on every answer (the date formatted per request), a 304 when `If-None-Match` is the ' +
        "ETag itself — in each framework's own way (`ctx.set`, `res.set`, `reply.header`, hapi's `response.header`, " +
        "`c.header`, a `Response`'s headers). Against it, what precond costs beyond the fields any conditional " +
        'GET sends; against bare, what the fields cost too.',
      '**Tagged by hand after the fact**: the bare route plus what a team writes to tag a body it has rendered ' +
        'without a library — the body serialised once (the text each framework sends), `"<SHA-1 in base64url>"` ' +
        "by node:crypto's one-shot `hash()` (the tag precond generates, for the same bytes) set as `ETag`, a 304 " +
        "when `If-None-Match` is that tag itself — in each framework's own way. Hashing the body is work any " +
        'after-the-fact tagging does, so after the fact is held to it; against bare, what the hash costs too.',
      'The write path: the servers of section 5 (`apps/koa`, and the same route hand-written), each on a fresh ' +
        'database of a throwaway PostgreSQL, one `PATCH` at a time with a JSON merge patch and `If-Match` (twice ' +
        "the reads' warm-up first): the " +
        'tag of the last answer (every write applied, 200), or a tag one write behind (every write refused, 412 ' +
        "with the current validators). The database's own work is in its processes, not in the count. The " +
        'writes are counted after the reads, one at a time: two side by side share the database, and how it ' +
        'answers reaches the count (one PATCH counted 11 % more so). Alone, the hand-written route still ' +
        'counted 342–385 k in six counts, the app 354–360 k: a round of the write path is less exact than a read.',
      "The count is of the whole server process: Node's HTTP parser and socket code, the framework, precond and " +
        "the JIT's work while counting. It does not depend on the machine's load, so it resolves issue #20's 3 % " +
        'where CPU time here does not; but an instruction is not a unit of time: cache misses, branch ' +
        "mispredictions and the kernel's time in system calls are not in it.",
      `${settings.rounds} round${settings.rounds === 1 ? '' : 's'}, every server once per round, ${settings.instructionJobs} of the reads' ` +
        "servers under callgrind at a time. A figure is the total over the rounds; a ratio is the comparison's figure ÷ precond's, so that " +
        'above 1 / 1.03 ≈ 0.971× precond executes at most 3 % more, and the per-round ratios are its spread.',
    ],
    tables,
    goals,
    bars,
    notes,
  };
}
