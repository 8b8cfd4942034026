import { describe, expect, it } from 'vitest';
import { isEntityTag, isIfMatchValue, validatorsOf } from './validators.js';

describe('isEntityTag (RFC 9110 §8.8.3)', () => {
  it.each([
    ['"v1"', true],
    ['W/"v1"', true],
    ['""', true],
    ['"a-gzip"', true],
    ['*', false],
    ['abc', false],
    ['"v1", "v2"', false],
    ['"a"b"', false],
    ['w/"v1"', false],
    ['"with space"', false],
  ])('%s → %s', (value, valid) => {
    expect(isEntityTag(value)).toBe(valid);
  });
});

describe('isIfMatchValue (RFC 9110 §13.1.1)', () => {
  it.each([
    ['*', true],
    ['"v1"', true],
    ['"v1", W/"v2"', true],
    ['"a,b"', true],
    ['not a tag', false],
    ['"a"\r\nX-Evil: 1', false],
    ['"v1",', false],
    ['', false],
  ])('%j → %s', (value, valid) => {
    expect(isIfMatchValue(value)).toBe(valid);
  });
});

describe('validatorsOf', () => {
  it('takes one valid ETag and a date', () => {
    const headers = new Headers({ etag: '"1"', 'last-modified': 'Tue, 04 Nov 2025 10:00:00 GMT' });
    expect(validatorsOf(headers)).toEqual({ etag: '"1"', lastModified: 'Tue, 04 Nov 2025 10:00:00 GMT' });
  });

  it('counts `*`, two ETag fields and a malformed date as no validator', () => {
    const two = new Headers([
      ['etag', '"v1"'],
      ['etag', '"v2"'],
    ]);
    expect(validatorsOf(two).etag).toBeUndefined();
    expect(validatorsOf(new Headers({ etag: '*', 'last-modified': 'yesterday' }))).toEqual({
      etag: undefined,
      lastModified: undefined,
    });
  });

  it.each([
    ['a number', '1'],
    ['zero', '0'],
    ['a number after words', 'not a date 5'],
    ['ISO 8601', '2026-12-08T01:00:00Z'],
  ])('counts a Last-Modified that Date.parse takes but is no HTTP-date (%s) as none', (_case, value) => {
    expect(validatorsOf(new Headers({ 'last-modified': value })).lastModified).toBeUndefined();
  });

  it('takes a Last-Modified in the obsolete RFC 850 and asctime forms, as a recipient must', () => {
    for (const value of ['Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) {
      expect(validatorsOf(new Headers({ 'last-modified': value })).lastModified).toBe(value);
    }
  });
});
