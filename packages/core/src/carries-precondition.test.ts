import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carriesPrecondition } from './carries-precondition.js';
import type { Validators } from './evaluate.js';
import { evaluatePreconditions } from './evaluate.js';

const DATE = 'Sun, 06 Nov 1994 08:49:37 GMT';

describe('carriesPrecondition', () => {
  const cases: ReadonlyArray<readonly [string, string, Record<string, string>, boolean]> = [
    ['no conditional field', 'POST', { 'content-type': 'application/json' }, false],
    ['If-Match', 'POST', { 'if-match': '"v1"' }, true],
    ['a malformed If-Match (it matches nothing: 412)', 'POST', { 'if-match': 'nope' }, true],
    ['If-None-Match: *', 'POST', { 'if-none-match': '*' }, true],
    ['a valid If-Unmodified-Since', 'POST', { 'if-unmodified-since': DATE }, true],
    [
      'an invalid If-Unmodified-Since (ignored, §13.1.4)',
      'POST',
      { 'if-unmodified-since': 'yesterday' },
      false,
    ],
    ['If-Modified-Since on POST (GET and HEAD only, §13.1.3)', 'POST', { 'if-modified-since': DATE }, false],
    [
      'If-Range and Range on POST (GET only, §13.1.5)',
      'POST',
      { 'if-range': '"v1"', range: 'bytes=0-1' },
      false,
    ],
    ['If-Modified-Since on GET', 'GET', { 'if-modified-since': DATE }, true],
    ['If-Modified-Since on HEAD', 'HEAD', { 'if-modified-since': DATE }, true],
    ['an invalid If-Modified-Since on GET (ignored)', 'GET', { 'if-modified-since': 'soon' }, false],
    ['If-Range and Range on GET', 'GET', { 'if-range': '"v1"', range: 'bytes=0-1' }, true],
    ['If-Range without Range on GET', 'GET', { 'if-range': '"v1"' }, false],
    [
      'If-Range and Range on HEAD (Range is for GET, §14.2)',
      'HEAD',
      { 'if-range': '"v1"', range: 'bytes=0-1' },
      false,
    ],
    ['If-Match on OPTIONS (ignores preconditions, §13.2.1)', 'OPTIONS', { 'if-match': '"v1"' }, false],
    ['If-Match on TRACE', 'TRACE', { 'if-match': '"v1"' }, false],
    ['If-None-Match on a lower-case post', 'post', { 'if-none-match': '*' }, true],
  ];

  for (const [what, method, headers, expected] of cases) {
    it(`${expected ? 'true' : 'false'} for ${what}`, () => {
      expect(carriesPrecondition({ method, headers })).toBe(expected);
      expect(carriesPrecondition({ method, headers: new Headers(headers) })).toBe(expected);
    });
  }

  it('reads a date field from every raw line: two If-Unmodified-Since lines are no valid date', () => {
    const headers = { 'if-unmodified-since': DATE };
    const rawHeaders = ['If-Unmodified-Since', DATE, 'If-Unmodified-Since', DATE];
    expect(carriesPrecondition({ method: 'DELETE', headers, rawHeaders })).toBe(false);
  });

  it('never throws for values that are not what the types say', () => {
    for (const odd of [undefined, null, 0, {}, { method: 1, headers: 'x' }]) {
      expect(carriesPrecondition(odd as never)).toBe(false);
    }
  });

  it('when false, evaluatePreconditions answers the same whatever the validators', () => {
    const field = fc.constantFrom('"v1"', 'W/"v1"', '*', 'nope', DATE, 'yesterday', 'bytes=0-1', '');
    const names = 'if-match if-none-match if-modified-since if-unmodified-since if-range range'.split(' ');
    const headers = fc.dictionary(fc.constantFrom(...names), field);
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'QUERY');
    const validators: fc.Arbitrary<Validators> = fc.record({
      exists: fc.boolean(),
      etag: fc.constantFrom(undefined, '"v1"', 'W/"v1"', '"v2"'),
      lastModified: fc.constantFrom(undefined, DATE, 'Sat, 05 Nov 1994 08:49:37 GMT', 0),
      lastModifiedStrong: fc.constantFrom(undefined, true, false),
    });
    fc.assert(
      fc.property(method, headers, validators, validators, fc.boolean(), (m, h, first, second, required) => {
        const request = { method: m, headers: h };
        fc.pre(!carriesPrecondition(request));
        const options = { requirePreconditions: required, now: Date.UTC(2026, 0, 1) };
        const decide = (v: Validators) => {
          const { outcome, status, ignoreRange } = evaluatePreconditions(request, v, options);
          return { outcome, status, ignoreRange };
        };
        expect(decide(first)).toEqual(decide(second));
      }),
      { numRuns: 1000 },
    );
  });
});
