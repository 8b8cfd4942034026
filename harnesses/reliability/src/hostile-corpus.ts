/**
 * The hostile requests: adversarial conditional fields, bodies, content types, paths and framing,
 * as a fixed corpus plus seeded random combinations. Strings here are byte strings (one character
 * per byte, sent as latin1), so `\xff` is the byte 0xFF and `\xc3\xa9` the UTF-8 of "é".
 *
 * @module
 */

import type { RawRequest } from './raw-http.js';

/** What a request may refer to, resolved when it is built. */
export interface Fixtures {
  /** An article that exists. */
  readonly articleId: string;
  /** Its current strong tag, quotes included. */
  readonly articleEtag: string;
  /** A user that exists. */
  readonly userName: string;
  /** A session that exists. */
  readonly sessionId: string;
  /** A name nobody uses yet, fresh for each request. */
  freshName(): string;
}

/** One request of the run, with what it is meant to probe. */
export interface HostileCase {
  readonly label: string;
  readonly request: RawRequest;
}

/** A request that may legitimately be cut without an answer: a header block or body over the limits. */
export function isOversized(request: RawRequest): boolean {
  const headBytes = request.fields.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
  return headBytes > 16 * 1024 || (request.body?.byteLength ?? 0) > 64 * 1024;
}

const KIB = 1024;
const repeat = (text: string, times: number, separator = '') => Array(times).fill(text).join(separator);
const bytes = (text: string) => Buffer.from(text, 'latin1');
const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/** `If-Match` / `If-None-Match` values. `current` is the fixture's tag, so some lists do match. */
export function entityTagLists(current: string): readonly string[] {
  return [
    '*',
    current,
    `W/${current}`,
    '"nope"',
    `"a", ${current}, "b"`,
    `*, ${current}`,
    repeat('"a"', 3_000, ','), // thousands of members, under Node's 16 KiB header limit
    `${repeat('W/"x",', 1_500)}${current}`,
    repeat('"ab",', Math.ceil((64 * KIB) / 5)), // 64 KiB: over the limit, 431 or a cut connection
    `"${repeat('x', 12 * KIB)}"`,
    repeat(',', 4_000),
    '"unbalanced',
    'unbalanced"',
    '"a"b"',
    '""',
    '"""',
    'W/',
    'W/"',
    'w/"a"',
    'W/ "a"',
    '"a" "b"',
    '"\x01"',
    '"a\x7fb"',
    '"\x80\xff\xfe"',
    '"\xc3\xa9t\xc3\xa9"',
    '"\xe2\x80\xa8"',
    '"\xed\xa0\x80"', // a UTF-8-encoded lone surrogate
    '\x00',
    'a\x0bb',
    '\x1b[31m"red"',
    '"a\tb"',
    '"a"\rb',
    '"a"\nX-Injected: yes',
    `${current}\x00`,
    ' ',
    '',
  ];
}

/** HTTP-date values: valid, obsolete formats, absurd, negative, huge, and not dates at all. */
export const DATES: readonly string[] = [
  'Sun, 06 Nov 1994 08:49:37 GMT',
  'Thu, 01 Jan 1970 00:00:00 GMT',
  'Fri, 31 Dec 9999 23:59:59 GMT',
  'Sunday, 06-Nov-94 08:49:37 GMT',
  'Sun Nov  6 08:49:37 1994',
  'Mon, 31 Feb 2024 25:61:61 GMT',
  'Sun, 06 Nov 1994 08:49:60 GMT',
  'Tue, 01 Jan 275760 00:00:01 GMT',
  'Sat, 01 Jan -001 00:00:00 GMT',
  'Sun, 06 Nov 1994 08:49:37 PST',
  'Sun, 06 Nov 1994 08:49:37 +0000',
  'sun, 06 nov 1994 08:49:37 gmt',
  'Sun,06 Nov 1994 08:49:37 GMT',
  '-1',
  '0',
  '99999999999999999999999',
  '1e308',
  'NaN',
  'Infinity',
  'yesterday',
  '',
  repeat('Sun, 06 Nov 1994 08:49:37 GMT', 400, ', '),
  repeat('9', 10 * KIB),
  '\xff\xfe\xfd',
  'Sun, 06 Nov 1994 08:49:37 GMT\x00',
];

/** `Range` values for the ranged body route. */
export const RANGES: readonly string[] = [
  'bytes=0-0',
  'bytes=-0',
  'bytes=1-0',
  'bytes=--1',
  'bytes=99999999999999999999-',
  'bytes=0-99999999999999999999',
  `bytes=${repeat('0-1', 2_000, ',')}`,
  'bits=0-1',
  'bytes=\xff-',
  'bytes=',
];

/** A valid article exactly `size` bytes long. */
function articleOfSize(size: number): Buffer {
  const shell = JSON.stringify({ title: 't', body: '' }).length;
  return json({ title: 't', body: repeat('b', size - shell) });
}

/** Request bodies: valid, malformed, mis-encoded, oddly shaped, oversized. */
export const BODIES: readonly (readonly [string, Buffer])[] = [
  ['a valid article', json({ title: 'fuzz', body: 'b' })],
  ['a valid patch', json({ views: 1 })],
  ['empty', Buffer.alloc(0)],
  ['whitespace', bytes(' \n\t ')],
  ['an open brace', bytes('{')],
  ['truncated', bytes('{"title":')],
  ['a trailing comma', bytes('{"title":"t",}')],
  ['single quotes', bytes("{'title':'t'}")],
  ['NaN', bytes('NaN')],
  ['two documents', bytes('{"title":"t","body":"b"}{"x":1}')],
  ['a byte-order mark', Buffer.concat([bytes('\xef\xbb\xbf'), json({ title: 't', body: 'b' })])],
  ['invalid UTF-8', bytes('{"title":"\xff\xfe","body":"b"}')],
  ['an encoded surrogate', bytes('{"title":"\xed\xa0\x80","body":"b"}')],
  ['an escaped NUL', bytes('{"title":"\\u0000","body":"b"}')],
  ['an escaped lone surrogate', bytes('{"title":"\\ud800","body":"b"}')],
  ['deep nesting', bytes(`${repeat('[', 30_000)}${repeat(']', 30_000)}`)],
  ['__proto__', bytes('{"__proto__":{"polluted":1},"title":"t","body":"b"}')],
  ['constructor.prototype', bytes('{"constructor":{"prototype":{"polluted":1}},"title":"t","body":"b"}')],
  ['views 1e400', bytes('{"title":"t","body":"b","views":1e400}')],
  ['views -1', json({ title: 't', body: 'b', views: -1 })],
  ['views 2^31', json({ title: 't', body: 'b', views: 2 ** 31 })],
  ['views 1.5', json({ title: 't', body: 'b', views: 1.5 })],
  ['views "1"', json({ title: 't', body: 'b', views: '1' })],
  ['a null title', json({ title: null, body: 'b' })],
  ['a 10,000-character title', json({ title: repeat('t', 10_000), body: 'b' })],
  ['an id that differs', json({ id: 'other', title: 't' })],
  ['null', bytes('null')],
  ['true', bytes('true')],
  ['an array', bytes('[]')],
  ['an empty object', bytes('{}')],
  ['a displayName object', json({ displayName: { x: 1 } })],
  ['64 KiB + 1 byte', articleOfSize(64 * KIB + 1)],
  ['1 MiB', articleOfSize(1024 * KIB)],
];

/** `Content-Type` values (`undefined`: no field). */
export const CONTENT_TYPES: readonly (string | undefined)[] = [
  'application/json',
  'application/merge-patch+json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-8; charset=utf-16',
  'application/json\x00',
  'application/jsonx',
  '*/*',
  'application/json, text/plain',
  '\xff/\xfe',
];

/** Request targets that are not well-formed ids, or not well-formed at all. */
export function hostileTargets(fixtures: Pick<Fixtures, 'articleId'>): readonly string[] {
  return [
    '/api/articles/%ZZ',
    '/api/articles/%00',
    '/api/articles/%',
    `/api/articles/${repeat('a', 4_000)}`,
    '/api/articles/..%2F..%2Fetc%2Fpasswd',
    '/api/articles/a%2Fb',
    '/api/users/%C3%A9',
    '/api/users/\xe9',
    '/api/articles/%F0%9F%98%80',
    `/api/articles/${fixtures.articleId}?${repeat('%', 100)}`,
    `/api/articles/${fixtures.articleId}/body/..`,
    '//api//articles',
    '/api/articles/ /x',
    'http://127.0.0.1/api/articles',
    '*',
  ];
}

/** Builds one request from the fixtures as they are when it is sent (a write may have replaced them). */
export type CaseBuilder = (fixtures: Fixtures) => HostileCase;

/** The fixed corpus: each adversarial value at the places it matters. */
export function fixedCorpus(): CaseBuilder[] {
  const builders: CaseBuilder[] = [];
  const add = (label: string, build: (fixtures: Fixtures, article: string) => RawRequest) =>
    builders.push((fixtures) => ({ label, request: build(fixtures, `/api/articles/${fixtures.articleId}`) }));
  const validPatch = json({ title: 'patched by the fuzz run' });
  const tagListCount = entityTagLists('"x"').length;
  for (let index = 0; index < tagListCount; index++) {
    const tags = (fixtures: Fixtures) => entityTagLists(fixtures.articleEtag)[index]!;
    add(`If-Match #${index} on PATCH`, (fixtures, article) => ({
      method: 'PATCH',
      target: article,
      fields: [
        ['If-Match', tags(fixtures)],
        ['Content-Type', 'application/merge-patch+json'],
      ],
      body: validPatch,
    }));
    add(`If-None-Match #${index} on GET`, (fixtures, article) => ({
      method: 'GET',
      target: article,
      fields: [['If-None-Match', tags(fixtures)]],
    }));
    add(`If-None-Match #${index} on PUT of a new user`, (fixtures) => ({
      method: 'PUT',
      target: `/api/users/${fixtures.freshName()}`,
      fields: [
        ['If-None-Match', tags(fixtures)],
        ['Content-Type', 'application/json'],
      ],
      body: json({ displayName: 'fuzz' }),
    }));
  }
  DATES.forEach((date, index) => {
    add(`If-Unmodified-Since #${index} on DELETE`, (_, article) => ({
      method: 'DELETE',
      target: article,
      fields: [['If-Unmodified-Since', date]],
    }));
    add(`If-Modified-Since #${index} on GET`, (_, article) => ({
      method: 'GET',
      target: article,
      fields: [['If-Modified-Since', date]],
    }));
    add(`If-Range #${index} on a ranged GET`, (_, article) => ({
      method: 'GET',
      target: `${article}/body`,
      fields: [
        ['Range', 'bytes=0-0'],
        ['If-Range', date],
      ],
    }));
  });
  RANGES.forEach((range, index) => {
    add(`Range #${index}`, (_, article) => ({
      method: 'GET',
      target: `${article}/body`,
      fields: [['Range', range]],
    }));
  });
  for (const [label, body] of BODIES) {
    add(`${label} on POST`, () => ({
      method: 'POST',
      target: '/api/articles',
      fields: [['Content-Type', 'application/json']],
      body,
    }));
    add(`${label} on PATCH`, (_, article) => ({
      method: 'PATCH',
      target: article,
      fields: [
        ['If-Match', '*'],
        ['Content-Type', 'application/merge-patch+json'],
      ],
      body,
    }));
    add(`${label} on PUT of a new user`, (fixtures) => ({
      method: 'PUT',
      target: `/api/users/${fixtures.freshName()}`,
      fields: [
        ['If-None-Match', '*'],
        ['Content-Type', 'application/json'],
      ],
      body,
    }));
  }
  CONTENT_TYPES.forEach((type, index) => {
    add(`Content-Type #${index} on PUT`, (_, article) => ({
      method: 'PUT',
      target: article,
      fields: [['If-Match', '*'], ...(type === undefined ? [] : [['Content-Type', type] as const])],
      body: json({ title: 'replaced by the fuzz run', body: 'b' }),
    }));
  });
  const hostileTargetCount = hostileTargets({ articleId: 'x' }).length;
  for (let index = 0; index < hostileTargetCount; index++) {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      add(`${method} to hostile target #${index}`, (fixtures) => ({
        method,
        target: hostileTargets(fixtures)[index]!,
        fields: [
          ['If-None-Match', '*'],
          ['Content-Type', 'application/json'],
        ],
        body: method === 'PUT' || method === 'PATCH' ? json({ title: 't', body: 'b' }) : undefined,
      }));
    }
  }
  add('If-Match repeated 200 times', (_, article) => ({
    method: 'PATCH',
    target: article,
    fields: [
      ...Array.from({ length: 200 }, () => ['If-Match', '"stale"'] as const),
      ['Content-Type', 'application/merge-patch+json'],
    ],
    body: validPatch,
  }));
  add('If-Unmodified-Since twice, disagreeing', (_, article) => ({
    method: 'DELETE',
    target: article,
    fields: [
      ['If-Unmodified-Since', 'Fri, 31 Dec 9999 23:59:59 GMT'],
      ['If-Unmodified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT'],
    ],
  }));
  add('Content-Type twice', () => ({
    method: 'POST',
    target: '/api/articles',
    fields: [
      ['Content-Type', 'application/json'],
      ['Content-Type', 'text/plain'],
    ],
    body: json({ title: 't', body: 'b' }),
  }));
  add('Content-Length and Transfer-Encoding', () => ({
    method: 'POST',
    target: '/api/articles',
    fields: [
      ['Content-Type', 'application/json'],
      ['Transfer-Encoding', 'chunked'],
    ],
    body: bytes('5\r\n{"a":\r\n0\r\n\r\n'),
  }));
  const chunk = '{"title":"chunked","body":"b"}';
  add('a chunked body', () => ({
    method: 'POST',
    target: '/api/articles',
    fields: [
      ['Content-Type', 'application/json'],
      ['Transfer-Encoding', 'chunked'],
    ],
    body: bytes(`${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`),
    contentLength: false,
  }));
  add('a negative Content-Length', () => ({
    method: 'POST',
    target: '/api/articles',
    fields: [
      ['Content-Type', 'application/json'],
      ['Content-Length', '-1'],
    ],
    body: Buffer.alloc(0),
    contentLength: false,
  }));
  add('a huge Content-Length', (_, article) => ({
    method: 'PATCH',
    target: article,
    fields: [
      ['If-Match', '*'],
      ['Content-Type', 'application/json'],
      ['Content-Length', '99999999999999999999'],
    ],
    body: Buffer.alloc(0),
    contentLength: false,
  }));
  add('a declared 10 MB body, 2 bytes sent', () => ({
    method: 'POST',
    target: '/api/articles',
    fields: [
      ['Content-Type', 'application/json'],
      ['Content-Length', String(10 * 1024 * KIB)],
    ],
    body: bytes('{}'),
    contentLength: false,
  }));
  add('a header line without a colon', (_, article) => ({
    method: 'GET',
    target: article,
    fields: [['If-None-Match "a"', '']],
  }));
  add('a control character in a field name', (_, article) => ({
    method: 'GET',
    target: article,
    fields: [['If-None\x01Match', '"a"']],
  }));
  return builders;
}

/** A seeded pseudo-random generator (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every route of the API, as method and target. */
function routes(fixtures: Fixtures): readonly (readonly [string, string])[] {
  const article = `/api/articles/${fixtures.articleId}`;
  const session = `/api/sessions/${fixtures.sessionId}`;
  return [
    ['GET', '/api/articles'],
    ['HEAD', '/api/articles'],
    ['POST', '/api/articles'],
    ['GET', article],
    ['HEAD', article],
    ['PUT', article],
    ['PATCH', article],
    ['DELETE', article],
    ['GET', `${article}/body`],
    ['GET', `/api/users/${fixtures.userName}`],
    ['HEAD', `/api/users/${fixtures.userName}`],
    ['PUT', `/api/users/${fixtures.userName}`],
    ['PUT', `/api/users/${fixtures.freshName()}`],
    ['POST', '/api/sessions'],
    ['GET', session],
    ['DELETE', session],
    ['POST', `${session}/touch`],
  ];
}

/** A random request: any route, up to five conditional fields (repeats possible), maybe a body. */
export function randomCase(random: () => number, fixtures: Fixtures): HostileCase {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const [method, target] = pick(routes(fixtures));
  const tags = entityTagLists(fixtures.articleEtag);
  const values: Record<string, () => string> = {
    'If-Match': () => pick(tags),
    'If-None-Match': () => pick(tags),
    'If-Modified-Since': () => pick(DATES),
    'If-Unmodified-Since': () => pick(DATES),
    'If-Range': () => (random() < 0.5 ? pick(DATES) : pick(tags)),
    Range: () => pick(RANGES),
  };
  const fields: [string, string][] = [];
  const count = Math.floor(random() * 6);
  for (let index = 0; index < count; index++) {
    const name = pick(Object.keys(values));
    fields.push([name, values[name]!()]);
  }
  let body: Buffer | undefined;
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && random() < 0.8) {
    const [, chosen] = pick(BODIES);
    body = chosen;
    const type = pick(CONTENT_TYPES);
    if (type !== undefined) fields.push(['Content-Type', type]);
  }
  const label = `random ${method} ${target.slice(0, 30)} with ${fields.map(([name]) => name).join(', ') || 'no fields'}`;
  return { label, request: { method, target, fields, body } };
}
