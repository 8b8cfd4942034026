/**
 * 3. The 304 path against the incumbents, for a body of 100 KiB rendered on each request: Koa with
 * koa-conditional-get + koa-etag, hapi with its own `h.entity()` and with a rendered-and-hashed
 * ETag, beside precond validator-first and after the fact, and the ceiling: the same framework
 * answering a constant 304 with no work. The 200 path (no If-None-Match) too, so that "never
 * slower" is checked where precond has nothing to save.
 *
 * @module
 */

import { type Alternated, pick, ratioOf } from '../alternate.js';
import { fixture } from '../fixtures.js';
import { binaryBytes, percent, perSecond, spread, times } from '../format.js';
import { cpuPerRequest, type HttpMeasurement, loadAlternately, serverBusy } from '../http-load.js';
import { probe } from '../probe.js';
import { type ChartBar, type Goal, type SectionBody, type Table, verdictOf } from '../results.js';
import { withServers } from '../server-process.js';
import type { BenchSettings } from '../settings.js';

interface Contender {
  readonly variant: string;
  readonly title: string;
}

interface Framework {
  readonly framework: 'koa' | 'hapi';
  readonly title: string;
  /** What people use today, each with the precond way in it is compared with. */
  readonly incumbents: readonly (Contender & {
    readonly rivals: readonly string[];
    readonly threeTimes: boolean;
  })[];
  readonly precond: readonly Contender[];
}

const FRAMEWORKS: readonly Framework[] = [
  {
    framework: 'koa',
    title: 'Koa',
    incumbents: [
      {
        variant: 'incumbent',
        title: 'koa-conditional-get + koa-etag',
        rivals: ['precond-validators', 'precond-after'],
        threeTimes: true,
      },
    ],
    precond: [
      { variant: 'precond-validators', title: '@precond/koa validator-first' },
      { variant: 'precond-after', title: '@precond/koa after the fact' },
    ],
  },
  {
    framework: 'hapi',
    title: 'hapi',
    incumbents: [
      { variant: 'entity', title: "hapi's h.entity()", rivals: ['precond-validators'], threeTimes: true },
      {
        variant: 'incumbent',
        title: "hapi + etag package (render, hash, hapi's own 304)",
        rivals: ['precond-validators', 'precond-after'],
        threeTimes: true,
      },
    ],
    precond: [
      { variant: 'precond-validators', title: '@precond/hapi validator-first' },
      { variant: 'precond-after', title: '@precond/hapi after the fact' },
    ],
  },
];

/** "Never slower" allows this much: below it, a difference is within this machine's noise. */
const NOT_SLOWER = 0.97;
const CEILING_GOAL = 0.9;
const THREE_TIMES = 3;

const micros = (m: Alternated<HttpMeasurement>) => `${cpuPerRequest(m.rounds).toFixed(0)} µs`;
const busy = (m: Alternated<HttpMeasurement>) => percent(serverBusy(m.rounds));

export async function notModifiedSection(settings: BenchSettings): Promise<SectionBody> {
  const tables: Table[] = [];
  const bars: ChartBar[] = [];
  const goals: Goal[] = [];
  for (const setup of FRAMEWORKS) {
    const { framework, title } = setup;
    const rendering = [...setup.incumbents, ...setup.precond];
    const variants = [...rendering.map((c) => c.variant), 'ceiling'];
    const specs = Object.fromEntries(
      variants.map((variant) => [variant, { framework, variant, body: 'rendered-100k' as const }]),
    );
    const { notModified, full } = await withServers(specs, async (servers) => {
      // Each server's own ETag, as a client would have it from an earlier 200.
      const tags: Record<string, string> = {};
      const bodies = new Set<string>();
      for (const { variant } of rendering) {
        const answer = await probe(servers[variant]!, '/resource', 200);
        if (!answer.etag) throw new Error(`${framework} ${variant}: no ETag on the 200`);
        tags[variant] = answer.etag;
        bodies.add(answer.body);
        await probe(servers[variant]!, '/resource', 304, { 'if-none-match': answer.etag });
      }
      if (bodies.size !== 1) throw new Error(`${framework}: the variants render different bodies`);
      tags.ceiling = tags['precond-validators']!;
      await probe(servers.ceiling!, '/resource', 304, { 'if-none-match': tags.ceiling });
      return {
        notModified: await loadAlternately(
          servers,
          variants,
          (v) => ({ 'if-none-match': tags[v]! }),
          304,
          settings,
        ),
        full: await loadAlternately(
          servers,
          rendering.map((c) => c.variant),
          () => ({}),
          200,
          settings,
        ),
      };
    });
    const ceiling = pick(notModified, 'ceiling');
    const validatorFirst304 = pick(notModified, 'precond-validators');
    const toCeiling = ratioOf(validatorFirst304, ceiling);

    const rows: string[][] = [];
    for (const contender of [
      ...rendering,
      { variant: 'ceiling', title: 'ceiling: a constant 304, no work' },
    ]) {
      const m304 = pick(notModified, contender.variant);
      const m200 = contender.variant === 'ceiling' ? undefined : pick(full, contender.variant);
      rows.push([
        contender.title,
        perSecond(m304.rate, 'req'),
        times(m304.rate / ceiling.rate),
        `${micros(m304)} (${busy(m304)})`,
        m200 ? perSecond(m200.rate, 'req') : '—',
        m200 ? `${micros(m200)} (${busy(m200)})` : '—',
      ]);
    }
    tables.push({
      caption: `**${title}**, 100 KiB rendered body: requests per second, and server CPU per request (server busy).`,
      columns: ['server', '304 path', '÷ ceiling', 'CPU per 304', '200 path', 'CPU per 200'],
      rows,
    });

    const pairRows: string[][] = [];
    for (const incumbent of setup.incumbents) {
      for (const rival of incumbent.rivals) {
        const rivalTitle = setup.precond.find((c) => c.variant === rival)!.title;
        for (const [path, results] of [
          ['304', notModified],
          ['200', full],
        ] as const) {
          const { ratio, roundRatios } = ratioOf(pick(results, rival), pick(results, incumbent.variant));
          pairRows.push([
            `${rivalTitle} ÷ ${incumbent.title}`,
            path,
            `**${times(ratio)}**`,
            spread(roundRatios),
          ]);
          const short = `${title} ${path}: ${rival === 'precond-validators' ? 'validator-first' : 'after the fact'} vs ${
            incumbent.variant === 'entity'
              ? 'h.entity()'
              : framework === 'koa'
                ? 'conditional-get+etag'
                : 'render+etag'
          }`;
          const threeTimes = path === '304' && rival === 'precond-validators' && incumbent.threeTimes;
          bars.push({ label: short, ratio, roundRatios, goal: threeTimes ? THREE_TIMES : NOT_SLOWER });
          if (threeTimes) {
            goals.push({
              text: `${title}, 100 KiB 304 path: ${rivalTitle} at least 3× ${incumbent.title}`,
              verdict: verdictOf(ratio, roundRatios, THREE_TIMES),
              detail:
                `${times(ratio)}` +
                (ratio < THREE_TIMES && incumbent.variant === 'entity'
                  ? ': h.entity() is validator-first too (the handler hands it the tag before rendering, and it answers 304 without rendering), so there is no rendering left for precond to save; what is left is each one\'s own cost (see "never slower" and the CPU per 304)'
                  : ''),
            });
          }
          goals.push({
            text: `${title}, ${path} path: ${rivalTitle} never slower than ${incumbent.title}`,
            verdict: verdictOf(ratio, roundRatios, NOT_SLOWER),
            detail: `${times(ratio)} (within ${percent(1 - NOT_SLOWER)} counts as not slower)`,
          });
        }
      }
    }
    tables.push({
      caption: `${title}: precond ÷ incumbent, same run, alternating.`,
      columns: ['comparison', 'path', 'ratio', 'per round'],
      rows: pairRows,
    });
    bars.push({
      label: `${title} 304: validator-first vs ceiling`,
      ratio: toCeiling.ratio,
      roundRatios: toCeiling.roundRatios,
      goal: CEILING_GOAL,
    });
    goals.push({
      text: `${title}, 100 KiB 304 path: @precond/${framework} validator-first within 10 % of the ceiling`,
      verdict: verdictOf(toCeiling.ratio, toCeiling.roundRatios, CEILING_GOAL),
      detail: `${times(toCeiling.ratio)} the ceiling's rate (per round ${spread(toCeiling.roundRatios)})`,
    });
  }
  const rendered = fixture('rendered-100k').produce() as string;
  const articles = {
    total: (JSON.parse(rendered) as { total: number }).total,
    bytes: Buffer.byteLength(rendered),
  };
  const notes: string[] = [];
  if (goals.some((goal) => goal.verdict !== 'met' && goal.text.includes('ceiling'))) {
    notes.push(
      "Against the ceiling, validator-first's 304 costs the loader (here a constant, as a cached version " +
        "would be), the evaluation, and the 304 built from core's decision (the fields a 304 keeps, ETag and " +
        "Last-Modified); on hapi also the plugin's two extension points, which hapi runs for every request " +
        "(section 2 measures them alone): a CPU profile of that server puts precond's own code at 2–3 % of its " +
        "CPU, the rest of the gap being hapi's lifecycle for a plugin. With no body to send, these few microseconds " +
        "are a visible share of a request that otherwise costs only the framework's own routing and writing.",
    );
  }
  if (goals.some((goal) => goal.verdict !== 'met' && goal.text.includes('never slower'))) {
    notes.push(
      'Where a "never slower" is missed, compare the server CPU per request in the first table: on a busy ' +
        'machine the requests per second of two servers measured a few seconds apart can differ by more than ' +
        "the servers' own costs do.",
    );
  }
  return {
    title: '3. The 304 path against the incumbents (100 KiB body)',
    method: [
      `Every route renders the same body on each request — ${articles.total} stored articles mapped to their JSON ` +
        `view and \`JSON.stringify\`-ed into ${binaryBytes(articles.bytes)}, as a list endpoint does — unless it can ` +
        'answer without it. ' +
        'The request carries `If-None-Match` with the ETag that server itself sent on an earlier 200 (the 304 ' +
        'path), or no conditional field (the 200 path).',
      '**Koa**: `koa-conditional-get` + `koa-etag` (renders, hashes the body with the `etag` package, then ' +
        "discards it for a 304: Koa's usual setup); `@precond/koa` validator-first " +
        '(`preconditions({ loadValidators })` on the route: answers 304 from the validators without running the ' +
        'handler); `@precond/koa` after the fact (`app.use(preconditions())`: renders, hashes, then 304). ' +
        "**hapi**: `h.entity({ etag, modified })` in the handler (hapi's built-in conditional GET; the handler " +
        'knows the tag before rendering); the rendered body tagged with the `etag` package (`response.etag()`, ' +
        "hapi's own check makes the 304); `@precond/hapi` validator-first (`plugins.precond.validators`) and " +
        'after the fact (the plugin, no validators). **Ceiling**: the same framework and router answering a ' +
        'constant 304 with the same `ETag` and `Last-Modified`, with no work at all.',
      `Load as in section 2: ${settings.connections} connections, ${settings.seconds} s per measurement after a ` +
        `${settings.warmupSeconds} s warm-up, ${settings.rounds} measurements per server, alternating.`,
    ],
    tables,
    goals,
    bars,
    notes,
  };
}
