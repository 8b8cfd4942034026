/**
 * RFC 9110 §13 as a table: each row is a request, a resource and the answer the RFC prescribes.
 * Every row runs twice, with a Node-style header record and with a Fetch `Headers`.
 *
 * Answers: 200 proceed, 304, 412, 428; "with Range ignored" means `ignoreRange` (send the full 200).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvaluateOptions, Validators } from './evaluate.js';
import { evaluatePreconditions } from './evaluate.js';

// RFC 850 dates carry two-digit years, read relative to today (RFC 9110 §5.6.7): pin today, so
// that `06-Nov-94` stays 1994 whenever the suite runs.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 25, 12) });
});
afterAll(() => {
  vi.useRealTimers();
});

const LM = 'Sun, 06 Nov 1994 08:49:37 GMT';
const LM_MS = Date.UTC(1994, 10, 6, 8, 49, 37);
const BEFORE = 'Sat, 05 Nov 1994 08:49:37 GMT';
const AFTER = 'Mon, 07 Nov 1994 08:49:37 GMT';
const LM_RFC850 = 'Sunday, 06-Nov-94 08:49:37 GMT';
const LM_ASCTIME = 'Sun Nov  6 08:49:37 1994';
const SECOND_BEFORE = 'Sun, 06 Nov 1994 08:49:36 GMT';

/** The resources of the table, named as they appear in test names. */
const RESOURCES = {
  'ETag "v1", Last-Modified': { exists: true, etag: '"v1"', lastModified: LM },
  'ETag W/"v1", Last-Modified': { exists: true, etag: 'W/"v1"', lastModified: LM },
  'ETag "v1" only': { exists: true, etag: '"v1"' },
  'Last-Modified only': { exists: true, lastModified: LM },
  'Last-Modified with 999 ms': { exists: true, etag: '"v1"', lastModified: new Date(LM_MS + 999) },
  'Last-Modified as epoch ms': { exists: true, etag: '"v1"', lastModified: LM_MS },
  'no validators': { exists: true },
  'ETag "a,b"': { exists: true, etag: '"a,b"' },
  'an invalid ETag abc': { exists: true, etag: 'abc', lastModified: LM },
  'no resource': { exists: false },
} satisfies Record<string, Validators>;

type ResourceName = keyof typeof RESOURCES;
type Answer = 200 | 304 | 412 | 428;

interface Row {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly resource: ResourceName;
  readonly status: Answer;
  readonly ignoreRange?: boolean;
  readonly options?: EvaluateOptions;
  readonly note?: string;
}

const R: ResourceName = 'ETag "v1", Last-Modified';
const WEAK: ResourceName = 'ETag W/"v1", Last-Modified';
const NONE: ResourceName = 'no resource';
const BARE: ResourceName = 'no validators';
const REQUIRE: EvaluateOptions = { requirePreconditions: true };
/** Long after LM, so that LM is a strong validator for If-Range. */
const LATER: EvaluateOptions = { now: Date.UTC(2026, 0, 1) };

const row = (
  method: string,
  headers: Record<string, string>,
  resource: ResourceName,
  status: Answer,
  extra: Omit<Row, 'method' | 'headers' | 'resource' | 'status'> = {},
): Row => ({ method, headers, resource, status, ...extra });

const IF_MATCH: Row[] = [
  row('PUT', { 'if-match': '"v1"' }, R, 200),
  row('PUT', { 'if-match': '"v2"' }, R, 412),
  row('PUT', { 'if-match': 'W/"v1"' }, R, 412, { note: 'a weak tag never matches If-Match' }),
  row('PUT', { 'if-match': '"v1"' }, WEAK, 412, { note: 'a weak current ETag never matches If-Match' }),
  row('PUT', { 'if-match': 'W/"v1"' }, WEAK, 412),
  row('PUT', { 'if-match': '"v0", "v1"' }, R, 200),
  row('PUT', { 'if-match': '"v0", "v2"' }, R, 412),
  row('PUT', { 'if-match': '"v0",,  "v1"' }, R, 200),
  row('PUT', { 'if-match': ' "v1" ' }, R, 200),
  row('PUT', { 'if-match': '"V1"' }, R, 412, { note: 'opaque-tags are case-sensitive' }),
  row('PUT', { 'if-match': '*' }, R, 200),
  row('PUT', { 'if-match': '*' }, WEAK, 200),
  row('PUT', { 'if-match': '*' }, BARE, 200),
  row('PUT', { 'if-match': '*' }, NONE, 412),
  row('PUT', { 'if-match': '"v1"' }, 'ETag "v1" only', 200),
  row('PUT', { 'if-match': '"v1"' }, 'Last-Modified only', 412),
  row('PUT', { 'if-match': '"v1"' }, NONE, 412),
  row('PUT', { 'if-match': 'abc' }, 'an invalid ETag abc', 412),
  row('PUT', { 'if-match': '"abc"' }, 'an invalid ETag abc', 412),
  row('PUT', { 'if-match': '"v1,v2"' }, R, 412, { note: '"v1,v2" is one tag' }),
  row('PUT', { 'if-match': '"a,b"' }, 'ETag "a,b"', 200),
  row('PUT', { 'if-match': 'v1, "v1"' }, R, 200),
  row('PUT', { 'if-match': '"v1, "v1"' }, R, 200),
  row('PUT', { 'if-match': 'w/"v1", "v1"' }, R, 200),
  row('PUT', { 'if-match': '"v1" junk' }, R, 412),
  row('PUT', { 'if-match': 'v1' }, R, 412),
  row('PUT', { 'if-match': '*, "v2"' }, R, 412, { note: 'a stray * in a list is no wildcard' }),
  row('PUT', { 'if-match': '""' }, R, 412),
  row('PUT', { 'if-match': '' }, R, 412, { note: 'an empty list names no tag' }),
  row('PATCH', { 'if-match': '"v1"' }, R, 200),
  row('PATCH', { 'if-match': '"v2"' }, R, 412),
  row('DELETE', { 'if-match': '"v1"' }, R, 200),
  row('DELETE', { 'if-match': '"v2"' }, R, 412),
  row('DELETE', { 'if-match': '*' }, NONE, 412),
  row('POST', { 'if-match': '"v2"' }, R, 412),
  row('GET', { 'if-match': '"v1"' }, R, 200),
  row('GET', { 'if-match': '"v2"' }, R, 412),
  row('HEAD', { 'if-match': '"v2"' }, R, 412),
];

const IF_UNMODIFIED_SINCE: Row[] = [
  row('PUT', { 'if-unmodified-since': AFTER }, R, 200),
  row('PUT', { 'if-unmodified-since': LM }, R, 200),
  row('PUT', { 'if-unmodified-since': BEFORE }, R, 412),
  row('PUT', { 'if-unmodified-since': SECOND_BEFORE }, R, 412),
  row('PUT', { 'if-unmodified-since': LM }, 'Last-Modified with 999 ms', 200),
  row('PUT', { 'if-unmodified-since': LM_RFC850 }, R, 200),
  row('PUT', { 'if-unmodified-since': LM_ASCTIME }, R, 200),
  row('PUT', { 'if-unmodified-since': 'Saturday, 05-Nov-94 08:49:37 GMT' }, R, 412),
  row('PUT', { 'if-unmodified-since': 'yesterday' }, R, 200, { note: 'an invalid date is ignored' }),
  row('PUT', { 'if-unmodified-since': 'sat, 05 nov 1994 08:49:37 GMT' }, R, 200),
  row('PUT', { 'if-unmodified-since': `${BEFORE}, ${BEFORE}` }, R, 200, {
    note: 'a list of dates is invalid',
  }),
  row('PUT', { 'if-unmodified-since': BEFORE }, BARE, 200),
  row('PUT', { 'if-unmodified-since': BEFORE }, 'ETag "v1" only', 200),
  row('PUT', { 'if-unmodified-since': BEFORE }, NONE, 200),
  row('PUT', { 'if-unmodified-since': BEFORE, 'if-match': '"v1"' }, R, 200, {
    note: 'If-Unmodified-Since is skipped when If-Match is present',
  }),
  row('PUT', { 'if-unmodified-since': AFTER, 'if-match': '"v2"' }, R, 412),
  row('DELETE', { 'if-unmodified-since': BEFORE }, R, 412),
  row('PATCH', { 'if-unmodified-since': AFTER }, R, 200),
  row('POST', { 'if-unmodified-since': BEFORE }, R, 412),
  row('GET', { 'if-unmodified-since': BEFORE }, R, 412),
  row('HEAD', { 'if-unmodified-since': AFTER }, R, 200),
];

const IF_NONE_MATCH: Row[] = [
  row('GET', { 'if-none-match': '"v1"' }, R, 304),
  row('HEAD', { 'if-none-match': '"v1"' }, R, 304),
  row('GET', { 'if-none-match': 'W/"v1"' }, R, 304, { note: 'weak comparison' }),
  row('GET', { 'if-none-match': '"v1"' }, WEAK, 304),
  row('GET', { 'if-none-match': 'W/"v1"' }, WEAK, 304),
  row('HEAD', { 'if-none-match': 'W/"v1"' }, WEAK, 304),
  row('GET', { 'if-none-match': '"v2"' }, R, 200),
  row('GET', { 'if-none-match': 'W/"v2"' }, WEAK, 200),
  row('GET', { 'if-none-match': '"v0", "v1"' }, R, 304),
  row('GET', { 'if-none-match': '"v0",,  W/"v1"' }, R, 304),
  row('GET', { 'if-none-match': '"v0", "v2"' }, R, 200),
  row('GET', { 'if-none-match': '*' }, R, 304),
  row('GET', { 'if-none-match': '*' }, BARE, 304),
  row('GET', { 'if-none-match': '*' }, NONE, 200),
  row('GET', { 'if-none-match': '"v1"' }, NONE, 200),
  row('GET', { 'if-none-match': '"v1"' }, 'Last-Modified only', 200),
  row('GET', { 'if-none-match': '"abc"' }, 'an invalid ETag abc', 200),
  row('GET', { 'if-none-match': '"v1,v2"' }, R, 200),
  row('GET', { 'if-none-match': '"a,b"' }, 'ETag "a,b"', 304),
  row('GET', { 'if-none-match': '"a", "b"' }, 'ETag "a,b"', 200),
  row('GET', { 'if-none-match': 'abc, "v1"' }, R, 304),
  row('GET', { 'if-none-match': '"abc, "v1"' }, R, 304),
  row('GET', { 'if-none-match': 'w/"v1"' }, R, 200),
  row('GET', { 'if-none-match': '"v1" junk' }, R, 200),
  row('GET', { 'if-none-match': '*, "v2"' }, R, 200),
  row('GET', { 'if-none-match': 'W/"v1", *' }, R, 304),
  row('PUT', { 'if-none-match': '*' }, R, 412),
  row('PUT', { 'if-none-match': '*' }, BARE, 412),
  row('PUT', { 'if-none-match': '*' }, NONE, 200, { note: 'safe create' }),
  row('PUT', { 'if-none-match': '"v1"' }, R, 412),
  row('PUT', { 'if-none-match': '"v1"' }, WEAK, 412),
  row('PUT', { 'if-none-match': '"v2"' }, R, 200),
  row('PATCH', { 'if-none-match': 'W/"v1"' }, R, 412),
  row('POST', { 'if-none-match': '"v1"' }, R, 412),
  row('POST', { 'if-none-match': '*' }, NONE, 200),
  row('DELETE', { 'if-none-match': '"v1"' }, R, 412),
  row('GET', { 'if-none-match': '"v1"', 'if-match': '"v1"' }, R, 304),
  row('PUT', { 'if-none-match': '"v1"', 'if-match': '"v1"' }, R, 412),
  row('GET', { 'if-none-match': '"v1"', 'if-match': '"v2"' }, R, 412),
  row('GET', { 'if-none-match': '"v1"', 'if-unmodified-since': BEFORE }, R, 412),
  row('GET', { 'if-none-match': '"v1"', 'if-unmodified-since': AFTER }, R, 304),
  row('GET', { 'if-none-match': '"v1"', 'if-modified-since': BEFORE }, R, 304),
  row('GET', { 'if-none-match': '"v2"', 'if-modified-since': AFTER }, R, 200, {
    note: 'If-Modified-Since is skipped when If-None-Match is present',
  }),
  row('GET', { 'if-none-match': '', 'if-modified-since': LM }, R, 200, {
    note: 'an empty If-None-Match is still present',
  }),
  row('GET', { 'if-none-match': '"v1"', 'cache-control': 'no-cache' }, R, 304),
  row('GET', { 'if-none-match': '"v1"', 'cache-control': 'no-cache', pragma: 'no-cache' }, R, 304),
  row('GET', { 'if-none-match': '"v1"', 'cache-control': 'max-age=0' }, R, 304),
];

const IF_MODIFIED_SINCE: Row[] = [
  row('GET', { 'if-modified-since': LM }, R, 304),
  row('GET', { 'if-modified-since': AFTER }, R, 304),
  row('GET', { 'if-modified-since': BEFORE }, R, 200),
  row('GET', { 'if-modified-since': SECOND_BEFORE }, R, 200),
  row('HEAD', { 'if-modified-since': LM }, R, 304),
  row('HEAD', { 'if-modified-since': BEFORE }, R, 200),
  row('GET', { 'if-modified-since': LM_RFC850 }, R, 304),
  row('GET', { 'if-modified-since': LM_ASCTIME }, R, 304),
  row('GET', { 'if-modified-since': LM }, 'Last-Modified with 999 ms', 304, {
    note: 'dates compare at one-second resolution',
  }),
  row('GET', { 'if-modified-since': LM }, 'Last-Modified as epoch ms', 304),
  row('GET', { 'if-modified-since': LM }, 'Last-Modified only', 304),
  row('GET', { 'if-modified-since': LM }, WEAK, 304),
  row('GET', { 'if-modified-since': 'yesterday' }, R, 200),
  row('GET', { 'if-modified-since': 'sun, 06 nov 1994 08:49:37 GMT' }, R, 200),
  row('GET', { 'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT junk' }, R, 200),
  row('GET', { 'if-modified-since': `${LM}, ${AFTER}` }, R, 200),
  row('GET', { 'if-modified-since': AFTER }, 'ETag "v1" only', 200),
  row('GET', { 'if-modified-since': AFTER }, BARE, 200),
  row('GET', { 'if-modified-since': AFTER }, NONE, 200),
  row('PUT', { 'if-modified-since': AFTER }, R, 200, {
    note: 'only GET and HEAD evaluate If-Modified-Since',
  }),
  row('POST', { 'if-modified-since': AFTER }, R, 200),
  row('DELETE', { 'if-modified-since': AFTER }, R, 200),
  row('PATCH', { 'if-modified-since': LM }, R, 200),
  row('GET', { 'if-modified-since': LM, 'cache-control': 'no-cache' }, R, 304),
  row('GET', { 'if-modified-since': LM, 'if-match': '"v1"' }, R, 304),
  row('GET', { 'if-modified-since': LM, 'if-match': '"v2"' }, R, 412),
  row('GET', { 'if-modified-since': BEFORE, 'if-unmodified-since': AFTER }, R, 200),
  row('GET', { 'if-modified-since': AFTER, 'if-unmodified-since': BEFORE }, R, 412),
];

const IF_RANGE: Row[] = [
  row('GET', { range: 'bytes=0-9', 'if-range': '"v1"' }, R, 200, { ignoreRange: false }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v2"' }, R, 200, { ignoreRange: true }),
  row('GET', { range: 'bytes=0-9', 'if-range': 'W/"v1"' }, R, 200, {
    ignoreRange: true,
    note: 'If-Range compares strongly',
  }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v1"' }, WEAK, 200, { ignoreRange: true }),
  row('GET', { range: 'bytes=0-9', 'if-range': 'W/"v1"' }, WEAK, 200, { ignoreRange: true }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v1"' }, NONE, 200, { ignoreRange: true }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v1"' }, 'Last-Modified only', 200, { ignoreRange: true }),
  row('GET', { range: 'bytes=0-9', 'if-range': LM }, R, 200, { ignoreRange: false, options: LATER }),
  row('GET', { range: 'bytes=0-9', 'if-range': LM_ASCTIME }, R, 200, { ignoreRange: false, options: LATER }),
  row('GET', { range: 'bytes=0-9', 'if-range': LM }, 'Last-Modified with 999 ms', 200, {
    ignoreRange: false,
    options: LATER,
  }),
  row('GET', { range: 'bytes=0-9', 'if-range': LM }, 'Last-Modified with 999 ms', 200, {
    ignoreRange: true,
    options: { now: LM_MS + 999 },
    note: 'Last-Modified is weak within its own second',
  }),
  row('GET', { range: 'bytes=0-9', 'if-range': LM }, R, 200, {
    ignoreRange: false,
    options: { now: LM_MS + 1000 },
  }),
  row('GET', { range: 'bytes=0-9', 'if-range': AFTER }, R, 200, { ignoreRange: true, options: LATER }),
  row('GET', { range: 'bytes=0-9', 'if-range': BEFORE }, R, 200, { ignoreRange: true, options: LATER }),
  row('GET', { range: 'bytes=0-9', 'if-range': LM }, BARE, 200, { ignoreRange: true, options: LATER }),
  row('GET', { range: 'bytes=0-9', 'if-range': 'yesterday' }, R, 200, { ignoreRange: true }),
  row('GET', { range: 'bytes=0-9', 'if-range': 'v1' }, R, 200, { ignoreRange: true }),
  row('GET', { 'if-range': '"v2"' }, R, 200, {
    ignoreRange: false,
    note: 'If-Range without Range is ignored',
  }),
  row('GET', { range: 'bytes=0-9' }, R, 200, { ignoreRange: false }),
  row('HEAD', { range: 'bytes=0-9', 'if-range': '"v2"' }, R, 200, { ignoreRange: false }),
  row('PUT', { range: 'bytes=0-9', 'if-range': '"v2"' }, R, 200, { ignoreRange: false }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v2"', 'if-none-match': '"v1"' }, R, 304, {
    ignoreRange: true,
  }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v1"', 'if-none-match': '"v1"' }, R, 304, {
    ignoreRange: false,
  }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v2"', 'if-match': '"v2"' }, R, 412, { ignoreRange: true }),
  row('GET', { range: 'bytes=0-9', 'if-range': '"v1"', 'if-match': '"v1"' }, R, 200, { ignoreRange: false }),
];

const PRECONDITION_REQUIRED: Row[] = [
  row('PUT', {}, R, 428, { options: REQUIRE }),
  row('PATCH', {}, R, 428, { options: REQUIRE }),
  row('DELETE', {}, R, 428, { options: REQUIRE }),
  row('PUT', {}, NONE, 428, { options: REQUIRE }),
  row('put', {}, R, 428, { options: REQUIRE }),
  row('POST', {}, R, 200, { options: REQUIRE }),
  row('GET', {}, R, 200, { options: REQUIRE }),
  row('HEAD', {}, R, 200, { options: REQUIRE }),
  row('OPTIONS', {}, R, 200, { options: REQUIRE }),
  row('PUT', { 'if-match': '"v1"' }, R, 200, { options: REQUIRE }),
  row('PUT', { 'if-match': '"v2"' }, R, 412, { options: REQUIRE }),
  row('PUT', { 'if-match': '*' }, NONE, 412, { options: REQUIRE }),
  row('PUT', { 'if-none-match': '*' }, NONE, 200, { options: REQUIRE }),
  row('PUT', { 'if-none-match': '*' }, R, 412, { options: REQUIRE }),
  row('PUT', { 'if-unmodified-since': AFTER }, R, 200, { options: REQUIRE }),
  row('PUT', { 'if-unmodified-since': BEFORE }, R, 412, { options: REQUIRE }),
  row('PUT', { 'if-unmodified-since': 'yesterday' }, R, 428, { options: REQUIRE }),
  row('PUT', { 'if-unmodified-since': AFTER }, 'ETag "v1" only', 428, { options: REQUIRE }),
  row('PUT', { 'if-unmodified-since': AFTER }, NONE, 428, { options: REQUIRE }),
  row('PUT', { 'if-modified-since': AFTER }, R, 428, { options: REQUIRE }),
  row('PUT', { range: 'bytes=0-9', 'if-range': '"v1"' }, R, 428, { options: REQUIRE }),
  row('PUT', { 'cache-control': 'no-cache' }, R, 428, { options: REQUIRE }),
  row('POST', {}, R, 428, { options: { requirePreconditions: ['POST'] } }),
  row('POST', {}, R, 428, { options: { requirePreconditions: ['post'] } }),
  row('PUT', {}, R, 200, { options: { requirePreconditions: ['POST'] } }),
  row('PUT', {}, R, 200, { options: { requirePreconditions: false } }),
  row('PUT', {}, R, 200, { options: { requirePreconditions: [] } }),
];

const METHODS: Row[] = [
  row('OPTIONS', { 'if-match': '"v2"' }, R, 200, { note: 'preconditions do not apply' }),
  row('options', { 'if-match': '"v2"' }, R, 200),
  row('CONNECT', { 'if-none-match': '*' }, R, 200),
  row('TRACE', { 'if-unmodified-since': BEFORE }, R, 200),
  row('TRACE', { 'if-match': '*' }, NONE, 200),
  row('get', { 'if-none-match': '"v1"' }, R, 304),
  row('head', { 'if-none-match': '"v1"' }, R, 304),
  row('Get', { 'if-modified-since': LM }, R, 304),
  row('post', { 'if-none-match': '"v1"' }, R, 412),
  row('delete', { 'if-match': '"v2"' }, R, 412),
  row('patch', { 'if-match': '"v2"' }, R, 412),
  row('patch', { 'if-modified-since': LM }, R, 200),
  row('PROPFIND', { 'if-none-match': '"v1"' }, R, 412, { note: 'any other method is not GET or HEAD' }),
  row('PROPFIND', { 'if-modified-since': LM }, R, 200),
  row('GET', {}, R, 200),
  row('PUT', {}, NONE, 200),
];

const TABLE: ReadonlyArray<readonly [string, Row[]]> = [
  ['If-Match', IF_MATCH],
  ['If-Unmodified-Since', IF_UNMODIFIED_SINCE],
  ['If-None-Match', IF_NONE_MATCH],
  ['If-Modified-Since', IF_MODIFIED_SINCE],
  ['If-Range', IF_RANGE],
  ['428 Precondition Required', PRECONDITION_REQUIRED],
  ['methods', METHODS],
];

function title(r: Row): string {
  const canonical = (name: string) =>
    name.replace(/(^|-)([a-z])/g, (_, dash, c: string) => dash + c.toUpperCase());
  const fields = Object.entries(r.headers).map(([name, value]) => `${canonical(name)}: ${value}`);
  const request = [r.method, ...fields].join(' | ');
  const options = r.options ? ` ${JSON.stringify(r.options)}` : '';
  const answer = `${r.status}${r.ignoreRange ? ' with Range ignored' : ''}`;
  return `${request} on ${r.resource}${options} → ${answer}${r.note ? ` (${r.note})` : ''}`;
}

const OUTCOME_BY_STATUS = {
  200: 'proceed',
  304: 'not-modified',
  412: 'precondition-failed',
  428: 'precondition-required',
} as const;

describe('RFC 9110 §13 conformance table', () => {
  it('has at least 120 rows', () => {
    expect(TABLE.reduce((count, [, rows]) => count + rows.length, 0)).toBeGreaterThanOrEqual(120);
  });

  for (const [topic, rows] of TABLE) {
    describe(topic, () => {
      it.each(rows.map((r) => [title(r), r] as const))('%s', (_, r) => {
        const expected = {
          outcome: OUTCOME_BY_STATUS[r.status],
          status: r.status === 200 ? undefined : r.status,
          ignoreRange: r.ignoreRange ?? false,
        };
        const validators = RESOURCES[r.resource];
        for (const headers of [r.headers, new Headers(r.headers)]) {
          const { outcome, status, ignoreRange } = evaluatePreconditions(
            { method: r.method, headers },
            validators,
            r.options,
          );
          expect({ outcome, status, ignoreRange }).toEqual(expected);
        }
      });
    });
  }
});
