import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideByteRange, formatContentRange } from './byte-range.js';

describe('decideByteRange', () => {
  const cases: Array<[string | undefined, number, ReturnType<typeof decideByteRange>]> = [
    [undefined, 10, { kind: 'full' }],
    ['bytes=0-4', 10, { kind: 'partial', start: 0, end: 4 }],
    ['BYTES=2-3', 10, { kind: 'partial', start: 2, end: 3 }],
    ['bytes=5-', 10, { kind: 'partial', start: 5, end: 9 }],
    ['bytes=-3', 10, { kind: 'partial', start: 7, end: 9 }],
    ['bytes=-30', 10, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=4-400', 10, { kind: 'partial', start: 4, end: 9 }],
    ['bytes=10-', 10, { kind: 'unsatisfiable' }],
    ['bytes=-0', 10, { kind: 'unsatisfiable' }],
    ['bytes=10-12, 20-', 10, { kind: 'unsatisfiable' }],
    ['bytes=0-1, 3-4', 10, { kind: 'full' }],
    ['bytes=0-1, 30-40', 10, { kind: 'partial', start: 0, end: 1 }],
    ['bytes=4-2', 10, { kind: 'full' }],
    ['bytes=a-b', 10, { kind: 'full' }],
    ['bytes=', 10, { kind: 'full' }],
    ['items=0-4', 10, { kind: 'full' }],
    ['bytes 0-4', 10, { kind: 'full' }],
    ['bytes=0-4', 0, { kind: 'unsatisfiable' }],
    ['bytes=-4', 0, { kind: 'unsatisfiable' }],
    // Positions of any length, compared exactly (RFC 9110 §14.1.2): a last-pos at or past the end is
    // the end, a first-pos at or past the end unsatisfiable.
    ['bytes=0-9999999999999999', 10, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=3-999999999999999999999999999999999999', 10, { kind: 'partial', start: 3, end: 9 }],
    ['bytes=18446744073709551616-', 10, { kind: 'unsatisfiable' }],
    ['bytes=99999999999999999999-', 10, { kind: 'unsatisfiable' }],
    ['bytes=99999999999999999998-99999999999999999999', 10, { kind: 'unsatisfiable' }],
    ['bytes=99999999999999999999-99999999999999999998', 10, { kind: 'full' }],
    ['bytes=-9999999999999999', 10, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=0000000000000000000000002-00000000000000000003', 10, { kind: 'partial', start: 2, end: 3 }],
    ['bytes=-00000000000000000000', 10, { kind: 'unsatisfiable' }],
    ['bytes=9007199254740990-', 2 ** 53 - 1, { kind: 'partial', start: 2 ** 53 - 2, end: 2 ** 53 - 2 }],
    ['bytes=9007199254740991-', 2 ** 53 - 1, { kind: 'unsatisfiable' }],
    ['bytes=1-9007199254740993', 2 ** 53 - 1, { kind: 'partial', start: 1, end: 2 ** 53 - 2 }],
    ['bytes=-9007199254740992', 2 ** 53 - 1, { kind: 'partial', start: 0, end: 2 ** 53 - 2 }],
    // No whitespace around `=` or inside a range-spec (§14.1.1): such a Range is ignored. Around
    // the field value and a list's commas it is optional whitespace (§5.6.1).
    ['bytes = 0-4', 10, { kind: 'full' }],
    ['bytes =0-4', 10, { kind: 'full' }],
    ['bytes= 0-4', 10, { kind: 'full' }],
    ['bytes=0 -4', 10, { kind: 'full' }],
    ['bytes=0- 4', 10, { kind: 'full' }],
    [' bytes=0-4\t', 10, { kind: 'partial', start: 0, end: 4 }],
    ['bytes=0-1 ,\t30-40', 10, { kind: 'partial', start: 0, end: 1 }],
    ['bytes=+1-4', 10, { kind: 'full' }],
    ['bytes=0-4', Number.NaN, { kind: 'full' }],
  ];
  it.each(cases)('Range %j on %i bytes', (range, size, expected) => {
    expect(decideByteRange(range, size)).toEqual(expected);
  });

  it('decides every first-pos and last-pos of any length as exact arithmetic does', () => {
    const digits = fc.stringMatching(/^[0-9]{1,40}$/);
    const size = fc.oneof(fc.nat(1_000), fc.constant(Number.MAX_SAFE_INTEGER), fc.maxSafeNat());
    fc.assert(
      fc.property(fc.option(digits), fc.option(digits), size, (first, last, size) => {
        if (first === null && last === null) return;
        const spec = `${first ?? ''}-${last ?? ''}`;
        expect(decideByteRange(`bytes=${spec}`, size), spec).toEqual(exactDecision(first, last, size));
      }),
    );
  });

  it('never throws and a partial range always lies inside the representation', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(1_000_000), (range, size) => {
        const decision = decideByteRange(`bytes=${range}`, size);
        if (decision.kind === 'partial') {
          expect(decision.start).toBeGreaterThanOrEqual(0);
          expect(decision.end).toBeLessThan(size);
          expect(decision.start).toBeLessThanOrEqual(decision.end);
        }
      }),
    );
  });
});

/** One range-spec decided with BigInt, as RFC 9110 §14.1.2 reads; `null` stands for an absent position. */
function exactDecision(
  first: string | null,
  last: string | null,
  size: number,
): ReturnType<typeof decideByteRange> {
  const length = BigInt(size);
  if (first === null) {
    const suffix = BigInt(last as string);
    if (suffix === 0n || length === 0n) return { kind: 'unsatisfiable' };
    const start = suffix >= length ? 0n : length - suffix;
    return { kind: 'partial', start: Number(start), end: size - 1 };
  }
  const start = BigInt(first);
  if (last !== null && BigInt(last) < start) return { kind: 'full' };
  if (start >= length) return { kind: 'unsatisfiable' };
  const end = last === null || BigInt(last) >= length ? length - 1n : BigInt(last);
  return { kind: 'partial', start: Number(start), end: Number(end) };
}

describe('formatContentRange', () => {
  it('formats a 206 range and a 416 size', () => {
    expect(formatContentRange(10, { start: 0, end: 4 })).toBe('bytes 0-4/10');
    expect(formatContentRange(10)).toBe('bytes */10');
  });
});
