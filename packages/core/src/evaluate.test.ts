import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvaluateOptions, Evaluation, Validators } from './evaluate.js';
import { evaluatePreconditions, PRECONDITION_FIELDS } from './evaluate.js';
import type { RequestHeaders } from './request-fields.js';

// RFC 850 dates carry two-digit years, read relative to today (RFC 9110 §5.6.7): pin today, so
// that `06-Nov-94` stays 1994 whenever the suite runs.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 25, 12) });
});
afterAll(() => {
  vi.useRealTimers();
});

const LAST_MODIFIED = 'Sun, 06 Nov 1994 08:49:37 GMT';
const LAST_MODIFIED_MS = Date.UTC(1994, 10, 6, 8, 49, 37);
const BEFORE = 'Sat, 05 Nov 1994 08:49:37 GMT';
const AFTER = 'Mon, 07 Nov 1994 08:49:37 GMT';
/** A moment long after LAST_MODIFIED, so that Last-Modified counts as a strong validator. */
const LATER = Date.UTC(2026, 0, 1);

const resource: Validators = { exists: true, etag: '"v1"', lastModified: LAST_MODIFIED };
const weakResource: Validators = { exists: true, etag: 'W/"v1"', lastModified: LAST_MODIFIED };
const missing: Validators = { exists: false };

function evaluate(
  method: string,
  headers: RequestHeaders,
  validators: Validators = resource,
  options?: EvaluateOptions,
): Evaluation {
  return evaluatePreconditions({ method, headers }, validators, options);
}

/** The outcome, status, deciding field and ignoreRange, without the free-text reason. */
function decision(evaluation: Evaluation) {
  const { outcome, status, field, ignoreRange } = evaluation;
  return { outcome, status, field, ignoreRange };
}

const PROCEED = { outcome: 'proceed', status: undefined, field: undefined, ignoreRange: false };
const notModifiedBy = (field: 'If-None-Match' | 'If-Modified-Since') => ({
  outcome: 'not-modified',
  status: 304,
  field,
  ignoreRange: false,
});
const failedBy = (field: 'If-Match' | 'If-Unmodified-Since' | 'If-None-Match') => ({
  outcome: 'precondition-failed',
  status: 412,
  field,
  ignoreRange: false,
});
const REQUIRED = { outcome: 'precondition-required', status: 428, field: undefined, ignoreRange: false };

describe('evaluatePreconditions: the order of RFC 9110 §13.2.2', () => {
  it('proceeds when the request carries no precondition', () => {
    expect(decision(evaluate('GET', {}))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', {}))).toEqual(PROCEED);
  });

  it('evaluates If-Match before If-None-Match', () => {
    expect(decision(evaluate('GET', { 'if-match': '"v2"', 'if-none-match': '"v1"' }))).toEqual(
      failedBy('If-Match'),
    );
  });

  it('ignores an If-Unmodified-Since that would fail when If-Match is present', () => {
    expect(decision(evaluate('PUT', { 'if-match': '"v1"', 'if-unmodified-since': BEFORE }))).toEqual(PROCEED);
  });

  it('fails on If-Match even when If-Unmodified-Since would pass', () => {
    expect(decision(evaluate('PUT', { 'if-match': '"v2"', 'if-unmodified-since': AFTER }))).toEqual(
      failedBy('If-Match'),
    );
  });

  it('evaluates If-Unmodified-Since before If-None-Match', () => {
    expect(decision(evaluate('GET', { 'if-unmodified-since': BEFORE, 'if-none-match': '"v1"' }))).toEqual(
      failedBy('If-Unmodified-Since'),
    );
  });

  it('evaluates If-None-Match after a passing If-Match', () => {
    expect(decision(evaluate('GET', { 'if-match': '"v1"', 'if-none-match': '"v1"' }))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('PUT', { 'if-match': '"v1"', 'if-none-match': '"v1"' }))).toEqual(
      failedBy('If-None-Match'),
    );
  });

  it('evaluates If-None-Match after a passing If-Unmodified-Since', () => {
    expect(decision(evaluate('GET', { 'if-unmodified-since': AFTER, 'if-none-match': '"v1"' }))).toEqual(
      notModifiedBy('If-None-Match'),
    );
  });

  it('ignores If-Modified-Since when If-None-Match is present', () => {
    expect(decision(evaluate('GET', { 'if-none-match': '"v2"', 'if-modified-since': AFTER }))).toEqual(
      PROCEED,
    );
    expect(decision(evaluate('GET', { 'if-none-match': '"v1"', 'if-modified-since': BEFORE }))).toEqual(
      notModifiedBy('If-None-Match'),
    );
  });

  it('evaluates If-Modified-Since after a passing If-Match', () => {
    expect(decision(evaluate('GET', { 'if-match': '"v1"', 'if-modified-since': AFTER }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });

  it('evaluates If-Range last, after every other precondition passed', () => {
    const headers = { 'if-match': '"v1"', range: 'bytes=0-1', 'if-range': '"v2"' };
    expect(decision(evaluate('GET', headers))).toEqual({ ...PROCEED, ignoreRange: true });
  });

  it('explains every decision in a reason', () => {
    for (const evaluation of [
      evaluate('GET', {}),
      evaluate('GET', { 'if-none-match': '"v1"' }),
      evaluate('PUT', { 'if-match': '"v2"' }),
      evaluate('PUT', {}, resource, { requirePreconditions: true }),
    ]) {
      expect(evaluation.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('evaluatePreconditions: If-Match (RFC 9110 §13.1.1)', () => {
  it('proceeds when a listed tag strongly matches the current one', () => {
    expect(decision(evaluate('PUT', { 'if-match': '"v1"' }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-match': '"v0", "v1", "v2"' }))).toEqual(PROCEED);
  });

  it('412 when no listed tag matches', () => {
    expect(decision(evaluate('PUT', { 'if-match': '"v2"' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('PUT', { 'if-match': '"v0", "v2"' }))).toEqual(failedBy('If-Match'));
  });

  it('412 when If-Match carries a weak tag', () => {
    expect(decision(evaluate('PUT', { 'if-match': 'W/"v1"' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('PUT', { 'if-match': 'W/"v1"' }, weakResource))).toEqual(failedBy('If-Match'));
  });

  it('412 when the current ETag is weak', () => {
    expect(decision(evaluate('PUT', { 'if-match': '"v1"' }, weakResource))).toEqual(failedBy('If-Match'));
  });

  it('412 when the resource has no ETag', () => {
    expect(decision(evaluate('PUT', { 'if-match': '"v1"' }, { exists: true }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('PUT', { 'if-match': '"v1"' }, missing))).toEqual(failedBy('If-Match'));
  });

  it('412 when the current ETag is not a valid entity-tag, whatever the request sends', () => {
    const invalid: Validators = { exists: true, etag: 'v1' };
    expect(decision(evaluate('PUT', { 'if-match': '"v1"' }, invalid))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('PUT', { 'if-match': 'v1' }, invalid))).toEqual(failedBy('If-Match'));
  });

  it('proceeds with If-Match: * when the resource exists, even without an ETag', () => {
    expect(decision(evaluate('PUT', { 'if-match': '*' }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-match': '*' }, { exists: true }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-match': '*' }, weakResource))).toEqual(PROCEED);
  });

  it('412 with If-Match: * when the resource does not exist', () => {
    expect(decision(evaluate('PUT', { 'if-match': '*' }, missing))).toEqual(failedBy('If-Match'));
  });

  it('applies to safe methods too', () => {
    expect(decision(evaluate('GET', { 'if-match': '"v2"' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('HEAD', { 'if-match': '"v2"' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('GET', { 'if-match': '"v1"' }))).toEqual(PROCEED);
  });

  it('ignores malformed members but honours well-formed ones beside them', () => {
    expect(decision(evaluate('PUT', { 'if-match': 'v1, "v1"' }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-match': '"v1, "v1"' }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-match': '"v1" junk' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('PUT', { 'if-match': '*, "v2"' }))).toEqual(failedBy('If-Match'));
  });
});

describe('evaluatePreconditions: If-None-Match (RFC 9110 §13.1.2)', () => {
  it('304 for GET and HEAD when a listed tag weakly matches', () => {
    for (const method of ['GET', 'HEAD']) {
      expect(decision(evaluate(method, { 'if-none-match': '"v1"' }))).toEqual(notModifiedBy('If-None-Match'));
      expect(decision(evaluate(method, { 'if-none-match': 'W/"v1"' }))).toEqual(
        notModifiedBy('If-None-Match'),
      );
      expect(decision(evaluate(method, { 'if-none-match': '"v1"' }, weakResource))).toEqual(
        notModifiedBy('If-None-Match'),
      );
      expect(decision(evaluate(method, { 'if-none-match': '"v0", W/"v1"' }, weakResource))).toEqual(
        notModifiedBy('If-None-Match'),
      );
    }
  });

  it.each(['PUT', 'PATCH', 'POST', 'DELETE', 'PROPFIND'])(
    '412 for %s when a listed tag weakly matches',
    (method) => {
      expect(decision(evaluate(method, { 'if-none-match': 'W/"v1"' }))).toEqual(failedBy('If-None-Match'));
    },
  );

  it('proceeds when no listed tag matches', () => {
    expect(decision(evaluate('GET', { 'if-none-match': '"v2"' }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-none-match': '"v2", W/"v3"' }))).toEqual(PROCEED);
  });

  it('proceeds when the resource has no ETag or does not exist', () => {
    expect(decision(evaluate('GET', { 'if-none-match': '"v1"' }, { exists: true }))).toEqual(PROCEED);
    expect(decision(evaluate('GET', { 'if-none-match': '"v1"' }, { exists: false, etag: '"v1"' }))).toEqual(
      PROCEED,
    );
  });

  it('fails If-None-Match: * when the resource exists: 304 for GET, 412 for PUT', () => {
    expect(decision(evaluate('GET', { 'if-none-match': '*' }))).toEqual(notModifiedBy('If-None-Match'));
    expect(decision(evaluate('PUT', { 'if-none-match': '*' }))).toEqual(failedBy('If-None-Match'));
    expect(decision(evaluate('PUT', { 'if-none-match': '*' }, { exists: true }))).toEqual(
      failedBy('If-None-Match'),
    );
  });

  it('proceeds with If-None-Match: * when the resource does not exist', () => {
    expect(decision(evaluate('PUT', { 'if-none-match': '*' }, missing))).toEqual(PROCEED);
    expect(decision(evaluate('GET', { 'if-none-match': '*' }, missing))).toEqual(PROCEED);
  });

  it('ignores malformed members but honours well-formed ones beside them', () => {
    for (const malformed of ['v1', '"v1', 'w/"v1"', '"v1" junk', '*']) {
      expect(decision(evaluate('GET', { 'if-none-match': malformed === '*' ? '*, *' : malformed }))).toEqual(
        PROCEED,
      );
      expect(decision(evaluate('GET', { 'if-none-match': `${malformed}, "v1"` }))).toEqual(
        notModifiedBy('If-None-Match'),
      );
      expect(decision(evaluate('GET', { 'if-none-match': `W/"v1", ${malformed}` }))).toEqual(
        notModifiedBy('If-None-Match'),
      );
    }
  });

  it('reads a comma inside quotes as part of one tag', () => {
    expect(decision(evaluate('GET', { 'if-none-match': '"v1,v2"' }))).toEqual(PROCEED);
    const commaResource: Validators = { exists: true, etag: '"a,b"' };
    expect(decision(evaluate('GET', { 'if-none-match': '"a,b"' }, commaResource))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('GET', { 'if-none-match': '"a", "b"' }, commaResource))).toEqual(PROCEED);
  });
});

describe("evaluatePreconditions: the request's Cache-Control plays no part", () => {
  it.each([
    ['Cache-Control: no-cache', { 'cache-control': 'no-cache' }],
    ['Cache-Control: no-cache and Pragma: no-cache', { 'cache-control': 'no-cache', pragma: 'no-cache' }],
    ['Cache-Control: max-age=0', { 'cache-control': 'max-age=0' }],
    ['Cache-Control: no-store', { 'cache-control': 'no-store' }],
  ])('304 despite %s', (_, cacheHeaders) => {
    expect(decision(evaluate('GET', { ...cacheHeaders, 'if-none-match': '"v1"' }))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('GET', new Headers({ ...cacheHeaders, 'if-none-match': '"v1"' })))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('GET', { ...cacheHeaders, 'if-modified-since': LAST_MODIFIED }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });
});

describe('evaluatePreconditions: If-Modified-Since (RFC 9110 §13.1.3)', () => {
  it('304 when Last-Modified is not after the date', () => {
    expect(decision(evaluate('GET', { 'if-modified-since': LAST_MODIFIED }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
    expect(decision(evaluate('HEAD', { 'if-modified-since': AFTER }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });

  it('proceeds when Last-Modified is after the date', () => {
    expect(decision(evaluate('GET', { 'if-modified-since': BEFORE }))).toEqual(PROCEED);
    expect(decision(evaluate('GET', { 'if-modified-since': 'Sun, 06 Nov 1994 08:49:36 GMT' }))).toEqual(
      PROCEED,
    );
  });

  it('304 for a Last-Modified with milliseconds inside the second the date names', () => {
    const withMillis: Validators = { exists: true, lastModified: new Date(LAST_MODIFIED_MS + 999) };
    expect(decision(evaluate('GET', { 'if-modified-since': LAST_MODIFIED }, withMillis))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
    const epochMillis: Validators = { exists: true, lastModified: LAST_MODIFIED_MS + 500 };
    expect(decision(evaluate('GET', { 'if-modified-since': LAST_MODIFIED }, epochMillis))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });

  it('reads the date in all three HTTP-date formats', () => {
    for (const date of ['Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) {
      expect(decision(evaluate('GET', { 'if-modified-since': date }))).toEqual(
        notModifiedBy('If-Modified-Since'),
      );
    }
  });

  it('ignores an invalid date', () => {
    for (const date of ['yesterday', 'sun, 06 nov 1994 08:49:37 GMT', `${LAST_MODIFIED}, ${AFTER}`, '']) {
      expect(decision(evaluate('GET', { 'if-modified-since': date }))).toEqual(PROCEED);
    }
  });

  it('is ignored when the resource has no Last-Modified', () => {
    expect(decision(evaluate('GET', { 'if-modified-since': AFTER }, { exists: true, etag: '"v1"' }))).toEqual(
      PROCEED,
    );
    expect(decision(evaluate('GET', { 'if-modified-since': AFTER }, missing))).toEqual(PROCEED);
  });

  it.each(['PUT', 'PATCH', 'POST', 'DELETE'])('is ignored for %s', (method) => {
    expect(decision(evaluate(method, { 'if-modified-since': AFTER }))).toEqual(PROCEED);
  });
});

describe('evaluatePreconditions: If-Unmodified-Since (RFC 9110 §13.1.4)', () => {
  it('proceeds when Last-Modified is not after the date', () => {
    expect(decision(evaluate('PUT', { 'if-unmodified-since': LAST_MODIFIED }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-unmodified-since': AFTER }))).toEqual(PROCEED);
  });

  it('412 when Last-Modified is after the date', () => {
    expect(decision(evaluate('PUT', { 'if-unmodified-since': BEFORE }))).toEqual(
      failedBy('If-Unmodified-Since'),
    );
    expect(decision(evaluate('GET', { 'if-unmodified-since': BEFORE }))).toEqual(
      failedBy('If-Unmodified-Since'),
    );
  });

  it('proceeds for a Last-Modified with milliseconds inside the second the date names', () => {
    const withMillis: Validators = { exists: true, lastModified: new Date(LAST_MODIFIED_MS + 999) };
    expect(decision(evaluate('PUT', { 'if-unmodified-since': LAST_MODIFIED }, withMillis))).toEqual(PROCEED);
  });

  it('ignores an invalid date', () => {
    expect(decision(evaluate('PUT', { 'if-unmodified-since': 'last week' }))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-unmodified-since': `${BEFORE}, ${BEFORE}` }))).toEqual(PROCEED);
  });

  it('is ignored when the resource has no Last-Modified', () => {
    expect(
      decision(evaluate('PUT', { 'if-unmodified-since': BEFORE }, { exists: true, etag: '"v1"' })),
    ).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-unmodified-since': BEFORE }, missing))).toEqual(PROCEED);
  });
});

describe('evaluatePreconditions: the forms of Last-Modified', () => {
  it.each([
    ['a Date', new Date(LAST_MODIFIED_MS)],
    ['epoch milliseconds', LAST_MODIFIED_MS],
    ['an IMF-fixdate string', LAST_MODIFIED],
    ['an RFC 850 string', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['an asctime string', 'Sun Nov  6 08:49:37 1994'],
  ])('reads Last-Modified given as %s', (_, lastModified) => {
    const validators: Validators = { exists: true, lastModified };
    expect(decision(evaluate('GET', { 'if-modified-since': LAST_MODIFIED }, validators))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
    expect(decision(evaluate('GET', { 'if-modified-since': BEFORE }, validators))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-unmodified-since': BEFORE }, validators))).toEqual(
      failedBy('If-Unmodified-Since'),
    );
  });

  it.each([
    ['NaN', Number.NaN],
    ['an invalid Date', new Date('nonsense')],
    ['an unparsable string', 'last Tuesday'],
  ])('treats a Last-Modified of %s as absent', (_, lastModified) => {
    const validators: Validators = { exists: true, lastModified };
    expect(decision(evaluate('GET', { 'if-modified-since': AFTER }, validators))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-unmodified-since': BEFORE }, validators))).toEqual(PROCEED);
  });
});

describe('evaluatePreconditions: a Last-Modified second that names two versions (RFC 9110 §8.8.2.2)', () => {
  // The storage knows whether the current version is the only one written in its second.
  const shared: Validators = { ...resource, lastModifiedStrong: false };
  const sole: Validators = { ...resource, lastModifiedStrong: true };
  const ranged = (ifRange: string) => ({ range: 'bytes=0-99', 'if-range': ifRange });

  it('412 when If-Unmodified-Since names the second the current version shares with an earlier one', () => {
    const result = evaluate('PUT', { 'if-unmodified-since': LAST_MODIFIED }, shared);
    expect(decision(result)).toEqual(failedBy('If-Unmodified-Since'));
    expect(result.reason).toMatch(/more than once in that second/);
  });

  it('proceeds when If-Unmodified-Since names the second of a version that is the only one in it', () => {
    expect(decision(evaluate('PUT', { 'if-unmodified-since': LAST_MODIFIED }, sole))).toEqual(PROCEED);
  });

  it('proceeds when If-Unmodified-Since is a later second, shared or not', () => {
    expect(decision(evaluate('DELETE', { 'if-unmodified-since': AFTER }, shared))).toEqual(PROCEED);
  });

  it('never answers 304 to an If-Modified-Since naming a shared second: the client may hold the earlier version', () => {
    expect(decision(evaluate('GET', { 'if-modified-since': LAST_MODIFIED }, shared))).toEqual(PROCEED);
    expect(decision(evaluate('HEAD', { 'if-modified-since': AFTER }, shared))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });

  it('answers 304 to an If-Modified-Since naming the second of the only version in it', () => {
    expect(decision(evaluate('GET', { 'if-modified-since': LAST_MODIFIED }, sole))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });

  it('takes the stored knowledge over the clock for the date form of If-Range', () => {
    const stillThatSecond = { now: LAST_MODIFIED_MS + 500 };
    expect(evaluate('GET', ranged(LAST_MODIFIED), sole, stillThatSecond).ignoreRange).toBe(false);
    expect(evaluate('GET', ranged(LAST_MODIFIED), shared, { now: LATER }).ignoreRange).toBe(true);
  });

  it('leaves an If-None-Match revalidation alone: the entity-tag decides', () => {
    expect(decision(evaluate('GET', { 'if-none-match': '"v1"' }, shared))).toEqual(
      notModifiedBy('If-None-Match'),
    );
  });
});

describe('evaluatePreconditions: an If-Modified-Since later than the clock', () => {
  it('is ignored: no Last-Modified this server sent can be later than its clock', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const current: Validators = { exists: true, lastModified: now - 60_000 };
    const ahead = new Date(now + 5_000).toUTCString();
    expect(decision(evaluate('GET', { 'if-modified-since': ahead }, current, { now }))).toEqual(PROCEED);
    const thisSecond = new Date(now).toUTCString();
    expect(decision(evaluate('GET', { 'if-modified-since': thisSecond }, current, { now }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });
});

describe('evaluatePreconditions: If-Range (RFC 9110 §13.1.5)', () => {
  const ranged = (ifRange: string) => ({ range: 'bytes=0-99', 'if-range': ifRange });
  const at = (now: number | Date): EvaluateOptions => ({ now });

  it('keeps the Range when the entity-tag strongly matches', () => {
    expect(decision(evaluate('GET', ranged('"v1"')))).toEqual(PROCEED);
  });

  it('ignores the Range when the entity-tag differs', () => {
    expect(evaluate('GET', ranged('"v2"')).ignoreRange).toBe(true);
  });

  it('ignores the Range when If-Range carries a weak tag', () => {
    expect(evaluate('GET', ranged('W/"v1"')).ignoreRange).toBe(true);
    expect(evaluate('GET', ranged('W/"v1"'), weakResource).ignoreRange).toBe(true);
  });

  it('ignores the Range when the current ETag is weak', () => {
    expect(evaluate('GET', ranged('"v1"'), weakResource).ignoreRange).toBe(true);
  });

  it('ignores the Range when the resource has no ETag or does not exist', () => {
    expect(evaluate('GET', ranged('"v1"'), { exists: true }).ignoreRange).toBe(true);
    expect(evaluate('GET', ranged('"v1"'), missing).ignoreRange).toBe(true);
  });

  it('keeps the Range when the date equals a strong Last-Modified', () => {
    expect(decision(evaluate('GET', ranged(LAST_MODIFIED), resource, at(LATER)))).toEqual(PROCEED);
    expect(decision(evaluate('GET', ranged('Sun Nov  6 08:49:37 1994'), resource, at(LATER)))).toEqual(
      PROCEED,
    );
  });

  it('treats Last-Modified as strong once its second has ended before now', () => {
    const validators: Validators = { exists: true, lastModified: new Date(LAST_MODIFIED_MS + 250) };
    expect(evaluate('GET', ranged(LAST_MODIFIED), validators, at(LAST_MODIFIED_MS + 999)).ignoreRange).toBe(
      true,
    );
    expect(evaluate('GET', ranged(LAST_MODIFIED), validators, at(LAST_MODIFIED_MS + 1000)).ignoreRange).toBe(
      false,
    );
    expect(
      evaluate('GET', ranged(LAST_MODIFIED), validators, at(new Date(LAST_MODIFIED_MS + 1000))).ignoreRange,
    ).toBe(false);
  });

  it('ignores the Range when Last-Modified is in the second of now or later, by default the current time', () => {
    const future = Date.now() + 3_600_000;
    const validators: Validators = { exists: true, lastModified: future };
    expect(evaluate('GET', ranged(new Date(future).toUTCString()), validators).ignoreRange).toBe(true);
    expect(evaluate('GET', ranged(LAST_MODIFIED)).ignoreRange).toBe(false);
  });

  it('ignores the Range when the date is not exactly Last-Modified', () => {
    expect(evaluate('GET', ranged(AFTER), resource, at(LATER)).ignoreRange).toBe(true);
    expect(evaluate('GET', ranged(BEFORE), resource, at(LATER)).ignoreRange).toBe(true);
  });

  it('ignores the Range when the resource has no Last-Modified', () => {
    expect(
      evaluate('GET', ranged(LAST_MODIFIED), { exists: true, etag: '"v1"' }, at(LATER)).ignoreRange,
    ).toBe(true);
  });

  it('ignores the Range when If-Range is neither an entity-tag nor a date', () => {
    for (const value of ['v1', '"v1', 'w/"v1"', 'yesterday', '', '"v1", "v2"']) {
      expect(evaluate('GET', ranged(value), resource, at(LATER)).ignoreRange).toBe(true);
    }
  });

  it('is not evaluated without a Range', () => {
    expect(decision(evaluate('GET', { 'if-range': '"v2"' }))).toEqual(PROCEED);
  });

  it('is not evaluated for HEAD or any method other than GET', () => {
    for (const method of ['HEAD', 'PUT', 'POST', 'DELETE']) {
      expect(evaluate(method, ranged('"v2"')).ignoreRange).toBe(false);
    }
  });

  it('leaves ignoreRange false when a GET carries Range without If-Range', () => {
    expect(decision(evaluate('GET', { range: 'bytes=0-99' }))).toEqual(PROCEED);
  });

  it('reports ignoreRange alongside a 304 or a 412', () => {
    expect(decision(evaluate('GET', { ...ranged('"v2"'), 'if-none-match': '"v1"' }))).toEqual({
      ...notModifiedBy('If-None-Match'),
      ignoreRange: true,
    });
    expect(decision(evaluate('GET', { ...ranged('"v2"'), 'if-match': '"v2"' }))).toEqual({
      ...failedBy('If-Match'),
      ignoreRange: true,
    });
  });
});

describe('evaluatePreconditions: 428 Precondition Required (RFC 6585 §3)', () => {
  const required: EvaluateOptions = { requirePreconditions: true };

  it.each(['PUT', 'PATCH', 'DELETE'])('428 for %s without a precondition when required', (method) => {
    expect(decision(evaluate(method, {}, resource, required))).toEqual(REQUIRED);
    expect(decision(evaluate(method, {}, missing, required))).toEqual(REQUIRED);
  });

  it.each(['GET', 'HEAD', 'POST'])('never 428 for %s when requirePreconditions is true', (method) => {
    expect(decision(evaluate(method, {}, resource, required))).toEqual(PROCEED);
  });

  it('is satisfied by If-Match, whether or not it then holds', () => {
    expect(decision(evaluate('PUT', { 'if-match': '"v1"' }, resource, required))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-match': '"v2"' }, resource, required))).toEqual(
      failedBy('If-Match'),
    );
  });

  it('is satisfied by If-None-Match', () => {
    expect(decision(evaluate('PUT', { 'if-none-match': '*' }, missing, required))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-none-match': '*' }, resource, required))).toEqual(
      failedBy('If-None-Match'),
    );
  });

  it('is satisfied by a valid If-Unmodified-Since when the resource has a Last-Modified', () => {
    expect(decision(evaluate('PUT', { 'if-unmodified-since': AFTER }, resource, required))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-unmodified-since': BEFORE }, resource, required))).toEqual(
      failedBy('If-Unmodified-Since'),
    );
  });

  it('is not satisfied by an invalid If-Unmodified-Since', () => {
    expect(decision(evaluate('PUT', { 'if-unmodified-since': 'yesterday' }, resource, required))).toEqual(
      REQUIRED,
    );
  });

  it('is not satisfied by If-Unmodified-Since when the resource has no Last-Modified', () => {
    expect(decision(evaluate('PUT', { 'if-unmodified-since': AFTER }, { exists: true }, required))).toEqual(
      REQUIRED,
    );
    expect(decision(evaluate('PUT', { 'if-unmodified-since': AFTER }, missing, required))).toEqual(REQUIRED);
  });

  it('is not satisfied by If-Modified-Since or If-Range', () => {
    expect(decision(evaluate('PUT', { 'if-modified-since': AFTER }, resource, required))).toEqual(REQUIRED);
    expect(decision(evaluate('PUT', { range: 'bytes=0-1', 'if-range': '"v1"' }, resource, required))).toEqual(
      REQUIRED,
    );
  });

  it('applies to the methods a list names, in any case for the normalised ones', () => {
    const options: EvaluateOptions = { requirePreconditions: ['post', 'PUT', 'GET'] };
    expect(decision(evaluate('POST', {}, resource, options))).toEqual(REQUIRED);
    expect(decision(evaluate('put', {}, resource, options))).toEqual(REQUIRED);
    expect(decision(evaluate('GET', {}, resource, options))).toEqual(REQUIRED);
    expect(decision(evaluate('DELETE', {}, resource, options))).toEqual(PROCEED);
    expect(decision(evaluate('PATCH', {}, resource, options))).toEqual(PROCEED);
  });

  it('is off by default, with false and with an empty list', () => {
    for (const options of [undefined, {}, { requirePreconditions: false }, { requirePreconditions: [] }]) {
      expect(decision(evaluate('PUT', {}, resource, options))).toEqual(PROCEED);
    }
  });

  it('lists the condition fields that satisfy it', () => {
    expect(PRECONDITION_FIELDS).toEqual(['If-Match', 'If-Unmodified-Since', 'If-None-Match']);
  });
});

describe('evaluatePreconditions: methods', () => {
  it.each(['CONNECT', 'OPTIONS', 'TRACE'])('%s ignores preconditions (RFC 9110 §13.2.1)', (method) => {
    expect(decision(evaluate(method, { 'if-match': '"v2"' }))).toEqual(PROCEED);
    expect(decision(evaluate(method, { 'if-none-match': '*' }))).toEqual(PROCEED);
    expect(decision(evaluate(method, { 'if-unmodified-since': BEFORE }))).toEqual(PROCEED);
    expect(decision(evaluate(method, {}, resource, { requirePreconditions: [method] }))).toEqual(PROCEED);
  });

  it('normalises get, head, put, patch, post, delete and options case-insensitively', () => {
    expect(decision(evaluate('get', { 'if-none-match': '"v1"' }))).toEqual(notModifiedBy('If-None-Match'));
    expect(decision(evaluate('Head', { 'if-modified-since': AFTER }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
    expect(decision(evaluate('post', { 'if-none-match': '"v1"' }))).toEqual(failedBy('If-None-Match'));
    expect(decision(evaluate('options', { 'if-match': '"v2"' }))).toEqual(PROCEED);
    for (const method of ['put', 'Patch', 'delete']) {
      expect(decision(evaluate(method, {}, resource, { requirePreconditions: true }))).toEqual(REQUIRED);
    }
    expect(evaluate('get', { range: 'bytes=0-1', 'if-range': '"v2"' }).ignoreRange).toBe(true);
  });

  it('evaluates other methods as unsafe methods, case-sensitively', () => {
    expect(decision(evaluate('PROPFIND', { 'if-none-match': '"v1"' }))).toEqual(failedBy('If-None-Match'));
    expect(decision(evaluate('Propfind', { 'if-match': '"v2"' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('Propfind', {}, resource, { requirePreconditions: ['PROPFIND'] }))).toEqual(
      PROCEED,
    );
    expect(decision(evaluate('PROPFIND', {}, resource, { requirePreconditions: ['PROPFIND'] }))).toEqual(
      REQUIRED,
    );
  });
});

describe('evaluatePreconditions: QUERY (draft-ietf-httpbis-safe-method-w-body)', () => {
  it('answers 304 when If-None-Match matches, as for GET', () => {
    expect(decision(evaluate('QUERY', { 'if-none-match': '"v1"' }))).toEqual(notModifiedBy('If-None-Match'));
    expect(decision(evaluate('QUERY', { 'if-none-match': 'W/"v1"' }))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('QUERY', { 'if-none-match': '*' }))).toEqual(notModifiedBy('If-None-Match'));
    expect(decision(evaluate('QUERY', { 'if-none-match': '"v0"' }))).toEqual(PROCEED);
  });

  it('answers 304 when not modified since If-Modified-Since, as for GET', () => {
    expect(decision(evaluate('QUERY', { 'if-modified-since': AFTER }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
    expect(decision(evaluate('QUERY', { 'if-modified-since': BEFORE }))).toEqual(PROCEED);
  });

  it('still answers 412 when If-Match or If-Unmodified-Since fails', () => {
    expect(decision(evaluate('QUERY', { 'if-match': '"v0"' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('QUERY', { 'if-unmodified-since': BEFORE }))).toEqual(
      failedBy('If-Unmodified-Since'),
    );
  });

  it('ignores If-Range, which only GET evaluates (RFC 9110 §13.1.5)', () => {
    expect(evaluate('QUERY', { range: 'bytes=0-1', 'if-range': '"v0"' }).ignoreRange).toBe(false);
  });

  it('is case-sensitive: query is another method, whose matching If-None-Match is a 412', () => {
    expect(decision(evaluate('query', { 'if-none-match': '"v1"' }))).toEqual(failedBy('If-None-Match'));
    expect(decision(evaluate('query', { 'if-modified-since': AFTER }))).toEqual(PROCEED);
  });
});

describe('evaluatePreconditions: repeated field lines (Node rawHeaders)', () => {
  // What Node's IncomingMessage holds after two If-Modified-Since lines: the record keeps the first.
  const twoDates = (name: string, first: string, second: string) => ({
    method: 'GET',
    headers: { [name.toLowerCase()]: first },
    rawHeaders: ['Host', 'x', name, first, name, second],
  });

  it('ignores If-Modified-Since sent on two lines, though the record keeps a date that would give 304', () => {
    const request = twoDates('If-Modified-Since', AFTER, BEFORE);
    expect(decision(evaluatePreconditions(request, resource))).toEqual(PROCEED);
    expect(decision(evaluatePreconditions({ ...request, rawHeaders: undefined }, resource))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
  });

  it('ignores If-Unmodified-Since sent on two lines, though the record keeps a date that would give 412', () => {
    const request = { ...twoDates('if-unmodified-since', BEFORE, AFTER), method: 'DELETE' };
    expect(decision(evaluatePreconditions(request, resource))).toEqual(PROCEED);
  });

  it('reads one line from rawHeaders as the record has it', () => {
    const request = {
      method: 'GET',
      headers: { 'if-modified-since': AFTER },
      rawHeaders: ['If-Modified-Since', AFTER],
    };
    expect(decision(evaluatePreconditions(request, resource))).toEqual(notModifiedBy('If-Modified-Since'));
  });

  it('leaves a date field the record no longer has out, and survives malformed rawHeaders', () => {
    const removed = { method: 'GET', headers: {}, rawHeaders: ['If-Modified-Since', AFTER] };
    expect(decision(evaluatePreconditions(removed, resource))).toEqual(PROCEED);
    for (const rawHeaders of [['If-Modified-Since'], [42, AFTER], [null, null, 'if-modified-since', AFTER]]) {
      const request = { method: 'GET', headers: { 'if-modified-since': AFTER }, rawHeaders } as never;
      expect(decision(evaluatePreconditions(request, resource))).toEqual(notModifiedBy('If-Modified-Since'));
    }
  });
});

describe('evaluatePreconditions: request header shapes', () => {
  it('reads a Fetch Headers and a Node-style record alike', () => {
    const fields = { 'if-none-match': '"v1"', 'if-modified-since': BEFORE };
    expect(decision(evaluate('GET', new Headers(fields)))).toEqual(decision(evaluate('GET', fields)));
    expect(decision(evaluate('GET', new Headers(fields)))).toEqual(notModifiedBy('If-None-Match'));
  });

  it('matches record field names case-insensitively', () => {
    expect(decision(evaluate('GET', { 'If-None-Match': '"v1"' }))).toEqual(notModifiedBy('If-None-Match'));
    expect(decision(evaluate('PUT', { 'IF-MATCH': '"v2"' }))).toEqual(failedBy('If-Match'));
    expect(decision(evaluate('GET', { 'If-Modified-Since': AFTER }))).toEqual(
      notModifiedBy('If-Modified-Since'),
    );
    expect(decision(evaluate('PUT', { 'If-Unmodified-Since': BEFORE }))).toEqual(
      failedBy('If-Unmodified-Since'),
    );
    expect(evaluate('GET', { Range: 'bytes=0-1', 'If-Range': '"v2"' }).ignoreRange).toBe(true);
  });

  it('reads repeated If-None-Match lines from a record array', () => {
    expect(decision(evaluate('GET', { 'if-none-match': ['"v0"', 'W/"v1"'] }))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('GET', { 'if-none-match': ['"v0"', '"v2"'] }))).toEqual(PROCEED);
  });

  it('reads repeated If-Match lines from a Headers appended to twice', () => {
    const headers = new Headers();
    headers.append('If-Match', '"v0"');
    headers.append('If-Match', '"v1"');
    expect(decision(evaluate('PUT', headers))).toEqual(PROCEED);
    const other = new Headers();
    other.append('If-None-Match', '"v0"');
    other.append('If-None-Match', '"v1"');
    expect(decision(evaluate('GET', other))).toEqual(notModifiedBy('If-None-Match'));
  });

  it('reads an If-Match wildcard repeated over two lines as no wildcard at all', () => {
    // `*, *` is not the `*` of the grammar, and a stray `*` in a list never matches.
    expect(decision(evaluate('PUT', { 'if-match': ['*', '*'] }))).toEqual(failedBy('If-Match'));
  });
});

describe('evaluatePreconditions: a 64 KiB If-None-Match list', () => {
  const tags = Array.from({ length: 5000 }, (_, i) => `"t${i.toString().padStart(8, '0')}"`);
  const list = tags.join(', ');
  const last = tags[tags.length - 1] as string;
  const atEnd: Validators = { exists: true, etag: last };
  const absent: Validators = { exists: true, etag: '"t99999999"' };

  it('is about 64 KiB of 5,000 tags', () => {
    expect(list.length).toBeGreaterThan(63 * 1024);
    expect(list.length).toBeLessThanOrEqual(64 * 1024);
    expect(tags).toHaveLength(5000);
  });

  it('304 when the current tag is the last of 5,000', () => {
    expect(decision(evaluate('GET', { 'if-none-match': list }, atEnd))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('GET', new Headers({ 'if-none-match': list }), atEnd))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('GET', { 'if-none-match': tags }, atEnd))).toEqual(
      notModifiedBy('If-None-Match'),
    );
    expect(decision(evaluate('GET', { 'if-none-match': list }, { exists: true, etag: `W/${last}` }))).toEqual(
      notModifiedBy('If-None-Match'),
    );
  });

  it('proceeds when the current tag is not among the 5,000', () => {
    expect(decision(evaluate('GET', { 'if-none-match': list }, absent))).toEqual(PROCEED);
    expect(decision(evaluate('GET', { 'if-none-match': tags }, absent))).toEqual(PROCEED);
  });

  it('decides If-Match over the same list', () => {
    expect(decision(evaluate('PUT', { 'if-match': list }, atEnd))).toEqual(PROCEED);
    expect(decision(evaluate('PUT', { 'if-match': list }, absent))).toEqual(failedBy('If-Match'));
  });
});

describe('evaluatePreconditions: If-Match and If-None-Match with the same tag', () => {
  it('never proceeds for a resource that has that tag', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']) {
      for (const tag of ['"v1"', 'W/"v1"']) {
        const validators: Validators = { exists: true, etag: tag };
        expect(evaluate(method, { 'if-match': tag, 'if-none-match': tag }, validators).outcome).not.toBe(
          'proceed',
        );
      }
    }
  });
});

describe('evaluatePreconditions: unusual input', () => {
  it('treats an absent request or resource as no preconditions and no representation', () => {
    expect(decision(evaluatePreconditions(undefined as never, undefined as never))).toEqual(PROCEED);
    expect(
      decision(evaluatePreconditions({ method: 'PUT', headers: { 'if-match': '*' } }, null as never)),
    ).toEqual(failedBy('If-Match'));
  });

  it('treats a resource whose exists flag is not true as missing', () => {
    const truthy = { exists: 1, etag: '"v1"' } as unknown as Validators;
    expect(decision(evaluate('GET', { 'if-none-match': '"v1"' }, truthy))).toEqual(PROCEED);
  });

  it('treats an invalid now as the epoch, so a date If-Range never holds', () => {
    expect(
      evaluate('GET', { range: 'bytes=0-1', 'if-range': LAST_MODIFIED }, resource, { now: Number.NaN })
        .ignoreRange,
    ).toBe(true);
  });
});
