import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from './json-value.js';
import { applyMergePatch, createMergePatch } from './merge-patch.js';

describe('applyMergePatch', () => {
  // RFC 7396 Appendix A, every example.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('RFC 7396 Appendix A: %j patched with %j is %j', (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('changes neither input', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: 2 } };
    applyMergePatch(target, patch);
    expect([target, patch]).toEqual([{ a: { b: 1 } }, { a: { c: 2 } }]);
  });
});

describe('createMergePatch', () => {
  it('lists changed members, null for removed ones, and nested changes only', () => {
    const base = { id: '1', title: 'A', body: 'B', meta: { lang: 'en', author: 'ann' } };
    const next = { id: '1', title: 'A2', meta: { lang: 'en', author: 'bob' } };
    expect(createMergePatch(base, next)).toEqual({ title: 'A2', body: null, meta: { author: 'bob' } });
  });

  it('is {} when nothing changed', () => {
    expect(createMergePatch({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual({});
  });

  it('is undefined when the next version sets a member to null, which a merge patch would read as removal', () => {
    expect(createMergePatch({ a: 1 }, { a: null })).toBeUndefined();
    expect(createMergePatch({ a: 1 }, { a: { b: null } })).toBeUndefined();
    expect(createMergePatch([1], { a: null })).toBeUndefined();
  });

  it('keeps nulls inside arrays, which a merge patch replaces whole', () => {
    expect(createMergePatch({ a: [1] }, { a: [null] })).toEqual({ a: [null] });
  });
});

/** JSON values without null members in objects (which no merge patch can produce). */
const { value: patchable } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.boolean(),
    fc.integer(),
    fc.string(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
  ),
}));

describe('createMergePatch, for all JSON values', () => {
  it('applying createMergePatch(base, next) to base gives next', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), patchable, (base, next) =>
        jsonEqual(applyMergePatch(base, createMergePatch(base, next)), next),
      ),
    );
  });

  it('is {} from any object to itself', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (value) =>
        jsonEqual(createMergePatch(value, structuredClone(value)), {}),
      ),
    );
  });
});
