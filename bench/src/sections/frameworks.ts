/**
 * 6, 7 and 9. Express and Fastify (issue #17), Hono (issue #18): the 304 path of a 100 KiB rendered
 * resource against each framework's incumbent (Express's own `etag` setting and `req.fresh`;
 * `@fastify/etag`; `hono/etag`), and
 * the server CPU per request on the 200 path against the bare framework, for a 1 KiB JSON document
 * and the same 100 KiB rendered body.
 *
 * @module
 */

import { type Alternated, pick, type Ratio, ratioOf } from '../alternate.js';
import { binaryBytes, percent, perSecond, spread, times } from '../format.js';
import { cpuPerRequest, type HttpMeasurement, loadAlternately, serverBusy } from '../http-load.js';
import { probe } from '../probe.js';
import { type ChartBar, type Goal, type SectionBody, verdictOf } from '../results.js';
import { type BodyName, withServers } from '../server-process.js';
import type { BenchSettings } from '../settings.js';

interface Framework {
  readonly framework: 'express' | 'fastify' | 'hono';
  readonly title: string;
  readonly incumbent: string;
  readonly wrapped: string;
  readonly method: string;
}

const EXPRESS: Framework = {
  framework: 'express',
  title: 'Express',
  incumbent: "Express's etag setting + req.fresh",
  wrapped: '@precond/express',
  method:
    "**bare**: Express 5 with `app.set('etag', false)`; **incumbent**: Express as it comes — `res.send` tags " +
    'the body with a weak ETag (its default `etag` setting, the `etag` package) and answers 304 when `req.fresh` ' +
    '(jshttp `fresh`) says so, after rendering; **validator-first**: `preconditions({ loadValidators })` on the ' +
    "route; **after the fact**: `app.use(preconditions())`. The precond servers keep Express's defaults.",
};

const FASTIFY: Framework = {
  framework: 'fastify',
  title: 'Fastify',
  incumbent: '@fastify/etag',
  wrapped: '@precond/fastify',
  method:
    '**bare**: Fastify 5 alone; **incumbent**: `@fastify/etag` with its defaults (hashes every payload with ' +
    'SHA-1 in `onSend`, 304 when `If-None-Match` matches), after rendering; **validator-first**: the `precond` ' +
    "plugin with the route's `config.precond.loadValidators`; **after the fact**: the plugin on a route without " +
    'validators.',
};

const HONO: Framework = {
  framework: 'hono',
  title: 'Hono',
  incumbent: 'hono/etag',
  wrapped: '@precond/hono',
  method:
    '**bare**: Hono 4 on `@hono/node-server`; **incumbent**: `app.use(etag())` from `hono/etag` with its ' +
    'defaults (reads a clone of every 2xx body and hashes it with Web Crypto SHA-1, 304 when `If-None-Match` ' +
    'matches), after rendering; **validator-first**: `preconditions({ loadValidators })` on the route; ' +
    '**after the fact**: `app.use(preconditions())`.',
};

const BODIES: readonly { body: BodyName; title: string }[] = [
  { body: 'json-1k', title: '1 KiB JSON' },
  { body: 'rendered-100k', title: '100 KiB rendered' },
];
const TAGGED = ['incumbent', 'precond-validators', 'precond-after'] as const;
const VARIANTS = ['bare', ...TAGGED] as const;
/** The same framework answering a constant 304 with no work: how far any 304 path can go. */
const CEILING = 'ceiling';
const TITLES: Record<(typeof VARIANTS)[number] | typeof CEILING, string> = {
  bare: 'bare',
  incumbent: 'incumbent',
  'precond-validators': 'validator-first',
  'precond-after': 'after the fact',
  ceiling: 'ceiling: a constant 304, no work',
};
/** Issue #17: the validator-first 304 path at least 10× the incumbent on a 100 KiB resource. */
const TEN_TIMES = 10;
/** Issue #17: CPU per request within 3 % of the bare framework on the 200 path (bare ÷ precond ≥ 0.97). */
const CPU_GOAL = 0.97;

const micros = (m: Alternated<HttpMeasurement>) => `${cpuPerRequest(m.rounds).toFixed(0)} µs`;
const busy = (m: Alternated<HttpMeasurement>) => percent(serverBusy(m.rounds));

/** CPU per request, baseline ÷ subject: above 1 the subject costs less, as every ratio here reads. */
function cpuRatio(subject: Alternated<HttpMeasurement>, baseline: Alternated<HttpMeasurement>): Ratio {
  return {
    ratio: cpuPerRequest(baseline.rounds) / cpuPerRequest(subject.rounds),
    roundRatios: subject.rounds.map(
      (m, i) => baseline.rounds[i]!.serverMicrosPerRequest / m.serverMicrosPerRequest,
    ),
  };
}

async function frameworkSection(
  setup: Framework,
  number: number,
  settings: BenchSettings,
): Promise<SectionBody> {
  const { framework, title, incumbent, wrapped } = setup;
  const fullRows: string[][] = [];
  const notModifiedRows: string[][] = [];
  const goals: Goal[] = [];
  const bars: ChartBar[] = [];
  const notes: string[] = [];
  let afterTheFactMissed = false;
  for (const { body, title: size } of BODIES) {
    const check304 = body === 'rendered-100k';
    const started = check304 ? [...VARIANTS, CEILING] : VARIANTS;
    const specs = Object.fromEntries(started.map((variant) => [variant, { framework, variant, body }]));
    const { bytes, full, notModified } = await withServers(specs, async (servers) => {
      const tags: Record<string, string> = {};
      const bodies = new Set<string>();
      for (const variant of VARIANTS) {
        const answer = await probe(servers[variant]!, '/resource', 200);
        if ((answer.etag !== undefined) !== (variant !== 'bare')) {
          throw new Error(`${framework} ${variant}: unexpected ETag ${answer.etag}`);
        }
        bodies.add(answer.body);
        if (answer.etag === undefined) continue;
        tags[variant] = answer.etag;
        await probe(servers[variant]!, '/resource', 304, { 'if-none-match': answer.etag });
      }
      if (bodies.size !== 1) throw new Error(`${framework} ${body}: the variants send different bodies`);
      if (check304) {
        tags[CEILING] = tags['precond-validators']!;
        await probe(servers[CEILING]!, '/resource', 304, { 'if-none-match': tags[CEILING] });
      }
      return {
        bytes: Buffer.byteLength([...bodies][0]!),
        full: await loadAlternately(servers, VARIANTS, () => ({}), 200, settings),
        notModified: check304
          ? await loadAlternately(
              servers,
              [...TAGGED, CEILING],
              (v) => ({ 'if-none-match': tags[v]! }),
              304,
              settings,
            )
          : undefined,
      };
    });

    const bare = pick(full, 'bare');
    for (const variant of VARIANTS) {
      const m = pick(full, variant);
      const toBare = cpuRatio(m, bare);
      fullRows.push([
        `${size} (${binaryBytes(bytes)})`,
        TITLES[variant],
        perSecond(m.rate, 'req'),
        `${micros(m)} (${busy(m)})`,
        variant === 'bare' ? '—' : `**${times(toBare.ratio)}** (${spread(toBare.roundRatios)})`,
      ]);
    }
    for (const [variant, way] of [
      ['precond-validators', 'validator-first'],
      ['precond-after', 'after the fact'],
    ] as const) {
      const toBare = cpuRatio(pick(full, variant), bare);
      if (variant === 'precond-after' && toBare.ratio < CPU_GOAL) afterTheFactMissed = true;
      bars.push({ label: `${title} ${size} 200: ${way} vs bare (CPU)`, ...toBare, goal: CPU_GOAL });
      goals.push({
        text: `${title}, ${size}, 200 path: ${wrapped} ${way} within 3 % of bare ${title}'s CPU per request`,
        verdict: verdictOf(toBare.ratio, toBare.roundRatios, CPU_GOAL),
        detail:
          `${micros(pick(full, variant))} against ${micros(bare)} (bare ÷ precond ${times(toBare.ratio)}, per round ` +
          `${spread(toBare.roundRatios)})${variant === 'precond-after' ? '; it hashes every body it sends' : ''}`,
      });
    }

    if (notModified) {
      const base = pick(notModified, 'incumbent');
      for (const variant of [...TAGGED, CEILING] as const) {
        const m = pick(notModified, variant);
        const toIncumbent = ratioOf(m, base);
        notModifiedRows.push([
          TITLES[variant],
          perSecond(m.rate, 'req'),
          `${micros(m)} (${busy(m)})`,
          variant === 'incumbent'
            ? '—'
            : `**${times(toIncumbent.ratio)}** (${spread(toIncumbent.roundRatios)})`,
        ]);
      }
      const first = ratioOf(pick(notModified, 'precond-validators'), base);
      const late = ratioOf(pick(notModified, 'precond-after'), base);
      bars.push({
        label: `${title} ${size} 304: validator-first vs ${incumbent}`,
        ...first,
        goal: TEN_TIMES,
      });
      bars.push({ label: `${title} ${size} 304: after the fact vs ${incumbent}`, ...late });
      goals.push({
        text: `${title}, ${size} 304 path: ${wrapped} validator-first at least 10× ${incumbent}`,
        verdict: verdictOf(first.ratio, first.roundRatios, TEN_TIMES),
        detail: `${times(first.ratio)} (per round ${spread(first.roundRatios)})`,
      });
      const ceiling = ratioOf(pick(notModified, CEILING), base);
      if (first.ratio < TEN_TIMES) {
        notes.push(
          `The ceiling, ${title} answering a constant 304 with no work, is ${times(ceiling.ratio)} the ` +
            `incumbent's 304 rate in this run (validator-first ÷ ceiling: ${times(first.ratio / ceiling.ratio)}): ` +
            `${title}'s own cost per request (routing, writing the response) is most of a validator-first ` +
            "304, so the 10× goal is bounded by the framework's floor more than by precond.",
        );
      }
    }
  }
  return {
    title: `${number}. ${title}: the 304 path against ${incumbent}, CPU per request against bare ${title}`,
    method: [
      `Four servers per body, each in its own process, one route \`GET /resource\`: ${setup.method} ` +
        `**Ceiling** (304 path only): ${title} answering a constant 304 with the same \`ETag\` and \`Last-Modified\`, with no work at all.`,
      'The 100 KiB body is rendered on each request as in section 3 (stored articles mapped to their JSON view ' +
        'and `JSON.stringify`-ed); the 1 KiB one is a JSON document the framework serialises. The 304 path sends ' +
        '`If-None-Match` with the ETag that server itself sent on an earlier 200; the 200 path sends no ' +
        'conditional field. The 200-path goal compares server CPU per request (user + system of the server ' +
        'process ÷ responses), bare ÷ precond, so that above 0.97× precond costs at most 3 % more.',
      `Load as in section 2: ${settings.connections} connections, ${settings.seconds} s per measurement after a ` +
        `${settings.warmupSeconds} s warm-up, ${settings.rounds} measurements per server, alternating.`,
    ],
    tables: [
      {
        caption: `**${title}**, 304 path, 100 KiB rendered body: requests per second, CPU per 304 (server busy).`,
        columns: ['server', '304 path', 'CPU per 304', `÷ ${incumbent} (per round)`],
        rows: notModifiedRows,
      },
      {
        caption: `**${title}**, 200 path: requests per second, CPU per 200 (server busy), and bare's CPU per request ÷ this server's.`,
        columns: ['body', 'server', '200 path', 'CPU per 200', 'bare ÷ this, CPU (per round)'],
        rows: fullRows,
      },
    ],
    goals,
    bars,
    notes: [
      ...notes,
      ...(afterTheFactMissed
        ? [
            'After the fact hashes every 200 body it sends (for 100 KiB, some 70 µs of CPU), which bare ' +
              `${title} does not do at all; it is what an ETag without validators costs, and what the incumbent ` +
              'pays too (its CPU per 200 is in the same table). Validator-first is the cheap path.',
          ]
        : []),
    ],
  };
}

export const expressSection = (settings: BenchSettings) => frameworkSection(EXPRESS, 6, settings);
export const fastifySection = (settings: BenchSettings) => frameworkSection(FASTIFY, 7, settings);
export const honoSection = (settings: BenchSettings) => frameworkSection(HONO, 9, settings);
