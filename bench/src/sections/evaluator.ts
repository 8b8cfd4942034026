/**
 * 1. The evaluator alone: `evaluatePreconditions` beside jshttp `fresh` (what Express and Koa use
 * for 304), in this process, on the job both do.
 *
 * @module
 */

import { evaluatePreconditions } from '@precond/core';
import fresh from 'fresh';
import { type Alternated, measureAlternately, pick, ratioOf } from '../alternate.js';
import { perSecond, spread, times } from '../format.js';
import { syncContender } from '../micro.js';
import { type ChartBar, type Goal, type SectionBody, verdictOf } from '../results.js';
import type { BenchSettings } from '../settings.js';

const etag = '"33a64df551425fcc55e4d42a148795d9f25f89d4"';
const lastModified = new Date('2026-11-01T10:00:00Z');
const lastModifiedField = lastModified.toUTCString();

/** A browser's revalidation as Node's `IncomingMessage.headers` holds it. */
const revalidation = {
  host: 'api.example.test',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-GB,en;q=0.9',
  connection: 'keep-alive',
  'if-none-match': etag,
  'if-modified-since': lastModifiedField,
};

/**
 * An If-None-Match of 64 KiB: other tags, then the current one last, so `fresh` reads it all.
 * `separator` is what joins the members: after `", "`, precond judges the member it finds natively
 * from the separator before it; after a bare comma it checks every character before it.
 */
function longList(separator: string): string {
  const tags: string[] = [];
  let length = etag.length;
  for (let i = 0; length < 64 * 1024; i++) {
    const tag = `"${i.toString(16).padStart(10, '0')}"`;
    tags.push(tag);
    length += tag.length + separator.length;
  }
  tags.push(etag);
  return tags.join(separator);
}

/**
 * Issue #20's goals: 1.5× `fresh` on the single tag, 10× on the 5,000-tag list as clients write
 * lists (RFC 9110 §5.6.1 writes a space after each comma). The same list without spaces has no goal.
 */
const cases = [
  {
    title: 'conditional GET that revalidates (If-None-Match = the ETag): 304',
    label: 'evaluator: revalidation',
    headers: revalidation,
    goal: 1.5,
  },
  {
    title: 'If-None-Match list of 64 KiB, the ETag last: 304',
    label: 'evaluator: 64 KiB list',
    headers: { ...revalidation, 'if-none-match': longList(', ') },
    goal: 10,
  },
  {
    title: 'the same list written without spaces (`"a","b"`): 304',
    label: 'evaluator: 64 KiB list without spaces',
    headers: { ...revalidation, 'if-none-match': longList(',') },
    goal: undefined,
  },
];

export async function evaluatorSection(settings: BenchSettings): Promise<SectionBody> {
  const resource = { exists: true, etag, lastModified };
  const responseHeaders = { etag, 'last-modified': lastModifiedField };
  const rows: string[][] = [];
  const bars: ChartBar[] = [];
  const goals: Goal[] = [];
  for (const { title, label, headers, goal } of cases) {
    const request = { method: 'GET', headers };
    const results: Alternated[] = await measureAlternately(
      [
        syncContender('precond', () => {
          if (evaluatePreconditions(request, resource).status !== 304) throw new Error('expected 304');
        }),
        syncContender('fresh', () => {
          if (!fresh(headers, responseHeaders)) throw new Error('expected fresh');
        }),
      ],
      { warmupSeconds: 0.3, seconds: settings.sliceMs / 1000, rounds: 2 * settings.rounds },
    );
    const precond = pick(results, 'precond');
    const incumbent = pick(results, 'fresh');
    const { ratio, roundRatios } = ratioOf(precond, incumbent);
    rows.push([title, perSecond(precond.rate), perSecond(incumbent.rate), times(ratio), spread(roundRatios)]);
    bars.push({ label: `${label} vs fresh`, ratio, goal, roundRatios });
    if (goal === undefined) continue;
    goals.push({
      text: `${label}: ${goal}× fresh's operations per second`,
      verdict: verdictOf(ratio, roundRatios, goal),
      detail: `${times(ratio)} fresh's operations per second`,
    });
  }
  return {
    title: '1. Evaluator: evaluatePreconditions vs jshttp fresh',
    method: [
      'In one process, alternately (slices of ' +
        `${settings.sliceMs} ms, ${2 * settings.rounds} per contender, the order reversed each round), after a ` +
        "warm-up. `fresh(requestHeaders, { etag, last-modified })` is what Koa's `ctx.fresh` and Express's " +
        '`req.fresh` call; `evaluatePreconditions({ method, headers }, { exists, etag, lastModified })` is ' +
        "precond's whole decision (RFC 9110 §13.2.2 order, all five fields). Headers are a Node header record.",
      '`fresh` does less: it stops at the first match and knows neither 412, 428 nor If-Range; it also answers ' +
        '200 to a revalidation that carries `Cache-Control: no-cache`.',
      '`fresh` reads a long list character by character up to the match. precond searches it natively for ' +
        'the current tag, then judges the member found from the separators just before it: a comma and a ' +
        'space there prove that the character-by-character scan would reach it as a member, whatever comes ' +
        'earlier (see `@precond/core`). Without the space, as in the third case, it checks everything before ' +
        'the member with one regular expression, which is what the second case cost before.',
    ],
    tables: [
      {
        columns: ['case', 'precond', 'fresh', 'precond ÷ fresh', 'per round'],
        rows,
      },
    ],
    goals,
    bars,
    notes: [],
  };
}
