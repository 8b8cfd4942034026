/**
 * A process of its own for one peak-memory figure: hashes `bytes` bytes with precond, streamed (from a
 * Node Readable that generates 64 KiB chunks, so the source itself holds no more than one) or
 * buffered (all in memory first), and reports its resident set before and its peak.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { generateEntityTag, generateEntityTagFromStream } from '@precond/core/etag';

export interface MemoryFigure {
  readonly mode: 'streamed' | 'buffered';
  readonly bytes: number;
  /** Resident set size when the hashing starts, MiB. */
  readonly baselineMiB: number;
  /** Peak resident set size of the process, MiB. */
  readonly peakMiB: number;
}

const mode = process.argv[2] as MemoryFigure['mode'];
const bytes = Number(process.argv[3]);
const CHUNK = 64 * 1024;
const chunk = randomBytes(CHUNK);

function* chunks(): Generator<Buffer> {
  for (let sent = 0; sent < bytes; sent += CHUNK) yield chunk;
}

const baseline = process.memoryUsage().rss;
const tag =
  mode === 'streamed'
    ? await generateEntityTagFromStream(Readable.from(chunks()))
    : generateEntityTag(Buffer.concat([...chunks()]));
if (!tag) throw new Error('no tag');
const figure: MemoryFigure = {
  mode,
  bytes,
  baselineMiB: baseline / 2 ** 20,
  // resourceUsage().maxRSS is in KiB.
  peakMiB: process.resourceUsage().maxRSS / 1024,
};
process.send?.(figure, () => process.disconnect());
