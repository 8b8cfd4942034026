import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CachedRepresentation, createValidatorCache } from './validator-cache.js';

const entry = (body: string, etag = '"t"'): CachedRepresentation => ({
  etag,
  lastModified: undefined,
  contentType: 'application/json',
  body,
});

/** The bytes an entry is counted as: URL, body and fields, in UTF-8. */
const sizeOf = (url: string, value: CachedRepresentation) =>
  new TextEncoder().encode(
    url + value.body + (value.etag ?? '') + (value.lastModified ?? '') + (value.contentType ?? ''),
  ).byteLength;

describe('createValidatorCache', () => {
  it('returns what was set, and forgets what was deleted', () => {
    const cache = createValidatorCache();
    cache.set('http://x/a', entry('{"a":1}'));
    expect(cache.get('http://x/a')).toEqual(entry('{"a":1}'));
    cache.delete('http://x/a');
    expect(cache.get('http://x/a')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('replaces an entry for the same URL instead of adding a second', () => {
    const cache = createValidatorCache();
    cache.set('http://x/a', entry('one', '"1"'));
    cache.set('http://x/a', entry('two', '"2"'));
    expect(cache.size).toBe(1);
    expect(cache.get('http://x/a')?.etag).toBe('"2"');
    expect(cache.bytes).toBe(sizeOf('http://x/a', entry('two', '"2"')));
  });

  it('evicts the least recently used entry beyond maxEntries; a get counts as a use', () => {
    const cache = createValidatorCache({ maxEntries: 2 });
    cache.set('http://x/a', entry('a'));
    cache.set('http://x/b', entry('b'));
    cache.get('http://x/a');
    cache.set('http://x/c', entry('c'));
    expect(cache.get('http://x/b')).toBeUndefined();
    expect(cache.get('http://x/a')?.body).toBe('a');
    expect(cache.get('http://x/c')?.body).toBe('c');
  });

  it('evicts the least recently used entries until the total fits maxBytes', () => {
    const one = sizeOf('http://x/a', entry('x'.repeat(100)));
    const cache = createValidatorCache({ maxBytes: one * 2 });
    cache.set('http://x/a', entry('x'.repeat(100)));
    cache.set('http://x/b', entry('x'.repeat(100)));
    cache.set('http://x/c', entry('x'.repeat(100)));
    expect(cache.size).toBe(2);
    expect(cache.get('http://x/a')).toBeUndefined();
    expect(cache.bytes).toBe(one * 2);
  });

  it('counts bytes as UTF-8, four for an astral character and three for a lone surrogate', () => {
    const cache = createValidatorCache();
    const body = 'é€😀\ud800';
    cache.set('u', { etag: undefined, lastModified: undefined, contentType: undefined, body });
    expect(cache.bytes).toBe(1 + 2 + 3 + 4 + 3);
  });

  it('does not store an entry larger than maxBytes, and drops the older one for that URL', () => {
    const cache = createValidatorCache({ maxBytes: 64 });
    cache.set('http://x/a', entry('small'));
    cache.set('http://x/a', entry('x'.repeat(100)));
    expect(cache.get('http://x/a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('clear() forgets everything', () => {
    const cache = createValidatorCache();
    cache.set('http://x/a', entry('a'));
    cache.clear();
    expect([cache.size, cache.bytes, cache.get('http://x/a')]).toEqual([0, 0, undefined]);
  });

  it('stays within both bounds whatever is set and deleted, and keeps the most recent entry', () => {
    const operation = fc.oneof(
      fc.record({
        op: fc.constant('set' as const),
        url: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        body: fc.string({ maxLength: 40, unit: 'grapheme' }),
      }),
      fc.record({ op: fc.constant('delete' as const), url: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
      fc.record({ op: fc.constant('get' as const), url: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 20, max: 200 }),
        fc.array(operation, { maxLength: 60 }),
        (maxEntries, maxBytes, operations) => {
          const cache = createValidatorCache({ maxEntries, maxBytes });
          for (const step of operations) {
            if (step.op === 'set') {
              const value = entry(step.body);
              cache.set(step.url, value);
              if (sizeOf(step.url, value) <= maxBytes) expect(cache.get(step.url)).toBe(value);
            } else if (step.op === 'delete') cache.delete(step.url);
            else cache.get(step.url);
            expect(cache.size).toBeLessThanOrEqual(maxEntries);
            expect(cache.bytes).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
    );
  });
});
