import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEntityTag } from '../entity-tag.js';
import { createEntityTagHasher, generateEntityTag, generateEntityTagFromStream } from './node.js';

const encoder = new TextEncoder();
/** base64url of SHA-1, unpadded: 27 characters of A–Z a–z 0–9 - _. */
const STRONG = /^"[A-Za-z0-9_-]{27}"$/;
const WEAK = /^W\/"[A-Za-z0-9_-]{27}"$/;

async function* generate(chunks: readonly (Uint8Array | string)[]): AsyncGenerator<Uint8Array | string> {
  for (const chunk of chunks) yield chunk;
}

function webStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** A Web ReadableStream that only offers getReader(), as some runtimes' streams do. */
function readerOnly(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  const stream = webStream(chunks);
  return { getReader: () => stream.getReader() } as unknown as ReadableStream<Uint8Array>;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

describe('generateEntityTag (node:crypto)', () => {
  it('is strong by default and weak on request', () => {
    expect(generateEntityTag('{"id":1}')).toMatch(STRONG);
    expect(generateEntityTag('{"id":1}', { weak: false })).toMatch(STRONG);
    expect(generateEntityTag('{"id":1}', { weak: true })).toMatch(WEAK);
  });

  it('is the base64url SHA-1 of the bytes', () => {
    expect(generateEntityTag('')).toBe('"2jmj7l5rSw0yVb_vlWAYkK_YBwk"');
    expect(generateEntityTag('abc')).toBe(`"${createHash('sha1').update('abc').digest('base64url')}"`);
  });

  it('produces a tag that parses as a valid entity-tag with the requested weakness', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.boolean(), (bytes, weak) => {
        const tag = parseEntityTag(generateEntityTag(bytes, { weak }));
        expect(tag).toBeDefined();
        expect(tag?.weak).toBe(weak);
      }),
    );
  });

  it('gives equal bodies equal tags', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        expect(generateEntityTag(bytes)).toBe(generateEntityTag(Uint8Array.from(bytes)));
      }),
    );
  });

  it('gives different bodies different tags', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        fc.pre(Buffer.compare(a, b) !== 0);
        expect(generateEntityTag(a)).not.toBe(generateEntityTag(b));
      }),
    );
    expect(generateEntityTag('a')).not.toBe(generateEntityTag('b'));
    expect(generateEntityTag('')).not.toBe(generateEntityTag(new Uint8Array([0])));
  });

  it('hashes a string as its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(generateEntityTag(text)).toBe(generateEntityTag(encoder.encode(text)));
        expect(generateEntityTag(text)).toBe(generateEntityTag(Buffer.from(text, 'utf8')));
      }),
    );
    expect(generateEntityTag('caf\u00e9 \u{1F600}')).toBe(
      generateEntityTag(encoder.encode('caf\u00e9 \u{1F600}')),
    );
  });

  it('hashes an ArrayBuffer like the same bytes in a Uint8Array', () => {
    const bytes = encoder.encode('hello');
    expect(generateEntityTag(bytes.slice().buffer)).toBe(generateEntityTag(bytes));
  });

  it('hashes only the bytes a Uint8Array view covers', () => {
    const whole = encoder.encode('xxhelloxx');
    expect(generateEntityTag(whole.subarray(2, 7))).toBe(generateEntityTag('hello'));
  });
});

describe('generateEntityTagFromStream (node:crypto)', () => {
  const chunks = [encoder.encode('{"id":'), encoder.encode('1,"name":"caf\u00e9"'), encoder.encode('}')];
  const buffered = generateEntityTag(concat(chunks));

  it('equals the buffered tag for a Node Readable', async () => {
    expect(await generateEntityTagFromStream(Readable.from(chunks.map((chunk) => Buffer.from(chunk))))).toBe(
      buffered,
    );
  });

  it('equals the buffered tag for a Node Readable that yields strings', async () => {
    const text = '{"id":1,"name":"caf\u00e9"}';
    const readable = Readable.from([Buffer.from(text)]).setEncoding('utf8');
    expect(await generateEntityTagFromStream(readable)).toBe(generateEntityTag(text));
  });

  it('equals the buffered tag for an async generator of chunks', async () => {
    expect(await generateEntityTagFromStream(generate(chunks))).toBe(buffered);
    expect(await generateEntityTagFromStream(generate(['{"id":', '1,"name":"caf\u00e9"', '}']))).toBe(
      buffered,
    );
  });

  it('equals the buffered tag for a Web ReadableStream', async () => {
    expect(await generateEntityTagFromStream(webStream(chunks))).toBe(buffered);
    expect(await generateEntityTagFromStream(readerOnly(chunks))).toBe(buffered);
  });

  it('is weak on request', async () => {
    expect(await generateEntityTagFromStream(generate(chunks), { weak: true })).toBe(
      generateEntityTag(concat(chunks), { weak: true }),
    );
  });

  it('equals the buffered tag of an empty body for an empty stream', async () => {
    expect(await generateEntityTagFromStream(generate([]))).toBe(generateEntityTag(''));
    expect(await generateEntityTagFromStream(webStream([]))).toBe(generateEntityTag(''));
  });

  it('equals the buffered tag however the body is split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 8 }), async (parts) => {
        const expected = generateEntityTag(concat(parts));
        expect(await generateEntityTagFromStream(generate(parts))).toBe(expected);
        expect(await generateEntityTagFromStream(webStream(parts))).toBe(expected);
        expect(await generateEntityTagFromStream(Readable.from(parts.map((part) => Buffer.from(part))))).toBe(
          expected,
        );
      }),
      { numRuns: 50 },
    );
  });
});

describe('createEntityTagHasher', () => {
  it('gives the buffered tag for the chunks fed to it', () => {
    const hasher = createEntityTagHasher({ weak: true });
    hasher.update('{"id":');
    hasher.update(encoder.encode('1}'));
    expect(hasher.digest()).toBe(generateEntityTag('{"id":1}', { weak: true }));
  });
});
