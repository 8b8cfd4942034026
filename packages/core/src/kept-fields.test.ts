import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDroppedFromNotModified,
  isDroppedFromPreconditionFailed,
  NOT_MODIFIED_KEPT_FIELDS,
  notModifiedHeaders,
  PRECONDITION_FAILED_DROPPED_FIELDS,
  preconditionFailedHeaders,
} from './kept-fields.js';

/** The fields a 200 to a conditional GET might carry. */
const OK_FIELDS = {
  'cache-control': 'max-age=60',
  'content-location': '/items/1.json',
  date: 'Sun, 06 Nov 1994 08:49:37 GMT',
  etag: '"v1"',
  expires: 'Sun, 06 Nov 1994 08:50:37 GMT',
  vary: 'Accept-Encoding',
  'last-modified': 'Sat, 05 Nov 1994 08:49:37 GMT',
  'x-request-id': 'abc',
  'access-control-allow-origin': '*',
  'content-type': 'application/json',
  'content-length': '42',
  'content-encoding': 'gzip',
  'content-range': 'bytes 0-41/42',
  'content-language': 'en',
  'transfer-encoding': 'chunked',
};

const KEPT = [
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'vary',
  'last-modified',
  'x-request-id',
  'access-control-allow-origin',
];
const DROPPED = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-range',
  'content-language',
  'transfer-encoding',
];

describe('notModifiedHeaders on a Fetch Headers', () => {
  it('keeps Cache-Control, Content-Location, Date, ETag, Expires, Vary, Last-Modified and unrelated fields', () => {
    const kept = notModifiedHeaders(new Headers(OK_FIELDS));
    for (const name of KEPT) expect(kept.get(name)).toBe(OK_FIELDS[name as keyof typeof OK_FIELDS]);
  });

  it('drops Content-Type, Content-Length, Content-Encoding, Content-Range and Transfer-Encoding', () => {
    const kept = notModifiedHeaders(new Headers(OK_FIELDS));
    for (const name of DROPPED) expect(kept.has(name)).toBe(false);
    expect([...kept.keys()].sort()).toEqual([...KEPT].sort());
  });

  it('keeps every Set-Cookie line', () => {
    const headers = new Headers({ 'content-type': 'text/html' });
    headers.append('Set-Cookie', 'a=1; Path=/');
    headers.append('Set-Cookie', 'b=2; Path=/');
    const kept = notModifiedHeaders(headers);
    expect(kept.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(kept.has('content-type')).toBe(false);
  });

  it('returns a new Headers and leaves the one given untouched', () => {
    const headers = new Headers(OK_FIELDS);
    const kept = notModifiedHeaders(headers);
    expect(kept).toBeInstanceOf(Headers);
    expect(kept).not.toBe(headers);
    expect(headers.get('content-type')).toBe('application/json');
  });
});

describe('notModifiedHeaders on a record', () => {
  it('keeps the metadata and unrelated fields, drops the content fields', () => {
    const kept = notModifiedHeaders(OK_FIELDS);
    expect(Object.keys(kept).sort()).toEqual([...KEPT].sort());
    for (const name of KEPT) expect(kept[name]).toBe(OK_FIELDS[name as keyof typeof OK_FIELDS]);
  });

  it('matches field names case-insensitively and keeps their spelling', () => {
    const kept = notModifiedHeaders({
      'Content-Type': 'text/plain',
      'CONTENT-LENGTH': 10,
      'Transfer-Encoding': 'chunked',
      ETag: '"v1"',
      'Cache-Control': 'no-cache',
      'Content-Location': '/a',
    });
    expect(kept).toEqual({ ETag: '"v1"', 'Cache-Control': 'no-cache', 'Content-Location': '/a' });
  });

  it('keeps arrays and numbers as they are and leaves out undefined values', () => {
    const kept = notModifiedHeaders({
      'set-cookie': ['a=1', 'b=2'],
      'x-count': 3,
      'x-absent': undefined,
      'content-length': 12,
    });
    expect(kept).toEqual({ 'set-cookie': ['a=1', 'b=2'], 'x-count': 3 });
  });

  it('leaves the record given untouched', () => {
    const record = { ...OK_FIELDS };
    notModifiedHeaders(record);
    expect(record).toEqual(OK_FIELDS);
  });
});

describe('isDroppedFromNotModified', () => {
  it.each([
    ['Content-Type', true],
    ['content-length', true],
    ['Content-Encoding', true],
    ['Content-Range', true],
    ['Content-Language', true],
    ['Content-Disposition', true],
    ['Transfer-Encoding', true],
    ['Trailer', true],
    ['Content-Location', false],
    ['ETag', false],
    ['Last-Modified', false],
    ['Cache-Control', false],
    ['Vary', false],
    ['Set-Cookie', false],
    ['X-Content-Type-Options', false],
  ])('%s: dropped %s', (name, dropped) => {
    expect(isDroppedFromNotModified(name)).toBe(dropped);
  });
});

describe('NOT_MODIFIED_KEPT_FIELDS', () => {
  it('names the fields RFC 9110 §15.4.5 requires on a 304, plus Last-Modified', () => {
    expect([...NOT_MODIFIED_KEPT_FIELDS].sort()).toEqual(
      ['cache-control', 'content-location', 'date', 'etag', 'expires', 'last-modified', 'vary'].sort(),
    );
    for (const name of NOT_MODIFIED_KEPT_FIELDS) expect(isDroppedFromNotModified(name)).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  it('is kept on a 304: it is about the response as a document, not about its content', () => {
    expect(isDroppedFromNotModified('Content-Security-Policy')).toBe(false);
    expect(isDroppedFromNotModified('content-security-policy-report-only')).toBe(false);
    expect(
      notModifiedHeaders({ 'content-security-policy': "default-src 'self'", 'content-type': 'text/html' }),
    ).toEqual({
      'content-security-policy': "default-src 'self'",
    });
  });
});

/** The fields of a 200 to a conditional GET that an after-the-fact 412 replaces. */
const FAILED_OK_FIELDS = {
  'content-type': 'application/json',
  'content-length': '42',
  'content-encoding': 'gzip',
  'content-language': 'en',
  'content-location': '/items/1.json',
  'content-range': 'bytes 0-41/42',
  'transfer-encoding': 'chunked',
  'accept-ranges': 'bytes',
  'cache-control': 'max-age=60',
  expires: 'Sun, 06 Nov 1994 08:50:37 GMT',
  pragma: 'no-cache',
  age: '3',
  etag: '"v1"',
  'last-modified': 'Sat, 05 Nov 1994 08:49:37 GMT',
  vary: 'Accept-Encoding',
  date: 'Sun, 06 Nov 1994 08:49:37 GMT',
  'access-control-allow-origin': 'https://app.example',
  'access-control-expose-headers': 'ETag',
  'server-timing': 'db;dur=53',
  'content-security-policy': "default-src 'none'",
  'x-request-id': 'abc',
};

const FAILED_KEPT = [
  'vary',
  'date',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'server-timing',
  'content-security-policy',
  'x-request-id',
];

describe('isDroppedFromPreconditionFailed', () => {
  it.each([
    ['Content-Type', true],
    ['content-length', true],
    ['Content-Encoding', true],
    ['Content-Language', true],
    ['Content-Location', true],
    ['Content-Range', true],
    ['Content-Disposition', true],
    ['Transfer-Encoding', true],
    ['Trailer', true],
    ['Accept-Ranges', true],
    ['Cache-Control', true],
    ['Expires', true],
    ['Pragma', true],
    ['Age', true],
    ['Warning', true],
    ['ETag', true],
    ['Last-Modified', true],
    ['Set-Cookie', false],
    ['Vary', false],
    ['Date', false],
    ['Access-Control-Allow-Origin', false],
    ['Access-Control-Allow-Credentials', false],
    ['Server-Timing', false],
    ['Content-Security-Policy', false],
    ['Content-Security-Policy-Report-Only', false],
    ['X-Content-Type-Options', false],
    ['X-Request-Id', false],
    ['Location', false],
    ['Link', false],
  ])('%s: dropped %s', (name, dropped) => {
    expect(isDroppedFromPreconditionFailed(name)).toBe(dropped);
  });

  it('drops every field a 304 drops, whatever its name or spelling', () => {
    const name = fc.oneof(
      fc.string(),
      fc.constantFrom('Content-', 'content-type', 'Transfer-Encoding', 'TRAILER', 'Digest', 'Repr-Digest'),
      fc.string().map((tail) => `content-${tail}`),
    );
    fc.assert(
      fc.property(name, (field) => {
        if (isDroppedFromNotModified(field)) expect(isDroppedFromPreconditionFailed(field)).toBe(true);
      }),
    );
  });
});

describe('PRECONDITION_FAILED_DROPPED_FIELDS', () => {
  it('names the caching fields of RFC 9111 §5, the validators and Accept-Ranges', () => {
    expect([...PRECONDITION_FAILED_DROPPED_FIELDS].sort()).toEqual(
      [
        'accept-ranges',
        'age',
        'cache-control',
        'etag',
        'expires',
        'last-modified',
        'pragma',
        'warning',
      ].sort(),
    );
  });
});

describe('preconditionFailedHeaders', () => {
  it('keeps the fields about the response on a Fetch Headers, every Set-Cookie line included', () => {
    const headers = new Headers(FAILED_OK_FIELDS);
    headers.append('Set-Cookie', 'a=1; Path=/');
    headers.append('Set-Cookie', 'b=2; Path=/');
    const kept = preconditionFailedHeaders(headers);
    expect(kept).not.toBe(headers);
    expect(kept.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect([...kept.keys()].filter((name) => name !== 'set-cookie').sort()).toEqual([...FAILED_KEPT].sort());
    expect(headers.get('content-type')).toBe('application/json');
  });

  it('keeps them on a record, with their spelling, arrays and numbers', () => {
    const kept = preconditionFailedHeaders({
      ...FAILED_OK_FIELDS,
      'Set-Cookie': ['a=1', 'b=2'],
      'X-Count': 3,
      'Cache-Control': 'no-cache',
      ETag: '"v1"',
      'x-absent': undefined,
    });
    expect(Object.keys(kept).sort()).toEqual([...FAILED_KEPT, 'Set-Cookie', 'X-Count'].sort());
    expect(kept['Set-Cookie']).toEqual(['a=1', 'b=2']);
    expect(kept['X-Count']).toBe(3);
  });
});
