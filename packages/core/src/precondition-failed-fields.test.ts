import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDroppedFromNotModified } from './not-modified.js';
import {
  isDroppedFromPreconditionFailed,
  PRECONDITION_FAILED_DROPPED_FIELDS,
  preconditionFailedHeaders,
} from './precondition-failed-fields.js';

/** The fields of a 200 to a conditional GET that an after-the-fact 412 replaces. */
const OK_FIELDS = {
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

const KEPT = [
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
    const headers = new Headers(OK_FIELDS);
    headers.append('Set-Cookie', 'a=1; Path=/');
    headers.append('Set-Cookie', 'b=2; Path=/');
    const kept = preconditionFailedHeaders(headers);
    expect(kept).not.toBe(headers);
    expect(kept.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect([...kept.keys()].filter((name) => name !== 'set-cookie').sort()).toEqual([...KEPT].sort());
    expect(headers.get('content-type')).toBe('application/json');
  });

  it('keeps them on a record, with their spelling, arrays and numbers', () => {
    const kept = preconditionFailedHeaders({
      ...OK_FIELDS,
      'Set-Cookie': ['a=1', 'b=2'],
      'X-Count': 3,
      'Cache-Control': 'no-cache',
      ETag: '"v1"',
      'x-absent': undefined,
    });
    expect(Object.keys(kept).sort()).toEqual([...KEPT, 'Set-Cookie', 'X-Count'].sort());
    expect(kept['Set-Cookie']).toEqual(['a=1', 'b=2']);
    expect(kept['X-Count']).toBe(3);
  });
});
