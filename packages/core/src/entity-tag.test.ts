import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntityTag } from './entity-tag.js';
import {
  formatEntityTag,
  isBareStrongTag,
  isValidOpaqueTag,
  isWildcard,
  listMatches,
  parseEntityTag,
  parseEntityTagList,
  strongMatch,
  weakMatch,
} from './entity-tag.js';

/** etagc (RFC 9110 §8.8.3): %x21 / %x23-7E / obs-text (U+0080–U+00FF as Node decodes it). */
const etagcChar = fc.oneof(
  fc.constant('!'),
  fc.integer({ min: 0x23, max: 0x7e }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
);
const opaqueTag = fc.string({ unit: etagcChar, maxLength: 12 });
const entityTag = fc.record({ opaque: opaqueTag, weak: fc.boolean() });
const ows = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 3 });

/** Strings made of the characters that matter to the list grammar. */
const listAlphabetString = fc.string({
  unit: fc.constantFrom('"', 'W', 'w', '/', ',', ' ', '\t', '*', 'a', 'b', '1'),
  maxLength: 24,
});

describe('isBareStrongTag', () => {
  it('recognises exactly the values the list reader reads as that one strong tag, written as it is', () => {
    const near = fc.constantFrom('"', 'W/', ' ', ',', 'a', '-', '\u0080', '\u0000', '\u0100');
    const value = fc.oneof(
      fc.string(),
      fc.array(near, { maxLength: 8 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(value, (text) => {
        const list = parseEntityTagList(text);
        const single =
          list !== '*' && list.length === 1 && !list[0]!.weak && formatEntityTag(list[0]!) === text;
        expect(isBareStrongTag(text)).toBe(single);
      }),
      { numRuns: 2000 },
    );
    expect(isBareStrongTag('"abc"')).toBe(true);
    expect(isBareStrongTag(' "abc"')).toBe(false);
  });
});

describe('parseEntityTag', () => {
  it.each([
    ['"xyzzy"', { opaque: 'xyzzy', weak: false }],
    ['W/"xyzzy"', { opaque: 'xyzzy', weak: true }],
    ['""', { opaque: '', weak: false }],
    ['W/""', { opaque: '', weak: true }],
    [' \t"a"\t ', { opaque: 'a', weak: false }],
    ['"a,b"', { opaque: 'a,b', weak: false }],
    ['"W/a"', { opaque: 'W/a', weak: false }],
    ['"!#~"', { opaque: '!#~', weak: false }],
    ['"caf\u00e9"', { opaque: 'caf\u00e9', weak: false }],
  ])('parses %j', (value, expected) => {
    expect(parseEntityTag(value)).toEqual(expected);
  });

  it.each([
    ['an unquoted tag', 'abc'],
    ['an unterminated tag', '"abc'],
    ['a tag without its opening quote', 'abc"'],
    ['a lower-case weak prefix', 'w/"a"'],
    ['whitespace between W/ and the quote', 'W/ "a"'],
    ['trailing junk', '"a" junk'],
    ['two tags', '"a", "b"'],
    ['a quote inside the tag', '"a"b"'],
    ['a space inside the tag', '"a b"'],
    ['a control character inside the tag', '"a\u0001"'],
    ['DEL inside the tag', '"a\u007f"'],
    ['a character above U+00FF inside the tag', '"a\u0100"'],
    ['a lone quote', '"'],
    ['a bare weak prefix', 'W/'],
    ['a weak prefix with one quote', 'W/"'],
    ['the wildcard', '*'],
    ['the empty string', ''],
    ['whitespace only', ' \t '],
  ])('rejects %s', (_, value) => {
    expect(parseEntityTag(value)).toBeUndefined();
  });

  it('parses whatever formatEntityTag produces back to the same tag', () => {
    fc.assert(
      fc.property(entityTag, (tag) => {
        expect(parseEntityTag(formatEntityTag(tag))).toEqual(tag);
      }),
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), listAlphabetString), (value) => {
        const tag = parseEntityTag(value);
        expect(tag === undefined || isValidOpaqueTag(tag.opaque)).toBe(true);
      }),
    );
  });
});

describe('formatEntityTag', () => {
  it('writes a strong tag in quotes and a weak tag with the W/ prefix', () => {
    expect(formatEntityTag({ opaque: 'v1', weak: false })).toBe('"v1"');
    expect(formatEntityTag({ opaque: 'v1', weak: true })).toBe('W/"v1"');
  });
});

describe('isValidOpaqueTag', () => {
  it('accepts etagc characters, including obs-text', () => {
    expect(isValidOpaqueTag('')).toBe(true);
    expect(isValidOpaqueTag('abc-123_~!#,/')).toBe(true);
    expect(isValidOpaqueTag('\u0080\u00ff')).toBe(true);
  });

  it('rejects a quote, whitespace, control characters and characters above U+00FF', () => {
    for (const opaque of ['a"b', 'a b', 'a\tb', 'a\u0000', '\u007f', '\u0100', '\u{1F600}']) {
      expect(isValidOpaqueTag(opaque)).toBe(false);
    }
  });
});

describe('isWildcard', () => {
  it('is true only for a lone * with optional surrounding whitespace', () => {
    expect(isWildcard('*')).toBe(true);
    expect(isWildcard(' \t* ')).toBe(true);
    expect(isWildcard('*, "a"')).toBe(false);
    expect(isWildcard('"*"')).toBe(false);
    expect(isWildcard('**')).toBe(false);
    expect(isWildcard('')).toBe(false);
  });
});

describe('parseEntityTagList', () => {
  it('reads * as the wildcard', () => {
    expect(parseEntityTagList('*')).toBe('*');
    expect(parseEntityTagList('  *\t')).toBe('*');
  });

  it('reads a list with weak members, optional whitespace and empty elements', () => {
    expect(parseEntityTagList('"a", W/"b" ,, "c"')).toEqual([
      { opaque: 'a', weak: false },
      { opaque: 'b', weak: true },
      { opaque: 'c', weak: false },
    ]);
    expect(parseEntityTagList('"a",,  "b"')).toEqual([
      { opaque: 'a', weak: false },
      { opaque: 'b', weak: false },
    ]);
    expect(parseEntityTagList(' , ,"a" ,\t, ')).toEqual([{ opaque: 'a', weak: false }]);
  });

  it('reads an empty value as an empty list', () => {
    expect(parseEntityTagList('')).toEqual([]);
    expect(parseEntityTagList(' , ,, ')).toEqual([]);
  });

  it('reads a comma inside quotes as part of one tag', () => {
    expect(parseEntityTagList('"a,b"')).toEqual([{ opaque: 'a,b', weak: false }]);
    expect(parseEntityTagList('"a,b", W/",", "c"')).toEqual([
      { opaque: 'a,b', weak: false },
      { opaque: ',', weak: true },
      { opaque: 'c', weak: false },
    ]);
  });

  it('reads repeated field lines joined with a comma as one list', () => {
    expect(parseEntityTagList(['"a", "b"', 'W/"c"'].join(', '))).toEqual([
      { opaque: 'a', weak: false },
      { opaque: 'b', weak: false },
      { opaque: 'c', weak: true },
    ]);
  });

  it.each([
    ['an unquoted member', 'abc'],
    ['an unterminated member', '"abc'],
    ['a lower-case weak prefix', 'w/"a"'],
    ['a member with trailing junk', '"a" junk'],
    ['a stray * inside a list', '*'],
    ['two tags without a comma', '"a" "b"'],
  ])('drops %s and keeps the well-formed members around it', (_, malformed) => {
    const ok = { opaque: 'ok', weak: false };
    expect(parseEntityTagList(`${malformed}, "ok"`)).toEqual([ok]);
    expect(parseEntityTagList(`"ok", ${malformed}`)).toEqual([ok]);
    expect(parseEntityTagList(`"ok", ${malformed}, "ok"`)).toEqual([ok, ok]);
  });

  it('keeps the well-formed members of a list whatever the whitespace and empty elements around them', () => {
    // One or more commas, each with optional whitespace around it: `"a" ,\t, "b"`.
    const separator = fc.array(ows, { minLength: 2, maxLength: 4 }).map((parts) => parts.join(','));
    fc.assert(
      fc.property(
        fc.array(entityTag, { minLength: 1, maxLength: 6 }),
        fc.array(separator, { minLength: 6, maxLength: 6 }),
        ows,
        ows,
        (tags, separators, leading, trailing) => {
          const value =
            leading +
            tags.map((tag, i) => (i === 0 ? '' : separators[i]) + formatEntityTag(tag)).join('') +
            trailing;
          expect(parseEntityTagList(value)).toEqual(tags);
        },
      ),
    );
  });

  it('never throws and returns only well-formed tags', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), listAlphabetString), (value) => {
        const list = parseEntityTagList(value);
        expect(list === '*' || list.every((tag) => isValidOpaqueTag(tag.opaque))).toBe(true);
      }),
    );
  });
});

describe('strong and weak comparison (RFC 9110 §8.8.3.2)', () => {
  it.each([
    ['W/"1"', 'W/"1"', false, true],
    ['W/"1"', 'W/"2"', false, false],
    ['W/"1"', '"1"', false, true],
    ['"1"', '"1"', true, true],
  ])('%s vs %s: strong %s, weak %s', (a, b, strong, weak) => {
    expect(strongMatch(a, b)).toBe(strong);
    expect(strongMatch(b, a)).toBe(strong);
    expect(weakMatch(a, b)).toBe(weak);
    expect(weakMatch(b, a)).toBe(weak);
    const left = parseEntityTag(a) as EntityTag;
    const right = parseEntityTag(b) as EntityTag;
    expect(strongMatch(left, right)).toBe(strong);
    expect(weakMatch(left, right)).toBe(weak);
    expect(listMatches(a, right, 'strong')).toBe(strong);
    expect(listMatches(a, right, 'weak')).toBe(weak);
  });

  it('compares opaque-tags case-sensitively', () => {
    expect(strongMatch('"abc"', '"ABC"')).toBe(false);
    expect(weakMatch('"abc"', '"ABC"')).toBe(false);
  });

  it('never matches an unparsable string, not even against itself', () => {
    for (const value of ['abc', '"abc', 'w/"abc"', '']) {
      expect(strongMatch(value, value)).toBe(false);
      expect(weakMatch(value, value)).toBe(false);
    }
  });
});

describe('listMatches', () => {
  const current: EntityTag = { opaque: 'v1', weak: false };
  const weakCurrent: EntityTag = { opaque: 'v1', weak: true };

  it('finds the current tag anywhere in a list', () => {
    expect(listMatches('"v0", "v1", "v2"', current, 'strong')).toBe(true);
    expect(listMatches('"v0",,  "v1"', current, 'strong')).toBe(true);
    expect(listMatches('"v0", "v2"', current, 'strong')).toBe(false);
  });

  it('never matches a weak member by strong comparison, but does by weak comparison', () => {
    expect(listMatches('W/"v1"', current, 'strong')).toBe(false);
    expect(listMatches('W/"v1"', current, 'weak')).toBe(true);
  });

  it('never matches a weak current tag by strong comparison', () => {
    expect(listMatches('"v1"', weakCurrent, 'strong')).toBe(false);
    expect(listMatches('W/"v1"', weakCurrent, 'strong')).toBe(false);
    expect(listMatches('"v1"', weakCurrent, 'weak')).toBe(true);
  });

  it('does not treat * as a wildcard', () => {
    expect(listMatches('*', current, 'weak')).toBe(false);
  });

  it('reads "a,b" as one tag, matching neither a nor b', () => {
    expect(listMatches('"a,b"', { opaque: 'a', weak: false }, 'weak')).toBe(false);
    expect(listMatches('"a,b"', { opaque: 'b', weak: false }, 'weak')).toBe(false);
    expect(listMatches('"a,b"', { opaque: 'a,b', weak: false }, 'strong')).toBe(true);
  });

  it.each([
    ['an unquoted member', 'v1'],
    ['an unterminated member', '"v1'],
    ['a lower-case weak prefix', 'w/"v1"'],
    ['a member with trailing junk', '"v1" junk'],
    ['a member with junk glued on', '"v1"x'],
    ['a member with a longer opaque-tag', '"v1x"'],
    ['a member with a shorter opaque-tag', '"v"'],
  ])('never matches %s, but matches a well-formed member beside it', (_, malformed) => {
    for (const comparison of ['strong', 'weak'] as const) {
      expect(listMatches(malformed, current, comparison)).toBe(false);
      expect(listMatches(`${malformed}, "v1"`, current, comparison)).toBe(true);
      expect(listMatches(`"v1", ${malformed}`, current, comparison)).toBe(true);
    }
  });

  it('never matches a current tag whose opaque-tag is not valid', () => {
    expect(listMatches('"a"b"', { opaque: 'a"b', weak: false }, 'weak')).toBe(false);
    expect(listMatches('"a", "b"', { opaque: 'a", "b', weak: false }, 'weak')).toBe(false);
  });

  it('agrees with parseEntityTagList on long lists, which are searched natively first', () => {
    // 80 well-formed members (over 512 characters) between two arbitrary runs: what comes before
    // the current tag is well-formed or not, the tag is before, after or inside the padding.
    const padding = Array.from({ length: 80 }, (_, i) => `"p${i}"`).join(', ');
    const opaques = ['', 'a', 'b', 'ab', 'W', 'a,b', ',a', '1', 'p7', 'p79'];
    // Runs made of tag-like pieces, so that the current tag often follows a malformed start.
    const pieces = fc
      .array(fc.constantFrom('"', 'a', 'b', ',', ' ', 'x', 'W/', '"a"', '"b"', '"a', ',a"', '""'), {
        maxLength: 8,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(listAlphabetString, fc.string(), pieces),
        fc.oneof(listAlphabetString, fc.string(), pieces),
        fc.constantFrom(', ', ',', ' ', '', ',,'),
        fc.record({ opaque: fc.constantFrom(...opaques), weak: fc.boolean() }),
        fc.constantFrom('strong' as const, 'weak' as const),
        (before, after, separator, tag, comparison) => {
          const value = `${before}${separator}${padding}${separator}${after}`;
          const list = parseEntityTagList(value);
          const compare = comparison === 'strong' ? strongMatch : weakMatch;
          const expected = list !== '*' && list.some((member) => compare(member, tag));
          expect(listMatches(value, tag, comparison)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with parseEntityTagList on long lists whatever precedes the current tag and its separators', () => {
    // The native search judges the member it finds from the separators right before it; the
    // padding is well-formed or not, and the pieces put commas and quotes where they mislead.
    const paddings = [
      Array.from({ length: 80 }, (_, i) => `"p${i}"`).join(', '),
      Array.from({ length: 80 }, (_, i) => `"p${i}"`).join(','),
      Array.from({ length: 80 }, (_, i) => `"p ${i}"`).join(', '),
      Array.from({ length: 80 }, (_, i) => `"p,${i}`).join(' '),
      'x'.repeat(600),
    ];
    const pieces = fc
      .array(
        fc.constantFrom('"', 'a', ',', ' ', '\t', 'x', 'W', '/', 'W/', '"a"', '"a', 'a"', '"a,', ',a"'),
        {
          maxLength: 8,
        },
      )
      .map((parts) => parts.join(''));
    const separator = fc.string({ unit: fc.constantFrom(' ', '\t', ','), maxLength: 4 });
    fc.assert(
      fc.property(
        fc.constantFrom(...paddings),
        pieces,
        separator,
        fc.record({
          opaque: fc.constantFrom('a', 'a,', ',', 'p7', 'W', '', 'W/', '\u00e9'),
          weak: fc.boolean(),
        }),
        fc.constantFrom('', 'W/', 'W', '/'),
        fc.oneof(pieces, fc.constantFrom('', ', "z"', ' ,', '"', 'x')),
        fc.constantFrom('strong' as const, 'weak' as const),
        (padding, before, gap, tag, prefix, after, comparison) => {
          const value = `${padding}${before}${gap}${prefix}"${tag.opaque}"${after}`;
          const list = parseEntityTagList(value);
          const compare = comparison === 'strong' ? strongMatch : weakMatch;
          const expected = list !== '*' && list.some((member) => compare(member, tag));
          expect(listMatches(value, tag, comparison)).toBe(expected);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('decides long hostile lists as the scan does', () => {
    const commas = ','.repeat(200_000);
    const current: EntityTag = { opaque: 'v1', weak: false };
    const cases: [string, boolean][] = [
      [`"a"${commas}x, "v1"`, true],
      [`"a"${commas}"v1"`, true],
      [`"a"${' '.repeat(200_000)}"v1"`, false],
      [`${'"a",'.repeat(50_000)}"v1`, false],
      [`${'W/'.repeat(100_000)}"v1"`, false],
      [`"${'a,'.repeat(100_000)}"v1"`, false],
      [`${'"a", '.repeat(50_000)}W/"v1", "v1"`, true],
      // Over the prefix the regular expression checks (6 MB would overflow its backtracking stack).
      [`${'"a",'.repeat(1_600_000)}"v1"`, true],
      [`${'"a",'.repeat(1_600_000)}x"v1"`, false],
    ];
    for (const [value, expected] of cases) {
      const list = parseEntityTagList(value);
      expect(list !== '*' && list.some((member) => strongMatch(member, current))).toBe(expected);
      expect(listMatches(value, current, 'strong')).toBe(expected);
    }
  });

  it('agrees with parseEntityTagList on every input', () => {
    fc.assert(
      fc.property(
        fc.oneof(listAlphabetString, fc.string()),
        fc.record({ opaque: fc.constantFrom('', 'a', 'b', 'ab', 'W', 'a,b', '1'), weak: fc.boolean() }),
        fc.constantFrom('strong' as const, 'weak' as const),
        (value, tag, comparison) => {
          const list = parseEntityTagList(value);
          const compare = comparison === 'strong' ? strongMatch : weakMatch;
          const expected = list !== '*' && list.some((member) => compare(member, tag));
          expect(listMatches(value, tag, comparison)).toBe(expected);
        },
      ),
    );
  });
});
