import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_KEY_MAX_LENGTH, parseIdempotencyKey, readIdempotencyKey } from './idempotency-key.js';

/** A key as RFC 8941 §4.1.6 serialises it: quoted, with `"` and `\` escaped. */
const serialised = (key: string) => `"${key.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
});

describe('parseIdempotencyKey', () => {
  it.each([
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['  "abc"  ', 'abc'],
    ['"a b"', 'a b'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"k";a', 'k'],
    ['"k"; a=1;b=?0;c="x";d=tok/en:1;e=:aGk=:;f=-1.25;*g', 'k'],
  ])('reads %j as %j', (value, key) => {
    expect(parseIdempotencyKey(value)).toBe(key);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'a token, not a string'],
    ['""', 'an empty key'],
    ['"abc', 'an unterminated string'],
    ['"a\\nb"', 'an escape other than \\" and \\\\'],
    ['"caf\u00e9"', 'a character outside printable ASCII'],
    ['"a\tb"', 'a control character'],
    ['"a", "b"', 'two field lines combined: a List, not an Item'],
    ['"a" "b"', 'trailing garbage'],
    ['"a";', 'a semicolon without a parameter'],
    ['"a";A=1', 'an upper-case parameter key'],
    ['"a";k=', 'a parameter without a value after ='],
    ['"a";k=1.2345', 'a decimal with four fraction digits'],
    ['"a";k=1234567890123456', 'an integer of sixteen digits'],
    ['"a";k=?2', 'a boolean other than ?0 and ?1'],
    ['"a";k=:not base64!:', 'a byte sequence that is not base64'],
    ['\t"a"', 'a leading tab (RFC 8941 allows spaces only)'],
    ['1', 'an integer'],
    ['?1', 'a boolean'],
  ])('refuses %j (%s)', (value) => {
    expect(parseIdempotencyKey(value)).toBeUndefined();
  });

  it(`accepts ${IDEMPOTENCY_KEY_MAX_LENGTH} characters and no more`, () => {
    expect(parseIdempotencyKey(`"${'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH)}"`)).toHaveLength(
      IDEMPOTENCY_KEY_MAX_LENGTH,
    );
    expect(parseIdempotencyKey(`"${'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1)}"`)).toBeUndefined();
    expect(parseIdempotencyKey(`"k";a="${'x'.repeat(100_000)}"`)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 1, ['"a"'], {}]) expect(parseIdempotencyKey(value)).toBeUndefined();
  });

  it('reads back every key of printable ASCII it serialises, with or without parameters', () => {
    fc.assert(
      fc.property(printable, fc.constantFrom('', ';a', ';a=1', '; b="x"', ';c=?1'), (key, parameters) => {
        expect(parseIdempotencyKey(`${serialised(key)}${parameters}`)).toBe(key);
      }),
    );
  });

  it('never throws, and whatever it returns is a key of 1 to 255 printable ASCII characters', () => {
    const relevant = fc.string({
      unit: fc.constantFrom('"', '\\', ';', '=', ' ', ',', 'a', '1', '?', ':', '.', '-', '\u00e9', '\t'),
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          relevant,
          relevant.map((rest) => `"${rest}`),
        ),
        (value) => {
          const key = parseIdempotencyKey(value);
          if (key !== undefined) expect(key).toMatch(/^[\x20-\x7e]{1,255}$/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('readIdempotencyKey', () => {
  it('reads the field from a Fetch Headers and from a Node-style record, by any spelling of its name', () => {
    const present = { state: 'present', key: 'k1' };
    expect(readIdempotencyKey(new Headers({ 'Idempotency-Key': '"k1"' }))).toEqual(present);
    expect(readIdempotencyKey({ 'idempotency-key': '"k1"' })).toEqual(present);
    expect(readIdempotencyKey({ 'IDEMPOTENCY-KEY': '"k1"' })).toEqual(present);
  });

  it('tells an absent field from a malformed one', () => {
    expect(readIdempotencyKey({})).toEqual({ state: 'absent' });
    expect(readIdempotencyKey(new Headers())).toEqual({ state: 'absent' });
    expect(readIdempotencyKey({ 'idempotency-key': 'k1' })).toEqual({ state: 'malformed' });
    expect(readIdempotencyKey({ 'idempotency-key': '' })).toEqual({ state: 'malformed' });
  });

  it('combines repeated lines, so two keys are malformed', () => {
    expect(readIdempotencyKey({ 'idempotency-key': ['"a"', '"b"'] })).toEqual({ state: 'malformed' });
    const headers = new Headers();
    headers.append('idempotency-key', '"a"');
    headers.append('idempotency-key', '"b"');
    expect(readIdempotencyKey(headers)).toEqual({ state: 'malformed' });
  });

  it('never throws on headers that are not headers', () => {
    expect(readIdempotencyKey(null as never)).toEqual({ state: 'absent' });
    expect(readIdempotencyKey({ 'idempotency-key': 5 } as never)).toEqual({ state: 'absent' });
  });
});
