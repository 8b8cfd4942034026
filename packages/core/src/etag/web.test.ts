import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseEntityTag } from '../entity-tag.js';
import { generateEntityTag as generateWithNode } from './node.js';
import { generateEntityTag, generateEntityTagAtOnce } from './web.js';

const encoder = new TextEncoder();

describe('generateEntityTag (Web Crypto)', () => {
  it('is strong by default and weak on request', async () => {
    expect(await generateEntityTag('{"id":1}')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(await generateEntityTag('{"id":1}', { weak: true })).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  });

  it('produces a valid entity-tag', async () => {
    const tag = parseEntityTag(await generateEntityTag('hello'));
    expect(tag).toEqual({ opaque: expect.stringMatching(/^[A-Za-z0-9_-]{27}$/), weak: false });
  });

  it('produces the same tags as the node:crypto version for the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, weak) => {
        expect(await generateEntityTag(bytes, { weak })).toBe(generateWithNode(bytes, { weak }));
        expect(await generateEntityTag(bytes.slice().buffer, { weak })).toBe(
          generateWithNode(bytes, { weak }),
        );
      }),
    );
  });

  it('produces the same tags as the node:crypto version for the same string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 64 }), async (text) => {
        expect(await generateEntityTag(text)).toBe(generateWithNode(text));
        expect(await generateEntityTag(text)).toBe(await generateEntityTag(encoder.encode(text)));
      }),
    );
    expect(await generateEntityTag('')).toBe('"2jmj7l5rSw0yVb_vlWAYkK_YBwk"');
  });

  it('hashes only the bytes a Uint8Array view covers', async () => {
    const whole = encoder.encode('xxhelloxx');
    expect(await generateEntityTag(whole.subarray(2, 7))).toBe(generateWithNode('hello'));
  });

  it('gives different bodies different tags', async () => {
    expect(await generateEntityTag('a')).not.toBe(await generateEntityTag('b'));
  });
});

describe('generateEntityTagAtOnce', () => {
  it('gives the tag generateEntityTag gives, without a promise, where node:crypto is offered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 64 }), fc.uint8Array({ maxLength: 300 })),
        fc.boolean(),
        async (body, weak) => {
          expect(generateEntityTagAtOnce(body, { weak })).toBe(await generateEntityTag(body, { weak }));
        },
      ),
    );
    expect(generateEntityTagAtOnce(encoder.encode('hello').buffer)).toBe(generateWithNode('hello'));
  });
});

describe('generateEntityTag (Web Crypto) where node:crypto cannot be had, as on the Edge runtime', () => {
  it('produces the same tags as the node:crypto version', async () => {
    const runtime = process as { getBuiltinModule?: unknown };
    const getBuiltinModule = runtime.getBuiltinModule;
    runtime.getBuiltinModule = undefined;
    vi.resetModules();
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      const edge = await import('./web.js');
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.boolean(), async (bytes, weak) => {
          expect(await edge.generateEntityTag(bytes, { weak })).toBe(generateWithNode(bytes, { weak }));
          expect(await edge.generateEntityTag(bytes.slice().buffer, { weak })).toBe(
            generateWithNode(bytes, { weak }),
          );
        }),
      );
      expect(await edge.generateEntityTag('caf\u00e9')).toBe(generateWithNode('caf\u00e9'));
      expect(edge.generateEntityTagAtOnce('caf\u00e9')).toBeUndefined();
      expect(digest).toHaveBeenCalled();
    } finally {
      digest.mockRestore();
      runtime.getBuiltinModule = getBuiltinModule;
      vi.resetModules();
    }
  });
});
