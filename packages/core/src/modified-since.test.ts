import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Validators } from './evaluate.js';
import { evaluatePreconditions } from './evaluate.js';
import { dropIgnoredModifiedSince, evaluatesModifiedSince } from './modified-since.js';

const DATE = 'Sun, 06 Nov 1994 08:49:37 GMT';
const NOW = Date.UTC(2026, 0, 1);

describe('evaluatesModifiedSince', () => {
  const cases: ReadonlyArray<readonly [string, string, Record<string, string>, boolean]> = [
    ['an HTTP-date on GET', 'GET', { 'if-modified-since': DATE }, true],
    ['an HTTP-date on HEAD', 'HEAD', { 'if-modified-since': DATE }, true],
    ['an HTTP-date on QUERY', 'QUERY', { 'if-modified-since': DATE }, true],
    ['the obsolete RFC 850 form', 'GET', { 'if-modified-since': 'Sunday, 06-Nov-94 08:49:37 GMT' }, true],
    ['no If-Modified-Since', 'GET', { 'if-none-match': '"a"' }, false],
    [
      'an ISO 8601 timestamp, which Date.parse reads',
      'GET',
      { 'if-modified-since': '1994-11-06T08:49:37Z' },
      false,
    ],
    ['two dates (§13.1.3: more than one member)', 'GET', { 'if-modified-since': `${DATE}, ${DATE}` }, false],
    [
      'an If-None-Match beside it (§13.1.3)',
      'GET',
      { 'if-modified-since': DATE, 'if-none-match': '"a"' },
      false,
    ],
    ['POST', 'POST', { 'if-modified-since': DATE }, false],
    ['OPTIONS', 'OPTIONS', { 'if-modified-since': DATE }, false],
    ['a date after now', 'GET', { 'if-modified-since': 'Fri, 01 Jan 2027 00:00:00 GMT' }, false],
  ];

  for (const [what, method, headers, expected] of cases) {
    it(`${expected} for ${what}`, () => {
      expect(evaluatesModifiedSince({ method, headers }, { now: NOW })).toBe(expected);
      expect(evaluatesModifiedSince({ method, headers: new Headers(headers) }, { now: NOW })).toBe(expected);
    });
  }

  it('reads every raw line: two If-Modified-Since lines are no date', () => {
    const headers = { 'if-modified-since': DATE };
    const rawHeaders = ['If-Modified-Since', DATE, 'If-Modified-Since', DATE];
    expect(evaluatesModifiedSince({ method: 'GET', headers, rawHeaders })).toBe(false);
    expect(evaluatesModifiedSince({ method: 'GET', headers, rawHeaders: rawHeaders.slice(2) })).toBe(true);
  });

  it('never throws for values that are not what the types say', () => {
    for (const odd of [undefined, null, 0, {}, { method: 'GET', headers: 'x' }]) {
      expect(evaluatesModifiedSince(odd as never)).toBe(false);
    }
  });

  it('when false, evaluatePreconditions answers the same without the field, whatever the validators', () => {
    const dates = [DATE, 'Sat, 05 Nov 1994 08:49:37 GMT', 'Fri, 01 Jan 2027 00:00:00 GMT', '1994-11-06', ''];
    const tags = ['"v1"', 'W/"v1"', '*', 'nope'];
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'QUERY');
    const optional = (values: string[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
    const validators: fc.Arbitrary<Validators> = fc.record({
      exists: fc.boolean(),
      etag: fc.constantFrom(undefined, '"v1"', 'W/"v1"', '"v2"'),
      lastModified: fc.constantFrom(undefined, DATE, 'Sat, 05 Nov 1994 08:49:37 GMT', NOW),
      lastModifiedStrong: fc.constantFrom(undefined, true, false),
    });
    fc.assert(
      fc.property(
        method,
        fc.constantFrom(...dates),
        optional(tags),
        optional(tags),
        optional(dates),
        validators,
        (m, since, ifNoneMatch, ifMatch, unmodifiedSince, v) => {
          const others: Record<string, string> = {};
          if (ifNoneMatch !== undefined) others['if-none-match'] = ifNoneMatch;
          if (ifMatch !== undefined) others['if-match'] = ifMatch;
          if (unmodifiedSince !== undefined) others['if-unmodified-since'] = unmodifiedSince;
          const request = { method: m, headers: { ...others, 'if-modified-since': since } };
          fc.pre(!evaluatesModifiedSince(request, { now: NOW }));
          const decide = (headers: Record<string, string>) => {
            const { outcome, status, ignoreRange } = evaluatePreconditions({ method: m, headers }, v, {
              now: NOW,
            });
            return { outcome, status, ignoreRange };
          };
          expect(decide(request.headers)).toEqual(decide(others));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('dropIgnoredModifiedSince', () => {
  it('removes an ignored If-Modified-Since from the record and keeps one evaluation reads', () => {
    const ignored: Record<string, string> = { 'if-modified-since': '2024-01-01T00:00:00Z', accept: '*/*' };
    dropIgnoredModifiedSince({ method: 'GET', headers: ignored });
    expect(ignored).toEqual({ accept: '*/*' });
    const read: Record<string, string> = { 'if-modified-since': DATE };
    dropIgnoredModifiedSince({ method: 'GET', headers: read });
    expect(read).toEqual({ 'if-modified-since': DATE });
    const beside: Record<string, string> = { 'if-modified-since': DATE, 'if-none-match': '"a"' };
    dropIgnoredModifiedSince({ method: 'GET', headers: beside });
    expect(beside).toEqual({ 'if-none-match': '"a"' });
  });
});
