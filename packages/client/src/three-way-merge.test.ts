import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from './json-value.js';
import { threeWayMerge } from './three-way-merge.js';

const article = { id: 'a1', title: 'Draft', body: 'Text', views: 3 };

describe('threeWayMerge', () => {
  it.each([
    {
      name: 'takes a change each side made to a different field',
      base: article,
      mine: { ...article, title: 'Mine' },
      theirs: { ...article, body: 'Theirs' },
      merged: { ...article, title: 'Mine', body: 'Theirs' },
    },
    {
      name: 'takes a field both sides changed to the same value',
      base: article,
      mine: { ...article, views: 4 },
      theirs: { ...article, views: 4, body: 'Theirs' },
      merged: { ...article, views: 4, body: 'Theirs' },
    },
    {
      name: 'takes a removal from one side when the other left the field alone',
      base: { a: 1, b: 2 },
      mine: { a: 1 },
      theirs: { a: 1, b: 2, c: 3 },
      merged: { a: 1, c: 3 },
    },
    {
      name: 'takes a field both sides added with the same value',
      base: {},
      mine: { tag: 'x' },
      theirs: { tag: 'x' },
      merged: { tag: 'x' },
    },
    {
      name: 'merges nested objects member by member',
      base: { meta: { author: 'ann', lang: 'en' } },
      mine: { meta: { author: 'bob', lang: 'en' } },
      theirs: { meta: { author: 'ann', lang: 'fr' } },
      merged: { meta: { author: 'bob', lang: 'fr' } },
    },
    {
      name: 'takes an array one side changed',
      base: { tags: ['a'] },
      mine: { tags: ['a', 'b'] },
      theirs: { tags: ['a'], title: 'T' },
      merged: { tags: ['a', 'b'], title: 'T' },
    },
    {
      name: 'treats a member named __proto__ as an ordinary member',
      base: JSON.parse('{"__proto__":{"a":1},"x":1}'),
      mine: JSON.parse('{"__proto__":{"a":2},"x":1}'),
      theirs: JSON.parse('{"__proto__":{"a":1},"x":2}'),
      merged: JSON.parse('{"__proto__":{"a":2},"x":2}'),
    },
  ])('$name', ({ base, mine, theirs, merged }) => {
    const result = threeWayMerge<unknown>(base, mine, theirs);
    expect(result.kind).toBe('merged');
    expect(result.kind === 'merged' && jsonEqual(result.value, merged)).toBe(true);
    expect(JSON.stringify(result.kind === 'merged' && result.value)).toBe(JSON.stringify(merged));
  });

  it.each([
    {
      name: 'reports a field both sides changed differently, and only that field',
      base: article,
      mine: { ...article, title: 'Mine', views: 9 },
      theirs: { ...article, title: 'Theirs', body: 'Theirs' },
      fields: ['/title'],
    },
    {
      name: 'reports every conflicting field',
      base: article,
      mine: { ...article, title: 'M', body: 'M' },
      theirs: { ...article, title: 'T', body: 'T' },
      fields: ['/title', '/body'],
    },
    {
      name: 'reports a nested field by its JSON Pointer',
      base: { meta: { author: 'ann' } },
      mine: { meta: { author: 'bob' } },
      theirs: { meta: { author: 'cat' } },
      fields: ['/meta/author'],
    },
    {
      name: 'reports a removal on one side and a change on the other',
      base: { a: 1 },
      mine: {},
      theirs: { a: 2 },
      fields: ['/a'],
    },
    {
      name: 'reports a field both sides added with different values',
      base: {},
      mine: { a: { x: 1 } },
      theirs: { a: { y: 1 } },
      fields: ['/a'],
    },
    {
      name: 'reports an array both sides changed differently, without merging its items',
      base: { tags: ['a'] },
      mine: { tags: ['a', 'b'] },
      theirs: { tags: ['a', 'c'] },
      fields: ['/tags'],
    },
    {
      name: 'reports an object one side replaced with a primitive',
      base: { a: { x: 1 } },
      mine: { a: 'flat' },
      theirs: { a: { x: 2 } },
      fields: ['/a'],
    },
    {
      name: 'reports the whole document ("") for two different primitives',
      base: 1,
      mine: 2,
      theirs: 3,
      fields: [''],
    },
    {
      name: 'escapes ~ and / in member names (RFC 6901)',
      base: { 'a/b~c': 1 },
      mine: { 'a/b~c': 2 },
      theirs: { 'a/b~c': 3 },
      fields: ['/a~1b~0c'],
    },
  ])('$name', ({ base, mine, theirs, fields }) => {
    expect(threeWayMerge<unknown>(base, mine, theirs)).toEqual({ kind: 'conflict', fields });
  });

  it('changes none of its inputs', () => {
    const base = { meta: { a: 1, b: 1 } };
    const mine = { meta: { a: 2, b: 1 } };
    const theirs = { meta: { a: 1, b: 2 } };
    const copies = structuredClone([base, mine, theirs]);
    threeWayMerge(base, mine, theirs);
    expect([base, mine, theirs]).toEqual(copies);
  });
});

const json = fc.jsonValue({ maxDepth: 3 });
const sameMerged = (actual: unknown, expected: unknown) =>
  typeof actual === 'object' &&
  actual !== null &&
  'kind' in actual &&
  actual.kind === 'merged' &&
  'value' in actual &&
  jsonEqual(actual.value, expected);

/** The value a JSON Pointer names, or undefined. */
function at(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let current = value;
  for (const segment of pointer.slice(1).split('/')) {
    const name = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, name)) return undefined;
    current = (current as Record<string, unknown>)[name];
  }
  return current;
}

describe('threeWayMerge, for all JSON values', () => {
  it('merge(base, mine, base) is mine', () => {
    fc.assert(fc.property(json, json, (base, mine) => sameMerged(threeWayMerge(base, mine, base), mine)));
  });

  it('merge(base, base, theirs) is theirs', () => {
    fc.assert(
      fc.property(json, json, (base, theirs) => sameMerged(threeWayMerge(base, base, theirs), theirs)),
    );
  });

  it('merge(base, x, x) is x', () => {
    fc.assert(fc.property(json, json, (base, x) => sameMerged(threeWayMerge(base, x, x), x)));
  });

  it('is symmetric: swapping mine and theirs gives the same value or the same conflicting fields', () => {
    fc.assert(
      fc.property(json, json, json, (base, mine, theirs) => {
        const one = threeWayMerge(base, mine, theirs);
        const other = threeWayMerge(base, theirs, mine);
        if (one.kind === 'merged') return other.kind === 'merged' && jsonEqual(one.value, other.value);
        return (
          other.kind === 'conflict' &&
          [...one.fields].sort().join('\n') === [...other.fields].sort().join('\n')
        );
      }),
    );
  });

  it('reports only fields that both sides changed, to different values', () => {
    fc.assert(
      fc.property(json, json, json, (base, mine, theirs) => {
        const result = threeWayMerge(base, mine, theirs);
        if (result.kind === 'merged') return true;
        return result.fields.every(
          (field) =>
            !jsonEqual(at(mine, field), at(base, field)) &&
            !jsonEqual(at(theirs, field), at(base, field)) &&
            !jsonEqual(at(mine, field), at(theirs, field)),
        );
      }),
    );
  });

  it('keeps every edit when the two sides edit different members of an object', () => {
    const edit = fc.constantFrom('none', 'mine', 'theirs');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(json, json, edit), { minLength: 6, maxLength: 6 }),
        (names, values) => {
          const base: Record<string, unknown> = {};
          const mine: Record<string, unknown> = {};
          const theirs: Record<string, unknown> = {};
          const expected: Record<string, unknown> = {};
          // defineProperty, so that a member named __proto__ is an ordinary member, as JSON.parse makes it.
          const put = (target: Record<string, unknown>, name: string, value: unknown) =>
            Object.defineProperty(target, name, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          names.forEach((name, index) => {
            const [before, after, who] = values[index]!;
            for (const target of [base, mine, theirs, expected]) put(target, name, before);
            if (who === 'none') return;
            put(who === 'mine' ? mine : theirs, name, after);
            put(expected, name, after);
          });
          return sameMerged(threeWayMerge(base, mine, theirs), expected);
        },
      ),
    );
  });
});
