/**
 * 4. ETag generation: precond's `generateEntityTag` (buffered) and `generateEntityTagFromStream`
 * beside the `etag` package (what koa-etag and Express use) and the ceiling, a bare node:crypto
 * SHA-1 of the same bytes; and the peak memory of streaming.
 *
 * @module
 */

import { fork } from 'node:child_process';
import * as crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { generateEntityTag, generateEntityTagFromStream } from '@precond/core/etag';
import { generateEntityTag as generateEntityTagWeb } from '@precond/core/etag-web';
import etag from 'etag';
import { measureAlternately, pick, ratioOf } from '../alternate.js';
import type { MemoryFigure } from '../etag-memory.js';
import { binaryBytes, megabytesPerSecond, spread, times } from '../format.js';
import { asyncContender, syncContender } from '../micro.js';
import { type ChartBar, type Goal, type SectionBody, verdictOf } from '../results.js';
import type { BenchSettings } from '../settings.js';

const SIZES = [1024, 1024 * 1024, 64 * 1024 * 1024];

/**
 * The ceiling: node:crypto's one-shot SHA-1 of the bytes in base64url, as a tag needs it, without the
 * quotes (createHash where there is no `hash()`).
 */
const bareHash: (data: Buffer) => string =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha1', data, 'base64url')
    : (data) => crypto.createHash('sha1').update(data).digest('base64url');
const CHUNK = 64 * 1024;
const CEILING_GOAL = 0.9;
/** "At least as fast" allows this much: below it, a difference is within this machine's noise. */
const AS_FAST = 0.97;

/** A Node Readable of the data in 64 KiB chunks, views into it (no copies), as a file or socket delivers it. */
function streamOf(data: Buffer): () => Readable {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += CHUNK)
    parts.push(data.subarray(offset, offset + CHUNK));
  return () => Readable.from(parts);
}

function memoryFigure(mode: MemoryFigure['mode'], bytes: number): Promise<MemoryFigure> {
  const child = fork(fileURLToPath(new URL('../etag-memory.js', import.meta.url)), [mode, String(bytes)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let figure: MemoryFigure | undefined;
    child.on('message', (message) => {
      figure = message as MemoryFigure;
    });
    child.on('exit', (code) => (figure ? resolve(figure) : reject(new Error(`etag-memory exited ${code}`))));
  });
}

export async function etagSection(settings: BenchSettings): Promise<SectionBody> {
  const slice = { warmupSeconds: 0.2, seconds: settings.sliceMs / 1000, rounds: 2 * settings.rounds };
  const bufferedRows: string[][] = [];
  const streamedRows: string[][] = [];
  const bars: ChartBar[] = [];
  const goals: Goal[] = [];
  let sink = 0;
  const keep = (tag: string | Buffer) => {
    sink += tag.length;
  };
  for (const size of SIZES) {
    const data = crypto.randomBytes(size);
    const results = await measureAlternately(
      [
        syncContender('precond', () => keep(generateEntityTag(data)), size),
        syncContender('etag', () => keep(etag(data)), size),
        syncContender('bare', () => keep(bareHash(data)), size),
        asyncContender('web', async () => keep(await generateEntityTagWeb(data)), size),
      ],
      slice,
    );
    const precond = pick(results, 'precond');
    const toEtag = ratioOf(precond, pick(results, 'etag'));
    const toBare = ratioOf(precond, pick(results, 'bare'));
    const web = ratioOf(pick(results, 'web'), pick(results, 'bare'));
    bufferedRows.push([
      binaryBytes(size),
      megabytesPerSecond(precond.rate),
      megabytesPerSecond(pick(results, 'etag').rate),
      `**${times(toEtag.ratio)}** (${spread(toEtag.roundRatios)})`,
      megabytesPerSecond(pick(results, 'bare').rate),
      `**${times(toBare.ratio)}** (${spread(toBare.roundRatios)})`,
      `${megabytesPerSecond(pick(results, 'web').rate)} (${times(web.ratio)})`,
    ]);
    bars.push({ label: `ETag ${binaryBytes(size)} buffered vs etag package`, ...toEtag, goal: AS_FAST });
    bars.push({
      label: `ETag ${binaryBytes(size)} buffered vs bare hash`,
      ...toBare,
      goal: CEILING_GOAL,
    });
    goals.push({
      text: `ETag of ${binaryBytes(size)}, buffered: at least as fast as the etag package`,
      verdict: verdictOf(toEtag.ratio, toEtag.roundRatios, AS_FAST),
      detail: `${times(toEtag.ratio)} (within 3 % counts as as fast)`,
    });
    goals.push({
      text: `ETag of ${binaryBytes(size)}, buffered: at least 90 % of a bare node:crypto hash`,
      verdict: verdictOf(toBare.ratio, toBare.roundRatios, CEILING_GOAL),
      detail: times(toBare.ratio),
    });

    const stream = streamOf(data);
    const streamed = await measureAlternately(
      [
        asyncContender('precond', async () => keep(await generateEntityTagFromStream(stream())), size),
        asyncContender(
          'bare',
          async () => {
            const hash = crypto.createHash('sha1');
            for await (const chunk of stream()) hash.update(chunk as Buffer);
            keep(hash.digest());
          },
          size,
        ),
      ],
      slice,
    );
    const streamedRatio = ratioOf(pick(streamed, 'precond'), pick(streamed, 'bare'));
    streamedRows.push([
      binaryBytes(size),
      megabytesPerSecond(pick(streamed, 'precond').rate),
      megabytesPerSecond(pick(streamed, 'bare').rate),
      `**${times(streamedRatio.ratio)}** (${spread(streamedRatio.roundRatios)})`,
    ]);
    bars.push({
      label: `ETag ${binaryBytes(size)} streamed vs bare hash`,
      ...streamedRatio,
      goal: CEILING_GOAL,
    });
    goals.push({
      text: `ETag of ${binaryBytes(size)}, streamed: at least 90 % of a bare node:crypto hash of the same stream`,
      verdict: verdictOf(streamedRatio.ratio, streamedRatio.roundRatios, CEILING_GOAL),
      detail: times(streamedRatio.ratio),
    });
  }
  if (sink === 0) throw new Error('nothing was hashed');

  const memory = [
    await memoryFigure('streamed', 64 * 2 ** 20),
    await memoryFigure('streamed', 2 ** 30),
    await memoryFigure('buffered', 64 * 2 ** 20),
  ];
  const streamedPeaks = memory.filter((m) => m.mode === 'streamed').map((m) => m.peakMiB);
  const growth = Math.max(...streamedPeaks) - Math.min(...streamedPeaks);
  goals.push({
    text: 'Streaming in constant memory',
    verdict: growth < 16 ? 'met' : 'missed',
    detail:
      `peak RSS ${streamedPeaks.map((p) => `${p.toFixed(0)} MiB`).join(' for 64 MiB, ')} for 1 GiB streamed ` +
      `(${growth.toFixed(0)} MiB apart; buffering 64 MiB peaks at ${memory[2]!.peakMiB.toFixed(0)} MiB)`,
  });
  return {
    title: '4. ETag generation',
    method: [
      `In one process, alternately (slices of ${settings.sliceMs} ms, ${2 * settings.rounds} per contender, the ` +
        'order reversed each round), on random bytes. **precond**: `generateEntityTag(bytes)` from ' +
        '`@precond/core/etag` (SHA-1, base64url, quoted). **etag**: the `etag` package on the same Buffer ' +
        '(SHA-1, base64, with the length; what koa-etag and Express call). **bare**, the ceiling: ' +
        "node:crypto's one-shot `hash('sha1', bytes, 'base64url')`, the digest without the quotes. **Web Crypto**: `@precond/core/etag-web` " +
        '(what `@precond/next` uses, so that it runs on the Edge runtime), shown for information ÷ bare.',
      'Streamed: a Node `Readable` of 64 KiB chunks; precond `generateEntityTagFromStream(readable)` against ' +
        'a bare `for await (const chunk of readable) hash.update(chunk)`. The `etag` package cannot hash a ' +
        'stream. Peak memory: a fresh process per figure hashes a generated stream (or buffers it first) and ' +
        'reports its peak resident set (`process.resourceUsage().maxRSS`).',
    ],
    tables: [
      {
        caption: 'Buffered, MB/s (10⁶ bytes per second).',
        columns: [
          'body',
          'precond',
          'etag',
          'precond ÷ etag',
          'bare hash',
          'precond ÷ bare',
          'Web Crypto (÷ bare)',
        ],
        rows: bufferedRows,
      },
      {
        caption: 'Streamed, MB/s.',
        columns: ['body', 'precond', 'bare hash', 'precond ÷ bare'],
        rows: streamedRows,
      },
      {
        caption: 'Peak memory of one process hashing one body.',
        columns: ['body', 'how', 'RSS at the start', 'peak RSS'],
        rows: memory.map((m) => [
          binaryBytes(m.bytes),
          m.mode,
          `${m.baselineMiB.toFixed(0)} MiB`,
          `${m.peakMiB.toFixed(0)} MiB`,
        ]),
      },
    ],
    goals,
    bars,
    notes: [],
  };
}
