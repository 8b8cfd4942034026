import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideByteRange, formatContentRange } from './byte-range.js';

describe('decideByteRange', () => {
  const cases: Array<[string | undefined, number, ReturnType<typeof decideByteRange>]> = [
    [undefined, 10, { kind: 'full' }],
    ['bytes=0-4', 10, { kind: 'partial', start: 0, end: 4 }],
    ['BYTES = 2-3', 10, { kind: 'partial', start: 2, end: 3 }],
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
    ['bytes=99999999999999999999-', 10, { kind: 'full' }],
  ];
  it.each(cases)('Range %j on %i bytes', (range, size, expected) => {
    expect(decideByteRange(range, size)).toEqual(expected);
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

describe('formatContentRange', () => {
  it('formats a 206 range and a 416 size', () => {
    expect(formatContentRange(10, { start: 0, end: 4 })).toBe('bytes 0-4/10');
    expect(formatContentRange(10)).toBe('bytes */10');
  });
});
