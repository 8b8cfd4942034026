/**
 * 2. What an adapter costs on the 200 path: the same route bare and with precond, for Koa, hapi and
 * a Next.js App Router handler, with a 1 KiB and a 100 KiB JSON body.
 *
 * @module
 */

import { type Alternated, pick, ratioOf } from '../alternate.js';
import { binaryBytes, percent, perSecond, spread, times } from '../format.js';
import { cpuPerRequest, type HttpMeasurement, loadAlternately, serverBusy } from '../http-load.js';
import { probe } from '../probe.js';
import { type ChartBar, type Goal, type SectionBody, verdictOf } from '../results.js';
import { type BodyName, withServers } from '../server-process.js';
import type { BenchSettings } from '../settings.js';

const FRAMEWORKS = [
  { framework: 'koa', title: 'Koa', wrapped: '@precond/koa' },
  { framework: 'hapi', title: 'hapi', wrapped: '@precond/hapi' },
  { framework: 'next', title: 'Next route handler', wrapped: 'withPreconditions' },
] as const;
const BODIES: readonly { body: BodyName; title: string }[] = [
  { body: 'json-1k', title: '1 KiB' },
  { body: 'json-100k', title: '100 KiB' },
];
const VARIANTS = ['bare', 'precond-validators', 'precond-after'] as const;
/** hapi only: the bare route plus the two empty extension points precond registers. */
const HAPI_EXTENSIONS = 'extensions';
/** The goal: precond costs at most 3 % of requests per second. */
const GOAL = 0.97;

const micros = (m: Alternated<HttpMeasurement>) => `${cpuPerRequest(m.rounds).toFixed(0)} µs`;
const cost = (ratio: number) => (ratio >= 1 ? 'no cost measurable' : `costs ${percent(1 - ratio)}`);
const busy = (m: Alternated<HttpMeasurement>) => percent(serverBusy(m.rounds));

export async function adaptersSection(settings: BenchSettings): Promise<SectionBody> {
  const rows: string[][] = [];
  const cpuRows: string[][] = [];
  const bars: ChartBar[] = [];
  const goals: Goal[] = [];
  const spreads: number[] = [];
  const hapiExtensions: string[] = [];
  let afterTheFactMissed = false;
  for (const { framework, title, wrapped } of FRAMEWORKS) {
    for (const { body, title: size } of BODIES) {
      const variants: string[] = framework === 'hapi' ? [...VARIANTS, HAPI_EXTENSIONS] : [...VARIANTS];
      const specs = Object.fromEntries(variants.map((variant) => [variant, { framework, variant, body }]));
      const results = await withServers(specs, async (servers) => {
        const bodies = new Set<string>();
        for (const variant of variants) {
          const answer = await probe(servers[variant]!, '/resource', 200);
          if ((answer.etag !== undefined) !== variant.startsWith('precond')) {
            throw new Error(`${framework} ${variant}: unexpected ETag ${answer.etag}`);
          }
          bodies.add(answer.body);
        }
        if (bodies.size !== 1) throw new Error(`${framework} ${body}: the variants send different bodies`);
        return {
          bytes: Buffer.byteLength([...bodies][0]!),
          measured: await loadAlternately(servers, variants, () => ({}), 200, settings),
        };
      });
      const bare = pick(results.measured, 'bare');
      const validators = pick(results.measured, 'precond-validators');
      const after = pick(results.measured, 'precond-after');
      const first = ratioOf(validators, bare);
      const late = ratioOf(after, bare);
      const label = `${title}, ${size}`;
      rows.push([
        label,
        binaryBytes(results.bytes),
        perSecond(bare.rate, 'req'),
        perSecond(validators.rate, 'req'),
        `**${times(first.ratio)}** (${spread(first.roundRatios)})`,
        perSecond(after.rate, 'req'),
        `**${times(late.ratio)}** (${spread(late.roundRatios)})`,
      ]);
      cpuRows.push([
        label,
        micros(bare),
        micros(validators),
        micros(after),
        `${busy(bare)} / ${busy(validators)} / ${busy(after)}`,
      ]);
      spreads.push(...first.roundRatios, ...late.roundRatios);
      if (framework === 'hapi') {
        const extensions = ratioOf(pick(results.measured, HAPI_EXTENSIONS), bare);
        hapiExtensions.push(
          `${size}: ${times(extensions.ratio)} (per round ${spread(extensions.roundRatios)})`,
        );
      }
      if (late.ratio < GOAL) afterTheFactMissed = true;
      bars.push({ label: `${title} ${size} 200: validator-first vs bare`, ...first, goal: GOAL });
      bars.push({ label: `${title} ${size} 200: after the fact vs bare`, ...late, goal: GOAL });
      goals.push({
        text: `${label}: ${wrapped} validator-first costs at most 3 % of requests per second`,
        verdict: verdictOf(first.ratio, first.roundRatios, GOAL),
        detail: `${times(first.ratio)} bare's rate (${cost(first.ratio)})`,
      });
      goals.push({
        text: `${label}: ${wrapped} after the fact costs at most 3 % of requests per second`,
        verdict: verdictOf(late.ratio, late.roundRatios, GOAL),
        detail: `${times(late.ratio)} bare's rate (${cost(late.ratio)}); it hashes every body it sends`,
      });
    }
  }
  return {
    title: '2. Adapter overhead on the 200 path',
    method: [
      'Each route answers `GET /resource` with the same JSON document (the handler returns the object; the ' +
        'framework, or `Response.json()`, serialises it on every request), and the request carries no ' +
        'conditional field, so every answer is a 200 with the full body. Three servers per line, each in its ' +
        'own process: **bare** (the framework alone); **validator-first** (`preconditions({ loadValidators })` on ' +
        'the route, the hapi route option `plugins.precond.loadValidators`, `withPreconditions(handler, { loadValidators })`; ' +
        'the loader returns constant validators, as a version column would); **after the fact** ' +
        '(`app.use(preconditions())`, the hapi plugin on a route without validators, `withPreconditions(handler)` ' +
        "with precond's `json()`): precond hashes the body it sends for a strong ETag.",
      `Load: autocannon from the orchestrating process, ${settings.connections} connections, no pipelining, ` +
        `${settings.seconds} s per measurement after a ${settings.warmupSeconds} s warm-up, ${settings.rounds} ` +
        'measurements per server in alternating order (A B C, C B A).',
      'Next.js: the route handlers are served through a 30-line Fetch-to-node:http bridge ' +
        '(`src/servers/fetch-bridge.ts`) instead of `next start`: the same bridge serves the bare and the wrapped ' +
        "handler, so the difference is what `withPreconditions` costs; under Next's own server, which does more " +
        'per request, the same cost is a smaller share.',
    ],
    tables: [
      {
        columns: [
          'route, body',
          'bytes',
          'bare',
          'validator-first',
          'ratio (per round)',
          'after the fact',
          'ratio (per round)',
        ],
        rows,
      },
      {
        caption:
          'Server CPU time per request (user + system of the server process ÷ responses), and how busy the ' +
          "server's core was (near 100 %: the server, not the load generator, set the pace).",
        columns: [
          'route, body',
          'bare',
          'validator-first',
          'after the fact',
          'server busy (bare / first / after)',
        ],
        rows: cpuRows,
      },
    ],
    goals,
    bars,
    notes: [
      `hapi with nothing but two empty extension points (\`onPreHandler\`, \`onPreResponse\`, the ones the ` +
        `precond plugin registers) ÷ bare hapi: ${hapiExtensions.join('; ')}. hapi runs its extension ` +
        "machinery for every request once a plugin registers one; precond's own work is the rest of the gap.",
      ...(afterTheFactMissed
        ? [
            'After the fact is not free by design: it hashes every 200 body it sends (SHA-1: about 1.5 GB/s, so ' +
              'some 70 µs of CPU for 100 KiB, and for 1 KiB the fixed cost of a hash and of reading the body ' +
              'back), which the bare route does not do at all; it is what an ETag without validators costs, and ' +
              'what koa-etag and hapi + `etag` pay too (section 3 compares them). Validator-first is the cheap ' +
              'path: it is what every README example leads with, and on it the adapter only evaluates and adds ' +
              'two header fields.',
          ]
        : []),
      ...(Math.max(...spreads) - Math.min(...spreads) > 0.1
        ? [
            `Round-by-round ratios ranged from ${Math.min(...spreads).toFixed(2)}× to ` +
              `${Math.max(...spreads).toFixed(2)}× in this section: the machine was busy with other work, so ` +
              "differences of a few per cent are within this run's noise. The server CPU per request (second table) " +
              'is steadier than requests per second when the server does not have a core to itself.',
          ]
        : []),
    ],
  };
}
