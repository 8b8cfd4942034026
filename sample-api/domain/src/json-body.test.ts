import { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { describe, expect, it } from 'vitest';
import { decodeJsonBody, readBodyBytes } from './json-body.js';

const KIB = 1024;

/** Eight chunks of 1 KiB, counting how many were taken. */
function countedChunks() {
  const counted = { taken: 0 };
  async function* chunks() {
    for (let i = 0; i < 8; i += 1) {
      counted.taken += 1;
      yield new Uint8Array(KIB);
    }
  }
  return { counted, chunks };
}

describe('readBodyBytes', () => {
  it('returns the bytes of a body within the limit', async () => {
    const { chunks } = countedChunks();
    expect((await readBodyBytes(chunks(), 8 * KIB))?.byteLength).toBe(8 * KIB);
  });

  it('answers undefined past the limit, then reads a Node stream to its end without destroying it', async () => {
    const { counted, chunks } = countedChunks();
    const stream = Readable.from(chunks(), { objectMode: false });
    // 'close' comes after the end, or at once when the stream is destroyed.
    const closed = new Promise<void>((resolve) => stream.once('close', resolve));
    expect(await readBodyBytes(stream, 2 * KIB)).toBeUndefined();
    await closed;
    expect({ taken: counted.taken, readToTheEnd: stream.readableEnded }).toEqual({
      taken: 8,
      readToTheEnd: true,
    });
  });

  it('answers undefined past the limit, then reads a Web stream to its end without cancelling it', async () => {
    const { counted, chunks } = countedChunks();
    const source = chunks();
    let cancelled = false;
    let closed!: () => void;
    const done = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await source.next();
        if (next.done) {
          controller.close();
          closed();
        } else controller.enqueue(next.value);
      },
      cancel() {
        cancelled = true;
        closed();
      },
    });
    expect(await readBodyBytes(stream, 2 * KIB)).toBeUndefined();
    await done;
    expect({ taken: counted.taken, cancelled }).toEqual({ taken: 8, cancelled: false });
  });
});

describe('decodeJsonBody', () => {
  const bytes = new TextEncoder().encode('{"title":"a"}');
  it.each([
    ['PATCH', 'application/merge-patch+json', undefined, 200],
    ['PATCH', 'application/json; charset=utf-8', undefined, 200],
    ['PUT', 'application/json', undefined, 200],
    ['PUT', 'application/merge-patch+json', undefined, 415],
    ['POST', 'application/merge-patch+json', undefined, 415],
    ['POST', 'text/plain', undefined, 415],
    ['POST', 'application/json', 'identity', 200],
    ['POST', 'application/json', 'gzip', 415],
    ['PATCH', 'application/json', ['identity', 'br'], 415],
  ] as const)('%s with %s and Content-Encoding %s: %s', (method, contentType, contentEncoding, status) => {
    const result = decodeJsonBody({ method, contentType, contentEncoding }, bytes);
    expect(result.ok ? 200 : result.status).toBe(status);
  });

  it('answers 413 before reading the fields when the body was over the limit', () => {
    const result = decodeJsonBody(
      { method: 'POST', contentType: 'text/plain', contentEncoding: 'gzip' },
      undefined,
    );
    expect(result.ok ? 200 : result.status).toBe(413);
  });
});
